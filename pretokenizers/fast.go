package pretokenizers

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/scripts"
	"github.com/fasttok/fasttok/internal/swar"
	"github.com/fasttok/fasttok/tokenizer"
)

// The ids-only path: every pre-tokenizer of the package implements
// tokenizer.FastPreTokenizer, writing the normalized text of its pieces (exactly those
// of its PreTokenize, empty ones dropped) on reused buffers, without NormalizedString
// and without alignments.
//
// Inside, a piece travels with z, the number of its leading bytes whose original
// offset is offset 0 of the whole input (0 when the piece does not begin the input).
// It is what Metaspace's "first" scheme looks at (the original start of the piece):
// on the input itself z is the size of the first character, but after a ByteLevel or
// a Metaspace transform several leading characters share the first character's
// alignment (a prepended space or ▁, the mapped bytes of a multi-byte character), so
// that a piece cut after them still begins the input for the general path. A piece
// reports AtStart when its z is not 0.

var (
	_ tokenizer.FastPreTokenizer = (*ByteLevel)(nil)
	_ tokenizer.FastPreTokenizer = (*Split)(nil)
	_ tokenizer.FastPreTokenizer = (*Metaspace)(nil)
	_ tokenizer.FastPreTokenizer = (*Whitespace)(nil)
	_ tokenizer.FastPreTokenizer = (*WhitespaceSplit)(nil)
	_ tokenizer.FastPreTokenizer = (*Punctuation)(nil)
	_ tokenizer.FastPreTokenizer = (*Digits)(nil)
	_ tokenizer.FastPreTokenizer = (*Sequence)(nil)
	_ tokenizer.FastPreTokenizer = (*BertPreTokenizer)(nil)
	_ tokenizer.FastPreTokenizer = (*UnicodeScripts)(nil)
	_ tokenizer.FastPreTokenizer = (*CharDelimiterSplit)(nil)
	_ tokenizer.FastPreTokenizer = (*FixedLength)(nil)
	_ tokenizer.StartSensitive   = (*Metaspace)(nil)
	_ tokenizer.StartSensitive   = (*Sequence)(nil)
)

// fastPre is the package's side of tokenizer.FastPreTokenizer: appendFast appends to
// out the pieces of s, z being s's number of leading bytes at offset 0 of the input.
type fastPre interface {
	appendFast(out sink, s string, z int) error
}

// batchPre is implemented by the fast pre-tokenizers that are faster on all the
// pieces of a Sequence's level at once.
type batchPre interface {
	appendFastAll(out sink, in []view) error
}

// sink is where a fast pre-tokenizer writes its pieces. At the top, it appends them
// to p. Inside a Sequence (p nil) it keeps them as views: a piece that is a substring
// of the pre-tokenizer's input is kept as that substring, without copying; one made of
// new text (ByteLevel, Metaspace) is written to the call's arena first.
type sink struct {
	p     *tokenizer.Pieces
	views *[]view
	sc    *scratch // nil for the pre-tokenizers that need no scratch at the top
	// byteLevel (with p only) makes add write the GPT-2 characters of the bytes of
	// its pieces: a Sequence ending with a slicing pre-tokenizer then a ByteLevel
	// without regex nor prefix space runs the two at once. Only add honours it.
	byteLevel bool
}

// view is a piece kept by a Sequence between two of its children.
type view struct {
	s string
	z int
}

// add appends s as a piece (nothing when s is empty). s must stay unchanged until the
// end of the AppendPieces call (a substring of the input or of the arena).
func (o sink) add(s string, z int) {
	if s == "" {
		return
	}
	if o.p == nil {
		*o.views = append(*o.views, view{s, z})
		return
	}
	p := o.p
	if o.byteLevel {
		p.Buf = mapBytesTo(slices.Grow(p.Buf, 2*len(s)), s)
	} else {
		p.Buf = append(p.Buf, s...)
	}
	p.Ends = append(p.Ends, len(p.Buf))
	p.AtStart = append(p.AtStart, z > 0)
}

// buf returns the buffer that a pre-tokenizer making new text appends its pieces to,
// closing each with end.
func (o sink) buf() *[]byte {
	if o.p == nil {
		o.sc.mark = len(o.sc.arena)
		return &o.sc.arena
	}
	return &o.p.Buf
}

// end closes the piece made of the bytes appended to *o.buf() since the previous
// piece (nothing when there are none).
func (o sink) end(z int) {
	if o.p == nil {
		sc := o.sc
		if len(sc.arena) > sc.mark {
			*o.views = append(*o.views, view{bytesString(sc.arena[sc.mark:]), z})
			sc.mark = len(sc.arena)
		}
		return
	}
	p := o.p
	start := 0
	if n := len(p.Ends); n > 0 {
		start = p.Ends[n-1]
	}
	if len(p.Buf) == start {
		return
	}
	p.Ends = append(p.Ends, len(p.Buf))
	p.AtStart = append(p.AtStart, z > 0)
}

