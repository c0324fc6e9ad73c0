// Package bpe implements the Byte-Pair Encoding model of Hugging Face tokenizers
// (the reference's models/bpe): a word is split into characters, which are then merged
// pairwise, the pair of lowest rank first, until no known merge applies.
//
// A BPE is built from a tokenizer.json "model" object (Parse, or the tokenizer
// package's registry under the type "BPE") or from Go values (New with Options). It is
// safe for concurrent use. Tokenize and AppendTokens give tokens with byte offsets;
// AppendIDs gives the ids alone and builds no strings.
package bpe

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/strtab"
	"github.com/fasttok/fasttok/internal/wordcache"
	"github.com/fasttok/fasttok/tokenizer"
)

// DefaultCacheCapacity is the default number of words a BPE remembers. The
// reference keeps 10,000 words per thread; fasttok's cache is shared by all
// goroutines, so it is larger: 65,536 words, about 5 MB when full, which holds the
// distinct words of most texts (on English prose split on spaces, 93% of the words
// hit it, against 77% with 10,000).
const DefaultCacheCapacity = 1 << 16

// maxCachedLen is the length (bytes) from which words are not cached (the
// reference's MAX_LENGTH: it caches words shorter than 256 bytes).
const maxCachedLen = 256

// noID marks an absent entry of the character tables.
const noID = ^uint32(0)

// charTableSize is the number of code points (U+0000..U+07FF, the one- and two-byte
// UTF-8 characters) whose ids are kept in flat tables.
const charTableSize = 0x800

// bmpSize is the size of the character table of a model with byte fallback and no
// prefix or suffix (see buildTables): the Basic Multilingual Plane.
const bmpSize = 0x10000

// The errors of the reference's models/bpe Error, as its messages read.
var (
	// ErrInvalidDropout is returned for a dropout outside [0, 1].
	ErrInvalidDropout = errors.New("Dropout should be between 0 and 1, inclusive")
	// ErrMissingVocabMerges is returned by Parse when "vocab" or "merges" is absent.
	ErrMissingVocabMerges = errors.New("Missing vocab/merges")
)

// OutOfVocabularyError is the error of a merge whose token (either part, or their
// concatenation) is not in the vocabulary: "Token `x` out of vocabulary".
type OutOfVocabularyError struct{ Token string }

// Error returns the reference's message.
func (e *OutOfVocabularyError) Error() string {
	return "Token `" + e.Token + "` out of vocabulary"
}

// BadMergesError is the error of a legacy "a b" merge that does not split into
// exactly two parts on a space: "Merges text file invalid at line N" (N counts from
// 1, skipping "#version" lines, as the reference counts).
type BadMergesError struct{ Line int }

// Error returns the reference's message.
func (e *BadMergesError) Error() string {
	return fmt.Sprintf("Merges text file invalid at line %d", e.Line)
}

// UnkTokenError is returned by tokenization when a character is unknown and the
// unknown token itself is not in the vocabulary.
type UnkTokenError struct{ Token string }

// Error returns the reference's message.
func (e *UnkTokenError) Error() string {
	return "Unk token `" + e.Token + "` not found in the vocabulary"
}

// config holds what Options set.
type config struct {
	unkToken     *string
	prefix       *string
	suffix       *string
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
	dropout      *float32
	cacheCap     int
}

// Option configures New.
type Option func(*config)

// WithUnkToken sets the token that stands for unknown characters. Without one,
// unknown characters are dropped (after byte fallback, when that is on).
func WithUnkToken(token string) Option { return func(c *config) { c.unkToken = &token } }

// WithContinuingSubwordPrefix sets the prefix of every character but the first of a
// word when it is looked up in the vocabulary (for example "##"). Merges whose second
// part has the prefix merge into a token without it.
func WithContinuingSubwordPrefix(prefix string) Option {
	return func(c *config) { c.prefix = &prefix }
}

