package tokenizer

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// AddedToken is a token added on top of the model's vocabulary (the reference's
// `AddedToken`): special tokens such as "<|endoftext|>", and tokens a user added.
type AddedToken struct {
	// Content is the token's text as given.
	Content string
	// SingleWord: the token only matches as a whole word (no word character on either side).
	SingleWord bool
	// LStrip: a match takes in the whitespace on its left.
	LStrip bool
	// RStrip: a match takes in the whitespace on its right.
	RStrip bool
	// Normalized: the token is matched in the normalized text (against its own
	// normalized form), not in the raw input.
	Normalized bool
	// Special: the token is special (skipped by Decode when asked).
	Special bool
}

// NewAddedToken returns a token with the reference's defaults: special tokens are not
// normalized, others are.
func NewAddedToken(content string, special bool) AddedToken {
	return AddedToken{Content: content, Special: special, Normalized: !special}
}

// AddedVocabulary holds the added tokens of a Tokenizer and finds them in texts (the
// reference's `AddedVocabulary`, tokenizer/added_vocabulary.rs). It is not safe for
// concurrent modification; a Tokenizer never modifies it after it is built.
type AddedVocabulary struct {
	tokenToID map[string]uint32
	idToToken map[uint32]AddedToken
	special   map[string]bool
	// normalizedCache holds the normalized form of normalized tokens whose form differs.
	normalizedCache map[uint32]string
	// raw matches tokens with Normalized false in the raw input; norm matches the others
	// in the normalized pieces.
	raw, norm *tokenMatcher
	// encodeSpecialTokens: special tokens are not matched (they are encoded as text).
	encodeSpecialTokens bool
}

// Len returns the number of added tokens.
func (v *AddedVocabulary) Len() int { return len(v.tokenToID) }

// Vocab returns a copy of the added tokens' content → id map.
func (v *AddedVocabulary) Vocab() map[string]uint32 {
	m := make(map[string]uint32, len(v.tokenToID))
	for k, id := range v.tokenToID {
		m[k] = id
	}
	return m
}

// TokenByID returns the added token of id.
func (v *AddedVocabulary) TokenByID(id uint32) (AddedToken, bool) {
	t, ok := v.idToToken[id]
	return t, ok
}

