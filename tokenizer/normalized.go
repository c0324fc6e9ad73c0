package tokenizer

import (
	"errors"
	"sync"
	"unicode"
	"unicode/utf8"
)

// NormalizedString is a text being normalized, with, for every byte of the normalized
// text, the byte range of the original it comes from (the reference's
// `NormalizedString`, tokenizer/normalizer.rs). Every edit goes through TransformRange,
// so offsets survive any chain of normalizers. A NormalizedString that nothing has
// changed keeps no alignment table.
//
// Copying a NormalizedString value is cheap and safe: the methods never modify an
// alignment table in place, they replace it.
//
// The texts are expected to be valid UTF-8 (as Rust strings are); invalid input never
// makes a method panic, but its offsets are unspecified.
type NormalizedString struct {
	original   string
	normalized string
	// align[i] is the original byte range of normalized byte i (relative to original);
	// nil while the alignment is the identity: len(normalized) == len(original), the
	// characters of both start at the same bytes, and normalized byte i aligns to the
	// original character that contains byte i (as the reference's From<String>).
	align []Offsets
	// alignOff is subtracted from the values of align: slices share their parent's
	// table (never modified in place) instead of copying it.
	alignOff int
	// shift is the offset of original in the whole input (the reference's original_shift).
	shift int
}

// Change is one character of a transformation's output and how it relates to the
// input (the reference's `(char, isize)` pairs of transform_range): Delta 0 replaces
// one input character, +n means the character is inserted (n characters added), -n
// means it replaces one input character and the n input characters that follow are
// removed.
type Change struct {
	Rune  rune
	Delta int
}

// NewNormalizedString returns s, not yet normalized.
func NewNormalizedString(s string) NormalizedString {
	return NormalizedString{original: s, normalized: s}
}

// errBadAlignments is returned by NewNormalizedStringFrom for inconsistent tables.
var errBadAlignments = errors.New("normalized string: alignments do not match the normalized text")

// NewNormalizedStringFrom returns a NormalizedString made of its parts: the original
// text, the normalized text, the original byte range of each normalized byte (nil for
// the identity, which needs len(normalized) == len(original)) and the offset of
// original in the whole input. align is used as is (not copied) and must not be
// modified afterwards. It fails when the table does not fit the texts.
func NewNormalizedStringFrom(original, normalized string, align []Offsets, shift int) (NormalizedString, error) {
	if align == nil {
		if len(original) != len(normalized) {
			return NormalizedString{}, errBadAlignments
		}
	} else {
		if len(align) != len(normalized) {
			return NormalizedString{}, errBadAlignments
		}
		for _, a := range align {
			if a.Start < 0 || a.Start > a.End || a.End > len(original) {
				return NormalizedString{}, errBadAlignments
			}
		}
	}
	return NormalizedString{original: original, normalized: normalized, align: align, shift: shift}, nil
}

// Normalized returns the normalized text.
func (n *NormalizedString) Normalized() string { return n.normalized }

// Original returns the original text.
func (n *NormalizedString) Original() string { return n.original }

// Len returns the length of the normalized text in bytes.
func (n *NormalizedString) Len() int { return len(n.normalized) }

// LenOriginal returns the length of the original text in bytes.
func (n *NormalizedString) LenOriginal() int { return len(n.original) }

// IsEmpty reports whether the normalized text is empty.
func (n *NormalizedString) IsEmpty() bool { return len(n.normalized) == 0 }

// OffsetsOriginal returns the range of the original text in the whole input.
func (n *NormalizedString) OffsetsOriginal() Offsets {
	return Offsets{n.shift, n.shift + len(n.original)}
}

// IsIdentity reports whether the alignment is still the identity (no normalization
// has changed the byte layout of the text); the normalized text may still differ from
// the original (an ASCII lowercasing keeps the identity).
func (n *NormalizedString) IsIdentity() bool { return n.align == nil }

// Alignments returns, for every byte of the normalized text, the byte range of the
// original text it comes from (the reference's alignments). The result is a copy.
func (n *NormalizedString) Alignments() []Offsets {
	if n.align == nil {
		return identityAlignments(n.original)
	}
	out := make([]Offsets, len(n.align))
	for i, a := range n.align {
		out[i] = Offsets{a.Start - n.alignOff, a.End - n.alignOff}
	}
	return out
}