// WithEndOfWordSuffix sets the suffix of the last character of a word when it is
// looked up in the vocabulary (for example "</w>").
func WithEndOfWordSuffix(suffix string) Option { return func(c *config) { c.suffix = &suffix } }

// WithFuseUnk makes consecutive unknown characters one unknown token.
func WithFuseUnk(fuse bool) Option { return func(c *config) { c.fuseUnk = fuse } }

// WithByteFallback makes an unknown character the tokens "<0xXX>" of its UTF-8 bytes,
// when all of them are in the vocabulary, instead of the unknown token.
func WithByteFallback(fallback bool) Option { return func(c *config) { c.byteFallback = fallback } }

// WithIgnoreMerges makes a word that is in the vocabulary one token, without merging.
func WithIgnoreMerges(ignore bool) Option { return func(c *config) { c.ignoreMerges = ignore } }

// WithDropout sets the BPE-dropout probability p in [0, 1]: every merge is skipped
// with probability p, so tokenization is random (p = 0 is no dropout). See
// SetDropoutSeed for reproducible runs.
func WithDropout(p float32) Option { return func(c *config) { c.dropout = &p } }

// WithCacheCapacity sets how many words the BPE may remember (0 disables the cache).
// The cache only saves time: it never changes a result.
func WithCacheCapacity(n int) Option { return func(c *config) { c.cacheCap = n } }

// BPE is the Byte-Pair Encoding model. It implements tokenizer.Model and is safe for
// concurrent use.
type BPE struct {
	vocab *strtab.Table
	// byID maps ids to tokens when the ids are dense; byIDMap when they are not.
	byID    []string
	byIDMap map[uint32]string
	// emptyID is the id of the token "" when there is one (to tell it from holes).
	emptyID  uint32
	hasEmpty bool
	merges   mergeTable
	// staleMatters: a pair that changed may still make the token of the pair it
	// replaced, which the reference then merges (it only compares new ids). Merges
	// only make longer tokens, so this needs shared ids or a merge whose second part
	// is no longer than the prefix. Without it, a changed pair is simply stale, and
	// short words may be merged by mergeScan.
	staleMatters bool
	dupIDs       bool
	unkToken     string
	hasUnk       bool
	unkID        uint32
	unkInVocab   bool
	prefix       string
	suffix       string
	hasPrefix    bool // prefix set (nil and "" differ only when saved)
	hasSuffix    bool
	// usePrefix/useSuffix: the prefix/suffix is non-empty, so lookups must add it.
	usePrefix    bool
	useSuffix    bool
	fuseUnk      bool
	byteFallback bool
	ignoreMerges bool
	dropout      float32
	hasDropout   bool
	dropoutOn    bool // dropout set and > 0
	// charIDs[v][r] is the id of character r < len(charIDs[v]) (charTableSize, or
	// bmpSize: see buildTables), looked up with the prefix when v&1 and with the
	// suffix when v&2; noID when absent.
	charIDs [4][]uint32
	// sentinelID: some token has the id noID, so a noID table entry must be checked
	// in the vocabulary.
	sentinelID bool
	byteIDs    [256]uint32
	byteOK     [256]bool
	cache      *wordcache.Cache
	// segment is the safe cut point of long words, or "" (segment.go).
	segment string

	// rng is the seeded dropout source (SetDropoutSeed), nil for the global one.
	rng atomic.Pointer[lockedRand]
}

// lockedRand is a random source shared by goroutines.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

var _ tokenizer.Model = (*BPE)(nil)

// New returns a BPE over vocab (token → id) and merges (in rank order: the first merge
// applies first). The map is copied. Each merge's parts and their concatenation
// (without the continuing-subword prefix of the second part) must be in the vocabulary.
func New(vocab map[string]uint32, merges [][2]string, opts ...Option) (*BPE, error) {
	cfg := config{cacheCap: DefaultCacheCapacity}
	for _, o := range opts {
		o(&cfg)
	}
	return build(&cfg, vocab, merges, nil)
}