// Tokens returns the added tokens with their ids, ordered by id.
func (v *AddedVocabulary) Tokens() []AddedTokenWithID {
	out := make([]AddedTokenWithID, 0, len(v.idToToken))
	for id, t := range v.idToToken {
		out = append(out, AddedTokenWithID{ID: id, AddedToken: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// AddedTokenWithID is an added token and its id.
type AddedTokenWithID struct {
	ID uint32
	AddedToken
}

// IsSpecial reports whether content is a special added token.
func (v *AddedVocabulary) IsSpecial(content string) bool { return v.special[content] }

// ID returns the id of an added token's content.
func (v *AddedVocabulary) ID(content string) (uint32, bool) {
	id, ok := v.tokenToID[content]
	return id, ok
}

// decodeToken returns the string an added token id decodes from: its normalized form
// when it has one (so the decoder can invert the normalization), else its content.
func (v *AddedVocabulary) decodeToken(id uint32) (string, bool) {
	t, ok := v.idToToken[id]
	if !ok {
		return "", false
	}
	if s, ok := v.normalizedCache[id]; ok {
		return s, true
	}
	return t.Content, true
}

// AddTokens adds tokens as the reference's add_tokens: a token whose content the model
// or this vocabulary already knows keeps that id, others get the next free id; empty
// tokens are skipped. normalizer (may be nil) gives the normalized form of normalized
// tokens. It returns how many tokens were added.
func (v *AddedVocabulary) AddTokens(tokens []AddedToken, model Model, normalizer Normalizer) (int, error) {
	if v.tokenToID == nil {
		v.tokenToID = map[string]uint32{}
		v.idToToken = map[uint32]AddedToken{}
		v.special = map[string]bool{}
		v.normalizedCache = map[uint32]string{}
	}
	vocabSize := uint32(model.VocabSize())
	nextID := vocabSize
	if len(v.idToToken) > 0 {
		var max uint32
		for id := range v.idToToken {
			if id > max {
				max = id
			}
		}
		if max >= vocabSize || vocabSize == 0 {
			nextID = max + 1
		}
	}
	added := 0
	for _, tok := range tokens {
		if tok.Content == "" {
			continue
		}
		if id, ok := v.tokenToID[tok.Content]; ok && v.idToToken[id] == tok {
			continue
		}
		id, ok := v.tokenToID[tok.Content]
		if !ok {
			id, ok = model.TokenToID(tok.Content)
		}
		if !ok {
			id = nextID
			nextID++
		}
		if tok.Normalized && normalizer != nil {
			n := NewNormalizedString(tok.Content)
			if err := normalizer.Normalize(&n); err != nil {
				return added, err
			}
			if n.Normalized() != tok.Content {
				v.normalizedCache[id] = n.Normalized()
			}
		}
		v.tokenToID[tok.Content] = id
		if tok.Special {
			v.special[tok.Content] = true
		}
		v.idToToken[id] = tok
		added++
	}
	v.rebuild()
	return added, nil
}

func (v *AddedVocabulary) rebuild() {
	var raw, norm []matcherEntry
	for _, at := range v.Tokens() {
		if at.Normalized {
			p := at.Content
			if s, ok := v.normalizedCache[at.ID]; ok {
				p = s
			}
			norm = append(norm, matcherEntry{p, at.ID})
		} else {
			raw = append(raw, matcherEntry{at.Content, at.ID})
		}
	}
	v.raw = newTokenMatcher(raw)
	v.norm = newTokenMatcher(norm)
}

// piece is a part of a text: a byte range and, for an added token, its id.
type piece struct {
	start, end int
	id         uint32
	isToken    bool
}

// findMatches splits s into the added tokens m finds and the text between them, as the
// reference's find_matches (leftmost-longest, single_word, lstrip, rstrip).
func (v *AddedVocabulary) findMatches(s string, m *tokenMatcher, dst []piece) []piece {
	if s == "" {
		return append(dst, piece{})
	}
	if m == nil {
		return append(dst, piece{0, len(s), 0, false})
	}
	startOffset := 0
	pos := 0
	for pos < len(s) {
		start, stop, id, ok := m.leftmostLongest(s, pos)
		if !ok {
			break
		}
		pos = stop
		tok := v.idToToken[id]
		if v.encodeSpecialTokens && v.special[tok.Content] {
			continue
		}
		if tok.SingleWord {
			startSpace := start == 0 || !endsWithWordChar(s[:start])
			stopSpace := stop == len(s) || !startsWithWordChar(s[stop:])
			if !startSpace || !stopSpace {
				continue
			}
		}
		if tok.LStrip {
			newStart := trailingSpaceStart(s[:start])
			if newStart < startOffset {
				newStart = startOffset
			}
			start = newStart
		}
		if tok.RStrip {
			stop += leadingSpaceEnd(s[stop:])
		}
		if startOffset < start {
			dst = append(dst, piece{startOffset, start, 0, false})
		}
		dst = append(dst, piece{start, stop, id, true})
		startOffset = stop
	}
	if startOffset != len(s) {
		dst = append(dst, piece{startOffset, len(s), 0, false})
	}
	return dst
}

// ExtractAndNormalize finds the added tokens of sequence and normalizes the rest, as
// the reference's extract_and_normalize: tokens that are not normalized are found in the
// raw text first, then the pieces between them are normalized and the normalized tokens
// found in them.
func (v *AddedVocabulary) ExtractAndNormalize(normalizer Normalizer, sequence string) (*PreTokenizedString, error) {
	p := NewPreTokenizedString(sequence)
	var buf []piece
	if v.raw != nil {
		if err := p.splitAdded(func(n *NormalizedString) ([]Split, error) {
			buf = v.findMatches(n.Normalized(), v.raw, buf[:0])
			return v.piecesToSplits(n, buf)
		}); err != nil {
			return nil, err
		}
	}
	err := p.splitAdded(func(n *NormalizedString) ([]Split, error) {
		if normalizer != nil {
			if err := normalizer.Normalize(n); err != nil {
				return nil, err
			}
		}
		if v.norm == nil {
			return []Split{{Normalized: *n}}, nil
		}
		buf = v.findMatches(n.Normalized(), v.norm, buf[:0])
		return v.piecesToSplits(n, buf)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (v *AddedVocabulary) piecesToSplits(n *NormalizedString, pieces []piece) ([]Split, error) {
	if len(pieces) == 1 && !pieces[0].isToken {
		return []Split{{Normalized: *n}}, nil
	}
	out := make([]Split, 0, len(pieces))
	for _, pc := range pieces {
		sl, ok := n.Slice(Normalized, Offsets{pc.start, pc.end})
		if !ok {
			return nil, fmtErrorf("added vocabulary: bad split [%d,%d) of %q", pc.start, pc.end, n.Normalized())
		}
		s := Split{Normalized: sl}
		if pc.isToken {
			val := sl.Normalized()
			s.Tokens = []Token{{ID: pc.id, Value: val, Offsets: Offsets{0, len(val)}}}
			s.Tokenized = true
		}
		out = append(out, s)
	}
	return out, nil
}

// isWordChar is Rust regex's Unicode \w: Alphabetic, marks, decimal numbers,
// connector punctuation and the joiners.
func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Nd, r) ||
		unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Pc, r) ||
		unicode.Is(unicode.Other_Alphabetic, r) || r == 0x200C || r == 0x200D
}

func isSpace(r rune) bool { return unicode.Is(unicode.White_Space, r) }

func endsWithWordChar(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && isWordChar(r)
}

func startsWithWordChar(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isWordChar(r)
}

// trailingSpaceStart returns where the whitespace that ends s starts (len(s) if none).
func trailingSpaceStart(s string) int {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isSpace(r) {
			break
		}
		i -= size
	}
	return i
}

// leadingSpaceEnd returns where the whitespace that starts s ends.
func leadingSpaceEnd(s string) int {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += size
	}
	return i
}

// clone returns a deep copy of v.
func (v *AddedVocabulary) clone() AddedVocabulary {
	c := AddedVocabulary{encodeSpecialTokens: v.encodeSpecialTokens, raw: v.raw, norm: v.norm}
	if v.tokenToID == nil {
		return c
	}
	c.tokenToID = make(map[string]uint32, len(v.tokenToID))
	for k, x := range v.tokenToID {
		c.tokenToID[k] = x
	}
	c.idToToken = make(map[uint32]AddedToken, len(v.idToToken))
	for k, x := range v.idToToken {
		c.idToToken[k] = x
	}
	c.special = make(map[string]bool, len(v.special))
	for k, x := range v.special {
		c.special[k] = x
	}
	c.normalizedCache = make(map[uint32]string, len(v.normalizedCache))
	for k, x := range v.normalizedCache {
		c.normalizedCache[k] = x
	}
	return c
}

// withNormalizer returns a copy of v whose normalized tokens' forms come from
// normalizer (the reference's refresh_normalized_tokens).
func (v *AddedVocabulary) withNormalizer(normalizer Normalizer) (AddedVocabulary, error) {
	c := v.clone()
	c.normalizedCache = map[uint32]string{}
	for id, tok := range c.idToToken {
		if !tok.Normalized || normalizer == nil {
			continue
		}
		n := NewNormalizedString(tok.Content)
		if err := normalizer.Normalize(&n); err != nil {
			return c, err
		}
		if n.Normalized() != tok.Content {
			c.normalizedCache[id] = n.Normalized()
		}
	}
	c.rebuild()
	return c, nil
}
