package tokenizer

import (
	"fmt"
	"unicode/utf8"
)

// InvalidUTF8Error is the error of an input that is not valid UTF-8: the reference only
// takes valid text, so fasttok refuses it rather than guess. EncodeOptions.Lossy (or
// LossyString) replaces invalid sequences with U+FFFD when that is wanted.
type InvalidUTF8Error struct {
	// Offset is the byte offset of the first invalid byte.
	Offset int
}

// Error describes the error.
func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("input is not valid UTF-8 (first invalid byte at offset %d)", e.Offset)
}

// checkUTF8 returns an *InvalidUTF8Error when s is not valid UTF-8.
func checkUTF8(s string) error {
	if utf8.ValidString(s) {
		return nil
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return &InvalidUTF8Error{Offset: i}
		}
		i += size
	}
	return &InvalidUTF8Error{}
}

func checkSequence(s Sequence) error {
	if s.Words == nil {
		return checkUTF8(s.Text)
	}
	for i, w := range s.Words {
		if err := checkUTF8(w); err != nil {
			return fmt.Errorf("word %d: %w", i, err)
		}
	}
	return nil
}

// LossyString returns b as a string, with each maximal ill-formed subsequence replaced
// by U+FFFD, as Python's bytes.decode(errors="replace") and Rust's
// String::from_utf8_lossy do (the Unicode Standard's "substitution of maximal
// subparts", chapter 3.9). A truncated sequence such as "\xe2\x82" thus gives one
// U+FFFD, where ranging over the string in Go would give two. Valid input is returned
// unchanged.
func LossyString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+len(b)/2)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			out = append(out, b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		out = append(out, "\uFFFD"...)
		i += maximalSubpart(b[i:])
	}
	return string(out)
}

// maximalSubpart returns the length (≥ 1) of the ill-formed prefix of b that one U+FFFD
// replaces: the longest prefix of a well-formed sequence, or 1 when b[0] starts none.
func maximalSubpart(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF) // the range of the second byte
	var n int                        // the sequence's length
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		n = 2
	case c == 0xE0:
		n, lo = 3, 0xA0
	case c == 0xED:
		n, hi = 3, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		n = 3
	case c == 0xF0:
		n, lo = 4, 0x90
	case c == 0xF4:
		n, hi = 4, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		n = 4
	default:
		return 1
	}
	i := 1
	for ; i < n && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}

// textOf returns b as the text to encode: b itself when it is valid UTF-8, its
// LossyString when lossy, else an *InvalidUTF8Error.
func textOf(b []byte, lossy bool) (string, error) {
	if utf8.Valid(b) {
		return string(b), nil
	}
	if lossy {
		return LossyString(b), nil
	}
	return "", checkUTF8(string(b))
}

// EncodeBytes encodes b as EncodeInput encodes its text. Invalid UTF-8 is an
// *InvalidUTF8Error naming the first invalid byte, unless opts.Lossy, which encodes
// LossyString(b) instead (the offsets then refer to that string).
func (t *Tokenizer) EncodeBytes(b []byte, opts EncodeOptions) (*Encoding, error) {
	text, err := textOf(b, opts.Lossy)
	if err != nil {
		return nil, err
	}
	return t.EncodeInput(Input{First: Sequence{Text: text}}, opts)
}

// AppendIDsBytes appends the ids of b to dst as AppendIDs does for its text, with
// invalid UTF-8 handled as EncodeBytes handles it.
func (t *Tokenizer) AppendIDsBytes(dst []uint32, b []byte, opts EncodeOptions) ([]uint32, error) {
	text, err := textOf(b, opts.Lossy)
	if err != nil {
		return dst, err
	}
	return t.AppendIDs(dst, text, opts)
}

// lossyInput returns in with its invalid UTF-8 replaced as LossyString replaces it.
func lossyInput(in Input) Input {
	fix := func(s Sequence) Sequence {
		if s.Words == nil {
			if !utf8.ValidString(s.Text) {
				s.Text = LossyString([]byte(s.Text))
			}
			return s
		}
		copied := false
		for i, w := range s.Words {
			if utf8.ValidString(w) {
				continue
			}
			if !copied { // never change the caller's slice
				s.Words, copied = append([]string(nil), s.Words...), true
			}
			s.Words[i] = LossyString([]byte(w))
		}
		return s
	}
	in.First = fix(in.First)
	if in.Second != nil {
		second := fix(*in.Second)
		in.Second = &second
	}
	return in
}
