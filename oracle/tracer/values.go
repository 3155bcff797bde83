package main

// Values: the contract's JSON encoding (docs/trace-format.md §4), decoded into memory of a
// Go type and encoded from it. Both work on raw memory (type + address), so unexported and
// blank struct fields, NaN payloads and padding are handled exactly.

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(format string, args ...interface{}) {
	panic(&inputError{fmt.Sprintf(format, args...)})
}

// newValue decodes j (from a json.Decoder with UseNumber) into a fresh zeroed object of type t
// and returns its address.
func newValue(t reflect.Type, j interface{}) unsafe.Pointer {
	v := reflect.New(t)
	p := unsafe.Pointer(v.Pointer())
	decodeAt(t, p, j)
	keepAlive = append(keepAlive, v.Interface())
	return p
}

// keepAlive holds every decoded input so that nothing the scenario made is ever freed
// (address-hashed keys must keep their identity for the whole run).
var keepAlive []interface{}

func at(t reflect.Type, p unsafe.Pointer) reflect.Value { return reflect.NewAt(t, p).Elem() }

func decodeAt(t reflect.Type, p unsafe.Pointer, j interface{}) {
	switch t.Kind() {
	case reflect.Bool:
		b, ok := j.(bool)
		if !ok {
			badInput("want a bool for %v, got %s", t, show(j))
		}
		*(*bool)(p) = b
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s := intText(t, j)
		n, err := strconv.ParseInt(s, 0, int(t.Size()*8))
		if err != nil {
			badInput("bad %v value %s: %v", t, show(j), err)
		}
		at(t, p).SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s := intText(t, j)
		n, err := strconv.ParseUint(s, 0, int(t.Size()*8))
		if err != nil {
			badInput("bad %v value %s: %v", t, show(j), err)
		}
		at(t, p).SetUint(n)
	case reflect.Float32:
		*(*uint32)(p) = uint32(floatBits(j, 32))
	case reflect.Float64:
		*(*uint64)(p) = floatBits(j, 64)
	case reflect.Complex64, reflect.Complex128:
		a, ok := j.([]interface{})
		if !ok || len(a) != 2 {
			badInput("want [re, im] for %v, got %s", t, show(j))
		}
		if t.Kind() == reflect.Complex64 {
			*(*uint32)(p) = uint32(floatBits(a[0], 32))
			*(*uint32)(add(p, 4)) = uint32(floatBits(a[1], 32))
		} else {
			*(*uint64)(p) = floatBits(a[0], 64)
			*(*uint64)(add(p, 8)) = floatBits(a[1], 64)
		}
	case reflect.String:
		at(t, p).SetString(stringInput(j))
	case reflect.Array:
		a, ok := j.([]interface{})
		if !ok || len(a) != t.Len() {
			badInput("want an array of %d values for %v, got %s", t.Len(), t, show(j))
		}
		et := t.Elem()
		for i := range a {
			decodeAt(et, add(p, uintptr(i)*et.Size()), a[i])
		}
	case reflect.Struct:
		a, ok := j.([]interface{})
		if !ok || len(a) != t.NumField() {
			badInput("want an array of %d field values for %v, got %s", t.NumField(), t, show(j))
		}
		for i := range a {
			f := t.Field(i)
			decodeAt(f.Type, add(p, f.Offset), a[i])
		}
	case reflect.Slice:
		if j == nil {
			return
		}
		a, ok := j.([]interface{})
		if !ok {
			badInput("want an array or null for %v, got %s", t, show(j))
		}
		s := reflect.MakeSlice(t, len(a), len(a))
		et := t.Elem()
		for i := range a {
			decodeAt(et, unsafe.Pointer(s.Index(i).UnsafeAddr()), a[i])
		}
		at(t, p).Set(s)
	case reflect.Ptr, reflect.UnsafePointer, reflect.Chan, reflect.Func, reflect.Map:
		if j == nil {
			return
		}
		if s, ok := j.(string); !ok || s != "new" {
			badInput("want null or \"new\" for %v, got %s", t, show(j))
		}
		var v reflect.Value
		switch t.Kind() {
		case reflect.Ptr:
			v = reflect.New(t.Elem())
		case reflect.UnsafePointer:
			v = reflect.ValueOf(unsafe.Pointer(new(uint64)))
		case reflect.Chan:
			v = reflect.MakeChan(reflect.ChanOf(reflect.BothDir, t.Elem()), 0).Convert(t)
		case reflect.Func:
			v = reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
				out := make([]reflect.Value, t.NumOut())
				for i := range out {
					out[i] = reflect.Zero(t.Out(i))
				}
				return out
			})
		case reflect.Map:
			v = reflect.MakeMap(t)
		}
		keepAlive = append(keepAlive, v.Interface())
		at(t, p).Set(v)
	case reflect.Interface:
		if j == nil {
			return
		}
		m, ok := j.(map[string]interface{})
		ts, ok2 := m["type"].(string)
		if !ok || !ok2 || len(m) != 2 {
			badInput("want null or {\"type\": T, \"value\": v} for %v, got %s", t, show(j))
		}
		val, ok := m["value"]
		if !ok {
			badInput("interface value without \"value\": %s", show(j))
		}
		dt, ok := dynTypes[ts]
		if !ok {
			badInput("type %q is not known to this oracle build", ts)
		}
		if !dt.Implements(t) {
			badInput("type %v does not implement %v", dt, t)
		}
		setInterface(p, dt, val)
	default:
		badInput("unsupported type %v", t)
	}
}

