// Package wordlevel implements the WordLevel model: each word is looked up whole in the
// vocabulary, unknown words become the unknown token (the reference's
// models/wordlevel).
package wordlevel

import (
	"errors"
	"fmt"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
	"github.com/fasttok/fasttok/tokenizer"
)

func init() {
	tokenizer.RegisterModel("WordLevel", func(data []byte) (tokenizer.Model, error) {
		return Parse(data)
	})
}

// ErrMissingUnkToken is returned when a word is unknown and the unknown token is not
// in the vocabulary.
var ErrMissingUnkToken = errors.New("WordLevel error: Missing [UNK] token from the vocabulary")

// DefaultUnkToken is the reference's default unknown token.
const DefaultUnkToken = "<unk>"

type entry struct {
	id    uint32
	token string
}

// WordLevel is the WordLevel model. It is safe for concurrent use.
type WordLevel struct {
	vocab    map[string]entry
	byID     map[uint32]string
	unkToken string
	unk      entry
	unkOK    bool
}

// New returns a WordLevel model over vocab with the unknown token unkToken.
func New(vocab map[string]uint32, unkToken string) *WordLevel {
	w := &WordLevel{
		vocab:    make(map[string]entry, len(vocab)),
		byID:     make(map[uint32]string, len(vocab)),
		unkToken: unkToken,
	}
	for tok, id := range vocab {
		w.vocab[tok] = entry{id, tok}
		// Several tokens with one id: keep one, deterministically.
		if old, ok := w.byID[id]; !ok || tok < old {
			w.byID[id] = tok
		}
	}
	w.unk, w.unkOK = w.vocab[unkToken]
	return w
}

// Parse builds a WordLevel model from its tokenizer.json object; vocab and unk_token
// are required, as in the reference.
func Parse(data []byte) (*WordLevel, error) {
	var raw struct {
		Type     *string            `json:"type"`
		Vocab    *map[string]uint32 `json:"vocab"`
		UnkToken *string            `json:"unk_token"`
	}
	if err := jsonutil.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Type != nil && *raw.Type != "WordLevel" {
		return nil, tokenizer.WrapPath(fmt.Errorf("invalid value: string %q, expected WordLevel", *raw.Type), "type")
	}
	if raw.Vocab == nil {
		return nil, jsonutil.MissingField("vocab")
	}
	if raw.UnkToken == nil {
		return nil, jsonutil.MissingField("unk_token")
	}
	return New(*raw.Vocab, *raw.UnkToken), nil
}

// UnkToken returns the unknown token.
func (w *WordLevel) UnkToken() string { return w.unkToken }

// Tokenize implements tokenizer.Model.
func (w *WordLevel) Tokenize(word string) ([]tokenizer.Token, error) {
	if e, ok := w.vocab[word]; ok {
		return []tokenizer.Token{{ID: e.id, Value: e.token, Offsets: tokenizer.Offsets{Start: 0, End: len(word)}}}, nil
	}
	if !w.unkOK {
		return nil, ErrMissingUnkToken
	}
	return []tokenizer.Token{{ID: w.unk.id, Value: w.unkToken, Offsets: tokenizer.Offsets{Start: 0, End: len(word)}}}, nil
}

// AppendIDs appends the id of word to dst (Tokenize without the token string).
func (w *WordLevel) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	if e, ok := w.vocab[word]; ok {
		return append(dst, e.id), nil
	}
	if !w.unkOK {
		return dst, ErrMissingUnkToken
	}
	return append(dst, w.unk.id), nil
}

// TokenToID implements tokenizer.Model.
func (w *WordLevel) TokenToID(token string) (uint32, bool) {
	e, ok := w.vocab[token]
	return e.id, ok
}

// IDToToken implements tokenizer.Model.
func (w *WordLevel) IDToToken(id uint32) (string, bool) {
	t, ok := w.byID[id]
	return t, ok
}

// VocabSize implements tokenizer.Model.
func (w *WordLevel) VocabSize() int { return len(w.vocab) }

// Vocab implements tokenizer.Model.
func (w *WordLevel) Vocab() map[string]uint32 {
	m := make(map[string]uint32, len(w.vocab))
	for t, e := range w.vocab {
		m[t] = e.id
	}
	return m
}

// MarshalJSON writes the model as the reference does: type, the vocabulary ordered by
// id, unk_token.
func (w *WordLevel) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64+len(w.vocab)*16)
	b = append(b, `{"type":"WordLevel","vocab":`...)
	b = serdefmt.AppendOrderedVocab(b, w.byID)
	b = append(b, `,"unk_token":`...)
	b = serdefmt.AppendString(b, w.unkToken)
	return append(b, '}'), nil
}
