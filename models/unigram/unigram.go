// Package unigram implements the Unigram language model of SentencePiece tokenizers:
// the most probable segmentation of each word into vocabulary pieces (Viterbi over
// the pieces' log-probabilities), unknown characters fused into one unknown token, and
// optional byte fallback, as the reference's models/unigram (its default, optimized
// encoder).
package unigram

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/datrie"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
	"github.com/fasttok/fasttok/internal/wordcache"
	"github.com/fasttok/fasttok/tokenizer"
)

func init() {
	tokenizer.RegisterModel("Unigram", func(data []byte) (tokenizer.Model, error) {
		return Parse(data)
	})
}

// Errors of the reference's UnigramError.
var (
	ErrEmptyVocabulary      = errors.New("The vocabulary is empty but at least <unk> is needed")
	ErrUnkIDNotInVocabulary = errors.New("The `unk_id` is larger than vocabulary size")
	ErrMissingUnkID         = errors.New("Encountered an unknown token but `unk_id` is missing")
)

// unkPenalty is subtracted from the lowest score to score unknown characters.
const unkPenalty = 10.0

// Piece is a vocabulary entry: a piece and its score (log-probability).
type Piece struct {
	Token string
	Score float64
}

// Unigram is the Unigram model. It is safe for concurrent use.
type Unigram struct {
	vocab        []Piece
	tokenToID    map[string]uint32
	trie         *datrie.Trie
	scores       []float64 // score of the piece ending at each trie state
	minScore     float64
	unkID        int32 // -1: none
	byteFallback bool
	// byteIDs holds the id of each byte token "<0xXX>", or -1.
	byteIDs [256]int32
	scratch sync.Pool
	// cache remembers the ids of words (AppendIDs); it never changes a result.
	cache *wordcache.Cache
}

// cacheCapacity is the number of words the ids cache holds (as the BPE model's), and
// maxCachedLen the length of the longest word it keeps.
const (
	cacheCapacity = 65536
	maxCachedLen  = 256
)

// New returns a Unigram model. unkID < 0 means no unknown token. It fails as the
// reference's Unigram::from does.
func New(vocab []Piece, unkID int, byteFallback bool) (*Unigram, error) {
	if unkID >= 0 {
		if len(vocab) == 0 {
			return nil, ErrEmptyVocabulary
		}
		if unkID >= len(vocab) {
			return nil, ErrUnkIDNotInVocabulary
		}
	} else {
		unkID = -1
	}
	u := &Unigram{
		vocab:        vocab,
		minScore:     math.Inf(1),
		unkID:        int32(unkID),
		byteFallback: byteFallback,
	}
	// The token map is filled while the trie is built.
	done := make(chan map[string]uint32, 1)
	go func() {
		m := make(map[string]uint32, len(vocab))
		for id, p := range vocab {
			m[p.Token] = uint32(id)
		}
		done <- m
	}()
	pieces := make([]string, len(vocab))
	for id, p := range vocab {
		pieces[id] = p.Token
		if p.Score < u.minScore {
			u.minScore = p.Score
		}
	}
	// The reference finds a piece's id by looking the piece up in its token map, so a
	// duplicated piece stands for its last id: Build keeps the last value too.
	ids := make([]int32, len(vocab))
	for i := range ids {
		ids[i] = int32(i)
	}
	u.trie = datrie.Build(pieces, ids)
	u.scores = make([]float64, u.trie.States())
	for s := range u.scores {
		if id := u.trie.Value(int32(s)); id >= 0 {
			u.scores[s] = vocab[id].Score
		}
	}
	u.tokenToID = <-done
	for b := range u.byteIDs {
		u.byteIDs[b] = -1
		if id, ok := u.tokenToID[byteTokens[b]]; ok {
			u.byteIDs[b] = int32(id)
		}
	}
	u.scratch.New = func() any { return new(lattice) }
	u.cache = wordcache.New(cacheCapacity)
	return u, nil
}

// byteTokens are the byte-fallback tokens "<0x00>".."<0xFF>".
var byteTokens = func() (t [256]string) {
	for b := range t {
		t[b] = fmt.Sprintf("<0x%02X>", b)
	}
	return
}()

// Parse builds a Unigram model from its tokenizer.json object:
// `{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],...],"byte_fallback":false}`.
func Parse(data []byte) (*Unigram, error) {
	if u, ok := parseFast(data); ok {
		return u, nil
	}
	return parseFull(data)
}

