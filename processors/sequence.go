package processors

import (
	"encoding/json"
	"errors"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// Sequence runs post-processors one after the other, each on the encodings the
// previous one returned. It is the reference's `Sequence` (processors/sequence.rs).
type Sequence struct {
	Processors []tokenizer.PostProcessor
}

// parseSequence reads {"type":"Sequence","processors":[...]}; both are required.
func parseSequence(data []byte) (*Sequence, error) {
	o, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.requireType("Sequence"); err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if _, err := field(o, "processors", &raws, true, false); err != nil {
		return nil, err
	}
	s := &Sequence{Processors: make([]tokenizer.PostProcessor, 0, len(raws))}
	for i, raw := range raws {
		p, err := tokenizer.ParsePostProcessor(raw)
		if err == nil && p == nil {
			err = errors.New("data did not match any variant of untagged enum PostProcessorWrapper")
		}
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "processors", i)
		}
		s.Processors = append(s.Processors, p)
	}
	return s, nil
}

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	ps := s.Processors
	if ps == nil {
		ps = []tokenizer.PostProcessor{}
	}
	var o jsonutil.Object
	o.Add("type", "Sequence").Add("processors", ps)
	return o.MarshalJSON()
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
