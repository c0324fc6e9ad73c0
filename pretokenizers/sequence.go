package pretokenizers

import (
	"encoding/json"
	"errors"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// Sequence runs pre-tokenizers one after the other.
type Sequence struct {
	PreTokenizers []tokenizer.PreTokenizer
}

// ParseSequence builds a Sequence from its JSON (pretokenizers required); each child
// is built with tokenizer.ParsePreTokenizer, its errors under `pretokenizers[i]`.
func ParseSequence(data []byte) (*Sequence, error) {
	o, err := parseObject(data, "Sequence")
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if _, err := get(o, "pretokenizers", &raws, true, false); err != nil {
		return nil, err
	}
	seq := &Sequence{PreTokenizers: make([]tokenizer.PreTokenizer, 0, len(raws))}
	for i, raw := range raws {
		if jsonutil.IsNull(raw) {
			return nil, tokenizer.WrapIndex(errors.New("invalid type: null, expected a pre-tokenizer"), "pretokenizers", i)
		}
		pt, err := tokenizer.ParsePreTokenizer(raw)
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "pretokenizers", i)
		}
		seq.PreTokenizers = append(seq.PreTokenizers, pt)
	}
	return seq, nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (s *Sequence) PreTokenize(p *tokenizer.PreTokenizedString) error {
	for _, pt := range s.PreTokenizers {
		if pt == nil {
			continue
		}
		if err := pt.PreTokenize(p); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	children := s.PreTokenizers
	if children == nil {
		children = []tokenizer.PreTokenizer{}
	}
	return marshal("type", "Sequence", "pretokenizers", children)
}