// endNonEmpty is end for a piece known not to be empty.
func (o sink) endNonEmpty(z int) {
	if o.p == nil {
		o.end(z)
		return
	}
	p := o.p
	p.Ends = append(p.Ends, len(p.Buf))
	p.AtStart = append(p.AtStart, z > 0)
}

// scratch holds the buffers of one AppendPieces call.
type scratch struct {
	text  []byte   // ByteLevel's text with its prefix space
	spans [][2]int // regex matches
	cuts  []int    // ByteLevel's piece ends
	// arena holds the text of the views made by the children of Sequences. It is only
	// appended to during a call (a view may keep an array the arena has outgrown).
	arena  []byte
	mark   int         // start of the piece being written to arena
	levels []*seqLevel // Sequence's views between two children, by nesting depth
	depth  int
}

// seqLevel holds the views between two children of a Sequence.
type seqLevel struct {
	a, b []view
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxKeep is the capacity above which a scratch buffer is not kept for the next call.
const maxKeep = 1 << 20

func getScratch() *scratch {
	sc := scratchPool.Get().(*scratch)
	sc.arena, sc.mark, sc.depth = sc.arena[:0], 0, 0
	return sc
}

func putScratch(sc *scratch) {
	if cap(sc.text) > maxKeep {
		sc.text = nil
	}
	if cap(sc.spans) > maxKeep/16 {
		sc.spans = nil
	}
	if cap(sc.cuts) > maxKeep/8 {
		sc.cuts = nil
	}
	if cap(sc.arena) > 4*maxKeep {
		sc.arena = nil
	}
	for _, lv := range sc.levels {
		if cap(lv.a) > maxKeep/16 {
			lv.a = nil
		}
		if cap(lv.b) > maxKeep/16 {
			lv.b = nil
		}
	}
	scratchPool.Put(sc)
}

// startZ returns the z of s: the size of its first character when it begins the input.
func startZ(s string, atStart bool) int {
	if !atStart || s == "" {
		return 0
	}
	if s[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// zOf returns the z of the piece s[a:b] of a text whose z is z.
func zOf(a, b, z int) int {
	if a >= z {
		return 0
	}
	return min(b, z) - a
}

// run is AppendPieces for f, with scratch buffers when needScratch.
func run(f fastPre, p *tokenizer.Pieces, s string, atStart, needScratch bool) error {
	if !needScratch {
		return f.appendFast(sink{p: p}, s, startZ(s, atStart))
	}
	sc := getScratch()
	err := f.appendFast(sink{p: p, sc: sc}, s, startZ(s, atStart))
	putScratch(sc)
	return err
}

// bytesString returns b as a string without copying; it must not outlive b's next
// change.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// Character classes of the ASCII characters, from the predicates of the general path.
const (
	cSpace = 1 << iota // isWhitespace
	cWord              // isWord
	cPunct             // isPunct
	cDigit             // isNumeric
)

var asciiBits = func() (t [utf8.RuneSelf]uint8) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if isWhitespace(r) {
			t[r] |= cSpace
		}
		if isWord(r) {
			t[r] |= cWord
		}
		if isPunct(r) {
			t[r] |= cPunct
		}
		if isNumeric(r) {
			t[r] |= cDigit
		}
	}
	return t
}()

// segSplitter turns the segments of a Pattern's FindMatches (matches and the gaps
// between them, in order, empty matches included) into the pieces of
// NormalizedString.Split with its behavior, streaming (MergedWithNext looks one
// segment ahead instead of walking backwards).
type segSplitter struct {
	out      sink
	s        string
	z        int
	behavior tokenizer.SplitDelimiterBehavior
	a, b     int  // the pending piece
	have     bool // a pending piece exists
	prev     bool // IsMatch of the previous segment
}

func (g *segSplitter) emit(a, b int) {
	if a < b {
		g.out.add(g.s[a:b], zOf(a, b, g.z))
	}
}

// seg takes the next segment [a, b).
func (g *segSplitter) seg(a, b int, isMatch bool) {
	switch g.behavior {
	case tokenizer.Isolated:
		g.emit(a, b)
	case tokenizer.Removed:
		if !isMatch {
			g.emit(a, b)
		}
	case tokenizer.Contiguous, tokenizer.MergedWithPrevious:
		merge := isMatch == g.prev
		if g.behavior == tokenizer.MergedWithPrevious {
			merge = isMatch && !g.prev
		}
		if merge && g.have {
			g.b = b
		} else {
			if g.have {
				g.emit(g.a, g.b)
			}
			g.a, g.b, g.have = a, b, true
		}
		g.prev = isMatch
	case tokenizer.MergedWithNext:
		// A match takes the segment after it when that one is not a match.
		if g.have {
			g.have = false
			if !isMatch {
				g.emit(g.a, b)
				return
			}
			g.emit(g.a, g.b)
		}
		if isMatch {
			g.a, g.b, g.have = a, b, true
		} else {
			g.emit(a, b)
		}
	}
}

// flush emits the pending piece.
func (g *segSplitter) flush() {
	if g.have {
		g.have = false
		g.emit(g.a, g.b)
	}
}

// errBehavior is returned for a behavior out of SplitDelimiterBehavior's range.
var errBehavior = errors.New("unknown split behavior")

func validBehavior(b tokenizer.SplitDelimiterBehavior) bool {
	return b >= tokenizer.Removed && b <= tokenizer.Contiguous
}

// predSegments feeds g the segments of FuncPattern(pred) on s, pred being mask on
// the ASCII characters and slow on the others: each character for which it holds is a
// match of its own.
func predSegments(g *segSplitter, s string, mask uint8, slow func(rune) bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		var hit bool
		if c < utf8.RuneSelf {
			hit = asciiBits[c]&mask != 0
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			hit = slow(r)
		}
		if hit {
			if last < i {
				g.seg(last, i, false)
			}
			g.seg(i, i+size, true)
			last = i + size
		}
		i += size
	}
	if last < len(s) {
		g.seg(last, len(s), false)
	}
	g.flush()
}

