package jsonutil

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/swar"
)

// Scanner reads JSON text token by token for the loaders' fast paths. It accepts only
// a strict, common subset of JSON (it reports !ok on anything unusual, even when it is
// valid JSON), so that callers can fall back to a full decoder that produces the
// reference's exact error messages.
//
// A Scanner may read a text that is still arriving (a Stream): More then returns the
// text with at least n bytes, or all of it, waiting as needed. Parsers call Ensure
// before each item they read, so that an item that is not fully in makes them fail
// (and fall back), never read past what is there.
type Scanner struct {
	// Data is the JSON text (so far); Pos the offset of the next byte to read.
	Data []byte
	Pos  int
	// More, when not nil, returns the text with at least n bytes (fewer at its end).
	More func(n int) []byte
	// Size is the expected length of the whole text when More is set (a hint).
	Size int
	// Lend, when not nil, gives the bytes [from, to) of the text (which must be in) to
	// the caller, to reuse as memory of its own once it has read them and kept no
	// slice of them (see Stream.Lend). Only a text the loader owns offers it.
	Lend func(from, to int) []byte
}

// Ensure makes at least n bytes after Pos available, if the text has them.
func (s *Scanner) Ensure(n int) {
	if s.More != nil && len(s.Data)-s.Pos < n {
		s.Data = s.More(s.Pos + n)
	}
}

// SkipSpace skips JSON whitespace.
func (s *Scanner) SkipSpace() {
	for s.Pos < len(s.Data) {
		switch s.Data[s.Pos] {
		case ' ', '\n', '\r', '\t':
			s.Pos++
		default:
			return
		}
	}
}

// Peek skips whitespace and returns the next byte (0 at the end).
func (s *Scanner) Peek() byte {
	s.SkipSpace()
	if s.Pos < len(s.Data) {
		return s.Data[s.Pos]
	}
	return 0
}

// Consume skips whitespace and, if the next byte is c, reads it and reports true.
func (s *Scanner) Consume(c byte) bool {
	if s.Peek() == c {
		s.Pos++
		return true
	}
	return false
}

// AtEnd reports whether only whitespace is left (waiting for the whole text).
func (s *Scanner) AtEnd() bool {
	if s.More != nil {
		s.Data = s.More(int(^uint(0) >> 1))
	}
	s.SkipSpace()
	return s.Pos == len(s.Data)
}

// Object reads an object: for each member, its key (valid until fn returns) goes to fn
// with the scanner at the value, which fn reads. Object reports false as soon as fn
// does, or when the text is not an object. It does not look for repeated keys.
func (s *Scanner) Object(fn func(key []byte) bool) bool {
	if !s.Consume('{') {
		return false
	}
	if s.Consume('}') {
		return true
	}
	var scratch []byte
	for {
		k, ok := s.String(&scratch)
		if !ok || !s.Consume(':') || !fn(k) {
			return false
		}
		if !s.Consume(',') {
			return s.Consume('}')
		}
	}
}

// RawString reads a JSON string without escapes (after whitespace) and returns the
// bytes between its quotes, which it does not check for valid UTF-8: for callers that
// keep a value only when it equals a text known to be valid (a vocabulary's key, say).
// ok is false, with the scanner before the string, when the next value is not such a
// string (it has an escape or a control character, or its end is not in Data): String
// then reads it.
func (s *Scanner) RawString() (v []byte, ok bool) {
	s.SkipSpace()
	d, i := s.Data, s.Pos
	if i >= len(d) || d[i] != '"' {
		return nil, false
	}
	for j := i + 1; j < len(d); j++ {
		c := d[j]
		if c == '"' {
			s.Pos = j + 1
			return d[i+1 : j], true
		}
		if c == '\\' || c < 0x20 {
			return nil, false
		}
	}
	return nil, false
}

