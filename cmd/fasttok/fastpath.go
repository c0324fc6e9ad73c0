package main

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// parseTextRecord is the fast path of parseRecord for the usual JSON Lines record: an
// object whose only key is "text" (written without escapes), with a string value. It reports false for anything
// else (another key, a "pair", a malformed or unusual text: invalid UTF-8, a lone
// surrogate escape...), and the caller then decodes the line with the full JSON
// decoder, whose result and errors are the reference of this path: what this one
// accepts, it decodes to the same string.
func parseTextRecord(line []byte) (string, bool) {
	s := jsonutil.Scanner{Data: line}
	if !s.Consume('{') {
		return "", false
	}
	s.SkipSpace()
	if !bytes.HasPrefix(line[s.Pos:], []byte(`"text"`)) {
		return "", false
	}
	s.Pos += len(`"text"`)
	if !s.Consume(':') {
		return "", false
	}
	var scratch []byte
	v, ok := s.String(&scratch)
	if !ok || !s.Consume('}') || !s.AtEnd() {
		return "", false
	}
	return string(v), true
}

// appendRawIDs appends a record's ids in the workers' compact form, that
// formatRawIDs turns into text: their count and the ids, as little-endian uint32s.
func appendRawIDs(dst []byte, ids []uint32) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(ids)))
	for _, id := range ids {
		dst = binary.LittleEndian.AppendUint32(dst, id)
	}
	return dst
}

// formatRawIDs appends the records of raw (appendRawIDs) as appendIDs does.
func formatRawIDs(dst, raw []byte) []byte {
	for len(raw) >= 4 {
		n := int(binary.LittleEndian.Uint32(raw))
		raw = raw[4:]
		if n > len(raw)/4 {
			break // not appendRawIDs's: cannot happen
		}
		dst = grow(dst, n*11+1)
		k := len(dst)
		b := dst[:cap(dst)]
		for i := 0; i < n; i++ {
			if i > 0 {
				b[k] = ' '
				k++
			}
			k = putDecimal(b, k, binary.LittleEndian.Uint32(raw[4*i:]))
		}
		b[k] = '\n'
		dst = b[:k+1]
		raw = raw[4*n:]
	}
	return dst
}

// digitPairs holds "00" to "99", for appendIDs.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// appendIDs appends ids in decimal, space-separated, and a "\n".
func appendIDs(dst []byte, ids []uint32) []byte {
	dst = grow(dst, len(ids)*11+1)
	n := len(dst)
	b := dst[:cap(dst)]
	for i, id := range ids {
		if i > 0 {
			b[n] = ' '
			n++
		}
		n = putDecimal(b, n, id)
	}
	b[n] = '\n'
	return b[:n+1]
}

// grow returns dst with room for n more bytes.
func grow(dst []byte, n int) []byte {
	if cap(dst)-len(dst) >= n {
		return dst
	}
	grown := make([]byte, len(dst), 2*cap(dst)+n)
	copy(grown, dst)
	return grown
}

// putDecimal writes id in decimal at b[n:] (room for 10 bytes) and returns the
// index after it.
func putDecimal(b []byte, n int, id uint32) int {
	n += decimalLen(id)
	for j := n; ; j -= 2 {
		if id < 10 {
			b[j-1] = byte('0' + id)
			return n
		}
		p := id % 100 * 2
		b[j-1], b[j-2] = digitPairs[p+1], digitPairs[p]
		id /= 100
		if id == 0 {
			return n
		}
	}
}

// pow10 holds the powers of 10 that fit a uint32, for decimalLen.
var pow10 = [10]uint32{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// decimalLen is the number of decimal digits of v.
func decimalLen(v uint32) int {
	v |= 1                            // 0 has one digit, as 1
	d := (bits.Len32(v) * 1233) >> 12 // floor(log10(v)) or one less
	if v >= pow10[d] {
		d++
	}
	return d
}
