// Package wordpiece implements the WordPiece model of BERT-like tokenizers: greedy
// longest-match-first splitting of each word into vocabulary pieces, the pieces after
// the first carrying a continuing-subword prefix ("##"), as the reference's
// models/wordpiece does.
package wordpiece

import (
	"errors"
	"fmt"
	"maps"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/datrie"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
	"github.com/fasttok/fasttok/tokenizer"
)

func init() {
	tokenizer.RegisterModel("WordPiece", func(data []byte) (tokenizer.Model, error) {
		return Parse(data)
	})
}

// ErrMissingUnkToken is returned when a word needs the unknown token but it is not in
// the vocabulary.
var ErrMissingUnkToken = errors.New("WordPiece error: Missing [UNK] token from the vocabulary")

// Defaults of the reference's WordPieceBuilder.
const (
	DefaultUnkToken                = "[UNK]"
	DefaultContinuingSubwordPrefix = "##"
	DefaultMaxInputCharsPerWord    = 100
)

// entry is a vocabulary entry: its id, and the token itself (so that Tokenize can
// return the token without building a string).
type entry struct {
	id    uint32
	token string
}

// WordPiece is the WordPiece model. It is safe for concurrent use.
type WordPiece struct {
	vocab  map[string]uint32
	byID   []string // dense id → token ("" and !hasID for holes)
	hasID  []bool
	sparse map[uint32]string // id → token when the ids are too sparse for byID

	unkToken                string
	continuingSubwordPrefix string
	maxInputCharsPerWord    int
	// trie maps each token to its index in entries; prefixState is the trie state of
	// continuingSubwordPrefix (-1 if no token starts with it).
	trie        *datrie.Trie
	entries     []entry
	prefixState int32
	// unk is the unknown token's entry; unkOK is false when it is not in the vocabulary.
	unk   entry
	unkOK bool
}

// Options are the parameters of a WordPiece model; zero values are not defaults, use
// DefaultOptions.
type Options struct {
	UnkToken                string
	ContinuingSubwordPrefix string
	MaxInputCharsPerWord    int
}

// DefaultOptions returns the reference's defaults.
func DefaultOptions() Options {
	return Options{DefaultUnkToken, DefaultContinuingSubwordPrefix, DefaultMaxInputCharsPerWord}
}

// New returns a WordPiece model over vocab.
func New(vocab map[string]uint32, opt Options) *WordPiece {
	return newOwned(maps.Clone(vocab), nil, nil, opt)
}

// newOwned is New for a vocabulary that the model may keep. keys and ids, when not
// nil, are vocab's entries (each key once), saving an iteration over the map.
func newOwned(vocab map[string]uint32, keys []string, ids []uint32, opt Options) *WordPiece {
	if vocab == nil {
		vocab = map[string]uint32{}
	}
	if keys == nil {
		keys = make([]string, 0, len(vocab))
		ids = make([]uint32, 0, len(vocab))
		for tok, id := range vocab {
			keys = append(keys, tok)
			ids = append(ids, id)
		}
	}
	w := newIndex(keys, ids, opt)
	w.setVocab(vocab)
	return w
}

// newIndex returns a model without its vocabulary map (see setVocab): the trie and
// the id → token table of keys and ids (each key once).
func newIndex(keys []string, ids []uint32, opt Options) *WordPiece {
	w := &WordPiece{
		entries:                 make([]entry, len(keys)),
		unkToken:                opt.UnkToken,
		continuingSubwordPrefix: opt.ContinuingSubwordPrefix,
		maxInputCharsPerWord:    opt.MaxInputCharsPerWord,
	}
	maxID := -1
	vals := make([]int32, len(keys))
	for i, tok := range keys {
		id := ids[i]
		vals[i] = int32(i)
		w.entries[i] = entry{id, tok}
		if int(id) > maxID {
			maxID = int(id)
		}
	}
	w.trie = datrie.Build(keys, vals)
	w.prefixState = w.trie.Walk(datrie.Root, opt.ContinuingSubwordPrefix)
	if maxID < 4*len(keys)+1024 {
		w.byID = make([]string, maxID+1)
		w.hasID = make([]bool, maxID+1)
		for i, tok := range keys {
			// Several tokens with one id: keep one, deterministically.
			if id := ids[i]; !w.hasID[id] || tok < w.byID[id] {
				w.byID[id] = tok
				w.hasID[id] = true
			}
		}
	} else {
		w.sparse = make(map[uint32]string, len(keys))
		for i, tok := range keys {
			if old, ok := w.sparse[ids[i]]; !ok || tok < old {
				w.sparse[ids[i]] = tok
			}
		}
	}
	return w
}

