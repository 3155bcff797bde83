package main

// The typed drivers. The generated file (one per scenario's set of types) registers, for each
// map type of the scenario, a driver whose methods are compiled map operations on that type,
// and the reflect.Type of each dynamic type named inside interface values.

import (
	"reflect"
	"unsafe"
)

// driver holds one map variable of a fixed type map[K]V. k and v point to values of K and V.
type driver interface {
	iface() interface{}      // the map (possibly nil) as an interface value
	makeSmall()              // m = make(map[K]V)
	makeHint(hint int64)     // m = make(map[K]V, hint)
	set(k, v unsafe.Pointer) // m[*k] = *v
	get(k, v unsafe.Pointer) bool
	del(k unsafe.Pointer) // delete(m, *k)
	length() int          // len(m)
	clear()               // for k := range m { delete(m, k) }
}

var (
	mapDrivers = map[string]func() driver{}
	dynTypes   = map[string]reflect.Type{}
)

func registerMap(typeString string, f func() driver) { mapDrivers[typeString] = f }

func registerType(typeString string, t reflect.Type) { dynTypes[typeString] = t }
