package serdefmt

import (
	"errors"
	"math"
	"strconv"
)

// ErrInvalidNumber and ErrNumberOutOfRange are ParseFloat64's errors (serde_json's
// messages).
var (
	ErrInvalidNumber    = errors.New("invalid number")
	ErrNumberOutOfRange = errors.New("number out of range")
)

// pow10 holds 1e0..1e308 correctly rounded, as serde_json's POW10 table.
var pow10 = func() (t [309]float64) {
	for i := range t {
		t[i], _ = strconv.ParseFloat("1e"+strconv.Itoa(i), 64)
	}
	return
}()

// ParseFloat64 parses the JSON number s into an f64 exactly as serde_json does without
// its float_roundtrip feature (the reference's build): the decimal significand is
// accumulated in a u64 (digits past its capacity are dropped), converted to f64, then
// multiplied or divided by a power of ten. The result is not always the correctly
// rounded value that strconv.ParseFloat returns (it may be one or two ulps off), and
// the reference's Unigram scores, and so its tokenizations, depend on that.
func ParseFloat64(s string) (float64, error) {
	p := numParser{s: s}
	positive := true
	if p.peek() == '-' {
		positive = false
		p.i++
	}
	f, err := p.integer(positive)
	if err != nil {
		return 0, err
	}
	if p.i != len(s) {
		return 0, ErrInvalidNumber
	}
	return f, nil
}

type numParser struct {
	s string
	i int
}

// peek returns the next byte, or 0 at the end.
func (p *numParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// overflows reports whether a*10+d overflows u64 (serde_json's overflow! macro).
func overflows(a, d uint64) bool {
	const c = math.MaxUint64
	return a >= c/10 && (a > c/10 || d > c%10)
}

func (p *numParser) integer(positive bool) (float64, error) {
	c := p.peek()
	switch {
	case c == '0':
		p.i++
		if isDigit(p.peek()) {
			return 0, ErrInvalidNumber
		}
		return p.number(positive, 0)
	case '1' <= c && c <= '9':
		p.i++
		sig := uint64(c - '0')
		for isDigit(p.peek()) {
			d := uint64(p.peek() - '0')
			if overflows(sig, d) {
				return p.longInteger(positive, sig)
			}
			p.i++
			sig = sig*10 + d
		}
		return p.number(positive, sig)
	}
	return 0, ErrInvalidNumber
}

func (p *numParser) number(positive bool, sig uint64) (float64, error) {
	switch p.peek() {
	case '.':
		return p.decimal(positive, sig, 0)
	case 'e', 'E':
		return p.exponent(positive, sig, 0)
	}
	if positive {
		return float64(sig), nil
	}
	neg := -int64(sig)
	if neg >= 0 {
		return -float64(sig), nil
	}
	return float64(neg), nil
}

func (p *numParser) longInteger(positive bool, sig uint64) (float64, error) {
	exp := int32(0)
	for {
		switch c := p.peek(); {
		case isDigit(c):
			p.i++
			exp++
		case c == '.':
			return p.decimal(positive, sig, exp)
		case c == 'e' || c == 'E':
			return p.exponent(positive, sig, exp)
		default:
			return fromParts(positive, sig, exp)
		}
	}
}

func (p *numParser) decimal(positive bool, sig uint64, expBefore int32) (float64, error) {
	p.i++ // '.'
	expAfter := int32(0)
	for isDigit(p.peek()) {
		d := uint64(p.peek() - '0')
		if overflows(sig, d) {
			// Ignore all further digits.
			for isDigit(p.peek()) {
				p.i++
			}
			exp := expBefore + expAfter
			if c := p.peek(); c == 'e' || c == 'E' {
				return p.exponent(positive, sig, exp)
			}
			return fromParts(positive, sig, exp)
		}
		p.i++
		sig = sig*10 + d
		expAfter--
	}
	if expAfter == 0 {
		return 0, ErrInvalidNumber
	}
	exp := expBefore + expAfter
	if c := p.peek(); c == 'e' || c == 'E' {
		return p.exponent(positive, sig, exp)
	}
	return fromParts(positive, sig, exp)
}

func (p *numParser) exponent(positive bool, sig uint64, start int32) (float64, error) {
	p.i++ // 'e'
	positiveExp := true
	switch p.peek() {
	case '+':
		p.i++
	case '-':
		p.i++
		positiveExp = false
	}
	if !isDigit(p.peek()) {
		return 0, ErrInvalidNumber
	}
	exp := int32(p.peek() - '0')
	p.i++
	for isDigit(p.peek()) {
		d := int32(p.peek() - '0')
		p.i++
		if exp >= math.MaxInt32/10 && (exp > math.MaxInt32/10 || d > math.MaxInt32%10) {
			if sig != 0 && positiveExp {
				return 0, ErrNumberOutOfRange
			}
			for isDigit(p.peek()) {
				p.i++
			}
			if positive {
				return 0, nil
			}
			return math.Copysign(0, -1), nil
		}
		exp = exp*10 + d
	}
	var final int32
	if positiveExp {
		final = satAdd(start, exp)
	} else {
		final = satAdd(start, -exp)
	}
	return fromParts(positive, sig, final)
}

func satAdd(a, b int32) int32 {
	s := int64(a) + int64(b)
	switch {
	case s > math.MaxInt32:
		return math.MaxInt32
	case s < math.MinInt32:
		return math.MinInt32
	}
	return int32(s)
}

// fromParts is serde_json's f64_from_parts (without float_roundtrip).
func fromParts(positive bool, sig uint64, exp int32) (float64, error) {
	f := float64(sig)
	for {
		abs := int64(exp)
		if abs < 0 {
			abs = -abs
		}
		if exp == math.MinInt32 {
			abs = 1 << 40 // wrapping_abs stays negative: never a table index
		}
		if abs < int64(len(pow10)) {
			if exp >= 0 {
				f *= pow10[abs]
				if math.IsInf(f, 0) {
					return 0, ErrNumberOutOfRange
				}
			} else {
				f /= pow10[abs]
			}
			break
		}
		if f == 0 {
			break
		}
		if exp >= 0 {
			return 0, ErrNumberOutOfRange
		}
		f /= 1e308
		exp += 308
	}
	if !positive {
		f = -f
	}
	return f, nil
}