// String reads a JSON string (after whitespace) and returns its value: a slice of
// Data when it has no escapes, else the value unescaped into *scratch. ok is false on
// control characters, invalid UTF-8, lone surrogates or bad escapes.
func (s *Scanner) String(scratch *[]byte) (v []byte, ok bool) {
	if s.Peek() != '"' {
		return nil, false
	}
	s.Pos++
	start := s.Pos
	d := s.Data
	i := s.Pos
	// Eight bytes at a time up to the first quote, backslash or control character;
	// high collects the bytes' high bits (set: not ASCII).
	var high uint64
	for ; i+8 <= len(d); i += 8 {
		w := binary.LittleEndian.Uint64(d[i:])
		if stop := swar.Eq(w, '"') | swar.Eq(w, '\\') | swar.Below(w, 0x20); stop != 0 {
			n := bits.TrailingZeros64(stop) / 8
			high |= w & (1<<(8*n) - 1)
			i += n
			break
		}
		high |= w
	}
	ascii := high&swar.High == 0
	for ; i < len(d); i++ {
		c := d[i]
		if c == '"' {
			s.Pos = i + 1
			if !ascii && !utf8.Valid(d[start:i]) {
				return nil, false
			}
			return d[start:i], true
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return nil, false
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	if i >= len(d) {
		return nil, false
	}
	// Escapes: unescape into scratch.
	buf := append((*scratch)[:0], d[start:i]...)
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			s.Pos = i + 1
			*scratch = buf
			if !ascii && !utf8.Valid(buf) {
				return nil, false
			}
			return buf, true
		case c < 0x20:
			return nil, false
		case c != '\\':
			if c >= 0x80 {
				ascii = false
			}
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(d) {
			return nil, false
		}
		e := d[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
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
			r, n := hex4(d[i:])
			if n < 0 {
				return nil, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 || i+6 > len(d) || d[i] != '\\' || d[i+1] != 'u' {
					return nil, false // a lone surrogate: leave it to the full decoder
				}
				r2, n2 := hex4(d[i+2:])
				if n2 < 0 || r2 < 0xDC00 || r2 > 0xDFFF {
					return nil, false
				}
				i += 6
				r = utf16.DecodeRune(r, r2)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return nil, false
		}
	}
	return nil, false
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, -1
	}
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, -1
		}
	}
	return r, 4
}

// Uint32 reads a non-negative integer that fits in a uint32 (no sign, fraction or
// exponent).
func (s *Scanner) Uint32() (uint32, bool) {
	s.SkipSpace()
	d := s.Data
	i := s.Pos
	var v uint64
	start := i
	for ; i < len(d) && d[i] >= '0' && d[i] <= '9'; i++ {
		v = v*10 + uint64(d[i]-'0')
		if v > 1<<32-1 {
			return 0, false
		}
	}
	if i == start || (d[start] == '0' && i-start > 1) {
		return 0, false
	}
	if i < len(d) {
		switch d[i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	s.Pos = i
	return uint32(v), true
}

// Skip reads any JSON value (after whitespace) and returns its text. It checks the
// nesting of brackets and the ends of strings only; callers that need the value
// validated must decode or validate the text.
//
// On a text still arriving (More set), Skip waits for as much of it as the value
// needs: it reads the value again with twice the text ahead until the value, and
// the byte after it, are in (or the text is complete).
func (s *Scanner) Skip() ([]byte, bool) {
	if s.More == nil {
		return s.skip()
	}
	for ahead := skipAhead; ; ahead *= 2 {
		s.Ensure(ahead)
		start := s.Pos
		v, ok := s.skip()
		if ok && s.Pos < len(s.Data) {
			return v, true // the byte after it is in: a number is not cut short
		}
		s.Pos = start
		if len(s.Data)-start < ahead { // the whole text is in
			return s.skip()
		}
	}
}

// skipAhead is how much text Skip first waits for on an arriving text.
const skipAhead = 16 << 10

// skip is Skip on the text in Data.
func (s *Scanner) skip() ([]byte, bool) {
	s.SkipSpace()
	start := s.Pos
	d := s.Data
	if start >= len(d) {
		return nil, false
	}
	i := start
	switch d[i] {
	case '"':
		end, ok := skipString(d, i)
		if !ok {
			return nil, false
		}
		s.Pos = end
		return d[start:end], true
	case '{', '[':
		var stack [64]byte
		depth := 0
		for i < len(d) {
			switch c := d[i]; c {
			case '"':
				end, ok := skipString(d, i)
				if !ok {
					return nil, false
				}
				i = end
				continue
			case '{', '[':
				if depth == len(stack) {
					return nil, false
				}
				stack[depth] = c + 2 // '}' or ']'
				depth++
			case '}', ']':
				if depth == 0 || stack[depth-1] != c {
					return nil, false
				}
				depth--
				if depth == 0 {
					s.Pos = i + 1
					return d[start : i+1], true
				}
			}
			i++
		}
		return nil, false
	}
	for i < len(d) {
		switch d[i] {
		case ',', '}', ']', ':', ' ', '\n', '\r', '\t', '"', '{', '[':
			s.Pos = i
			return d[start:i], i > start
		}
		i++
	}
	s.Pos = i
	return d[start:i], i > start
}

// skipString returns the offset after the string that starts at d[i] ('"').
func skipString(d []byte, i int) (int, bool) {
	for i++; i < len(d); i++ {
		switch d[i] {
		case '"':
			return i + 1, true
		case '\\':
			i++
		}
	}
	return 0, false
}
