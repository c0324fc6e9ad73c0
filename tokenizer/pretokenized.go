package tokenizer

import (
	"errors"
	"unicode/utf8"
)

// Split is one piece of a PreTokenizedString: its normalized text and, once the model
// has run on it (or it is an added token), its tokens.
type Split struct {
	Normalized NormalizedString
	// Tokens is nil until the piece is tokenized (Tokenized reports which).
	Tokens    []Token
	Tokenized bool
}

// SplitInfo is a piece as GetSplits reports it.
type SplitInfo struct {
	Value   string
	Offsets Offsets
	Tokens  []Token
}

// PreTokenizedString is a text split into pieces that are normalized, split further and
// tokenized one by one (the reference's `PreTokenizedString`,
// tokenizer/pre_tokenizer.rs).
type PreTokenizedString struct {
	original string
	splits   []Split
	// spare is the array of the splits before the last Split, reused by the next one.
	spare []Split
}

// NewPreTokenizedString returns s as one piece.
func NewPreTokenizedString(s string) *PreTokenizedString {
	return PreTokenizedFromNormalized(NewNormalizedString(s))
}

// PreTokenizedFromNormalized returns n as one piece.
func PreTokenizedFromNormalized(n NormalizedString) *PreTokenizedString {
	return &PreTokenizedString{original: n.Original(), splits: []Split{{Normalized: n}}}
}

// Original returns the original text the pieces come from.
func (p *PreTokenizedString) Original() string { return p.original }

// Splits returns the pieces (not a copy).
func (p *PreTokenizedString) Splits() []Split { return p.splits }

// Split replaces each piece not yet tokenized by the pieces fn returns for it (empty
// ones dropped); i is the piece's index among all pieces. The pieces fn returns are
// copied before fn is called again: fn may reuse the slice it returns.
//
// The array of the pieces before the call is reused by the next call: a slice got
// from Splits is only valid until the second Split after it.
func (p *PreTokenizedString) Split(fn func(i int, n *NormalizedString) ([]NormalizedString, error)) error {
	// The new pieces go to the spare array (the pieces of two calls ago), growing it as
	// needed; the current one becomes the spare.
	out := p.spare[:0]
	if cap(out) < len(p.splits) && len(p.splits) > 1 {
		// Pre-tokenizers mostly split further: as many pieces at least.
		out = make([]Split, 0, len(p.splits)+len(p.splits)/4)
	}
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			out = append(out, *sp)
			continue
		}
		pieces, err := fn(i, &sp.Normalized)
		if err != nil {
			return err
		}
		if out == nil && len(p.splits) == 1 {
			out = make([]Split, 0, len(pieces))
		}
		for k := range pieces {
			if !pieces[k].IsEmpty() {
				out = append(out, Split{Normalized: pieces[k]})
			}
		}
	}
	p.spare = p.splits[:0]
	p.splits = out
	return nil
}

// SplitEach is Split for functions that give their pieces to emit (in order) instead
// of returning them: empty pieces are dropped, and on error the pieces emitted are
// discarded.
func (p *PreTokenizedString) SplitEach(fn func(i int, n *NormalizedString, emit func(NormalizedString)) error) error {
	out := p.spare[:0]
	if cap(out) < len(p.splits) && len(p.splits) > 1 {
		out = make([]Split, 0, len(p.splits)+len(p.splits)/4)
	}
	emit := func(n NormalizedString) {
		if !n.IsEmpty() {
			out = append(out, Split{Normalized: n})
		}
	}
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			out = append(out, *sp)
			continue
		}
		if out == nil && len(p.splits) == 1 {
			// A piece every 4 bytes or so: start there, grow as needed.
			out = make([]Split, 0, sp.Normalized.Len()/4+4)
		}
		if err := fn(i, &sp.Normalized, emit); err != nil {
			return err
		}
	}
	p.spare = p.splits[:0]
	p.splits = out
	return nil
}

// Normalize runs fn on each piece not yet tokenized.
func (p *PreTokenizedString) Normalize(fn func(n *NormalizedString) error) error {
	for i := range p.splits {
		if p.splits[i].Tokenized {
			continue
		}
		if err := fn(&p.splits[i].Normalized); err != nil {
			return err
		}
	}
	return nil
}

