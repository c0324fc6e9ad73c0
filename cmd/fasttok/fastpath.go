package main

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// parseTextRecord is the fast path of parseRecord for the usual JSON Lines record: an
// object whose only key is "text" (written without escapes), with a string value. It
// reports false for anything else (another key, a "pair", a malformed or unusual
// text: invalid UTF-8, a lone surrogate escape...), and the caller then decodes the
// line with the full JSON decoder, whose result and errors are the reference of this
// path: what this one accepts, it decodes to the same string. With a scratch buffer
// (borrowing), the text is line's own bytes when it has no escapes, else decoded into
// *scratch (no allocation): valid only while line and *scratch are unchanged.
func parseTextRecord(line []byte, scratch *[]byte) (string, bool) {
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return "", false
	}
	i = skipSpace(line, i+1)
	if len(line)-i < 6 || string(line[i:i+6]) != `"text"` {
		return "", false
	}
	i = skipSpace(line, i+6)
	if i >= len(line) || line[i] != ':' {
		return "", false
	}
	i = skipSpace(line, i+1)
	if i >= len(line) || line[i] != '"' {
		return "", false
	}
	i++
	// The string: runs of plain bytes are taken as they are, escapes decoded.
	start := i
	var buf []byte
	escaped := false
	for {
		j := scanPlain(line, i)
		if j >= len(line) || line[j] < 0x20 {
			return "", false
		}
		if line[j] == '"' {
			if !escaped {
				text := line[start:j]
				if !endOfObject(line, j+1) || !utf8.Valid(text) {
					return "", false
				}
				if scratch != nil {
					return unsafe.String(unsafe.SliceData(text), len(text)), true
				}
				return string(text), true
			}
			buf = append(buf, line[i:j]...)
			if !endOfObject(line, j+1) || !utf8.Valid(buf) {
				return "", false
			}
			if scratch != nil {
				*scratch = buf // reused by the next record
			}
			// buf is this string's own (or the scratch's): no copy.
			return unsafe.String(unsafe.SliceData(buf), len(buf)), true
		}
		// A backslash.
		if !escaped {
			// The decoded text is never longer than the rest of the line.
			if scratch != nil {
				buf = slices.Grow((*scratch)[:0], len(line)-start)
			} else {
				buf = make([]byte, 0, len(line)-start)
			}
			escaped = true
		}
		buf = append(buf, line[i:j]...)
		if j+1 >= len(line) {
			return "", false
		}
		i = j + 2
		switch line[j+1] {
		case '"', '\\', '/':
			buf = append(buf, line[j+1])
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(line, j+2)
			if !ok {
				return "", false
			}
			i = j + 6
			if utf16.IsSurrogate(r) {
				// Only a well-formed pair: the full decoder words the rest.
				if i+1 >= len(line) || line[i] != '\\' || line[i+1] != 'u' {
					return "", false
				}
				r2, ok := hex4(line, i+2)
				if !ok {
					return "", false
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return "", false
				}
				i += 6
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", false
		}
	}
}

// scanPlain returns the index of the first '"', '\\' or control byte of b[i:], or
// len(b) if none. It reads 16 bytes at a time.
func scanPlain(b []byte, i int) int {
	for ; i+16 <= len(b); i += 16 {
		m0 := special(binary.LittleEndian.Uint64(b[i:]))
		m1 := special(binary.LittleEndian.Uint64(b[i+8:]))
		if m0|m1 != 0 {
			if m0 != 0 {
				return i + bits.TrailingZeros64(m0)>>3
			}
			return i + 8 + bits.TrailingZeros64(m1)>>3
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 {
			break
		}
	}
	return i
}

// special flags (in the high bit of each byte) the bytes of w that are < 0x20, '"'
// or '\\'; the lowest flag is exact (those above it may be false).
func special(w uint64) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q, bs := w^(lo*'"'), w^(lo*'\\')
	return ((w-lo*0x20)&^w | (q-lo)&^q | (bs-lo)&^bs) & hi
}

// endOfObject reports whether line[i:] is "}" between JSON white space.
func endOfObject(line []byte, i int) bool {
	i = skipSpace(line, i)
	if i >= len(line) || line[i] != '}' {
		return false
	}
	return skipSpace(line, i+1) == len(line)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// hex4 decodes the 4 hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
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

// putDecimal writes id in decimal at b[n:] (room for 11 bytes: it may write up to 3
// bytes past the digits, which the caller's next bytes overwrite) and returns the
// index after it.
func putDecimal(b []byte, n int, id uint32) int {
	_ = b[n+10]
	if id < 10000 {
		d := decimalLen(id)
		binary.LittleEndian.PutUint32(b[n:], digits4[id]>>(8*(4-d)))
		return n + d
	}
	if id < 100000000 {
		n = putDecimal(b, n, id/10000)
		binary.LittleEndian.PutUint32(b[n:], digits4[id%10000])
		return n + 4
	}
	n = putDecimal(b, n, id/100000000)
	lo := id % 100000000
	binary.LittleEndian.PutUint32(b[n:], digits4[lo/10000])
	binary.LittleEndian.PutUint32(b[n+4:], digits4[lo%10000])
	return n + 8
}

// digits4[v] is v < 10000 in four decimal digits ("0042" for 42), as the little-endian
// uint32 of their ASCII bytes.
var digits4 = func() (t [10000]uint32) {
	for v := range t {
		t[v] = uint32('0'+v/1000) | uint32('0'+v/100%10)<<8 | uint32('0'+v/10%10)<<16 | uint32('0'+v%10)<<24
	}
	return t
}()

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
