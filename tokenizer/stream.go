package tokenizer

import (
	"fmt"
	"strings"
)

// DecodeStream decodes ids one at a time and returns text as soon as it is whole (the
// reference's DecodeStream, tokenizer/mod.rs): a byte-fallback token that ends in the
// middle of a character gives nothing until the ids that complete it arrive, and the
// decoder's context (such as the space a Metaspace decoder strips at the start) is kept
// across steps. A DecodeStream is for one goroutine; make one per stream.
type DecodeStream struct {
	t           *Tokenizer
	skip        bool
	ids         []uint32
	prefix      string
	prefixIndex int
}

// NewDecodeStream returns a DecodeStream over t; skipSpecialTokens is as in Decode.
func (t *Tokenizer) NewDecodeStream(skipSpecialTokens bool) *DecodeStream {
	return &DecodeStream{t: t, skip: skipSpecialTokens}
}

// Step feeds one id. It returns the new text and true when the ids so far complete
// some text, or "" and false when more ids are needed.
func (s *DecodeStream) Step(id uint32) (string, bool, error) {
	if s.prefix == "" && len(s.ids) > 0 {
		p, err := s.t.Decode(s.ids, s.skip)
		if err != nil {
			return "", false, err
		}
		if !strings.HasSuffix(p, "\uFFFD") {
			s.prefix, s.prefixIndex = p, len(s.ids)
		}
	}
	s.ids = append(s.ids, id)
	str, err := s.t.Decode(s.ids, s.skip)
	if err != nil {
		return "", false, err
	}
	if len(str) <= len(s.prefix) || strings.HasSuffix(str, "\uFFFD") {
		return "", false, nil
	}
	if !strings.HasPrefix(str, s.prefix) {
		return "", false, fmt.Errorf("decode stream: invalid prefix at token id %d: expected prefix %q, got %q", id, s.prefix, str)
	}
	text := str[len(s.prefix):]
	newPrefixIndex := len(s.ids) - s.prefixIndex
	s.ids = append(s.ids[:0], s.ids[s.prefixIndex:]...)
	if s.prefix, err = s.t.Decode(s.ids, s.skip); err != nil {
		return "", false, err
	}
	s.prefixIndex = newPrefixIndex
	return text, true, nil
}
