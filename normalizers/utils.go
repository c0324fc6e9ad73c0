package normalizers

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Lowercase is the "Lowercase" normalizer: char::to_lowercase on every character.
type Lowercase struct{}

// Normalize lowercases the text.
func (Lowercase) Normalize(n *tokenizer.NormalizedString) error {
	n.Lowercase()
	return nil
}

// MarshalJSON writes {"type":"Lowercase"}.
func (Lowercase) MarshalJSON() ([]byte, error) { return marshalType("Lowercase") }

// Prepend is the "Prepend" normalizer: it puts Prepend in front of a non-empty text.
type Prepend struct {
	Prepend string
}

// parsePrepend reads {"prepend": string} (required); the type is not checked.
func parsePrepend(data []byte) (*Prepend, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	p := &Prepend{}
	if _, err := serde.Field(o, "prepend", &p.Prepend, true, false); err != nil {
		return nil, err
	}
	return p, nil
}

// Normalize prepends the string unless the text is empty.
func (p *Prepend) Normalize(n *tokenizer.NormalizedString) error {
	if !n.IsEmpty() {
		n.Prepend(p.Prepend)
	}
	return nil
}

// MarshalJSON writes the reference's serialization.
func (p *Prepend) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "Prepend").Add("prepend", p.Prepend)
	return o.MarshalJSON()
}

// ByteLevel is the "ByteLevel" normalizer: every byte of the text becomes its GPT-2
// character (the first byte of a character replaces it, the others are insertions).
type ByteLevel struct{}

// Normalize maps the bytes to their characters.
func (ByteLevel) Normalize(n *tokenizer.NormalizedString) error {
	s := n.Normalized()
	if s == "" {
		return nil
	}
	changes := make([]tokenizer.Change, 0, len(s))
	for i := 0; i < len(s); {
		size := 1
		if s[i] >= utf8.RuneSelf {
			_, size = utf8.DecodeRuneInString(s[i:])
		}
		for k := 0; k < size; k++ {
			delta := 0
			if k > 0 {
				delta = 1
			}
			changes = append(changes, tokenizer.Change{Rune: bytelevel.Rune(s[i+k]), Delta: delta})
		}
		i += size
	}
	n.Transform(changes, 0)
	return nil
}

// MarshalJSON writes {"type":"ByteLevel"}.
func (ByteLevel) MarshalJSON() ([]byte, error) { return marshalType("ByteLevel") }

// Sequence is the "Sequence" normalizer: its normalizers applied in order.
type Sequence struct {
	Normalizers []tokenizer.Normalizer
}

// parseSequence reads {"normalizers": [...]} (required); the type is not checked.
// Errors name the failing child: normalizers[i]....
func parseSequence(data []byte) (*Sequence, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if _, err := serde.Field(o, "normalizers", &raws, true, false); err != nil {
		return nil, err
	}
	seq := &Sequence{Normalizers: make([]tokenizer.Normalizer, 0, len(raws))}
	for i, raw := range raws {
		if jsonutil.IsNull(raw) {
			return nil, tokenizer.WrapIndex(errNullChild, "normalizers", i)
		}
		child, err := tokenizer.ParseNormalizer(raw)
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "normalizers", i)
		}
		seq.Normalizers = append(seq.Normalizers, child)
	}
	return seq, nil
}

// Normalize applies the normalizers in order.
func (s *Sequence) Normalize(n *tokenizer.NormalizedString) error {
	for _, c := range s.Normalizers {
		if err := c.Normalize(n); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	children := s.Normalizers
	if children == nil {
		children = []tokenizer.Normalizer{}
	}
	var o jsonutil.Object
	o.Add("type", "Sequence").Add("normalizers", children)
	return o.MarshalJSON()
}

// CutSafe implements tokenizer.CutSafe: lowercasing is character by character (no
// final sigma rule) and maps ASCII letters to ASCII letters, digits to themselves.
func (Lowercase) CutSafe() bool { return true }

// CutSafe implements tokenizer.CutSafe: when every normalizer of the sequence is.
func (s *Sequence) CutSafe() bool {
	for _, n := range s.Normalizers {
		if c, ok := n.(tokenizer.CutSafe); !ok || !c.CutSafe() {
			return false
		}
	}
	return true
}
