// Package serdefmt writes JSON values byte for byte as Rust's serde_json does, so that
// fasttok's saved tokenizer.json files equal the reference's: strings escaped as
// serde_json escapes them (only '"', '\\' and control characters; U+2028 and non-ASCII
// stay raw) and floats in ryu's shortest form ("0.0", "-1.5", "1e-7", "1.2e+20").
package serdefmt

import (
	"math"
	"slices"
	"strconv"
)

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as serde_json escapes it.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat64 appends f as serde_json writes an f64: ryu's shortest round-trip
// digits, in decimal notation for magnitudes in [1e-5, 1e16) (always with a fractional
// part, "1.0"), in scientific notation ("1e-7", "1.5e+16") otherwise; NaN and
// infinities, which JSON cannot hold, are written as null.
func AppendFloat64(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	// Shortest digits d1.d2d3...e±X from strconv, re-laid out as ryu does.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	var digits [24]byte
	nd := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	// value = 0.d1d2...dn × 10^kk, i.e. 10^(kk-1) <= |f| < 10^kk.
	kk := exp + 1
	d := digits[:nd]
	switch {
	case nd <= kk && kk <= 16: // integer: 1234e7 -> 12340000000.0
		dst = append(dst, d...)
		for j := nd; j < kk; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, '.', '0')
	case 0 < kk && kk <= 16: // 1234e-2 -> 12.34
		dst = append(dst, d[:kk]...)
		dst = append(dst, '.')
		dst = append(dst, d[kk:]...)
	case -5 < kk && kk <= 0: // 1234e-6 -> 0.001234
		dst = append(dst, '0', '.')
		for j := kk; j < 0; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	case nd == 1: // 1e+30
		dst = append(dst, d[0])
		dst = appendExp(dst, kk-1)
	default: // 1234e30 -> 1.234e+33
		dst = append(dst, d[0], '.')
		dst = append(dst, d[1:]...)
		dst = appendExp(dst, kk-1)
	}
	return dst
}

// appendExp appends the exponent as serde_json writes it: "e-7", "e+16".
func appendExp(dst []byte, exp int) []byte {
	dst = append(dst, 'e')
	if exp >= 0 {
		dst = append(dst, '+')
	}
	return strconv.AppendInt(dst, int64(exp), 10)
}

// AppendOrderedVocab appends a vocabulary as the reference's OrderedVocabIter
// serializes it: a JSON object of token: id, by increasing id (ids without a token are
// skipped).
func AppendOrderedVocab(dst []byte, byID map[uint32]string) []byte {
	ids := make([]uint32, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	dst = append(dst, '{')
	for i, id := range ids {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, byID[id])
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, uint64(id), 10)
	}
	return append(dst, '}')
}