// parseFull is Parse with the full decoder.
func parseFull(data []byte) (*Unigram, error) {
	var raw struct {
		Type         *string `json:"type"`
		UnkID        jsonRaw `json:"unk_id"`
		Vocab        jsonRaw `json:"vocab"`
		ByteFallback jsonRaw `json:"byte_fallback"`
	}
	if err := jsonutil.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Type != nil && *raw.Type != "Unigram" {
		return nil, tokenizer.WrapPath(fmt.Errorf("invalid value: string %q, expected Unigram", *raw.Type), "type")
	}
	unkID := -1
	if raw.UnkID != nil && !jsonutil.IsNull(raw.UnkID) {
		var id uint64
		if err := jsonutil.Unmarshal(raw.UnkID, &id); err != nil {
			return nil, tokenizer.WrapPath(err, "unk_id")
		}
		if id > math.MaxInt32 {
			return nil, fmt.Errorf("Unable to load vocab UnkIdNotInVocabulary")
		}
		unkID = int(id)
	}
	byteFallback := false
	if raw.ByteFallback != nil {
		if jsonutil.IsNull(raw.ByteFallback) {
			return nil, tokenizer.WrapPath(errors.New("invalid type: null, expected a boolean"), "byte_fallback")
		}
		if err := jsonutil.Unmarshal(raw.ByteFallback, &byteFallback); err != nil {
			return nil, tokenizer.WrapPath(err, "byte_fallback")
		}
	}
	if raw.Vocab == nil {
		return nil, errors.New("Missing vocab")
	}
	var entries [][]any
	if err := unmarshalNumbers(raw.Vocab, &entries); err != nil {
		if err2 := jsonutil.Unmarshal(raw.Vocab, &entries); err2 != nil {
			err = err2 // the standard library's message says where
		}
		return nil, tokenizer.WrapPath(err, "vocab")
	}
	if entries == nil {
		return nil, tokenizer.WrapPath(errors.New("invalid type: null, expected a sequence"), "vocab")
	}
	vocab := make([]Piece, len(entries))
	for i, e := range entries {
		if len(e) != 2 {
			return nil, tokenizer.WrapIndex(fmt.Errorf("invalid length %d, expected a tuple of size 2", len(e)), "vocab", i)
		}
		tok, ok := e[0].(string)
		if !ok {
			return nil, tokenizer.WrapIndex(fmt.Errorf("invalid type: %v, expected a string", e[0]), "vocab", i)
		}
		num, ok := e[1].(json.Number)
		if !ok {
			return nil, tokenizer.WrapIndex(fmt.Errorf("invalid type: %v, expected f64", e[1]), "vocab", i)
		}
		// The reference's serde_json parse, which is not always correctly rounded.
		score, err := serdefmt.ParseFloat64(string(num))
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "vocab", i)
		}
		vocab[i] = Piece{tok, score}
	}
	u, err := New(vocab, unkID, byteFallback)
	if err != nil {
		name := "UnkIdNotInVocabulary"
		if errors.Is(err, ErrEmptyVocabulary) {
			name = "EmptyVocabulary"
		}
		return nil, fmt.Errorf("Unable to load vocab %s", name)
	}
	return u, nil
}

// unmarshalNumbers decodes data into v with its JSON numbers as json.Number, so that
// scores are parsed as the reference parses them.
func unmarshalNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("invalid character after top-level value")
	}
	return nil
}

// jsonRaw is a raw JSON value (nil when absent).
type jsonRaw []byte

// UnmarshalJSON keeps the raw bytes.
func (r *jsonRaw) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// UnkID returns the id of the unknown token, or -1.
func (u *Unigram) UnkID() int { return int(u.unkID) }

// ByteFallback reports whether unknown characters become byte tokens.
func (u *Unigram) ByteFallback() bool { return u.byteFallback }

// MinScore returns the lowest score of the vocabulary (+Inf if it is empty).
func (u *Unigram) MinScore() float64 { return u.minScore }

// lattice is the per-call scratch space of the Viterbi search: for each byte position
// of the word, the best path ending there.
type lattice struct {
	score []float64
	start []int32 // start of the last piece of the best path, -1: none yet
	id    []int32
	spans []span
	ends  []uint32 // end offsets of the ids, for the cache
	ids   []uint32 // the ids, for the cache (AppendTokens)
}

// span is a piece of the best path: a vocabulary piece, or a run of unknown characters.
type span struct {
	start, end int
	id         int32 // token id, or -1 for a (fused) unknown run
}

