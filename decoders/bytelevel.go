package decoders

import (
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
)

// ByteLevel is the decoder of byte-level BPE (GPT-2): it maps the characters of the
// tokens back to the bytes they stand for and reads the bytes as UTF-8. It is the
// decoder side of the reference's `ByteLevel` (pre_tokenizers/byte_level.rs); its three
// options matter only to the pre-tokenizer and post-processor of that name, and are
// kept so that it saves as it was loaded.
type ByteLevel struct {
	AddPrefixSpace bool
	TrimOffsets    bool
	UseRegex       bool
}

// NewByteLevel returns a ByteLevel decoder with the reference's defaults (all true).
func NewByteLevel() *ByteLevel {
	return &ByteLevel{AddPrefixSpace: true, TrimOffsets: true, UseRegex: true}
}

// parseByteLevel reads {"type":"ByteLevel","add_prefix_space":b,"trim_offsets":b,
// "use_regex":b}: type, add_prefix_space and trim_offsets are required, use_regex
// defaults to true.
func parseByteLevel(data []byte) (*ByteLevel, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.RequireType("ByteLevel"); err != nil {
		return nil, err
	}
	d := NewByteLevel()
	if _, err := serde.Field(o, "add_prefix_space", &d.AddPrefixSpace, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "trim_offsets", &d.TrimOffsets, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "use_regex", &d.UseRegex, false, false); err != nil {
		return nil, err
	}
	return d, nil
}

// MarshalJSON writes the reference's serialization.
func (d *ByteLevel) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "ByteLevel").Add("add_prefix_space", d.AddPrefixSpace).
		Add("trim_offsets", d.TrimOffsets).Add("use_regex", d.UseRegex)
	return o.MarshalJSON()
}

// DecodeChain joins the tokens into one piece: the tokens whose characters all belong
// to the byte-level alphabet become their bytes, any other token is kept as it is, and
// the bytes are read as UTF-8 with each invalid sequence replaced by U+FFFD, as Rust's
// String::from_utf8_lossy does.
func (d *ByteLevel) DecodeChain(tokens []string) ([]string, error) {
	n := 0
	for _, t := range tokens {
		n += len(t)
	}
	buf := make([]byte, 0, n)
	for _, t := range tokens {
		buf = appendByteLevel(buf, t)
	}
	return []string{fromUTF8Lossy(buf)}, nil
}

// charToByte maps the characters of the byte-level alphabet (all below U+0144) to their
// byte plus one; 0 marks the other characters.
var charToByte = func() (t [0x144]uint16) {
	for b := 0; b < 256; b++ {
		t[bytelevel.Rune(byte(b))] = uint16(b) + 1
	}
	return t
}()

// appendByteLevel appends to dst the bytes of token's characters, or token itself when
// one of its characters is not in the byte-level alphabet.
func appendByteLevel(dst []byte, token string) []byte {
	start := len(dst)
	for _, r := range token {
		if r >= rune(len(charToByte)) || charToByte[r] == 0 {
			return append(dst[:start], token...)
		}
		dst = append(dst, byte(charToByte[r]-1))
	}
	return dst
}

// fromUTF8Lossy converts b to a string, replacing each maximal invalid subpart with
// U+FFFD exactly as Rust's String::from_utf8_lossy (core::str::Utf8Chunks) does: the
// invalid part is the lead byte and the continuation bytes that were valid so far, so
// a truncated sequence costs one U+FFFD and a stray byte one each.
func fromUTF8Lossy(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	i := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		n := validPrefix(b[i:])
		if n > 0 {
			out = append(out, b[i:i+n]...)
			i += n
			continue
		}
		out = append(out, "\uFFFD"...)
		i += invalidLen(b[i:])
	}
	return string(out)
}

// validPrefix returns the length of the well-formed character that starts b (whose
// first byte is not ASCII), or 0 if it is not one.
func validPrefix(b []byte) int {
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size <= 1 {
		return 0
	}
	return size
}

// invalidLen returns the length of the maximal subpart at the start of b, which does
// not start with a well-formed character: the lead byte plus the continuation bytes
// that could still have completed it.
func invalidLen(b []byte) int {
	at := func(i int) byte {
		if i < len(b) {
			return b[i]
		}
		return 0
	}
	cont := func(c byte) bool { return c&0xC0 == 0x80 }
	lead := b[0]
	second := at(1)
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		// Two-byte lead: invalid only when the continuation is missing.
		return 1
	case lead >= 0xE0 && lead <= 0xEF:
		ok := (lead == 0xE0 && second >= 0xA0 && second <= 0xBF) ||
			(lead >= 0xE1 && lead <= 0xEC && cont(second)) ||
			(lead == 0xED && second >= 0x80 && second <= 0x9F) ||
			(lead >= 0xEE && cont(second))
		if !ok {
			return 1
		}
		// The third byte is missing or not a continuation.
		return 2
	case lead >= 0xF0 && lead <= 0xF4:
		ok := (lead == 0xF0 && second >= 0x90 && second <= 0xBF) ||
			(lead >= 0xF1 && lead <= 0xF3 && cont(second)) ||
			(lead == 0xF4 && second >= 0x80 && second <= 0x8F)
		if !ok {
			return 1
		}
		if !cont(at(2)) {
			return 2
		}
		return 3
	}
	return 1
}
