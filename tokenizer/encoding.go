package tokenizer

import "errors"

// Encoding is the output of encoding one input (a sequence or a pair): the reference's
// `Encoding` (tokenizer/encoding.rs). All its slices have the same length.
type Encoding struct {
	IDs     []uint32
	TypeIDs []uint32
	Tokens  []string
	Offsets []Offsets
	// WordIDs holds the word index of each token, -1 where it has none (special tokens).
	WordIDs           []int
	SpecialTokensMask []uint32
	AttentionMask     []uint32
	// Overflowing holds the windows that truncation cut off, each a full Encoding.
	Overflowing []*Encoding
	// sequenceRanges holds the token range of each sequence id (a few at most: a
	// slice, cheaper than a map); Clone copies it.
	sequenceRanges []seqRange
}

// seqRange is the token range r of the sequence id.
type seqRange struct {
	id int
	r  Offsets
}

// seqRangeIndex returns the index of id in e.sequenceRanges, or -1.
func (e *Encoding) seqRangeIndex(id int) int {
	for i := range e.sequenceRanges {
		if e.sequenceRanges[i].id == id {
			return i
		}
	}
	return -1
}

// FromTokens returns the Encoding of tokens (the reference's from_tokens): type ids
// typeID, no word ids, attention 1, no special tokens.
func FromTokens(tokens []Token, typeID uint32) *Encoding {
	n := len(tokens)
	e := &Encoding{
		IDs:               make([]uint32, n),
		TypeIDs:           make([]uint32, n),
		Tokens:            make([]string, n),
		Offsets:           make([]Offsets, n),
		WordIDs:           make([]int, n),
		SpecialTokensMask: make([]uint32, n),
		AttentionMask:     make([]uint32, n),
	}
	for i, t := range tokens {
		e.IDs[i] = t.ID
		e.Tokens[i] = t.Value
		e.Offsets[i] = t.Offsets
		e.WordIDs[i] = -1
		e.TypeIDs[i] = typeID
		e.AttentionMask[i] = 1
	}
	return e
}

// Len returns the number of tokens.
func (e *Encoding) Len() int { return len(e.IDs) }

// IsEmpty reports whether the Encoding has no token.
func (e *Encoding) IsEmpty() bool { return len(e.IDs) == 0 }

// Clone returns a deep copy of e (with its Overflowing).
func (e *Encoding) Clone() *Encoding {
	c := &Encoding{
		IDs:               append([]uint32(nil), e.IDs...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs...),
		Tokens:            append([]string(nil), e.Tokens...),
		Offsets:           append([]Offsets(nil), e.Offsets...),
		WordIDs:           append([]int(nil), e.WordIDs...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask...),
	}
	if len(e.Overflowing) > 0 {
		c.Overflowing = make([]*Encoding, len(e.Overflowing))
		for i, o := range e.Overflowing {
			c.Overflowing[i] = o.Clone()
		}
	}
	if len(e.sequenceRanges) > 0 {
		c.sequenceRanges = append([]seqRange(nil), e.sequenceRanges...)
	}
	return c
}

// NSequences returns the number of sequences in e (1 when no sequence range is set).
func (e *Encoding) NSequences() int {
	if len(e.sequenceRanges) == 0 {
		return 1
	}
	return len(e.sequenceRanges)
}

// SetSequenceID makes all the tokens of e the sequence id.
func (e *Encoding) SetSequenceID(id int) {
	e.SetSequenceRange(id, Offsets{0, e.Len()})
}

// SetSequenceRange records that the tokens in r belong to the sequence id (as the
// post-processors' sequence_ranges).
func (e *Encoding) SetSequenceRange(id int, r Offsets) {
	if i := e.seqRangeIndex(id); i >= 0 {
		e.sequenceRanges[i].r = r
		return
	}
	if e.sequenceRanges == nil {
		e.sequenceRanges = make([]seqRange, 0, 2)
	}
	e.sequenceRanges = append(e.sequenceRanges, seqRange{id, r})
}