// AppendAlignments appends the alignments (as Alignments returns them) to dst.
func (n *NormalizedString) AppendAlignments(dst []Offsets) []Offsets {
	if n.align == nil {
		return n.appendAlign(dst, 0, len(n.original))
	}
	return n.appendAlign(dst, 0, len(n.align))
}

// identityAlignments returns the alignments of s with itself: every byte aligns to
// the character that contains it.
func identityAlignments(s string) []Offsets {
	al := make([]Offsets, len(s))
	for b := 0; b < len(s); {
		sz := 1
		if s[b] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRuneInString(s[b:])
		}
		o := Offsets{b, b + sz}
		for i := b; i < b+sz; i++ {
			al[i] = o
		}
		b += sz
	}
	return al
}

// charAt returns the byte range of the character of s that contains byte i (i <
// len(s)).
func charAt(s string, i int) Offsets {
	b := i
	for b > 0 && !utf8.RuneStart(s[b]) {
		b--
	}
	sz := 1
	if s[b] >= utf8.RuneSelf {
		_, sz = utf8.DecodeRuneInString(s[b:])
	}
	if b+sz <= i { // invalid UTF-8: a stray continuation byte
		return Offsets{i, i + 1}
	}
	return Offsets{b, b + sz}
}

// alignAt returns the alignment of normalized byte i. Out of range, where the
// reference would panic, it returns the last alignment (or 0,0).
func (n *NormalizedString) alignAt(i int) Offsets {
	if n.align != nil {
		if i >= len(n.align) {
			if len(n.align) == 0 {
				return Offsets{}
			}
			i = len(n.align) - 1
		}
		a := n.align[i]
		return Offsets{a.Start - n.alignOff, a.End - n.alignOff}
	}
	if i < len(n.original) {
		return charAt(n.original, i)
	}
	if len(n.original) > 0 {
		return charAt(n.original, len(n.original)-1)
	}
	return Offsets{}
}

// isCharBoundary reports whether i is a character boundary of s (Rust's
// str::is_char_boundary).
func isCharBoundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	if i < 0 || i > len(s) {
		return false
	}
	return utf8.RuneStart(s[i])
}

// ConvertOffsets converts a byte range of the original text to the normalized one
// (ref == Original) or of the normalized text to the original (ref == Normalized), as
// the reference's convert_offsets. ok is false when the range is out of bounds.
// As the reference, an empty range is returned unchanged.
func (n *NormalizedString) ConvertOffsets(ref OffsetReferential, r Offsets) (Offsets, bool) {
	if r.Start == r.End {
		return r, true
	}
	if r.Start > r.End || r.Start < 0 {
		return Offsets{}, false
	}
	if ref == Original {
		if n.align == nil {
			return identityOriginalToNormalized(n.original, r)
		}
		start, end := -1, -1
		// In the table's coordinates.
		rs, re := r.Start+n.alignOff, r.End+n.alignOff
		for i, a := range n.align {
			if re < a.End {
				break
			}
			if start < 0 && rs <= a.Start && a.Start != a.End {
				start = i
			}
			end = i + 1
		}
		switch {
		case start >= 0 && end >= 0:
			return Offsets{start, end}, true
		case end >= 0:
			return Offsets{end, end}, true
		}
		return Offsets{}, false
	}
	if r.End > len(n.normalized) {
		return Offsets{}, false
	}
	if n.align == nil {
		return Offsets{charAt(n.original, r.Start).Start, charAt(n.original, r.End-1).End}, true
	}
	return Offsets{n.align[r.Start].Start - n.alignOff, n.align[r.End-1].End - n.alignOff}, true
}

// identityOriginalToNormalized is the Original→Normalized branch of ConvertOffsets for
// the identity alignment, in closed form (r non-empty).
func identityOriginalToNormalized(s string, r Offsets) (Offsets, bool) {
	// The bytes taken are those whose character ends at or before r.End.
	e := r.End
	if e >= len(s) {
		e = len(s)
	} else {
		for e > 0 && !utf8.RuneStart(s[e]) {
			e--
		}
	}
	if e == 0 {
		return Offsets{}, false
	}
	// The first taken byte whose character starts at or after r.Start.
	st := r.Start
	for st < e && !utf8.RuneStart(s[st]) {
		st++
	}
	if st < e {
		return Offsets{st, e}, true
	}
	return Offsets{e, e}, true
}

