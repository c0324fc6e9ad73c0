package pretokenizers

import (
	"errors"

	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Sequence runs pre-tokenizers one after the other.
type Sequence struct {
	PreTokenizers []tokenizer.PreTokenizer
}

// ParseSequence builds a Sequence from its JSON (pretokenizers required); each child
// is built with tokenizer.ParsePreTokenizer, its errors under `pretokenizers[i]`.
func ParseSequence(data []byte) (*Sequence, error) {
	pts, err := serde.ParseSequence(data, "pretokenizers", tokenizer.ParsePreTokenizer, errNullChild)
	if err != nil {
		return nil, err
	}
	return &Sequence{PreTokenizers: pts}, nil
}

// errNullChild is the reference's error for a null in the list of pre-tokenizers.
var errNullChild = errors.New("data did not match any variant of untagged enum PreTokenizerUntagged")

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
	return serde.MarshalList("Sequence", "pretokenizers", s.PreTokenizers)
}

// CutSafe implements tokenizer.CutSafe: when every pre-tokenizer of the sequence is.
func (s *Sequence) CutSafe() bool {
	for _, p := range s.PreTokenizers {
		if c, ok := p.(tokenizer.CutSafe); !ok || !c.CutSafe() {
			return false
		}
	}
	return true
}
