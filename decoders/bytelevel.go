package decoders

import (
	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
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
	return []string{tokenizer.LossyString(buf)}, nil
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