// setVocab completes newIndex's model with its vocabulary map.
func (w *WordPiece) setVocab(vocab map[string]uint32) {
	w.vocab = vocab
	var unkID uint32
	unkID, w.unkOK = w.vocab[w.unkToken]
	w.unk = entry{unkID, w.unkToken}
}

// Parse builds a WordPiece model from its tokenizer.json object. As the reference, it
// requires unk_token, continuing_subword_prefix, max_input_chars_per_word and vocab.
func Parse(data []byte) (*WordPiece, error) {
	if w, ok := parseFast(data); ok {
		return w, nil
	}
	if reduced, ok := withoutVocabArray(data); ok {
		if _, err := parseFull(reduced); err != nil {
			return nil, err
		}
	}
	return parseFull(data)
}

// parseFull is Parse with the full decoder.
func parseFull(data []byte) (*WordPiece, error) {
	var raw struct {
		Type                    *string            `json:"type"`
		UnkToken                *string            `json:"unk_token"`
		ContinuingSubwordPrefix *string            `json:"continuing_subword_prefix"`
		MaxInputCharsPerWord    *uint64            `json:"max_input_chars_per_word"`
		Vocab                   *map[string]uint32 `json:"vocab"`
	}
	if err := jsonutil.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Type != nil && *raw.Type != "WordPiece" {
		return nil, tokenizer.WrapPath(fmt.Errorf("invalid value: string %q, expected WordPiece", *raw.Type), "type")
	}
	switch {
	case raw.UnkToken == nil:
		return nil, jsonutil.MissingField("unk_token")
	case raw.ContinuingSubwordPrefix == nil:
		return nil, jsonutil.MissingField("continuing_subword_prefix")
	case raw.MaxInputCharsPerWord == nil:
		return nil, jsonutil.MissingField("max_input_chars_per_word")
	case raw.Vocab == nil:
		return nil, jsonutil.MissingField("vocab")
	}
	maxChars := *raw.MaxInputCharsPerWord
	if maxChars > uint64(maxInt) {
		maxChars = uint64(maxInt)
	}
	return newOwned(*raw.Vocab, nil, nil, Options{
		UnkToken:                *raw.UnkToken,
		ContinuingSubwordPrefix: *raw.ContinuingSubwordPrefix,
		MaxInputCharsPerWord:    int(maxChars),
	}), nil
}

const maxInt = int(^uint(0) >> 1)

// UnkToken returns the unknown token.
func (w *WordPiece) UnkToken() string { return w.unkToken }

// ContinuingSubwordPrefix returns the prefix of the pieces that continue a word.
func (w *WordPiece) ContinuingSubwordPrefix() string { return w.continuingSubwordPrefix }

// MaxInputCharsPerWord returns the length, in characters, above which a word is unknown.
func (w *WordPiece) MaxInputCharsPerWord() int { return w.maxInputCharsPerWord }

// split runs the greedy longest-match-first algorithm over word and calls emit for each
// piece in order. It returns false when some part of word matches no piece (the whole
// word is then unknown; emit may have been called for the pieces before). The longest
// piece is found in one walk of the trie (from the state of the prefix for the pieces
// after the first), which is what the reference's shrinking lookups find.
func (w *WordPiece) split(word string, emit func(e entry, start, end int)) bool {
	tr := w.trie
	for start := 0; start < len(word); {
		st := datrie.Root
		if start > 0 {
			if st = w.prefixState; st < 0 {
				return false
			}
		}
		best, bestEnd := int32(-1), 0
		for k := start; k < len(word); k++ {
			if st = tr.Next(st, word[k]); st < 0 {
				break
			}
			if v := tr.Value(st); v >= 0 {
				best, bestEnd = v, k+1
			}
		}
		if best < 0 {
			return false
		}
		emit(w.entries[best], start, bestEnd)
		start = bestEnd
	}
	return true
}