// build makes a BPE over a copy of vocab. mergeIndex, when not nil, gives the JSON index of
// each merge for error paths.
func build(cfg *config, vocab map[string]uint32, merges [][2]string, mergeIndex []int) (*BPE, error) {
	t := strtab.New(len(vocab))
	for k, id := range vocab {
		t.Put(k, id)
	}
	m, err := newBPE(cfg, t)
	if err != nil {
		return nil, err
	}
	m.buildReverse()
	if err := m.buildMerges(merges, mergeIndex); err != nil {
		return nil, err
	}
	m.finish(cfg)
	return m, nil
}

// newBPE checks cfg and makes a BPE over vocab without its id and merge tables.
func newBPE(cfg *config, vocab *strtab.Table) (*BPE, error) {
	if cfg.dropout != nil {
		p := *cfg.dropout
		if !(p >= 0 && p <= 1) {
			return nil, tokenizer.WrapPath(ErrInvalidDropout, "dropout")
		}
	}
	m := &BPE{
		vocab:        vocab,
		fuseUnk:      cfg.fuseUnk,
		byteFallback: cfg.byteFallback,
		ignoreMerges: cfg.ignoreMerges,
	}
	if cfg.unkToken != nil {
		m.hasUnk, m.unkToken = true, *cfg.unkToken
		m.unkID, m.unkInVocab = vocab.Get(m.unkToken)
	}
	if cfg.prefix != nil {
		m.hasPrefix, m.prefix = true, *cfg.prefix
		m.usePrefix = m.prefix != ""
	}
	if cfg.suffix != nil {
		m.hasSuffix, m.suffix = true, *cfg.suffix
		m.useSuffix = m.suffix != ""
	}
	if cfg.dropout != nil {
		m.hasDropout, m.dropout = true, *cfg.dropout
		m.dropoutOn = m.dropout != 0
	}
	return m, nil
}

// finish builds the lookup tables once the vocabulary and merges are in.
func (m *BPE) finish(cfg *config) {
	m.buildTables()
	m.findSegmenter()
	if cfg.cacheCap > 0 {
		m.cache = wordcache.New(cfg.cacheCap)
	}
}

// buildReverse fills the id → token tables. When several tokens share an id, the
// smallest one is kept (the reference keeps an arbitrary one).
func (m *BPE) buildReverse() {
	var maxID uint32
	for tok, id := range m.vocab.All() {
		if id > maxID {
			maxID = id
		}
		if id == noID {
			m.sentinelID = true
		}
		if tok == "" {
			m.hasEmpty, m.emptyID = true, id
		}
	}
	n := m.vocab.Len()
	if n > 0 && uint64(maxID) < 2*uint64(n)+1024 {
		m.byID = make([]string, int(maxID)+1)
		set := make([]bool, int(maxID)+1)
		for tok, id := range m.vocab.All() {
			if set[id] {
				m.dupIDs = true
			}
			if !set[id] || tok < m.byID[id] {
				m.byID[id], set[id] = strings.Clone(tok), true
			}
		}
		if m.hasEmpty && m.byID[m.emptyID] != "" {
			m.hasEmpty = false // "" shares its id with a token that wins
		}
		return
	}
	m.byIDMap = make(map[uint32]string, n)
	for tok, id := range m.vocab.All() {
		old, ok := m.byIDMap[id]
		if ok {
			m.dupIDs = true
		}
		if !ok || tok < old {
			m.byIDMap[id] = strings.Clone(tok)
		}
	}
	if m.hasEmpty && m.byIDMap[m.emptyID] != "" {
		m.hasEmpty = false
	}
}