// ByteLevel.

// appendByteLevel appends the GPT-2 characters of the bytes of s.
func appendByteLevel(dst []byte, s string) []byte {
	return mapBytesTo(slices.Grow(dst, 2*len(s)), s)
}

// blCode holds the GPT-2 character of each byte as little-endian bytes (the low 16
// bits; the second byte is 0 for a one-byte character) and its size (bits 16 and up).
var blCode = func() (t [256]uint32) {
	for b := 0; b < 256; b++ {
		if s := bytelevel.String(byte(b)); len(s) == 1 {
			t[b] = 1<<16 | uint32(s[0])
		} else {
			t[b] = 2<<16 | uint32(s[1])<<8 | uint32(s[0])
		}
	}
	return t
}()

// mapBytesTo appends the GPT-2 characters of the bytes of s to dst, which must have
// room for 2*len(s) more bytes.
func mapBytesTo(dst []byte, s string) []byte {
	j := len(dst)
	dst = dst[:j+2*len(s)]
	if len(s) == 0 {
		return dst[:j]
	}
	// Each character is written as two bytes (the second one overwritten by the next
	// character when it is a one-byte character): j+1 < len(dst) always holds since
	// every byte gives at most two.
	base := unsafe.Pointer(unsafe.SliceData(dst))
	for i := 0; i < len(s); i++ {
		c := blCode[s[i]]
		*(*[2]byte)(unsafe.Add(base, j)) = [2]byte{byte(c), byte(c >> 8)}
		j += int(c >> 16)
	}
	return dst[:j]
}

// spanSlack is the room past the mapping of a span that mapSpanTo may write.
const spanSlack = 8

// mapSpanTo appends the GPT-2 characters of s[a:b] to dst, which must have room for
// 2*(b-a)+spanSlack more bytes: as mapBytesTo, but runs of bytes that map to themselves
// ('!' to '~') are copied 8 bytes at a time, read from s past b where s has them and
// written up to spanSlack bytes past the mapping (dst's length ends at the mapping).
func mapSpanTo(dst []byte, s string, a, b int) []byte {
	j := len(dst)
	dst = dst[:j+2*(b-a)+spanSlack]
	base := unsafe.Pointer(unsafe.SliceData(dst))
	src := unsafe.Pointer(unsafe.StringData(s))
	for i := a; i < b; {
		// A byte by the table (a piece most often starts with a space: 'Ġ')...
		c := blCode[s[i]]
		*(*[2]byte)(unsafe.Add(base, j)) = [2]byte{byte(c), byte(c >> 8)}
		j += int(c >> 16)
		i++
		// ...then the run of bytes that map to themselves, 8 at a time.
		for i < b && i+8 <= len(s) {
			w := binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(src, i)), 8))
			same := swar.Below(w, '~'+1) &^ swar.Below(w, '!')
			k := min(bits.TrailingZeros64(^same&swar.High)>>3, b-i)
			binary.LittleEndian.PutUint64(unsafe.Slice((*byte)(unsafe.Add(base, j)), 8), w)
			i += k
			j += k
			if k < 8 {
				break
			}
		}
	}
	return dst[:j]
}

// byteLevelLen returns the size of the mapping of s.
func byteLevelLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c-'!' < '~'-'!'+1 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// AppendPieces implements tokenizer.FastPreTokenizer.
func (b *ByteLevel) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return run(b, p, s, atStart, b.UseRegex || b.AddPrefixSpace)
}