// tooLong reports whether word has more than maxInputCharsPerWord characters.
func (w *WordPiece) tooLong(word string) bool {
	if len(word) <= w.maxInputCharsPerWord {
		return false
	}
	return utf8.RuneCountInString(word) > w.maxInputCharsPerWord
}

// Tokenize implements tokenizer.Model.
func (w *WordPiece) Tokenize(word string) ([]tokenizer.Token, error) {
	if !w.tooLong(word) {
		// Collect on the stack, then allocate the exact size.
		var buf [16]tokenizer.Token
		tokens := buf[:0]
		if w.split(word, func(e entry, start, end int) {
			tokens = append(tokens, tokenizer.Token{ID: e.id, Value: e.token, Offsets: tokenizer.Offsets{Start: start, End: end}})
		}) {
			return append([]tokenizer.Token(nil), tokens...), nil
		}
	}
	if !w.unkOK {
		return nil, ErrMissingUnkToken
	}
	return []tokenizer.Token{{ID: w.unk.id, Value: w.unkToken, Offsets: tokenizer.Offsets{Start: 0, End: len(word)}}}, nil
}

// AppendTokens appends the tokens of word to dst (offsets are byte offsets in word),
// as Tokenize gives them (tokenizer.TokenAppender).
func (w *WordPiece) AppendTokens(dst []tokenizer.Token, word string) ([]tokenizer.Token, error) {
	if !w.tooLong(word) {
		n := len(dst)
		if w.split(word, func(e entry, start, end int) {
			dst = append(dst, tokenizer.Token{ID: e.id, Value: e.token, Offsets: tokenizer.Offsets{Start: start, End: end}})
		}) {
			return dst, nil
		}
		dst = dst[:n]
	}
	if !w.unkOK {
		return dst, ErrMissingUnkToken
	}
	return append(dst, tokenizer.Token{ID: w.unk.id, Value: w.unkToken, Offsets: tokenizer.Offsets{Start: 0, End: len(word)}}), nil
}

// AppendIDs appends the ids of the tokens of word to dst (Tokenize without the token
// strings and offsets).
func (w *WordPiece) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	if !w.tooLong(word) {
		n := len(dst)
		if w.split(word, func(e entry, _, _ int) { dst = append(dst, e.id) }) {
			return dst, nil
		}
		dst = dst[:n]
	}
	if !w.unkOK {
		return dst, ErrMissingUnkToken
	}
	return append(dst, w.unk.id), nil
}

// TokenToID implements tokenizer.Model.
func (w *WordPiece) TokenToID(token string) (uint32, bool) {
	id, ok := w.vocab[token]
	return id, ok
}

// IDToToken implements tokenizer.Model.
func (w *WordPiece) IDToToken(id uint32) (string, bool) {
	if w.sparse != nil {
		t, ok := w.sparse[id]
		return t, ok
	}
	if int64(id) < int64(len(w.byID)) && w.hasID[id] {
		return w.byID[id], true
	}
	return "", false
}

// VocabSize implements tokenizer.Model.
func (w *WordPiece) VocabSize() int { return len(w.vocab) }

// Vocab implements tokenizer.Model.
func (w *WordPiece) Vocab() map[string]uint32 {
	return maps.Clone(w.vocab)
}

// MarshalJSON writes the model as the reference does: type, unk_token,
// continuing_subword_prefix, max_input_chars_per_word, then the vocabulary ordered by
// id (one token per id).
func (w *WordPiece) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64+len(w.vocab)*16)
	b = append(b, `{"type":"WordPiece","unk_token":`...)
	b = serdefmt.AppendString(b, w.unkToken)
	b = append(b, `,"continuing_subword_prefix":`...)
	b = serdefmt.AppendString(b, w.continuingSubwordPrefix)
	b = append(b, `,"max_input_chars_per_word":`...)
	b = fmt.Appendf(b, "%d", w.maxInputCharsPerWord)
	b = append(b, `,"vocab":`...)
	b = serdefmt.AppendOrderedVocab(b, w.idMap())
	return append(b, '}'), nil
}

func (w *WordPiece) idMap() map[uint32]string {
	if w.sparse != nil {
		return w.sparse
	}
	m := make(map[uint32]string, len(w.vocab))
	for id, ok := range w.hasID {
		if ok {
			m[uint32(id)] = w.byID[id]
		}
	}
	return m
}
