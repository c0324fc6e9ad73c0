package processors

import (
	"unicode"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// ByteLevel is the post-processor side of the reference's `ByteLevel`
// (pre_tokenizers/byte_level.rs): with TrimOffsets it trims the offsets of the tokens
// so that they do not include the spaces that the tokens hold; it adds no token.
// UseRegex only matters to the pre-tokenizer and is kept so that it saves as loaded.
type ByteLevel struct {
	AddPrefixSpace bool
	TrimOffsets    bool
	UseRegex       bool
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
	p := &ByteLevel{UseRegex: true}
	if _, err := serde.Field(o, "add_prefix_space", &p.AddPrefixSpace, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "trim_offsets", &p.TrimOffsets, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "use_regex", &p.UseRegex, false, false); err != nil {
		return nil, err
	}
	return p, nil
}

// MarshalJSON writes the reference's serialization.
func (p *ByteLevel) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "ByteLevel").Add("add_prefix_space", p.AddPrefixSpace).
		Add("trim_offsets", p.TrimOffsets).Add("use_regex", p.UseRegex)
	return o.MarshalJSON()
}

// AddedTokens returns 0.
func (p *ByteLevel) AddedTokens(isPair bool) int { return 0 }

// ProcessEncodings trims the offsets of the encodings and of their Overflowing if
// TrimOffsets, then makes each encoding the sequence of its index.
func (p *ByteLevel) ProcessEncodings(encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, error) {
	if p.TrimOffsets {
		for _, e := range encodings {
			trimOffsets(e, p.AddPrefixSpace)
			for _, o := range e.Overflowing {
				trimOffsets(o, p.AddPrefixSpace)
			}
		}
	}
	for i, e := range encodings {
		e.SetSequenceID(i)
	}
	return encodings, nil
}

// spaceRune is the byte-level character of ' ' ('Ġ').
const spaceRune = 'Ġ'

func isTrimmed(r rune) bool { return r == spaceRune || unicode.IsSpace(r) }

// trimOffsets removes from each token's offsets the leading and trailing spaces ('Ġ'
// or Unicode white space) of the token, as the reference's process_offsets: one
// leading space is kept on the first token (index 0 or offsets starting at 0) when
// addPrefixSpace, since the pre-tokenizer added it; a token of spaces only ends up
// empty at its end. The counts are in characters, applied to the offsets as they are.
func trimOffsets(e *tokenizer.Encoding, addPrefixSpace bool) {
	for i, tok := range e.Tokens {
		if i >= len(e.Offsets) {
			return
		}
		leading := 0
		for _, r := range tok {
			if !isTrimmed(r) {
				break
			}
			leading++
		}
		if leading == 0 {
			// The first character is not a space: is the last one?
			r, _ := utf8.DecodeLastRuneInString(tok)
			if tok == "" || !isTrimmed(r) {
				continue
			}
		}
		trailing := 0
		for j := len(tok); j > 0; {
			r, size := utf8.DecodeLastRuneInString(tok[:j])
			if !isTrimmed(r) {
				break
			}
			trailing++
			j -= size
		}
		o := &e.Offsets[i]
		if leading > 0 {
			if (i == 0 || o.Start == 0) && addPrefixSpace && leading == 1 {
				leading = 0
			}
			o.Start = min(o.Start+leading, o.End)
		}
		if trailing > 0 && o.End >= trailing {
			o.End = max(o.End-trailing, o.Start)
		}
	}
}