// setInterface stores in the interface{} at p a value of dynamic type dt decoded from j. It
// builds the interface from dt's own descriptor, as a conversion in compiled code does, and not
// through reflect.New(dt).Elem(): that takes the type from the elem of dt's pointer type, and
// the linker may have merged that pointer type with one the compiler made for a map bucket's
// key or elem array ([8]K, marked noalg), whose elem descriptor has no equal function: real
// Go then panics "hash of unhashable type [8]int8" for a perfectly hashable [8]int8.
func setInterface(p unsafe.Pointer, dt reflect.Type, j interface{}) {
	if dt.Kind() == reflect.Interface {
		// an interface holds no interface: the value is the inner one
		decodeAt(dt, p, j)
		return
	}
	typ := (*eface)(unsafe.Pointer(&dt)).data // the *rtype inside the reflect.Type
	mem := unsafe.Pointer(reflect.New(dt).Pointer())
	decodeAt(dt, mem, j)
	e := eface{typ: typ, data: mem}
	if (*_type)(typ).kind&kindDirectIface != 0 {
		e.data = *(*unsafe.Pointer)(mem)
	}
	keepAlive = append(keepAlive, mem)
	*(*interface{})(p) = *(*interface{})(unsafe.Pointer(&e))
}

func show(j interface{}) string {
	b, err := json.Marshal(j)
	if err != nil {
		b = []byte(fmt.Sprint(j))
	}
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}

func intText(t reflect.Type, j interface{}) string {
	switch x := j.(type) {
	case json.Number:
		return string(x)
	case string:
		return x
	}
	badInput("want an integer for %v, got %s", t, show(j))
	return ""
}

// floatBits decodes a float input: a number, "NaN", "+Inf", "-Inf", "-0", or a bit pattern.
func floatBits(j interface{}, bits int) uint64 {
	var f float64
	switch x := j.(type) {
	case json.Number:
		v, err := strconv.ParseFloat(string(x), bits)
		if err != nil {
			badInput("bad float %s: %v", x, err)
		}
		f = v
	case string:
		switch x {
		case "NaN":
			f = math.NaN()
		case "+Inf", "Inf":
			f = math.Inf(1)
		case "-Inf":
			f = math.Inf(-1)
		case "-0":
			f = math.Copysign(0, -1)
		default:
			if !strings.HasPrefix(x, "0x") {
				badInput("bad float %q", x)
			}
			v, err := strconv.ParseUint(x[2:], 16, bits)
			if err != nil {
				badInput("bad float bit pattern %q: %v", x, err)
			}
			return v
		}
	default:
		badInput("want a float, got %s", show(j))
	}
	if bits == 32 {
		return uint64(math.Float32bits(float32(f)))
	}
	return math.Float64bits(f)
}

func stringInput(j interface{}) string {
	switch x := j.(type) {
	case string:
		return x
	case map[string]interface{}:
		h, ok := x["hex"].(string)
		if ok && len(x) == 1 {
			b, err := hex.DecodeString(h)
			if err != nil {
				badInput("bad hex string %q: %v", h, err)
			}
			return string(b)
		}
	}
	badInput("want a string or {\"hex\": …}, got %s", show(j))
	return ""
}

const maxExact = 1 << 53

func intOut(v int64) interface{} {
	if v > maxExact || v < -maxExact {
		return strconv.FormatInt(v, 10)
	}
	return v
}

func uintOut(v uint64) interface{} {
	if v > maxExact {
		return strconv.FormatUint(v, 10)
	}
	return v
}

// dynType returns the reflect.Type of a runtime type descriptor.
func dynType(typ unsafe.Pointer) reflect.Type {
	var x interface{}
	(*eface)(unsafe.Pointer(&x)).typ = typ
	return reflect.TypeOf(x)
}