// viterbi computes the best segmentation of word into l.spans (in order).
func (u *Unigram) viterbi(l *lattice, word string) error {
	n := len(word)
	if cap(l.score) < n+1 {
		l.score = make([]float64, n+1)
		l.start = make([]int32, n+1)
		l.id = make([]int32, n+1)
	}
	score, start, ids := l.score[:n+1], l.start[:n+1], l.id[:n+1]
	for i := range start {
		start[i] = -1
	}
	score[0] = 0
	unkScore := u.minScore - unkPenalty
	tr, scores := u.trie, u.scores
	for pos := 0; pos < n; {
		base := score[pos]
		mblen := 1
		if word[pos] >= utf8.RuneSelf {
			_, mblen = utf8.DecodeRuneInString(word[pos:])
		}
		single := false
		st := datrie.Root
		for k := pos; k < n; k++ {
			if st = tr.Next(st, word[k]); st < 0 {
				break
			}
			if id := tr.Value(st); id >= 0 {
				end := k + 1
				cand := scores[st] + base
				if start[end] < 0 || cand > score[end] {
					score[end], start[end], ids[end] = cand, int32(pos), id
				}
				if end-pos == mblen {
					single = true
				}
			}
		}
		if !single {
			k := pos + mblen
			cand := unkScore + base
			if start[k] < 0 || cand > score[k] {
				if u.unkID < 0 {
					return ErrMissingUnkID
				}
				score[k], start[k], ids[k] = cand, int32(pos), u.unkID
			}
		}
		pos += mblen
	}
	// Backtrack, fusing consecutive unknown-token nodes.
	spans := l.spans[:0]
	for end := n; end > 0; {
		s := int(start[end])
		id := ids[end]
		if id == u.unkID {
			if k := len(spans) - 1; k >= 0 && spans[k].id < 0 && spans[k].start == end {
				spans[k].start = s
			} else {
				spans = append(spans, span{s, end, -1})
			}
		} else {
			spans = append(spans, span{s, end, id})
		}
		end = s
	}
	for i, j := 0, len(spans)-1; i < j; i, j = i+1, j-1 {
		spans[i], spans[j] = spans[j], spans[i]
	}
	l.spans = spans
	return nil
}

// Tokenize implements tokenizer.Model.
func (u *Unigram) Tokenize(word string) ([]tokenizer.Token, error) {
	return u.AppendTokens(nil, word)
}

// AppendTokens appends the tokens of word to dst (offsets are byte offsets in word),
// as Tokenize gives them (tokenizer.TokenAppender).
func (u *Unigram) AppendTokens(dst []tokenizer.Token, word string) ([]tokenizer.Token, error) {
	if word == "" {
		return dst, nil
	}
	var h uint64
	useCache := u.cache != nil && len(word) < maxCachedLen
	if useCache {
		var e *wordcache.Entry
		if e, h = u.cache.Get(word); e != nil {
			return u.appendCached(dst, word, e), nil
		}
	}
	l := u.scratch.Get().(*lattice)
	defer u.scratch.Put(l)
	if err := u.viterbi(l, word); err != nil {
		return dst, err
	}
	tokens := dst
	if tokens == nil {
		tokens = make([]tokenizer.Token, 0, len(l.spans))
	}
	n0 := len(tokens)
	for _, sp := range l.spans {
		piece := word[sp.start:sp.end]
		off := tokenizer.Offsets{Start: sp.start, End: sp.end}
		if sp.id >= 0 {
			tokens = append(tokens, tokenizer.Token{ID: uint32(sp.id), Value: piece, Offsets: off})
			continue
		}
		if id, ok := u.tokenToID[piece]; ok {
			tokens = append(tokens, tokenizer.Token{ID: id, Value: piece, Offsets: off})
			continue
		}
		if u.byteFallback && u.hasBytes(piece) {
			for i := 0; i < len(piece); i++ {
				b := piece[i]
				tokens = append(tokens, tokenizer.Token{ID: uint32(u.byteIDs[b]), Value: byteTokens[b], Offsets: off})
			}
			continue
		}
		if u.unkID < 0 {
			if dst == nil {
				return nil, ErrMissingUnkID
			}
			return tokens[:n0], ErrMissingUnkID
		}
		tokens = append(tokens, tokenizer.Token{ID: uint32(u.unkID), Value: piece, Offsets: off})
	}
	if useCache {
		l.ids, l.ends = l.ids[:0], l.ends[:0]
		for _, t := range tokens[n0:] {
			l.ids = append(l.ids, t.ID)
			l.ends = append(l.ends, uint32(t.Offsets.End))
		}
		u.cache.Put(h, word, l.ids, l.ends)
	}
	return tokens, nil
}