func (b *ByteLevel) appendFast(out sink, s string, z int) error {
	if s == "" {
		return nil
	}
	t := s
	if b.AddPrefixSpace && s[0] != ' ' {
		// The space takes the first character's alignment, and so does that character.
		sc := out.sc
		sc.text = append(append(sc.text[:0], ' '), s...)
		t = bytesString(sc.text)
		if z > 0 {
			z++
		}
	}
	bp := out.buf()
	if !b.UseRegex {
		*bp = mapBytesTo(slices.Grow(*bp, 2*len(t)), t)
		out.endNonEmpty(byteLevelZ(t, 0, len(t), z))
		return nil
	}
	re := b.re
	if re == nil {
		var err error
		if re, err = gpt2Regex(); err != nil {
			return err
		}
	}
	sc := out.sc
	sc.spans = re.FindAllIndex(t, sc.spans[:0])
	// The pieces (the matches and the gaps between them) cover t: its mapping is
	// written once, closing a piece at each boundary.
	buf := slices.Grow(*bp, 2*len(t))
	p := out.p
	if p != nil {
		// Into Pieces: one pass over t, closing a piece at each cut.
		cuts := sc.cuts[:0]
		last := 0
		for _, m := range sc.spans {
			if m[0] < last || m[1] < m[0] || m[1] > len(t) {
				sc.cuts = cuts
				return errBadMatches
			}
			if m[0] > last {
				cuts = append(cuts, m[0])
			}
			if m[1] > m[0] {
				cuts = append(cuts, m[1])
			}
			last = m[1]
		}
		if last < len(t) {
			cuts = append(cuts, len(t))
		}
		sc.cuts = cuts
		if len(cuts) == 0 {
			return nil
		}
		buf = slices.Grow(buf, 2*len(t)+spanSlack)
		p.Ends, p.AtStart = slices.Grow(p.Ends, len(cuts)), slices.Grow(p.AtStart, len(cuts))
		start := 0
		for _, cut := range cuts {
			buf = mapSpanTo(buf, t, start, cut)
			p.Ends = append(p.Ends, len(buf))
			p.AtStart = append(p.AtStart, start < z)
			start = cut
		}
		p.Buf = buf
		return nil
	}
	prev := 0
	for i := 0; i <= len(sc.spans); i++ {
		a, b := len(t), len(t) // the match (none after the last one)
		if i < len(sc.spans) {
			a, b = sc.spans[i][0], sc.spans[i][1]
			if a < prev || b < a || b > len(t) {
				*bp = buf
				return errBadMatches
			}
		}
		if prev < a { // the gap before the match
			buf = mapBytesTo(buf, t[prev:a])
			zz := byteLevelZ(t, prev, a, z)
			if p != nil {
				p.Ends = append(p.Ends, len(buf))
				p.AtStart = append(p.AtStart, zz > 0)
			} else {
				*bp = buf
				out.end(zz)
			}
		}
		if a < b {
			buf = mapBytesTo(buf, t[a:b])
			zz := byteLevelZ(t, a, b, z)
			if p != nil {
				p.Ends = append(p.Ends, len(buf))
				p.AtStart = append(p.AtStart, zz > 0)
			} else {
				*bp = buf
				out.end(zz)
			}
		}
		prev = b
	}
	*bp = buf
	return nil
}

// byteLevelZ returns the z of the mapping of t[a:b] (b > a), t's z being z.
func byteLevelZ(t string, a, b, z int) int {
	if a >= z {
		return 0
	}
	return byteLevelLen(t[a:min(b, z)])
}

// appendFastAll is appendFast on each of the views, for a Sequence.
func (b *ByteLevel) appendFastAll(out sink, in []view) error {
	if b.UseRegex || b.AddPrefixSpace {
		for _, v := range in {
			if err := b.appendFast(out, v.s, v.z); err != nil {
				return err
			}
		}
		return nil
	}
	// Each view as one piece: the buffer is grown once.
	total := 0
	for _, v := range in {
		total += 2 * len(v.s)
	}
	bp := out.buf()
	buf := slices.Grow(*bp, total)
	p := out.p
	for _, v := range in {
		if v.s == "" {
			continue
		}
		buf = mapBytesTo(buf, v.s)
		zz := byteLevelZ(v.s, 0, len(v.s), v.z)
		if p != nil {
			p.Ends = append(p.Ends, len(buf))
			p.AtStart = append(p.AtStart, zz > 0)
		} else {
			*bp = buf
			out.end(zz)
		}
	}
	*bp = buf
	return nil
}

// Split.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (sp *Split) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return run(sp, p, s, atStart, sp.rx != nil)
}