// SequenceRanges returns a copy of the sequence ranges (nil when there is none).
func (e *Encoding) SequenceRanges() map[int]Offsets {
	if len(e.sequenceRanges) == 0 {
		return nil
	}
	m := make(map[int]Offsets, len(e.sequenceRanges))
	for _, sr := range e.sequenceRanges {
		m[sr.id] = sr.r
	}
	return m
}

// SequenceRange returns the token range of the sequence id (all the tokens when the
// id has no range).
func (e *Encoding) SequenceRange(id int) Offsets {
	if i := e.seqRangeIndex(id); i >= 0 {
		return e.sequenceRanges[i].r
	}
	return Offsets{0, e.Len()}
}

// SequenceIDs returns the sequence id of each token, -1 where it has none.
func (e *Encoding) SequenceIDs() []int {
	out := make([]int, e.Len())
	for i := range out {
		out[i] = -1
	}
	for id := 0; id < e.NSequences(); id++ {
		r := e.SequenceRange(id)
		for i := max(r.Start, 0); i < r.End && i < len(out); i++ {
			out[i] = id
		}
	}
	return out
}

// TokenToSequence returns the sequence id of the token at index token.
func (e *Encoding) TokenToSequence(token int) (int, bool) {
	if token < 0 || token > e.Len() {
		return 0, false
	}
	if len(e.sequenceRanges) == 0 {
		return 0, true
	}
	for _, sr := range e.sequenceRanges {
		if sr.r.Start <= token && token < sr.r.End {
			return sr.id, true
		}
	}
	return 0, false
}