// Slice returns the part of n in the byte range r of the original or normalized text,
// with its alignments (the reference's slice). ok is false when r is out of bounds or
// not on character boundaries.
func (n *NormalizedString) Slice(ref OffsetReferential, r Offsets) (NormalizedString, bool) {
	var nr, or Offsets
	if ref == Original {
		if !isCharBoundary(n.original, r.Start) || !isCharBoundary(n.original, r.End) {
			return NormalizedString{}, false
		}
		c, ok := n.ConvertOffsets(Original, r)
		if !ok {
			return NormalizedString{}, false
		}
		nr, or = c, r
	} else {
		if !isCharBoundary(n.normalized, r.Start) || !isCharBoundary(n.normalized, r.End) {
			return NormalizedString{}, false
		}
		c, ok := n.ConvertOffsets(Normalized, r)
		if !ok {
			return NormalizedString{}, false
		}
		nr, or = r, c
	}
	if n.align == nil && r.Start <= r.End {
		// Identity: both ranges are r, on character boundaries of both texts.
		return NormalizedString{
			original:   n.original[r.Start:r.End],
			normalized: n.normalized[r.Start:r.End],
			shift:      n.shift + r.Start,
		}, true
	}
	if nr.Start < 0 || nr.Start > nr.End || nr.End > len(n.normalized) {
		return NormalizedString{}, false
	}
	out := NormalizedString{shift: n.shift + or.Start}
	if or.Start >= 0 && or.Start <= or.End && or.End <= len(n.original) &&
		isCharBoundary(n.original, or.Start) && isCharBoundary(n.original, or.End) {
		out.original = n.original[or.Start:or.End]
	}
	if isCharBoundary(n.normalized, nr.Start) && isCharBoundary(n.normalized, nr.End) {
		out.normalized = n.normalized[nr.Start:nr.End]
	}
	// The slice shares n's table.
	out.align = n.align[nr.Start:nr.End:nr.End]
	out.alignOff = n.alignOff + or.Start
	if len(out.align) != len(out.normalized) {
		// Only reachable with ranges off character boundaries, which the reference
		// would turn into an empty text; keep the table consistent.
		out.align = out.align[:0]
		out.normalized = ""
	}
	return out, true
}

// TransformRange replaces the normalized text in the byte range r (of ref) by the
// characters of changes, as the reference's transform_range: initialOffset is the number
// of characters of the range, before the first change, that are removed. An invalid
// range (out of bounds, off character boundaries) leaves n unchanged.
func (n *NormalizedString) TransformRange(ref OffsetReferential, r Offsets, changes []Change, initialOffset int) {
	if ref == Original {
		c, ok := n.ConvertOffsets(Original, r)
		if !ok {
			return
		}
		r = c
	}
	if r.Start < 0 || r.Start > r.End || r.End > len(n.normalized) ||
		!isCharBoundary(n.normalized, r.Start) || !isCharBoundary(n.normalized, r.End) {
		return
	}
	n.transformRange(r.Start, r.End, changes, initialOffset)
}

// Transform is TransformRange over the whole normalized text, as the reference's
// transform: precisely over Original [0, LenOriginal) converted, which leaves out
// leading normalized bytes aligned to nothing (inserted before everything).
func (n *NormalizedString) Transform(changes []Change, initialOffset int) {
	// The reference goes through Range::Original(..): converted, that is the whole
	// normalized text but its leading bytes aligned to nothing (or nothing at all when
	// the normalized text is empty).
	n.TransformRange(Original, Offsets{0, len(n.original)}, changes, initialOffset)
}