// encodeAt encodes the value of type t at p.
func encodeAt(t reflect.Type, p unsafe.Pointer) interface{} {
	switch t.Kind() {
	case reflect.Bool:
		return *(*uint8)(p) != 0
	case reflect.Int8:
		return int64(*(*int8)(p))
	case reflect.Int16:
		return int64(*(*int16)(p))
	case reflect.Int32:
		return int64(*(*int32)(p))
	case reflect.Int64:
		return intOut(*(*int64)(p))
	case reflect.Int:
		return intOut(int64(*(*int)(p)))
	case reflect.Uint8:
		return uint64(*(*uint8)(p))
	case reflect.Uint16:
		return uint64(*(*uint16)(p))
	case reflect.Uint32:
		return uint64(*(*uint32)(p))
	case reflect.Uint64:
		return uintOut(*(*uint64)(p))
	case reflect.Uint:
		return uintOut(uint64(*(*uint)(p)))
	case reflect.Uintptr:
		return uintOut(uint64(*(*uintptr)(p)))
	case reflect.Float32:
		return fmt.Sprintf("0x%08x", *(*uint32)(p))
	case reflect.Float64:
		return fmt.Sprintf("0x%016x", *(*uint64)(p))
	case reflect.Complex64:
		return []interface{}{fmt.Sprintf("0x%08x", *(*uint32)(p)), fmt.Sprintf("0x%08x", *(*uint32)(add(p, 4)))}
	case reflect.Complex128:
		return []interface{}{fmt.Sprintf("0x%016x", *(*uint64)(p)), fmt.Sprintf("0x%016x", *(*uint64)(add(p, 8)))}
	case reflect.String:
		s := *(*string)(p)
		if utf8.ValidString(s) {
			return s
		}
		return obj{{"hex", hex.EncodeToString([]byte(s))}}
	case reflect.Array:
		n := t.Len()
		et := t.Elem()
		out := make([]interface{}, n)
		for i := 0; i < n; i++ {
			out[i] = encodeAt(et, add(p, uintptr(i)*et.Size()))
		}
		return out
	case reflect.Struct:
		n := t.NumField()
		out := make([]interface{}, n)
		for i := 0; i < n; i++ {
			f := t.Field(i)
			out[i] = encodeAt(f.Type, add(p, f.Offset))
		}
		return out
	case reflect.Slice:
		type sliceHeader struct {
			data     unsafe.Pointer
			len, cap int
		}
		s := (*sliceHeader)(p)
		if s.data == nil {
			return nil
		}
		et := t.Elem()
		out := make([]interface{}, s.len)
		for i := 0; i < s.len; i++ {
			out[i] = encodeAt(et, add(s.data, uintptr(i)*et.Size()))
		}
		return out
	case reflect.Ptr, reflect.UnsafePointer, reflect.Chan, reflect.Func, reflect.Map:
		if *(*unsafe.Pointer)(p) == nil {
			return nil
		}
		return "ptr"
	case reflect.Interface:
		e := (*eface)(p)
		if e.typ == nil {
			return nil
		}
		dt := dynType(e.typ)
		data := e.data
		if (*_type)(e.typ).kind&kindDirectIface != 0 {
			data = unsafe.Pointer(&e.data)
		}
		return obj{{"type", dt.String()}, {"value", encodeAt(dt, data)}}
	}
	panic(fmt.Sprintf("encodeAt: unsupported type %v", t))
}

// hashUnstable reports whether the hash of the key at p can change from call to call:
// it holds a NaN (f32hash/f64hash draw a random number for NaN).
func hashUnstable(t reflect.Type, p unsafe.Pointer) bool {
	switch t.Kind() {
	case reflect.Float32:
		f := *(*float32)(p)
		return f != f
	case reflect.Float64:
		f := *(*float64)(p)
		return f != f
	case reflect.Complex64:
		return hashUnstable(float32Type, p) || hashUnstable(float32Type, add(p, 4))
	case reflect.Complex128:
		return hashUnstable(float64Type, p) || hashUnstable(float64Type, add(p, 8))
	case reflect.Array:
		et := t.Elem()
		for i := 0; i < t.Len(); i++ {
			if hashUnstable(et, add(p, uintptr(i)*et.Size())) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Name != "_" && hashUnstable(f.Type, add(p, f.Offset)) {
				return true
			}
		}
	case reflect.Interface:
		e := (*eface)(p)
		if e.typ == nil {
			return false
		}
		data := e.data
		if (*_type)(e.typ).kind&kindDirectIface != 0 {
			data = unsafe.Pointer(&e.data)
		}
		return hashUnstable(dynType(e.typ), data)
	}
	return false
}

var (
	float32Type = reflect.TypeOf(float32(0))
	float64Type = reflect.TypeOf(float64(0))
)