func (sp *Split) appendFast(out sink, s string, z int) error {
	if sp.re == nil {
		return errSplitNotCompiled
	}
	if s == "" {
		return nil
	}
	if !validBehavior(sp.Behavior) {
		return errBehavior
	}
	if out.byteLevel {
		out.p.Buf = slices.Grow(out.p.Buf, 2*len(s)+spanSlack)
	}
	g := segSplitter{out: out, s: s, z: z, behavior: sp.Behavior}
	inv := sp.Invert
	if sp.rx == nil {
		// A non-empty literal, as StringPattern finds it.
		pat := sp.Pattern
		last := 0
		for {
			i := strings.Index(s[last:], pat)
			if i < 0 {
				break
			}
			start := last + i
			if last < start {
				g.seg(last, start, inv)
			}
			last = start + len(pat)
			g.seg(start, last, !inv)
		}
		if last < len(s) {
			g.seg(last, len(s), inv)
		}
		g.flush()
		return nil
	}
	sc := out.sc
	sc.spans = sp.rx.FindAllIndex(s, sc.spans[:0])
	prev := 0
	for _, m := range sc.spans {
		if m[0] < prev || m[1] < m[0] || m[1] > len(s) {
			return errBadMatches
		}
		prev = m[1]
	}
	// The common cases directly: every segment, only the matches, only the gaps.
	keepMatch, keepGap := true, true
	switch {
	case sp.Behavior == tokenizer.Removed && inv:
		keepGap = false
	case sp.Behavior == tokenizer.Removed:
		keepMatch = false
	case sp.Behavior != tokenizer.Isolated:
		keepMatch, keepGap = false, false
	}
	if (keepMatch || keepGap) && out.byteLevel {
		// Fused with a ByteLevel (see Sequence): map the kept pieces directly.
		p := out.p
		buf := p.Buf // grown above
		n := len(sc.spans)*2 + 1
		p.Ends, p.AtStart = slices.Grow(p.Ends, n), slices.Grow(p.AtStart, n)
		prev = 0
		for i := 0; i <= len(sc.spans); i++ {
			a, b := len(s), len(s)
			if i < len(sc.spans) {
				a, b = sc.spans[i][0], sc.spans[i][1]
			}
			if keepGap && prev < a {
				buf = mapSpanTo(buf, s, prev, a)
				p.Ends = append(p.Ends, len(buf))
				p.AtStart = append(p.AtStart, prev < z)
			}
			if keepMatch && a < b {
				buf = mapSpanTo(buf, s, a, b)
				p.Ends = append(p.Ends, len(buf))
				p.AtStart = append(p.AtStart, a < z)
			}
			prev = b
		}
		p.Buf = buf
		return nil
	}
	if keepMatch || keepGap {
		prev = 0
		for _, m := range sc.spans {
			if keepGap {
				out.add(s[prev:m[0]], zOf(prev, m[0], z))
			}
			if keepMatch {
				out.add(s[m[0]:m[1]], zOf(m[0], m[1], z))
			}
			prev = m[1]
		}
		if keepGap {
			out.add(s[prev:], zOf(prev, len(s), z))
		}
		return nil
	}
	prev = 0
	for _, m := range sc.spans {
		if prev != m[0] {
			g.seg(prev, m[0], inv)
		}
		g.seg(m[0], m[1], !inv)
		prev = m[1]
	}
	if prev != len(s) {
		g.seg(prev, len(s), inv)
	}
	g.flush()
	return nil
}

// Metaspace.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (m *Metaspace) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return m.appendFast(sink{p: p}, s, startZ(s, atStart))
}

// StartSensitive implements tokenizer.StartSensitive: with the "first" scheme, the
// pieces depend on where they begin in the input.
func (m *Metaspace) StartSensitive() bool { return m.PrependScheme == First }

// metaZ returns the z of the Metaspace piece made from s[a:b] (and the prepended
// replacement when prepended): each space becomes the replacement, which keeps its
// alignment, and so does the prepended replacement the first character's.
func metaZ(s string, a, b, z, repLen int, prepended bool) int {
	if a >= z {
		return 0
	}
	e := min(b, z)
	n := e - a + strings.Count(s[a:e], " ")*(repLen-1)
	if prepended {
		n += repLen
	}
	return n
}

