package decoders

import (
	"errors"

	"github.com/fasttok/fasttok/internal/serde"
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
	decs, err := serde.ParseSequence(data, "decoders", tokenizer.ParseDecoder, errNullChild)
	if err != nil {
		return nil, err
	}
	return &Sequence{Decoders: decs}, nil
}

// errNullChild is the reference's error for a null in its list of decoders.
var errNullChild = errors.New("data did not match any variant of untagged enum DecoderUntagged")

// MarshalJSON writes the reference's serialization.
func (s *Sequence) MarshalJSON() ([]byte, error) {
	return serde.MarshalList("Sequence", "decoders", s.Decoders)
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
