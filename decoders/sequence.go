package decoders

import (
	"encoding/json"
	"errors"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// Sequence runs decoders one after the other, each on the pieces of the previous one.
// It is the reference's `Sequence` decoder (decoders/sequence.rs).
type Sequence struct {
	Decoders []tokenizer.Decoder
}

// parseSequence reads {"type":"Sequence","decoders":[...]}; both fields are required and
// every child must be a decoder (not null).
func parseSequence(data []byte) (*Sequence, error) {
	o, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.requireType("Sequence"); err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if _, err := field(o, "decoders", &raws, true, false); err != nil {
		return nil, err
	}
	s := &Sequence{Decoders: make([]tokenizer.Decoder, 0, len(raws))}
	for i, raw := range raws {
		d, err := tokenizer.ParseDecoder(raw)
		if err == nil && d == nil {
			err = errors.New("data did not match any variant of untagged enum DecoderUntagged")
		}
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "decoders", i)
		}
		s.Decoders = append(s.Decoders, d)
	}
	return s, nil
}

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	decs := s.Decoders
	if decs == nil {
		decs = []tokenizer.Decoder{}
	}
	var o jsonutil.Object
	o.Add("type", "Sequence").Add("decoders", decs)
	return o.MarshalJSON()
}

// DecodeChain runs the decoders in order.
func (s *Sequence) DecodeChain(tokens []string) ([]string, error) {
	var err error
	for _, d := range s.Decoders {
		if tokens, err = d.DecodeChain(tokens); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}