// buildMerges checks the merges and fills the pair table, as the reference's
// BpeBuilder::build: a later duplicate of a pair replaces the earlier one.
func (m *BPE) buildMerges(merges [][2]string, mergeIndex []int) error {
	m.merges = newMergeTable(len(merges))
	prefixLen := len(m.prefix)
	var buf []byte
	for i, mg := range merges {
		a, b := mg[0], mg[1]
		fail := func(tok string) error {
			idx := i
			if mergeIndex != nil {
				idx = mergeIndex[i]
			}
			return tokenizer.WrapIndex(&OutOfVocabularyError{Token: tok}, "merges", idx)
		}
		aID, ok := m.vocab.Get(a)
		if !ok {
			return fail(a)
		}
		bID, ok := m.vocab.Get(b)
		if !ok {
			return fail(b)
		}
		// The merged token is a + b without the first prefixLen bytes of b (the
		// reference strips that many bytes whether or not b has the prefix).
		buf = append(buf[:0], a...)
		if len(b) >= prefixLen {
			buf = append(buf, b[prefixLen:]...)
		} else {
			// The reference fails here (its length underflows); no token can match.
			return fail(string(buf))
		}
		newID, ok := m.vocab.GetBytes(buf)
		if !ok {
			return fail(string(buf))
		}
		if len(b) == prefixLen {
			m.staleMatters = true
		}
		pair := uint64(aID)<<32 | uint64(bID)
		m.merges.put(pair, uint32(i), newID)
	}
	if m.dupIDs {
		m.staleMatters = true
	}
	return nil
}

// buildTables fills the character and byte-fallback tables.
func (m *BPE) buildTables() {
	var buf []byte
	for v := 0; v < 4; v++ {
		// A variant that adds nothing shares the table of the one without it.
		eff := v
		if !m.usePrefix {
			eff &^= 1
		}
		if !m.useSuffix {
			eff &^= 2
		}
		if eff != v {
			m.charIDs[v] = m.charIDs[eff]
			continue
		}
		t := make([]uint32, charTableSize)
		for r := rune(0); r < charTableSize; r++ {
			buf = buf[:0]
			if v&1 != 0 {
				buf = append(buf, m.prefix...)
			}
			buf = utf8.AppendRune(buf, r)
			if v&2 != 0 {
				buf = append(buf, m.suffix...)
			}
			if id, ok := m.vocab.GetBytes(buf); ok {
				t[r] = id
			} else {
				t[r] = noID
			}
		}
		m.charIDs[v] = t
	}
	if m.byteFallback && !m.usePrefix && !m.useSuffix {
		// A SentencePiece-style model sees the text's own characters: its table
		// covers the three-byte ones too (the Basic Multilingual Plane), filled from
		// the vocabulary's one-character tokens rather than by 63,488 lookups.
		t := make([]uint32, bmpSize)
		copy(t, m.charIDs[0])
		for r := charTableSize; r < bmpSize; r++ {
			t[r] = noID
		}
		for tok, id := range m.vocab.All() {
			if r, size := utf8.DecodeRuneInString(tok); len(tok) == 3 && size == 3 {
				t[r] = id
			}
		}
		for v := range m.charIDs {
			m.charIDs[v] = t
		}
	}
	if m.byteFallback {
		const hexDigits = "0123456789ABCDEF"
		code := []byte("<0x00>")
		for b := 0; b < 256; b++ {
			code[3], code[4] = hexDigits[b>>4], hexDigits[b&15]
			m.byteIDs[b], m.byteOK[b] = m.vocab.GetBytes(code)
		}
	}
}

// SetDropoutSeed makes dropout draw from a random source seeded with seed, so that
// tokenization with dropout is reproducible (for one goroutine's sequence of calls).
// Without it, dropout uses math/rand/v2's global source. It has no effect without
// dropout.
func (m *BPE) SetDropoutSeed(seed int64) {
	m.rng.Store(&lockedRand{r: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))})
}

// ClearCache empties the word cache.
func (m *BPE) ClearCache() {
	if m.cache != nil {
		m.cache.Clear()
	}
}