func (m *Metaspace) appendFast(out sink, s string, z int) error {
	if s == "" {
		return nil
	}
	rep := m.rep
	if rep == "" {
		rep = string(m.Replacement)
	}
	prepend := false
	if s[0] != ' ' && !strings.HasPrefix(s, rep) {
		prepend = m.PrependScheme == Always || m.PrependScheme == First && z > 0
	}
	bp := out.buf()
	buf := *bp
	if prepend {
		buf = append(buf, rep...)
	}
	last := 0
	if !m.Split || !utf8.ValidRune(m.Replacement) {
		// (The general path splits on the rune Replacement, which an invalid rune
		// never matches.)
		*bp = appendReplaced(buf, s, rep)
		out.end(metaZ(s, 0, len(s), z, len(rep), prepend))
		return nil
	}
	// Split before each replacement character, the spaces being replacements.
	rep0 := rep[0]
	a := 0 // where the current piece starts in s
	for i := 0; i < len(s); {
		c := s[i]
		if c != ' ' && c != rep0 {
			i++
			continue
		}
		if c == ' ' {
			*bp = append(buf, s[last:i]...)
			out.end(metaZ(s, a, i, z, len(rep), prepend && a == 0))
			buf = append(*bp, rep...)
			a = i
			i++
			last = i
			continue
		}
		if strings.HasPrefix(s[i:], rep) {
			*bp = append(buf, s[last:i]...)
			out.end(metaZ(s, a, i, z, len(rep), prepend && a == 0))
			buf = *bp
			a, last = i, i
			i += len(rep)
			continue
		}
		i++
	}
	*bp = append(buf, s[last:]...)
	out.end(metaZ(s, a, len(s), z, len(rep), prepend && a == 0))
	return nil
}

// appendReplaced appends s to dst with its spaces replaced by rep.
func appendReplaced(dst []byte, s, rep string) []byte {
	spaces := strings.Count(s, " ")
	if spaces == 0 {
		return append(dst, s...)
	}
	j := len(dst)
	dst = slices.Grow(dst, len(s)+spaces*(len(rep)-1))
	dst = dst[:j+len(s)+spaces*(len(rep)-1)]
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' {
			dst[j] = c
			j++
			continue
		}
		j += copy(dst[j:], rep)
	}
	return dst[:j]
}

// Whitespace.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (w *Whitespace) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return w.appendFast(sink{p: p}, s, startZ(s, atStart))
}

// asciiWSClass is charClass on the ASCII characters.
var asciiWSClass = func() (t [utf8.RuneSelf]int8) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = int8(charClass(r))
	}
	return t
}()

func (*Whitespace) appendFast(out sink, s string, z int) error {
	start, cur := 0, int8(-1)
	for i := 0; i < len(s); {
		var c int8
		size := 1
		if b := s[i]; b < utf8.RuneSelf {
			c = asciiWSClass[b]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			c = int8(charClass(r))
		}
		if c != cur {
			if cur > classSpace {
				out.add(s[start:i], zOf(start, i, z))
			}
			start, cur = i, c
		}
		i += size
	}
	if cur > classSpace {
		out.add(s[start:], zOf(start, len(s), z))
	}
	return nil
}

// WhitespaceSplit.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (w *WhitespaceSplit) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return w.appendFast(sink{p: p}, s, startZ(s, atStart))
}

// Byte tables for the tight loops: the ASCII bytes of a class; a byte >= 0x80 is in
// none (the loops decode it).
var (
	asciiNotSpace = asciiTable(func(b uint8) bool { return b&cSpace == 0 })
	asciiPlain    = asciiTable(func(b uint8) bool { return b&(cSpace|cPunct) == 0 })
)

func asciiTable(f func(bits uint8) bool) (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = f(asciiBits[c])
	}
	return t
}

func (*WhitespaceSplit) appendFast(out sink, s string, z int) error {
	i := 0
	for i < len(s) {
		// Skip the whitespace.
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if asciiNotSpace[c] {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWhitespace(r) {
				break
			}
			i += size
		}
		if i == len(s) {
			break
		}
		// The word.
		start := i
		for i < len(s) {
			for i < len(s) && asciiNotSpace[s[i]] {
				i++
			}
			if i == len(s) || s[i] < utf8.RuneSelf {
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if isWhitespace(r) {
				break
			}
			i += size
		}
		out.add(s[start:i], zOf(start, i, z))
	}
	return nil
}

// BertPreTokenizer.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (bp *BertPreTokenizer) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return bp.appendFast(sink{p: p}, s, startZ(s, atStart))
}

func (*BertPreTokenizer) appendFast(out sink, s string, z int) error {
	start := -1 // start of the current word, -1 outside one
	for i := 0; i < len(s); {
		if asciiPlain[s[i]] {
			if start < 0 {
				start = i
			}
			i++
			for i < len(s) && asciiPlain[s[i]] {
				i++
			}
			continue
		}
		size := 1
		var bits uint8
		if b := s[i]; b < utf8.RuneSelf {
			bits = asciiBits[b]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if isWhitespace(r) {
				bits = cSpace
			} else if isPunct(r) {
				bits = cPunct
			}
		}
		switch {
		case bits&cSpace != 0:
			if start >= 0 {
				out.add(s[start:i], zOf(start, i, z))
				start = -1
			}
		case bits&cPunct != 0:
			if start >= 0 {
				out.add(s[start:i], zOf(start, i, z))
				start = -1
			}
			out.add(s[i:i+size], zOf(i, i+size, z))
		default:
			if start < 0 {
				start = i
			}
		}
		i += size
	}
	if start >= 0 {
		out.add(s[start:], zOf(start, len(s), z))
	}
	return nil
}