// transformRange is TransformRange on a valid normalized byte range.
func (n *NormalizedString) transformRange(start, end int, changes []Change, initialOffset int) {
	old := n.normalized[start:end]
	pos := 0 // bytes of old consumed
	for k := 0; k < initialOffset && pos < len(old); k++ {
		pos += runeSize(old, pos)
	}
	buf := make([]byte, 0, len(old)+4)
	// na is the new alignment table, nil while the result keeps the identity.
	var na []Offsets
	startTable := func(done int) {
		size := len(n.normalized) - len(old)
		for _, ch := range changes {
			if l := utf8.RuneLen(ch.Rune); l > 0 {
				size += l
			} else {
				size += 3 // U+FFFD
			}
		}
		na = make([]Offsets, 0, size)
		na = n.appendAlign(na, 0, start)
		// While the identity held, buf's bytes were at their old positions.
		na = n.appendAlign(na, start, start+done)
	}
	if n.align != nil || pos != 0 {
		startTable(0)
	}
	for _, ch := range changes {
		idx := start + pos
		var a Offsets
		if ch.Delta > 0 {
			if idx >= 1 {
				a = n.alignAt(idx - 1)
			}
		} else {
			a = n.alignAt(idx)
		}
		consumed, removed := 0, 0
		if ch.Delta <= 0 && pos < len(old) {
			consumed = runeSize(old, pos)
			pos += consumed
		}
		for k := 0; k < -ch.Delta && pos < len(old); k++ {
			sz := runeSize(old, pos)
			removed += sz
			pos += sz
		}
		before := len(buf)
		buf = utf8.AppendRune(buf, ch.Rune)
		w := len(buf) - before
		if na == nil && (ch.Delta > 0 || consumed != w || removed != 0) {
			startTable(before)
		}
		if na != nil {
			for i := 0; i < w; i++ {
				na = append(na, a)
			}
		}
	}
	if na == nil && pos != len(old) {
		startTable(len(buf))
	}
	if na == nil {
		// Still the identity.
		if string(buf) != old {
			n.normalized = n.normalized[:start] + string(buf) + n.normalized[end:]
		}
		return
	}
	na = n.appendAlign(na, end, len(n.normalized))
	n.align, n.alignOff = na, 0
	n.normalized = n.normalized[:start] + string(buf) + n.normalized[end:]
}

// appendAlign appends to dst the alignments of the normalized bytes [from, to), from
// a character boundary.
func (n *NormalizedString) appendAlign(dst []Offsets, from, to int) []Offsets {
	if n.align != nil {
		if n.alignOff == 0 {
			return append(dst, n.align[from:to]...)
		}
		for _, a := range n.align[from:to] {
			dst = append(dst, Offsets{a.Start - n.alignOff, a.End - n.alignOff})
		}
		return dst
	}
	s := n.original
	for b := from; b < to; {
		sz := runeSize(s, b)
		o := Offsets{b, b + sz}
		for i := b; i < b+sz && i < to; i++ {
			dst = append(dst, o)
		}
		b += sz
	}
	return dst
}

// wholeRange reports whether Transform works on the whole normalized text (no
// leading byte aligned to an empty range), so that skipping a transformation that
// changes nothing gives what the reference gives.
func (n *NormalizedString) wholeRange() bool {
	return n.align == nil || len(n.align) == 0 || n.align[0].Start != n.align[0].End
}

// uniform reports whether a transformation replacing every character by itself would
// leave n unchanged, as the reference computes it: Transform works on the whole text
// and the bytes of each character share one alignment (always true but for tables
// given to NewNormalizedStringFrom).
func (n *NormalizedString) uniform() bool {
	if n.align == nil {
		return true
	}
	if !n.wholeRange() {
		return false
	}
	s := n.normalized
	for i := 0; i < len(s); {
		w := runeSize(s, i)
		for k := i + 1; k < i+w; k++ {
			if n.align[k] != n.align[i] {
				return false
			}
		}
		i += w
	}
	return true
}

// runeSize returns the size of the character of s at byte i.
func runeSize(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, sz := utf8.DecodeRuneInString(s[i:])
	return sz
}

// Filter keeps the characters for which keep returns true.
func (n *NormalizedString) Filter(keep func(rune) bool) {
	all := true
	for _, c := range n.normalized {
		if !keep(c) {
			all = false
			break
		}
	}
	if all && n.uniform() {
		return // the reference's transformation would be the identity
	}
	changes := make([]Change, 0, len(n.normalized))
	removed, removedStart := 0, 0
	var last rune
	haveLast := false
	for _, c := range n.normalized {
		if keep(c) {
			if haveLast {
				changes = append(changes, Change{last, -removed})
			} else {
				removedStart = removed
			}
			last, haveLast = c, true
			removed = 0
		} else {
			removed++
		}
	}
	if haveLast {
		changes = append(changes, Change{last, -removed})
	}
	n.Transform(changes, removedStart)
}

// Map replaces every character c by f(c).
func (n *NormalizedString) Map(f func(rune) rune) {
	first := -1
	for i, c := range n.normalized {
		if f(c) != c {
			first = i
			break
		}
	}
	if first < 0 && n.uniform() {
		return
	}
	if first >= 0 && n.uniform() && n.sameSizeMap(first, func(c rune) (rune, bool) { return f(c), true }) {
		return
	}
	changes := make([]Change, 0, len(n.normalized))
	for _, c := range n.normalized {
		changes = append(changes, Change{f(c), 0})
	}
	n.Transform(changes, 0)
}