// appendCached appends the tokens of word from its cache entry: the ids with their end
// offsets. A token starts where the previous one ends, but for the byte-fallback tokens
// of one piece, which share its offsets (consecutive tokens with the same end; a
// one-byte piece's byte token is told by its id, that of the byte's token, which no
// other token of a one-byte piece has) and whose values are the byte tokens.
func (u *Unigram) appendCached(dst []tokenizer.Token, word string, e *wordcache.Entry) []tokenizer.Token {
	start := 0
	for i := 0; ; {
		id, end, ok := e.Token(i)
		if !ok {
			break
		}
		j := i + 1
		for {
			_, end2, ok2 := e.Token(j)
			if !ok2 || end2 != end {
				break
			}
			j++
		}
		off := tokenizer.Offsets{Start: start, End: end}
		if j-i > 1 || (u.byteFallback && end-start == 1 && u.byteIDs[word[start]] == int32(id)) {
			for k := i; k < j; k++ {
				idk, _, _ := e.Token(k)
				dst = append(dst, tokenizer.Token{ID: idk, Value: byteTokens[word[start+k-i]], Offsets: off})
			}
		} else {
			dst = append(dst, tokenizer.Token{ID: id, Value: word[start:end], Offsets: off})
		}
		start, i = end, j
	}
	return dst
}

// AppendIDs appends the ids of the tokens of word to dst (Tokenize without the token
// strings and offsets).
func (u *Unigram) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	if word == "" {
		return dst, nil
	}
	var h uint64
	useCache := u.cache != nil && len(word) < maxCachedLen
	if useCache {
		var e *wordcache.Entry
		if e, h = u.cache.Get(word); e != nil {
			return e.AppendIDs(dst), nil
		}
	}
	l := u.scratch.Get().(*lattice)
	defer u.scratch.Put(l)
	if err := u.viterbi(l, word); err != nil {
		return dst, err
	}
	n0 := len(dst)
	l.ends = l.ends[:0]
	for _, sp := range l.spans {
		if sp.id >= 0 {
			dst = append(dst, uint32(sp.id))
			l.ends = append(l.ends, uint32(sp.end))
			continue
		}
		piece := word[sp.start:sp.end]
		if id, ok := u.tokenToID[piece]; ok {
			dst = append(dst, id)
			l.ends = append(l.ends, uint32(sp.end))
			continue
		}
		if u.byteFallback && u.hasBytes(piece) {
			for i := 0; i < len(piece); i++ {
				dst = append(dst, uint32(u.byteIDs[piece[i]]))
				l.ends = append(l.ends, uint32(sp.end))
			}
			continue
		}
		if u.unkID < 0 {
			return dst[:n0], ErrMissingUnkID
		}
		dst = append(dst, uint32(u.unkID))
		l.ends = append(l.ends, uint32(sp.end))
	}
	if useCache {
		u.cache.Put(h, word, dst[n0:], l.ends)
	}
	return dst, nil
}

// hasBytes reports whether every byte of s has a byte-fallback token.
func (u *Unigram) hasBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if u.byteIDs[s[i]] < 0 {
			return false
		}
	}
	return true
}

// TokenToID implements tokenizer.Model.
func (u *Unigram) TokenToID(token string) (uint32, bool) {
	id, ok := u.tokenToID[token]
	return id, ok
}

// IDToToken implements tokenizer.Model.
func (u *Unigram) IDToToken(id uint32) (string, bool) {
	if int64(id) < int64(len(u.vocab)) {
		return u.vocab[id].Token, true
	}
	return "", false
}

// VocabSize implements tokenizer.Model (the number of pieces, duplicates included).
func (u *Unigram) VocabSize() int { return len(u.vocab) }

// Vocab implements tokenizer.Model.
func (u *Unigram) Vocab() map[string]uint32 {
	m := make(map[string]uint32, len(u.tokenToID))
	for t, id := range u.tokenToID {
		m[t] = id
	}
	return m
}

// Pieces returns a copy of the vocabulary, in id order.
func (u *Unigram) Pieces() []Piece { return append([]Piece(nil), u.vocab...) }

// MarshalJSON writes the model as the reference does: type, unk_id, vocab as
// [[piece, score], ...] (scores as serde_json writes f64), byte_fallback.
func (u *Unigram) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64+len(u.vocab)*24)
	b = append(b, `{"type":"Unigram","unk_id":`...)
	if u.unkID < 0 {
		b = append(b, "null"...)
	} else {
		b = fmt.Appendf(b, "%d", u.unkID)
	}
	b = append(b, `,"vocab":[`...)
	for i, p := range u.vocab {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = serdefmt.AppendString(b, p.Token)
		b = append(b, ',')
		b = serdefmt.AppendFloat64(b, p.Score)
		b = append(b, ']')
	}
	b = append(b, `],"byte_fallback":`...)
	if u.byteFallback {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	return append(b, '}'), nil
}