// Punctuation.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (pu *Punctuation) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return pu.appendFast(sink{p: p}, s, startZ(s, atStart))
}

func (pu *Punctuation) appendFast(out sink, s string, z int) error {
	if s == "" {
		return nil
	}
	if !validBehavior(pu.Behavior) {
		return errBehavior
	}
	g := segSplitter{out: out, s: s, z: z, behavior: pu.Behavior}
	predSegments(&g, s, cPunct, isPunct)
	return nil
}

// Digits.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (d *Digits) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return d.appendFast(sink{p: p}, s, startZ(s, atStart))
}

func (d *Digits) appendFast(out sink, s string, z int) error {
	if s == "" {
		return nil
	}
	if !d.IndividualDigits {
		// Contiguous: the runs of numeric characters and the runs of the others.
		start, cur := 0, -1
		for i := 0; i < len(s); {
			size := 1
			num := 0
			if b := s[i]; b < utf8.RuneSelf {
				if asciiBits[b]&cDigit != 0 {
					num = 1
				}
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(s[i:])
				if isNumeric(r) {
					num = 1
				}
			}
			if num != cur {
				if cur >= 0 {
					out.add(s[start:i], zOf(start, i, z))
				}
				start, cur = i, num
			}
			i += size
		}
		out.add(s[start:], zOf(start, len(s), z))
		return nil
	}
	g := segSplitter{out: out, s: s, z: z, behavior: tokenizer.Isolated}
	predSegments(&g, s, cDigit, isNumeric)
	return nil
}

// CharDelimiterSplit.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (c *CharDelimiterSplit) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return c.appendFast(sink{p: p}, s, startZ(s, atStart))
}

func (c *CharDelimiterSplit) appendFast(out sink, s string, z int) error {
	d := c.Delimiter
	if d == utf8.RuneError || !utf8.ValidRune(d) {
		// U+FFFD also matches the bytes of invalid UTF-8 (decoded as U+FFFD); an
		// invalid rune matches nothing.
		g := segSplitter{out: out, s: s, z: z, behavior: tokenizer.Removed}
		predSegments(&g, s, 0, func(r rune) bool { return r == d })
		return nil
	}
	var buf [utf8.UTFMax]byte
	delim := buf[:utf8.EncodeRune(buf[:], d)]
	last := 0
	for last < len(s) {
		var i int
		if len(delim) == 1 {
			i = strings.IndexByte(s[last:], delim[0])
		} else {
			i = strings.Index(s[last:], bytesString(delim))
		}
		if i < 0 {
			break
		}
		out.add(s[last:last+i], zOf(last, last+i, z))
		last += i + len(delim)
	}
	out.add(s[last:], zOf(last, len(s), z))
	return nil
}

// FixedLength.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (f *FixedLength) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return f.appendFast(sink{p: p}, s, startZ(s, atStart))
}

func (f *FixedLength) appendFast(out sink, s string, z int) error {
	if f.Length <= 0 {
		return errZeroLength
	}
	start, count := 0, 0
	for i := 0; i < len(s); {
		if count == f.Length {
			out.add(s[start:i], zOf(start, i, z))
			start, count = i, 0
		}
		count++
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	out.add(s[start:], zOf(start, len(s), z))
	return nil
}

// UnicodeScripts.

// AppendPieces implements tokenizer.FastPreTokenizer.
func (u *UnicodeScripts) AppendPieces(p *tokenizer.Pieces, s string, atStart bool) error {
	return u.appendFast(sink{p: p}, s, startZ(s, atStart))
}

// asciiScript is fixedScript on the ASCII characters.
var asciiScript = func() (t [utf8.RuneSelf]scripts.Script) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = fixedScript(r)
	}
	return t
}()

func (*UnicodeScripts) appendFast(out sink, s string, z int) error {
	last, haveLast := scripts.Any, false
	start := -1
	for i := 0; i < len(s); {
		var sc scripts.Script
		size := 1
		if b := s[i]; b < utf8.RuneSelf {
			sc = asciiScript[b]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			sc = fixedScript(r)
		}
		if sc != scripts.Any {
			if !haveLast || last != sc {
				if start >= 0 {
					out.add(s[start:i], zOf(start, i, z))
				}
				start = i
			}
			last, haveLast = sc, true
		}
		i += size
	}
	if start >= 0 {
		out.add(s[start:], zOf(start, len(s), z))
	}
	return nil
}

// Sequence.

// AppendPieces implements tokenizer.FastPreTokenizer. A child that is not one of the
// package's pre-tokenizers runs through its PreTokenize on each piece.
func (s *Sequence) AppendPieces(p *tokenizer.Pieces, text string, atStart bool) error {
	return run(s, p, text, atStart, true)
}

