// Package processors implements the post-processors of tokenizer.json (the reference's
// processors/*, and the post-processor side of the ByteLevel pre-tokenizer): they add
// the special tokens, type ids and sequence ranges to the encodings of an input, and
// may trim the offsets.
//
// Each type implements tokenizer.PostProcessor and registers its constructor in this
// package's init. ProcessEncodings takes ownership of the encodings it is given (it may
// change them in place) and returns the encodings for the caller to merge (with
// tokenizer.MergeEncodings(encs, false)), as the reference's process_encodings.
//
// The reference reads a post-processor as an untagged enum: it tries RobertaProcessing,
// BertProcessing, ByteLevel, TemplateProcessing and Sequence in this order and keeps the
// first that fits, whatever "type" says (only ByteLevel and Sequence check it). So a
// "RobertaProcessing" without trim_offsets loads as a BertProcessing; these
// constructors do the same.
package processors

import (
	"errors"
	"fmt"

	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// variants are the reference's `PostProcessorWrapper` variants, in its order.
var variants = []struct {
	name  string
	parse func([]byte) (tokenizer.PostProcessor, error)
}{
	{"RobertaProcessing", asProcessor(parseRoberta)},
	{"BertProcessing", asProcessor(parseBert)},
	{"ByteLevel", asProcessor(parseByteLevel)},
	{"TemplateProcessing", asProcessor(parseTemplate)},
	{"Sequence", asProcessor(parseSequence)},
}

func init() {
	for _, v := range variants {
		parse := v.parse
		tokenizer.RegisterPostProcessor(v.name, func(data []byte) (tokenizer.PostProcessor, error) {
			o, err := serde.ParseObject(data)
			if err != nil {
				return nil, err
			}
			if _, typed := o["type"]; !typed {
				// The registry tries the variants itself, in the same order.
				return parse(data)
			}
			return parseUntagged(data)
		})
	}
}

// parseUntagged reads a post-processor as the reference does: the first variant that
// fits.
func parseUntagged(data []byte) (tokenizer.PostProcessor, error) {
	var typ string
	if o, err := serde.ParseObject(data); err == nil {
		_, _ = serde.Field(o, "type", &typ, false, true)
	}
	var named error
	for _, v := range variants {
		p, err := v.parse(data)
		if err == nil {
			return p, nil
		}
		if v.name == typ {
			named = err
		}
	}
	msg := "data did not match any variant of untagged enum PostProcessorWrapper"
	if named != nil {
		return nil, fmt.Errorf("%s (as %s: %w)", msg, typ, named)
	}
	return nil, errors.New(msg)
}

// asProcessor turns a constructor of a concrete type into one of the interface (a
// failed parse gives a nil PostProcessor, not a typed nil).
func asProcessor[T tokenizer.PostProcessor](parse func([]byte) (T, error)) func([]byte) (tokenizer.PostProcessor, error) {
	return func(data []byte) (tokenizer.PostProcessor, error) {
		p, err := parse(data)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}

// filled returns a slice of n times v.
func filled[T any](n int, v T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// wrap returns a new Encoding made of the special token pre (if not nil), the tokens
// of e and the special token post (special tokens: no word, offsets (0,0), special
// mask 1), with e's tokens as the sequence seqID, attention 1 everywhere, and the type
// ids typeIDs (whose length must be the new one). This is how BertProcessing and
// RobertaProcessing build their encodings; e's Overflowing is not carried over.
func wrap(e *tokenizer.Encoding, pre *SpecialToken, post SpecialToken, typeIDs []uint32, seqID int) *tokenizer.Encoding {
	k := 0
	if pre != nil {
		k = 1
	}
	n := k + e.Len() + 1
	out := &tokenizer.Encoding{
		IDs:               make([]uint32, n),
		TypeIDs:           typeIDs,
		Tokens:            make([]string, n),
		Offsets:           make([]tokenizer.Offsets, n),
		WordIDs:           make([]int, n),
		SpecialTokensMask: make([]uint32, n),
		AttentionMask:     filled(n, uint32(1)),
	}
	if pre != nil {
		out.IDs[0], out.Tokens[0], out.WordIDs[0], out.SpecialTokensMask[0] = pre.ID, pre.Token, -1, 1
	}
	copy(out.IDs[k:], e.IDs)
	copy(out.Tokens[k:], e.Tokens)
	copy(out.Offsets[k:], e.Offsets)
	copy(out.WordIDs[k:], e.WordIDs)
	out.IDs[n-1], out.Tokens[n-1], out.WordIDs[n-1], out.SpecialTokensMask[n-1] = post.ID, post.Token, -1, 1
	out.SetSequenceRange(seqID, tokenizer.Offsets{Start: k, End: k + e.Len()})
	return out
}
