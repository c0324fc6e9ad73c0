package processors

import (
	"errors"

	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Sequence runs post-processors one after the other, each on the encodings the
// previous one returned. It is the reference's `Sequence` (processors/sequence.rs).
type Sequence struct {
	Processors []tokenizer.PostProcessor
}

// parseSequence reads {"type":"Sequence","processors":[...]}; both are required.
func parseSequence(data []byte) (*Sequence, error) {
	ps, err := serde.ParseSequence(data, "processors", tokenizer.ParsePostProcessor, errNullChild)
	if err != nil {
		return nil, err
	}
	return &Sequence{Processors: ps}, nil
}

// errNullChild is the reference's error for a null in its list of processors.
var errNullChild = errors.New("data did not match any variant of untagged enum PostProcessorWrapper")

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	return serde.MarshalList("Sequence", "processors", s.Processors)
}

// AddedTokens returns the sum of what the processors add.
func (s *Sequence) AddedTokens(isPair bool) int {
	n := 0
	for _, p := range s.Processors {
		n += p.AddedTokens(isPair)
	}
	return n
}

// ProcessEncodings runs the processors in order.
func (s *Sequence) ProcessEncodings(encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, error) {
	var err error
	for _, p := range s.Processors {
		if encodings, err = p.ProcessEncodings(encodings, addSpecialTokens); err != nil {
			return nil, err
		}
	}
	return encodings, nil
}
