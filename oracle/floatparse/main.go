// Command floatparse prints what real Go's strconv.ParseFloat makes of decimal JSON numbers, for
// float32 (ParseFloat(s, 32), then float32(f): what oracle/tracer/values.go floatBits does) and
// float64 (ParseFloat(s, 64)). It reads inputs.txt (one JSON number per line; '#' comments) and
// adds, from a fixed seed, numbers just below, at and just above float32 and float64 rounding
// midpoints: the cases where rounding through float64 first (double rounding) goes wrong.
// Output (fixtures/floatparse/go1.19.json, written by scripts/floatvec.sh): a JSON array of
// [s, float32 bits or "out of range", float64 bits or "out of range"].
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"os"
	"strconv"
	"strings"
)

func bits(s string, size int) string {
	f, err := strconv.ParseFloat(s, size)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return "out of range"
		}
		fmt.Fprintf(os.Stderr, "floatparse: %q: %v\n", s, err)
		os.Exit(1)
	}
	if size == 32 {
		return fmt.Sprintf("0x%08x", math.Float32bits(float32(f)))
	}
	return fmt.Sprintf("0x%016x", math.Float64bits(f))
}

// exact is the exact decimal value of x in 'e' notation, without trailing zeros.
func exact(x *big.Float) string {
	s := x.Text('e', 800)
	i := strings.IndexByte(s, 'e')
	m, e := strings.TrimRight(s[:i], "0"), s[i:]
	m = strings.TrimSuffix(m, ".")
	return m + e
}

// near returns spellings of the midpoint m: exact, truncated to n significant digits (below),
// and exact with a 1 appended far out (above).
func near(m *big.Float) []string {
	ex := exact(m)
	i := strings.IndexByte(ex, 'e')
	mant, e := ex[:i], ex[i:]
	out := []string{ex}
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign = "-"
	}
	for _, n := range []int{9, 17, 18, 20, 25} {
		if n < len(digits) {
			out = append(out, sign+digits[:1]+"."+digits[1:n]+e)
		}
	}
	frac := mant
	if !strings.Contains(frac, ".") {
		frac += "."
	}
	out = append(out, frac+"000000000000000000000000001"+e)
	return out
}

func main() {
	var inputs []string
	f, err := os.Open("inputs.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, "floatparse:", err)
		os.Exit(1)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		inputs = append(inputs, s)
	}
	r := rand.New(rand.NewSource(1))
	for k := 0; k < 120; k++ {
		// float32 midpoints: between a random finite float32 and the next one up; normals,
		// subnormals and the largest finite value.
		var b uint32
		switch k % 4 {
		case 0, 1:
			b = r.Uint32() & 0x7fffffff
		case 2:
			b = r.Uint32() & 0x007fffff // subnormal
		case 3:
			b = 0x7f7fffff - uint32(r.Intn(3))
		}
		lo := math.Float32frombits(b)
		if math.IsNaN(float64(lo)) || math.IsInf(float64(lo), 0) {
			continue
		}
		hi := new(big.Float).SetFloat64(float64(math.Nextafter32(lo, float32(math.Inf(1)))))
		if lo == math.MaxFloat32 {
			hi.SetMantExp(big.NewFloat(1), 128) // where float32 rounding overflows
		}
		m := new(big.Float).SetPrec(200).SetFloat64(float64(lo))
		m.Add(m, hi)
		m.Quo(m, big.NewFloat(2))
		if r.Intn(2) == 0 {
			m.Neg(m)
		}
		inputs = append(inputs, near(m)...)
	}
	for k := 0; k < 40; k++ {
		// float64 midpoints (what JS's Number() must get right for float64 inputs)
		b := r.Uint64() & 0x7fffffffffffffff
		if k%4 == 2 {
			b &= 0x000fffffffffffff
		}
		lo := math.Float64frombits(b)
		if math.IsNaN(lo) || math.IsInf(lo, 0) || lo == math.MaxFloat64 {
			continue
		}
		hi := math.Nextafter(lo, math.Inf(1))
		m := new(big.Float).SetPrec(200).SetFloat64(lo)
		m.Add(m, new(big.Float).SetFloat64(hi))
		m.Quo(m, big.NewFloat(2))
		inputs = append(inputs, near(m)...)
	}
	var out [][3]string
	for _, s := range inputs {
		var n json.Number
		if err := json.Unmarshal([]byte(s), &n); err != nil {
			fmt.Fprintf(os.Stderr, "floatparse: %q is not a JSON number\n", s)
			os.Exit(1)
		}
		out = append(out, [3]string{s, bits(s, 32), bits(s, 64)})
	}
	w := bufio.NewWriter(os.Stdout)
	w.WriteString("[\n")
	for i, o := range out {
		b, _ := json.Marshal(o)
		w.Write(b)
		if i < len(out)-1 {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	w.Flush()
}