// Prepend adds s at the start (nothing when the text is empty, as the reference).
// The added characters align with the first character.
func (n *NormalizedString) Prepend(s string) {
	if len(n.normalized) == 0 {
		return
	}
	next, size := utf8.DecodeRuneInString(n.normalized)
	changes := make([]Change, 0, len(s)+1)
	i := 0
	for _, c := range s {
		d := 0
		if i != 0 {
			d = 1
		}
		changes = append(changes, Change{c, d})
		i++
	}
	changes = append(changes, Change{next, 1})
	n.transformRange(0, size, changes, 0)
}

// Append adds s at the end; the added characters align with the last character. On
// an empty text, as the reference, s is added with empty alignments (0,0).
func (n *NormalizedString) Append(s string) {
	if len(n.normalized) == 0 {
		changes := make([]Change, 0, len(s))
		for _, c := range s {
			changes = append(changes, Change{c, 1})
		}
		n.transformRange(0, 0, changes, 0)
		return
	}
	prev, size := utf8.DecodeLastRuneInString(n.normalized)
	changes := make([]Change, 0, len(s)+1)
	changes = append(changes, Change{prev, 0})
	for _, c := range s {
		changes = append(changes, Change{c, 1})
	}
	n.transformRange(len(n.normalized)-size, len(n.normalized), changes, 0)
}

// Lowercase lowercases character by character (Rust's char::to_lowercase: no final
// sigma rule, İ becomes i and U+0307).
func (n *NormalizedString) Lowercase() {
	n.changeCase(false)
}

// Uppercase uppercases character by character (Rust's char::to_uppercase: ß becomes
// SS, ligatures expand...).
func (n *NormalizedString) Uppercase() {
	n.changeCase(true)
}

// changeCase applies Rust's char::to_uppercase (upper) or char::to_lowercase.
func (n *NormalizedString) changeCase(upper bool) {
	s := n.normalized
	// Fast path: nothing to change.
	first := -1
	for i, c := range s {
		if m, multi := caseMapping(c, upper); multi != "" || m != c {
			first = i
			break
		}
	}
	if first < 0 && n.uniform() {
		return
	}
	if first >= 0 && n.uniform() && n.sameSizeMap(first, func(c rune) (rune, bool) {
		m, multi := caseMapping(c, upper)
		return m, multi == ""
	}) {
		return
	}
	changes := make([]Change, 0, len(s))
	for _, c := range s {
		m, multi := caseMapping(c, upper)
		if multi == "" {
			changes = append(changes, Change{m, 0})
			continue
		}
		k := 0
		for _, mc := range multi {
			d := 0
			if k > 0 {
				d = 1
			}
			changes = append(changes, Change{mc, d})
			k++
		}
	}
	n.Transform(changes, 0)
}

// sameSizeMap replaces each character c of the normalized text from byte first on by
// f(c), when f gives one character (ok) of the same size for each: for a uniform n,
// the alignments are then those transform would give for (f(c), 0) changes,
// unchanged. It reports false, changing nothing, otherwise.
func (n *NormalizedString) sameSizeMap(first int, f func(rune) (rune, bool)) bool {
	s := n.normalized
	for _, c := range s[first:] {
		m, ok := f(c)
		if !ok || c == utf8.RuneError || utf8.RuneLen(m) != utf8.RuneLen(c) {
			return false
		}
	}
	buf := make([]byte, first, len(s))
	copy(buf, s[:first])
	for _, c := range s[first:] {
		m, _ := f(c)
		buf = utf8.AppendRune(buf, m)
	}
	n.normalized = string(buf)
	return true
}