// Tokenize runs fn on each piece not yet tokenized and records its tokens.
func (p *PreTokenizedString) Tokenize(fn func(n *NormalizedString) ([]Token, error)) error {
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			continue
		}
		toks, err := fn(&sp.Normalized)
		if err != nil {
			return err
		}
		sp.Tokens, sp.Tokenized = toks, true
	}
	return nil
}

// TokenAppender is implemented by models that can append the tokens of a sequence to
// a slice (offsets are byte offsets in the sequence), as Model.Tokenize gives them.
type TokenAppender interface {
	AppendTokens(dst []Token, sequence string) ([]Token, error)
}

// TokenizeModel is Tokenize(m.Tokenize) for the pieces' normalized texts. With a model
// that implements TokenAppender, the tokens of all the pieces are appended to one
// slice, each piece's Tokens a part of it (of capped capacity).
func (p *PreTokenizedString) TokenizeModel(m Model) error {
	app, ok := m.(TokenAppender)
	if !ok {
		return p.Tokenize(func(n *NormalizedString) ([]Token, error) {
			return m.Tokenize(n.Normalized())
		})
	}
	// A token takes about 4 bytes of the original text (English): start there and
	// grow as needed.
	all := make([]Token, 0, len(p.original)/4+16)
	// rng[i] is the range in all of the tokens of piece i; the pieces' Tokens are set
	// once all is done growing.
	rng := make([]Offsets, len(p.splits))
	var err error
	for i := range p.splits {
		if p.splits[i].Tokenized {
			continue
		}
		start := len(all)
		if all, err = app.AppendTokens(all, p.splits[i].Normalized.normalized); err != nil {
			return err
		}
		rng[i] = Offsets{start, len(all)}
	}
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			continue
		}
		sp.Tokenized = true
		if r := rng[i]; r.Start < r.End {
			sp.Tokens = all[r.Start:r.End:r.End]
		} else {
			sp.Tokens = nil
		}
	}
	return nil
}

// TokenizeWithLimit is Tokenize that stops once maxTokens tokens are produced, as the
// reference's tokenize_with_limit (used when the tokenizer truncates): with
// TruncateRight the pieces are tokenized from the first one and those after the piece
// that reached the limit are dropped; with TruncateLeft from the last one, and those
// before are dropped. Dropped pieces change the word ids IntoEncoding gives (they
// count the remaining pieces), as in the reference.
func (p *PreTokenizedString) TokenizeWithLimit(fn func(n *NormalizedString) ([]Token, error), maxTokens int, direction TruncationDirection) error {
	total := 0
	if direction == TruncateLeft {
		first := len(p.splits)
		for i := len(p.splits) - 1; i >= 0; i-- {
			sp := &p.splits[i]
			if sp.Tokenized {
				total += len(sp.Tokens)
				first = i
				continue
			}
			toks, err := fn(&sp.Normalized)
			if err != nil {
				return err
			}
			sp.Tokens, sp.Tokenized = toks, true
			total += len(toks)
			first = i
			if total >= maxTokens {
				break
			}
		}
		p.splits = p.splits[first:]
		return nil
	}
	last := 0
	for i := range p.splits {
		sp := &p.splits[i]
		if sp.Tokenized {
			total += len(sp.Tokens)
			last = i + 1
			continue
		}
		toks, err := fn(&sp.Normalized)
		if err != nil {
			return err
		}
		sp.Tokens, sp.Tokenized = toks, true
		total += len(toks)
		last = i + 1
		if total >= maxTokens {
			break
		}
	}
	p.splits = p.splits[:last]
	return nil
}

// errNotTokenized is returned by IntoEncoding when a piece has no tokens.
var errNotTokenized = errors.New("split has not been tokenized, call PreTokenizedString.Tokenize first")