// StartSensitive implements tokenizer.StartSensitive: true when a child is (or is not
// one of the package's pre-tokenizers, which cannot be told).
func (s *Sequence) StartSensitive() bool {
	for _, pt := range s.PreTokenizers {
		if pt == nil {
			continue
		}
		if ss, ok := pt.(tokenizer.StartSensitive); ok && ss.StartSensitive() {
			return true
		}
		if _, ok := pt.(fastPre); !ok {
			return true
		}
	}
	return false
}

func (s *Sequence) appendFast(out sink, text string, z int) error {
	last := -1
	for i, pt := range s.PreTokenizers {
		if pt != nil {
			last = i
		}
	}
	if last < 0 {
		out.add(text, z)
		return nil
	}
	sc := out.sc
	d := sc.depth
	sc.depth++
	defer func() { sc.depth-- }()
	for len(sc.levels) <= d {
		sc.levels = append(sc.levels, new(seqLevel))
	}
	// A slicing child then a plain ByteLevel at the end (the tiktoken-style
	// tokenizers) are run at once: the slicing child maps the bytes of its pieces.
	fused := -1
	if bl, ok := s.PreTokenizers[last].(*ByteLevel); ok && out.p != nil && !bl.UseRegex && !bl.AddPrefixSpace {
		prev := last - 1
		for prev >= 0 && s.PreTokenizers[prev] == nil {
			prev--
		}
		if prev >= 0 && slicing(s.PreTokenizers[prev]) {
			fused, last = last, prev
		}
	}
	lv := sc.levels[d]
	in, next := &lv.a, &lv.b
	hiA, hiB := 0, 0 // how much of lv.a and lv.b was used, to clear it at the end
	defer func() {
		clear(lv.a[:hiA])
		clear(lv.b[:hiB])
	}()
	first := true
	for i, pt := range s.PreTokenizers {
		if pt == nil || i == fused {
			continue
		}
		dst := out
		if i == last && fused >= 0 {
			dst.byteLevel = true
		}
		if i != last {
			*next = (*next)[:0]
			dst = sink{views: next, sc: sc}
		}
		f, fast := pt.(fastPre)
		batch, isBatch := pt.(batchPre)
		switch {
		case first && fast:
			if err := f.appendFast(dst, text, z); err != nil {
				return err
			}
		case first:
			if err := runGeneral(pt, dst, text, z); err != nil {
				return err
			}
		case fast && isBatch:
			if err := batch.appendFastAll(dst, *in); err != nil {
				return err
			}
		case fast:
			for _, v := range *in {
				if err := f.appendFast(dst, v.s, v.z); err != nil {
					return err
				}
			}
		default:
			for _, v := range *in {
				if err := runGeneral(pt, dst, v.s, v.z); err != nil {
					return err
				}
			}
		}
		first = false
		hiA, hiB = max(hiA, len(lv.a)), max(hiB, len(lv.b))
		in, next = next, in
	}
	return nil
}

// slicing reports whether pt is a fast pre-tokenizer whose pieces are substrings of
// its input, written with sink.add only.
func slicing(pt tokenizer.PreTokenizer) bool {
	switch pt.(type) {
	case *Split, *Whitespace, *WhitespaceSplit, *Punctuation, *Digits, *BertPreTokenizer,
		*CharDelimiterSplit, *FixedLength, *UnicodeScripts:
		return true
	}
	return false
}

// runGeneral runs pt's PreTokenize on s, made into a NormalizedString whose first z
// bytes begin the input (they all align with s[:z], at offset 0) and the others not.
func runGeneral(pt tokenizer.PreTokenizer, out sink, s string, z int) error {
	s = strings.Clone(s)
	shift := 0
	var align []tokenizer.Offsets
	switch {
	case z == 0:
		shift = 1
	case z != startZ(s, true):
		align = make([]tokenizer.Offsets, len(s))
		for i := 0; i < len(s); {
			size := 1
			if s[i] >= utf8.RuneSelf {
				_, size = utf8.DecodeRuneInString(s[i:])
			}
			a := tokenizer.Offsets{Start: i, End: i + size}
			if i < z {
				a = tokenizer.Offsets{Start: 0, End: z}
			}
			for k := i; k < i+size && k < len(s); k++ {
				align[k] = a
			}
			i += size
		}
	}
	n, err := tokenizer.NewNormalizedStringFrom(s, s, align, shift)
	if err != nil {
		return err
	}
	p := tokenizer.PreTokenizedFromNormalized(n)
	if err := pt.PreTokenize(p); err != nil {
		return err
	}
	for _, sp := range p.Splits() {
		v := sp.Normalized.Normalized()
		zz := 0
		if sp.Normalized.OffsetsOriginal().Start == 0 {
			for _, a := range sp.Normalized.Alignments() {
				if a.Start != 0 {
					break
				}
				zz++
			}
		}
		out.add(v, zz)
	}
	return nil
}