// TokenToID returns the id of token and whether it is in the vocabulary.
func (m *BPE) TokenToID(token string) (uint32, bool) {
	return m.vocab.Get(token)
}

// IDToToken returns the token of id and whether the id is in the vocabulary.
func (m *BPE) IDToToken(id uint32) (string, bool) {
	if m.byID != nil {
		if int64(id) < int64(len(m.byID)) {
			s := m.byID[id]
			if s != "" || (m.hasEmpty && m.emptyID == id) {
				return s, true
			}
		}
		return "", false
	}
	s, ok := m.byIDMap[id]
	return s, ok
}

// token returns the token of an id known to be in the vocabulary.
func (m *BPE) token(id uint32) string {
	if m.byID != nil {
		return m.byID[id]
	}
	return m.byIDMap[id]
}

// VocabSize returns the number of tokens of the vocabulary.
func (m *BPE) VocabSize() int { return m.vocab.Len() }

// Vocab returns a copy of the vocabulary.
func (m *BPE) Vocab() map[string]uint32 {
	return m.vocab.Map()
}

// UnkToken returns the unknown token and whether there is one.
func (m *BPE) UnkToken() (string, bool) { return m.unkToken, m.hasUnk }

// ContinuingSubwordPrefix returns the continuing-subword prefix and whether it is set.
func (m *BPE) ContinuingSubwordPrefix() (string, bool) { return m.prefix, m.hasPrefix }

// EndOfWordSuffix returns the end-of-word suffix and whether it is set.
func (m *BPE) EndOfWordSuffix() (string, bool) { return m.suffix, m.hasSuffix }

// Dropout returns the dropout probability and whether it is set.
func (m *BPE) Dropout() (float32, bool) { return m.dropout, m.hasDropout }

// FuseUnk reports whether consecutive unknown characters make one unknown token.
func (m *BPE) FuseUnk() bool { return m.fuseUnk }

// ByteFallback reports whether unknown characters fall back to "<0xXX>" byte tokens.
func (m *BPE) ByteFallback() bool { return m.byteFallback }

// IgnoreMerges reports whether words in the vocabulary are output whole.
func (m *BPE) IgnoreMerges() bool { return m.ignoreMerges }

// Merges returns the merges in rank order, as tokens.
func (m *BPE) Merges() [][2]string {
	type rec struct {
		rank uint32
		pair uint64
	}
	recs := make([]rec, 0, m.merges.n)
	m.merges.each(func(pair uint64, rank, _ uint32) {
		recs = append(recs, rec{rank, pair})
	})
	sort.Slice(recs, func(i, j int) bool { return recs[i].rank < recs[j].rank })
	out := make([][2]string, len(recs))
	for i, r := range recs {
		out[i] = [2]string{m.token(uint32(r.pair >> 32)), m.token(uint32(r.pair))}
	}
	return out
}

// Tokenize splits word into tokens; their offsets are byte offsets in word.
func (m *BPE) Tokenize(word string) ([]tokenizer.Token, error) {
	if word == "" {
		return nil, nil
	}
	return m.AppendTokens(nil, word)
}

// AppendTokens appends the tokens of word to dst (offsets are byte offsets in word)
// and returns the extended slice. On error dst is returned unchanged.
func (m *BPE) AppendTokens(dst []tokenizer.Token, word string) ([]tokenizer.Token, error) {
	if m.hasCut(word) {
		return m.appendTokensSegmented(dst, word)
	}
	return m.appendTokensWord(dst, word)
}