// Replace replaces every match of p by content. The characters of content align with
// the last byte of the match they replace (as the reference).
func (n *NormalizedString) Replace(p Pattern, content string) error {
	matches, pooled, err := findMatches(p, n.normalized)
	defer releaseMatches(pooled)
	if err != nil {
		return err
	}
	if err := checkMatches(n.normalized, matches); err != nil {
		return err
	}
	s := n.normalized
	count, matched := 0, 0
	// sameSize: every match is one character the size of content, itself one
	// character; the identity alignment then stays the identity.
	sameSize := utf8.RuneCountInString(content) == 1
	for _, m := range matches {
		if m.IsMatch {
			count++
			matched += m.End - m.Start
			if sameSize && (m.End-m.Start != len(content) || utf8.RuneCountInString(s[m.Start:m.End]) != 1) {
				sameSize = false
			}
		}
	}
	if count == 0 {
		return nil
	}
	size := len(s) - matched + count*len(content)
	buf := make([]byte, 0, size)
	var al []Offsets
	keepIdentity := n.align == nil && sameSize
	if !keepIdentity {
		al = make([]Offsets, 0, size)
	}
	last := 0
	for _, m := range matches {
		if !m.IsMatch {
			continue
		}
		buf = append(buf, s[last:m.Start]...)
		buf = append(buf, content...)
		if !keepIdentity {
			al = n.appendAlign(al, last, m.Start)
			var a Offsets
			if m.End >= 1 {
				a = n.alignAt(m.End - 1)
			}
			for range len(content) {
				al = append(al, a)
			}
		}
		last = m.End
	}
	buf = append(buf, s[last:]...)
	if !keepIdentity {
		al = n.appendAlign(al, last, len(s))
		n.align, n.alignOff = al, 0
	}
	n.normalized = string(buf)
	return nil
}

// MatchAppender is a Pattern that can append its matches (as FindMatches gives them)
// to a slice: NormalizedString's Replace, Split and SplitFunc then use a pooled one.
type MatchAppender interface {
	AppendMatches(dst []Match, s string) ([]Match, error)
}

// matchPool holds the match slices of findMatches.
var matchPool = sync.Pool{New: func() any { return new([]Match) }}

// maxPooledMatches bounds the slices kept in matchPool.
const maxPooledMatches = 1 << 16

// findMatches returns p's matches in s, in a pooled slice (returned too, for
// releaseMatches) when p is a MatchAppender.
func findMatches(p Pattern, s string) ([]Match, *[]Match, error) {
	ma, ok := p.(MatchAppender)
	if !ok {
		m, err := p.FindMatches(s)
		return m, nil, err
	}
	buf := matchPool.Get().(*[]Match)
	m, err := ma.AppendMatches((*buf)[:0], s)
	*buf = m
	return m, buf, err
}

// releaseMatches gives back a slice of findMatches (nil: none).
func releaseMatches(buf *[]Match) {
	if buf != nil && cap(*buf) <= maxPooledMatches {
		matchPool.Put(buf)
	}
}

// errBadMatches is returned when a Pattern's matches do not tile the text.
var errBadMatches = errors.New("pattern returned matches that do not cover the text in order on character boundaries")

// checkMatches verifies that matches are in order, in bounds and on character
// boundaries of s (where the reference would panic).
func checkMatches(s string, matches []Match) error {
	last := 0
	for _, m := range matches {
		if m.Start < last || m.End < m.Start || m.End > len(s) ||
			!isCharBoundary(s, m.Start) || !isCharBoundary(s, m.End) {
			return errBadMatches
		}
		last = m.End
	}
	return nil
}

// Clear removes all the normalized text and returns its length in bytes (as the
// reference, which says characters but counts bytes).
func (n *NormalizedString) Clear() int {
	l := len(n.normalized)
	n.transformRange(0, l, nil, l)
	return l
}