// IntoEncoding makes the Encoding of the tokenized pieces: word ids are the piece
// indices (or wordIdx for all of them when wordIdx >= 0), type ids typeID, offsets in
// the original text counted as offsetType says. Every piece must be tokenized.
//
// As the reference's into_encoding, a token's offsets (bytes of its piece's normalized
// text) are converted to the original text through the piece's alignments; with
// OffsetChars they are then converted to characters of the original text.
func (p *PreTokenizedString) IntoEncoding(wordIdx int, typeID uint32, offsetType OffsetType) (*Encoding, error) {
	n := 0
	for i := range p.splits {
		if !p.splits[i].Tokenized {
			return nil, errNotTokenized
		}
		n += len(p.splits[i].Tokens)
	}
	e := newEncodingCap(n)
	e.SpecialTokensMask = e.SpecialTokensMask[:n]
	e.AttentionMask = e.AttentionMask[:n]
	var conv *charOffsetConverter
	if offsetType == OffsetChars {
		conv = newCharOffsetConverter(p.original)
	}
	for idx := range p.splits {
		sp := &p.splits[idx]
		shift := sp.Normalized.shift
		word := idx
		if wordIdx >= 0 {
			word = wordIdx
		}
		for _, tok := range sp.Tokens {
			o := tok.Offsets
			if c, ok := sp.Normalized.ConvertOffsets(Normalized, o); ok {
				o = Offsets{shift + c.Start, shift + c.End}
			}
			if conv != nil {
				o = conv.convert(o)
			}
			e.IDs = append(e.IDs, tok.ID)
			e.Tokens = append(e.Tokens, tok.Value)
			e.Offsets = append(e.Offsets, o)
			e.WordIDs = append(e.WordIDs, word)
			e.TypeIDs = append(e.TypeIDs, typeID)
		}
	}
	for i := range e.AttentionMask {
		e.AttentionMask[i] = 1
	}
	if n == 0 {
		// As before: empty, non-nil slices.
		e.IDs, e.TypeIDs, e.Tokens, e.Offsets = []uint32{}, []uint32{}, []string{}, []Offsets{}
		e.WordIDs, e.SpecialTokensMask, e.AttentionMask = []int{}, []uint32{}, []uint32{}
	}
	return e, nil
}

// GetSplits returns the pieces with their offsets in the original or normalized text.
// With OffsetChars, the offsets are converted to characters of the original text (as
// the reference does, even for ref == Normalized).
func (p *PreTokenizedString) GetSplits(ref OffsetReferential, offsetType OffsetType) []SplitInfo {
	var conv *charOffsetConverter
	if offsetType == OffsetChars {
		conv = newCharOffsetConverter(p.original)
	}
	out := make([]SplitInfo, len(p.splits))
	offset := 0
	for i := range p.splits {
		sp := &p.splits[i]
		var o Offsets
		if ref == Original {
			o = sp.Normalized.OffsetsOriginal()
		} else {
			l := sp.Normalized.Len()
			o = Offsets{offset, offset + l}
			offset += l
		}
		if conv != nil {
			o = conv.convert(o)
		}
		out[i] = SplitInfo{Value: sp.Normalized.Normalized(), Offsets: o, Tokens: sp.Tokens}
	}
	return out
}

// charOffsetConverter converts byte offsets of a text to character offsets, as the
// reference's BytesToCharOffsetConverter.
type charOffsetConverter struct {
	n     int     // length of the text in bytes
	chars []int32 // chars[b]: index of the character containing byte b; nil for ASCII
}

// newCharOffsetConverter returns the converter of s.
func newCharOffsetConverter(s string) *charOffsetConverter {
	c := &charOffsetConverter{n: len(s)}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return c
	}
	c.chars = make([]int32, len(s))
	ci := int32(0)
	for b := 0; b < len(s); {
		sz := runeSize(s, b)
		for k := b; k < b+sz; k++ {
			c.chars[k] = ci
		}
		ci++
		b += sz
	}
	return c
}

// lookup returns the character index of byte b, if b is a byte of the text.
func (c *charOffsetConverter) lookup(b int) (int, bool) {
	if b < 0 || b >= c.n {
		return 0, false
	}
	if c.chars == nil {
		return b, true
	}
	return int(c.chars[b]), true
}

// convert converts o; offsets it cannot convert are returned unchanged (as the
// reference).
func (c *charOffsetConverter) convert(o Offsets) Offsets {
	start, ok := c.lookup(o.Start)
	if !ok {
		return o
	}
	if end, ok := c.lookup(o.End); ok {
		return Offsets{start, end}
	}
	// The end is past the text: the byte just before it should be in it.
	last, ok := c.lookup(o.End - 1)
	if !ok {
		last = start + 1
	}
	return Offsets{start, last + 1}
}