// WordToTokens returns the token range [start, end) of the word of the sequence
// seqID.
func (e *Encoding) WordToTokens(word, seqID int) (start, end int, ok bool) {
	r := e.SequenceRange(seqID)
	if r.Start < 0 || r.Start > r.End || r.End > len(e.WordIDs) {
		return 0, 0, false
	}
	start, end = -1, -1
	for i, w := range e.WordIDs[r.Start:r.End] {
		if w > word {
			break
		}
		if w == word {
			if start < 0 {
				start = i
			}
			end = i + 1
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	return r.Start + start, r.Start + end, true
}

// WordToChars returns the offsets of the word of the sequence seqID.
func (e *Encoding) WordToChars(word, seqID int) (Offsets, bool) {
	start, end, ok := e.WordToTokens(word, seqID)
	if !ok || end == 0 || end > len(e.Offsets) {
		return Offsets{}, false
	}
	return Offsets{e.Offsets[start].Start, e.Offsets[end-1].End}, true
}

// TokenToChars returns the sequence id and the offsets of the token at index token.
func (e *Encoding) TokenToChars(token int) (seqID int, o Offsets, ok bool) {
	seqID, ok = e.TokenToSequence(token)
	if !ok || token >= len(e.Offsets) {
		return 0, Offsets{}, false
	}
	return seqID, e.Offsets[token], true
}

// TokenToWord returns the sequence id and the word of the token at index token.
func (e *Encoding) TokenToWord(token int) (seqID, word int, ok bool) {
	seqID, ok = e.TokenToSequence(token)
	if !ok || token >= len(e.WordIDs) || e.WordIDs[token] < 0 {
		return 0, 0, false
	}
	return seqID, e.WordIDs[token], true
}

// CharToToken returns the index of the token of the sequence seqID whose offsets
// contain pos.
func (e *Encoding) CharToToken(pos, seqID int) (int, bool) {
	r := e.SequenceRange(seqID)
	if r.Start < 0 || r.Start > r.End || r.End > len(e.Offsets) {
		return 0, false
	}
	for i, o := range e.Offsets[r.Start:r.End] {
		if pos >= o.Start && pos < o.End {
			return r.Start + i, true
		}
	}
	return 0, false
}

// CharToWord returns the word of the sequence seqID that contains pos.
func (e *Encoding) CharToWord(pos, seqID int) (int, bool) {
	t, ok := e.CharToToken(pos, seqID)
	if !ok {
		return 0, false
	}
	_, w, ok := e.TokenToWord(t)
	return w, ok
}

// errStride is returned by Truncate when stride >= maxLen.
var errStride = errors.New("truncation: `stride` must be strictly less than `max_len` (note that `max_len` may be shorter than the max length of the original model, as it subtracts the number of special characters")

// Truncate keeps at most maxLen tokens of e, on the side direction says, and puts the
// windows cut off in e.Overflowing (replacing what was there), each of maxLen tokens
// overlapping the previous one by stride tokens, as the reference's truncate. The
// sequence ranges are lost. It fails when stride >= maxLen (where the reference
// panics) unless there is nothing to truncate.
func (e *Encoding) Truncate(maxLen, stride int, direction TruncationDirection) error {
	n := e.Len()
	if maxLen < 0 || stride < 0 {
		return errors.New("truncation: negative max_len or stride")
	}
	if maxLen >= n {
		return nil
	}
	if maxLen == 0 {
		o := *e
		*e = Encoding{
			IDs: []uint32{}, TypeIDs: []uint32{}, Tokens: []string{}, Offsets: []Offsets{},
			WordIDs: []int{}, SpecialTokensMask: []uint32{}, AttentionMask: []uint32{},
			Overflowing: []*Encoding{&o},
		}
		return nil
	}
	if stride >= maxLen {
		return errStride
	}
	step := maxLen - stride
	var parts []Offsets
	if direction == TruncateLeft {
		for s := n - 1; s >= 0; s -= step {
			stop := s + 1
			start := max(stop-maxLen, 0)
			parts = append(parts, Offsets{start, stop})
			if start == 0 {
				break
			}
		}
	} else {
		for start := 0; start < n; start += step {
			stop := min(start+maxLen, n)
			parts = append(parts, Offsets{start, stop})
			if stop == n {
				break
			}
		}
	}
	out := e.window(parts[0])
	if len(parts) > 1 {
		out.Overflowing = make([]*Encoding, 0, len(parts)-1)
		for _, p := range parts[1:] {
			out.Overflowing = append(out.Overflowing, e.window(p))
		}
	}
	*e = *out
	return nil
}

// window returns a copy of the tokens of e in r, without overflowing nor sequence
// ranges.
func (e *Encoding) window(r Offsets) *Encoding {
	return &Encoding{
		IDs:               append([]uint32(nil), e.IDs[r.Start:r.End]...),
		TypeIDs:           append([]uint32(nil), e.TypeIDs[r.Start:r.End]...),
		Tokens:            append([]string(nil), e.Tokens[r.Start:r.End]...),
		Offsets:           append([]Offsets(nil), e.Offsets[r.Start:r.End]...),
		WordIDs:           append([]int(nil), e.WordIDs[r.Start:r.End]...),
		SpecialTokensMask: append([]uint32(nil), e.SpecialTokensMask[r.Start:r.End]...),
		AttentionMask:     append([]uint32(nil), e.AttentionMask[r.Start:r.End]...),
	}
}

// MergeEncodings merges encs, in order, into a new Encoding (the reference's
// Encoding::merge); with growingOffsets, each one's offsets are shifted by the end of
// the last offset before it. The encodings are not modified.
func MergeEncodings(encs []*Encoding, growingOffsets bool) *Encoding {
	n := 0
	for _, e := range encs {
		n += e.Len()
	}
	// The slices are made with their final capacity, so that merging appends without
	// growing them.
	out := newEncodingCap(n)
	for _, e := range encs {
		out.MergeWith(e, growingOffsets)
	}
	return out
}

// newEncodingCap returns an empty Encoding whose slices have capacity n; the uint32
// slices share one backing array (each capped, so that appending past n reallocates).
func newEncodingCap(n int) *Encoding {
	if n == 0 {
		return &Encoding{}
	}
	u := make([]uint32, 4*n)
	return &Encoding{
		IDs:               u[0:0:n],
		TypeIDs:           u[n : n : 2*n],
		SpecialTokensMask: u[2*n : 2*n : 3*n],
		AttentionMask:     u[3*n : 3*n : 4*n],
		Tokens:            make([]string, 0, n),
		Offsets:           make([]Offsets, 0, n),
		WordIDs:           make([]int, 0, n),
	}
}

// MergeWith appends pair to e (the reference's merge_with): its sequence ranges are
// shifted after e's tokens, its offsets by the end of e's last offset when
// growingOffsets, and e.Overflowing becomes the cross product of both overflowings
// (each of e's windows with pair and each of pair's windows, then e with each of pair's
// windows). pair is not modified.
func (e *Encoding) MergeWith(pair *Encoding, growingOffsets bool) {
	var overflowings []*Encoding
	for _, so := range e.Overflowing {
		n := so.Clone()
		n.MergeWith(pair, growingOffsets)
		overflowings = append(overflowings, n)
		for _, po := range pair.Overflowing {
			n := so.Clone()
			n.MergeWith(po, growingOffsets)
			overflowings = append(overflowings, n)
		}
	}
	for _, po := range pair.Overflowing {
		n := e.Clone()
		n.MergeWith(po, growingOffsets)
		overflowings = append(overflowings, n)
	}

	selfLen := e.Len()
	for _, sr := range pair.sequenceRanges {
		e.SetSequenceRange(sr.id, Offsets{selfLen + sr.r.Start, selfLen + sr.r.End})
	}
	e.IDs = append(e.IDs, pair.IDs...)
	e.TypeIDs = append(e.TypeIDs, pair.TypeIDs...)
	e.Tokens = append(e.Tokens, pair.Tokens...)
	e.WordIDs = append(e.WordIDs, pair.WordIDs...)
	shift := 0
	if growingOffsets && len(e.Offsets) > 0 {
		shift = e.Offsets[len(e.Offsets)-1].End
	}
	for _, o := range pair.Offsets {
		e.Offsets = append(e.Offsets, Offsets{o.Start + shift, o.End + shift})
	}
	e.SpecialTokensMask = append(e.SpecialTokensMask, pair.SpecialTokensMask...)
	e.AttentionMask = append(e.AttentionMask, pair.AttentionMask...)
	e.Overflowing = overflowings
}

// Pad pads e (and each of its Overflowing) to targetLength tokens, on the side
// direction says, with the token padToken (id padID, type id padTypeID, no word, no
// offsets, special, attention 0). An Encoding already as long does not change.
func (e *Encoding) Pad(targetLength int, padID, padTypeID uint32, padToken string, direction PaddingDirection) {
	for _, o := range e.Overflowing {
		o.Pad(targetLength, padID, padTypeID, padToken, direction)
	}
	n := e.Len()
	if n >= targetLength {
		return
	}
	k := targetLength - n
	if direction == PadLeft {
		e.IDs = prependN(e.IDs, k, padID)
		e.TypeIDs = prependN(e.TypeIDs, k, padTypeID)
		e.Tokens = prependN(e.Tokens, k, padToken)
		e.WordIDs = prependN(e.WordIDs, k, -1)
		e.AttentionMask = prependN(e.AttentionMask, k, 0)
		e.SpecialTokensMask = prependN(e.SpecialTokensMask, k, 1)
		e.Offsets = prependN(e.Offsets, k, Offsets{})
		for i := range e.sequenceRanges {
			r := &e.sequenceRanges[i].r
			r.Start, r.End = r.Start+k, r.End+k
		}
		return
	}
	e.IDs = appendN(e.IDs, k, padID)
	e.TypeIDs = appendN(e.TypeIDs, k, padTypeID)
	e.Tokens = appendN(e.Tokens, k, padToken)
	e.WordIDs = appendN(e.WordIDs, k, -1)
	e.AttentionMask = appendN(e.AttentionMask, k, 0)
	e.SpecialTokensMask = appendN(e.SpecialTokensMask, k, 1)
	e.Offsets = appendN(e.Offsets, k, Offsets{})
}

// prependN returns s with k copies of v in front (a new slice).
func prependN[T any](s []T, k int, v T) []T {
	out := make([]T, k, k+len(s))
	for i := range out {
		out[i] = v
	}
	return append(out, s...)
}

// appendN returns s with k copies of v appended.
func appendN[T any](s []T, k int, v T) []T {
	s = append(s[:len(s):len(s)], make([]T, k)...)
	for i := len(s) - k; i < len(s); i++ {
		s[i] = v
	}
	return s
}