func (m *BPE) appendTokensWord(dst []tokenizer.Token, word string) ([]tokenizer.Token, error) {
	if word == "" {
		return dst, nil
	}
	var (
		h      uint64
		cached = false
	)
	if !m.dropoutOn {
		if m.ignoreMerges {
			if id, ok := m.vocab.Get(word); ok {
				v := m.token(id)
				if m.dupIDs {
					v = word // the reference's value is the word itself
				}
				return append(dst, tokenizer.Token{ID: id, Value: v, Offsets: tokenizer.Offsets{End: len(word)}}), nil
			}
		}
		if m.cache != nil && len(word) < maxCachedLen {
			var e *wordcache.Entry
			if e, h = m.cache.Get(word); e != nil {
				start := 0
				for i := 0; ; i++ {
					id, end, ok := e.Token(i)
					if !ok {
						break
					}
					dst = append(dst, tokenizer.Token{ID: id, Value: m.token(id), Offsets: tokenizer.Offsets{Start: start, End: end}})
					start = end
				}
				return dst, nil
			}
			cached = true
		}
	}
	var arr [stackSymbols]symbol
	buf, sc := symbolsFor(arr[:], word)
	syms, err := m.tokenizeWord(word, buf)
	if err != nil {
		releaseSymbols(sc)
		return dst, err
	}
	start := 0
	for _, s := range syms {
		end := start + int(s.len)
		dst = append(dst, tokenizer.Token{ID: s.id, Value: m.token(s.id), Offsets: tokenizer.Offsets{Start: start, End: end}})
		start = end
	}
	if cached {
		m.cachePut(h, word, syms)
	}
	releaseSymbols(sc)
	return dst, nil
}

// AppendIDs appends the ids of the tokens of word to dst and returns the extended
// slice; it gives the ids Tokenize would, without building tokens. On error dst is
// returned unchanged.
func (m *BPE) AppendIDs(dst []uint32, word string) ([]uint32, error) {
	if m.hasCut(word) {
		return m.appendIDsSegmented(dst, word)
	}
	return m.appendIDsWord(dst, word)
}

func (m *BPE) appendIDsWord(dst []uint32, word string) ([]uint32, error) {
	if word == "" {
		return dst, nil
	}
	var (
		h      uint64
		cached = false
	)
	if !m.dropoutOn {
		if m.ignoreMerges {
			if id, ok := m.vocab.Get(word); ok {
				return append(dst, id), nil
			}
		}
		if m.cache != nil && len(word) < maxCachedLen {
			var e *wordcache.Entry
			if e, h = m.cache.Get(word); e != nil {
				return e.AppendIDs(dst), nil
			}
			cached = true
		}
	}
	var arr [stackSymbols]symbol
	buf, sc := symbolsFor(arr[:], word)
	syms, err := m.tokenizeWord(word, buf)
	if err != nil {
		releaseSymbols(sc)
		return dst, err
	}
	for _, s := range syms {
		dst = append(dst, s.id)
	}
	if cached {
		m.cachePut(h, word, syms)
	}
	releaseSymbols(sc)
	return dst, nil
}

// errWordTooLong guards the int32 symbol links.
var errWordTooLong = errors.New("BPE: word longer than 2 GiB")

// randFloat32 draws the dropout random number.
func (m *BPE) randFloat32() float32 {
	lr := m.rng.Load()
	if lr == nil {
		return rand.Float32()
	}
	lr.mu.Lock()
	f := lr.r.Float32()
	lr.mu.Unlock()
	return f
}

// cachePut stores the tokens of a merged word in the cache.
func (m *BPE) cachePut(h uint64, word string, syms []symbol) {
	var buf [2 * stackSymbols]uint32
	var all []uint32
	if 2*len(syms) <= len(buf) {
		all = buf[:2*len(syms)]
	} else {
		all = make([]uint32, 2*len(syms))
	}
	ids, ends := all[:len(syms)], all[len(syms):]
	end := uint32(0)
	for j, s := range syms {
		end += s.len
		ids[j], ends[j] = s.id, end
	}
	m.cache.Put(h, word, ids, ends)
}

// NumMerges returns the number of merges (distinct pairs) of the model.
func (m *BPE) NumMerges() int { return m.merges.n }