// Split splits n at the matches of p, doing with the matches what behavior says; empty
// pieces are dropped. Each piece keeps its alignments to the original.
func (n *NormalizedString) Split(p Pattern, behavior SplitDelimiterBehavior) ([]NormalizedString, error) {
	matches, pooled, err := findMatches(p, n.normalized)
	defer releaseMatches(pooled)
	if err != nil {
		return nil, err
	}
	if err := checkMatches(n.normalized, matches); err != nil {
		return nil, err
	}
	if behavior < Removed || behavior > Contiguous {
		return nil, fmtErrorf("unknown split behavior %d", int(behavior))
	}
	// A first pass counts the pieces, the second makes them.
	count := 0
	splitPieces(matches, behavior, func(o Offsets) {
		if o.Start != o.End {
			count++
		}
	})
	out := make([]NormalizedString, 0, count)
	bad := false
	splitPieces(matches, behavior, func(o Offsets) {
		if o.Start == o.End || bad {
			return
		}
		sl, ok := n.Slice(Normalized, o)
		if !ok {
			bad = true
			return
		}
		if !sl.IsEmpty() {
			out = append(out, sl)
		}
	})
	if bad {
		return nil, errBadMatches
	}
	if behavior == MergedWithNext {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, nil
}

// SplitFunc is Split calling emit with each piece, in order, instead of returning
// them. On error, the pieces already emitted are to be discarded.
func (n *NormalizedString) SplitFunc(p Pattern, behavior SplitDelimiterBehavior, emit func(NormalizedString)) error {
	if behavior == MergedWithNext {
		// Its pieces come in reverse order.
		pieces, err := n.Split(p, behavior)
		if err != nil {
			return err
		}
		for i := range pieces {
			emit(pieces[i])
		}
		return nil
	}
	matches, pooled, err := findMatches(p, n.normalized)
	defer releaseMatches(pooled)
	if err != nil {
		return err
	}
	if err := checkMatches(n.normalized, matches); err != nil {
		return err
	}
	if behavior < Removed || behavior > Contiguous {
		return fmtErrorf("unknown split behavior %d", int(behavior))
	}
	bad := false
	splitPieces(matches, behavior, func(o Offsets) {
		if o.Start == o.End || bad {
			return
		}
		sl, ok := n.Slice(Normalized, o)
		if !ok {
			bad = true
			return
		}
		if !sl.IsEmpty() {
			emit(sl)
		}
	})
	if bad {
		return errBadMatches
	}
	return nil
}

// splitPieces calls emit with the range of each piece that splitting at matches with
// behavior gives, in order (in reverse order for MergedWithNext), as the reference's
// split: the matches dropped by Removed are not emitted.
func splitPieces(matches []Match, behavior SplitDelimiterBehavior, emit func(Offsets)) {
	var cur Offsets
	have := false
	switch behavior {
	case Isolated:
		for _, m := range matches {
			emit(Offsets{m.Start, m.End})
		}
	case Removed:
		for _, m := range matches {
			if !m.IsMatch {
				emit(Offsets{m.Start, m.End})
			}
		}
	case Contiguous, MergedWithPrevious:
		prev := false
		for _, m := range matches {
			merge := m.IsMatch == prev
			if behavior == MergedWithPrevious {
				merge = m.IsMatch && !prev
			}
			if merge && have {
				cur.End = m.End
			} else {
				if have {
					emit(cur)
				}
				cur, have = Offsets{m.Start, m.End}, true
			}
			prev = m.IsMatch
		}
		if have {
			emit(cur)
		}
	case MergedWithNext:
		prev := false
		for i := len(matches) - 1; i >= 0; i-- {
			m := matches[i]
			if m.IsMatch && !prev && have {
				cur.Start = m.Start
			} else {
				if have {
					emit(cur)
				}
				cur, have = Offsets{m.Start, m.End}, true
			}
			prev = m.IsMatch
		}
		if have {
			emit(cur)
		}
	}
}

// LStrip removes the leading whitespace (Rust's char::is_whitespace).
func (n *NormalizedString) LStrip() { n.lrStrip(true, false) }

// RStrip removes the trailing whitespace.
func (n *NormalizedString) RStrip() { n.lrStrip(false, true) }

// Strip removes the leading and trailing whitespace.
func (n *NormalizedString) Strip() { n.lrStrip(true, true) }

// lrStrip removes leading and/or trailing whitespace, as the reference's lrstrip.
func (n *NormalizedString) lrStrip(left, right bool) {
	s := n.normalized
	lead, leadBytes := 0, 0
	if left {
		for _, c := range s {
			if !unicode.IsSpace(c) {
				break
			}
			lead++
			leadBytes += utf8.RuneLen(c)
		}
	}
	trail, trailStart := 0, len(s)
	if right {
		for trailStart > leadBytes {
			c, sz := utf8.DecodeLastRuneInString(s[:trailStart])
			if !unicode.IsSpace(c) {
				break
			}
			trail++
			trailStart -= sz
		}
	}
	if lead == 0 && trail == 0 {
		return
	}
	// The kept characters replace themselves; the leading ones are the initial
	// offset, the trailing ones are dropped at the end of the range.
	changes := make([]Change, 0, trailStart-leadBytes)
	for _, c := range s[leadBytes:trailStart] {
		changes = append(changes, Change{c, 0})
	}
	n.Transform(changes, lead)
}
