package normalizers

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// The ids-only path (tokenizer.FastNormalizer). Every normalizer of the package appends
// its normalized text to a byte buffer without alignments; the text is exactly the
// Normalized() of its general path (fast_test.go compares the two). Where the general
// path's text depends on something the fast one does not track, the fast one runs the
// general path:
//   - invalid UTF-8, which the general path turns into U+FFFD in some places only
//     (where it rebuilds the text from characters), and on which its transformations
//     start at the first character boundary: for the normalizers that decode
//     characters, for ByteLevel and Precompiled on a text that starts with a
//     continuation byte, and for a Sequence on any invalid text;
//   - in a Sequence, a Replace whose pattern matches the empty string at the start of a
//     non-empty text, before another child: the inserted content aligns to nothing in
//     the original, and the general path's later transformations (which work on the
//     range of the whole original) leave it out of their range, changing the text (the
//     reference panics there, normalizer.rs:373, index out of bounds);
//   - a Sequence with a child that is not a tokenizer.FastNormalizer.

var (
	_ tokenizer.FastNormalizer = NFC{}
	_ tokenizer.FastNormalizer = NFD{}
	_ tokenizer.FastNormalizer = NFKC{}
	_ tokenizer.FastNormalizer = NFKD{}
	_ tokenizer.FastNormalizer = Lowercase{}
	_ tokenizer.FastNormalizer = (*Replace)(nil)
	_ tokenizer.FastNormalizer = (*Prepend)(nil)
	_ tokenizer.FastNormalizer = (*Strip)(nil)
	_ tokenizer.FastNormalizer = StripAccents{}
	_ tokenizer.FastNormalizer = ByteLevel{}
	_ tokenizer.FastNormalizer = Nmt{}
	_ tokenizer.FastNormalizer = (*BertNormalizer)(nil)
	_ tokenizer.FastNormalizer = (*Precompiled)(nil)
	_ tokenizer.FastNormalizer = (*Sequence)(nil)
)

// appendGeneral appends what the general path of n makes of s.
func appendGeneral(n tokenizer.Normalizer, dst []byte, s string) ([]byte, error) {
	ns := tokenizer.NewNormalizedString(s)
	if err := n.Normalize(&ns); err != nil {
		return dst, err
	}
	return append(dst, ns.Normalized()...), nil
}

// asciiPrefix returns the length of the longest ASCII prefix of s.
func asciiPrefix(s string) int {
	i := 0
	b := stringBytes(s)
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// decode decodes the non-ASCII character at s[i]; ok is false on invalid UTF-8.
func decode(s string, i int) (r rune, size int, ok bool) {
	r, size = utf8.DecodeRuneInString(s[i:])
	return r, size, !(r == utf8.RuneError && size == 1)
}

// runeScratch is a reusable buffer of characters.
type runeScratch struct{ r []rune }

var runePool = sync.Pool{New: func() any { return &runeScratch{r: make([]rune, 0, 64)} }}

func getRunes() *runeScratch { return runePool.Get().(*runeScratch) }

func putRunes(sc *runeScratch, r []rune) {
	if cap(r) <= 1<<16 {
		sc.r = r[:0]
		runePool.Put(sc)
	}
}

// Properties of the BMP characters, looked up in a table by the fast paths (the
// general path's functions search range tables).
const (
	propMark9  = 1 << iota // unicodetables.IsCombiningMark (StripAccents)
	propMn8                // unicodetables.IsNonspacingMark8 (BertNormalizer)
	propOther8             // unicodetables.IsOther8 (BertNormalizer's controls)
	propSpace              // unicodetables.IsWhitespace
)

var (
	bmpPropsOnce sync.Once
	bmpProps     *[0x10000]uint8
)

// loadBMPProps returns the property table, building it on first use.
func loadBMPProps() *[0x10000]uint8 {
	bmpPropsOnce.Do(func() {
		t := new([0x10000]uint8)
		for r := rune(0x80); r < 0x10000; r++ {
			var f uint8
			if unicodetables.IsCombiningMark(r) {
				f |= propMark9
			}
			if unicodetables.IsNonspacingMark8(r) {
				f |= propMn8
			}
			if unicodetables.IsOther8(r) {
				f |= propOther8
			}
			if unicodetables.IsWhitespace(r) {
				f |= propSpace
			}
			t[r] = f
		}
		bmpProps = t
	})
	return bmpProps
}

// props returns the properties of a non-ASCII character r.
func props(t *[0x10000]uint8, r rune) uint8 {
	if r < 0x10000 {
		return t[r]
	}
	var f uint8
	if unicodetables.IsCombiningMark(r) {
		f |= propMark9
	}
	if unicodetables.IsNonspacingMark8(r) {
		f |= propMn8
	}
	if unicodetables.IsOther8(r) {
		f |= propOther8
	}
	if unicodetables.IsWhitespace(r) {
		f |= propSpace
	}
	return f
}

// --- Unicode normalization forms ---

// AppendNormalized implements tokenizer.FastNormalizer.
func (n NFC) AppendNormalized(dst []byte, s string) ([]byte, error) {
	return appendFormOr(n, dst, s, unicodetables.NFC)
}

// AppendNormalized implements tokenizer.FastNormalizer.
func (n NFD) AppendNormalized(dst []byte, s string) ([]byte, error) {
	return appendFormOr(n, dst, s, unicodetables.NFD)
}

// AppendNormalized implements tokenizer.FastNormalizer.
func (n NFKC) AppendNormalized(dst []byte, s string) ([]byte, error) {
	return appendFormOr(n, dst, s, unicodetables.NFKC)
}

// AppendNormalized implements tokenizer.FastNormalizer.
func (n NFKD) AppendNormalized(dst []byte, s string) ([]byte, error) {
	return appendFormOr(n, dst, s, unicodetables.NFKD)
}

func appendFormOr(n tokenizer.Normalizer, dst []byte, s string, f unicodetables.Form) ([]byte, error) {
	i := asciiPrefix(s)
	if i == len(s) {
		return append(dst, s...), nil // ASCII is its own normalization in every form
	}
	start := len(dst)
	out, ok := appendForm(dst, s, i, f)
	if !ok {
		return appendGeneral(n, out[:start], s)
	}
	return out, nil
}

// appendForm appends the normalization of s to form f, s[:i] being known stable. It
// cuts s before each stable character (one that no neighbour changes, nor composes
// with what precedes it): the parts between are decomposed, put in canonical order and
// recomposed as the general path does with the whole text. ok is false on invalid
// UTF-8.
func appendForm(dst []byte, s string, i int, f unicodetables.Form) ([]byte, bool) {
	compat, composes := f.Compat(), f.Composes()
	var sc *runeScratch
	var buf []rune
	defer func() {
		if sc != nil {
			putRunes(sc, buf)
		}
	}()
	dst = slices.Grow(dst, len(s)+len(s)/8)
	copied := 0      // s[:copied] is in dst
	lastStable := -1 // start of the last stable character of s[copied:i], -1: none
	if i > 0 {
		lastStable = i - 1
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i += asciiPrefix(s[i:])
			lastStable = i - 1
			continue
		}
		r, size, ok := decode(s, i)
		if !ok {
			return dst, false
		}
		if f.Stable(r) {
			lastStable = i
			i += size
			continue
		}
		// An unstable character: it may change, or compose with the stable character
		// before it.
		if sc == nil {
			sc = getRunes()
			buf = sc.r[:0]
		}
		from := i
		if composes && lastStable >= copied && lastStable >= 0 {
			from = lastStable
		}
		dst = append(dst, s[copied:from]...)
		buf = buf[:0]
		runStart := 0
		j := from
		for j < len(s) {
			var r rune
			var size int
			if s[j] < utf8.RuneSelf {
				r, size = rune(s[j]), 1
				if j > from {
					break
				}
			} else {
				var ok bool
				if r, size, ok = decode(s, j); !ok {
					return dst, false
				}
				if j > from && f.Stable(r) {
					break
				}
			}
			j += size
			k := len(buf)
			buf = unicodetables.AppendDecomposition(buf, r, compat)
			for _, d := range buf[k:] {
				if unicodetables.CCC(d) == 0 {
					sortRunes(buf[runStart:k])
					runStart = k
				}
				k++
			}
		}
		sortRunes(buf[runStart:])
		if composes {
			buf = buf[:recomposeRunes(buf)]
		}
		for _, r := range buf {
			dst = utf8.AppendRune(dst, r)
		}
		copied, i, lastStable = j, j, -1
	}
	return append(dst, s[copied:]...), true
}

// sortRunes puts a run (a starter, if any, then combining marks) in canonical order: a
// stable sort by combining class.
func sortRunes(run []rune) {
	if len(run) < 2 {
		return
	}
	if len(run) > 24 {
		slices.SortStableFunc(run, func(a, b rune) int {
			return int(unicodetables.CCC(a)) - int(unicodetables.CCC(b))
		})
		return
	}
	for i := 1; i < len(run); i++ {
		c := run[i]
		cc := unicodetables.CCC(c)
		j := i
		for j > 0 && unicodetables.CCC(run[j-1]) > cc {
			run[j] = run[j-1]
			j--
		}
		run[j] = c
	}
}

// recomposeRunes composes rs in place as the general path's recompose (the crate's
// Recompositions iterator) and returns how many characters are left.
func recomposeRunes(rs []rune) int {
	w := 0
	ci := -1      // index of the composee in the output, -1: none yet
	lastCCC := -1 // -1: no blocked mark since the composee
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		cc := int(unicodetables.CCC(c))
		switch {
		case ci < 0:
			if cc == 0 {
				ci = w
			}
		case lastCCC >= 0 && lastCCC >= cc:
			// c is blocked from the composee.
			if cc == 0 {
				ci, lastCCC = w, -1
			} else {
				lastCCC = cc
			}
		default:
			if r, ok := unicodetables.Compose(rs[ci], c); ok {
				rs[ci] = r
				continue
			}
			if cc == 0 {
				ci = w
			} else {
				lastCCC = cc
			}
		}
		rs[w] = c
		w++
	}
	return w
}

// --- Lowercase ---

// lowerMulti marks, in the lowercase table, a character whose lowercase has several
// characters (in lowerStrings).
const lowerMulti = -0x7fffffff

var (
	lowerOnce    sync.Once
	lowerIndex   [(unicode.MaxRune + 1) >> 8]uint16 // block of each 256 code points; 0: no change
	lowerBlocks  [][256]int32                       // deltas to the lowercase
	lowerStrings map[rune]string
)

// newerCaseRanges are the code points whose case mappings Unicode 16 and 17 added
// (tokenizer's casing.go), which unicode.CaseRanges does not have.
var newerCaseRanges = [][2]rune{
	{0x019B, 0x019B}, {0x0264, 0x0264}, {0x1C89, 0x1C8A}, {0xA7CB, 0xA7CF}, {0xA7D2, 0xA7D5},
	{0xA7DA, 0xA7DC}, {0x10D50, 0x10D85}, {0x16EA0, 0x16ED3},
}

// buildLower fills the lowercase table from tokenizer.RustToLower on every character
// that has a case mapping.
func buildLower() {
	lowerBlocks = make([][256]int32, 1, 64)
	lowerStrings = map[rune]string{}
	visit := func(c rune) {
		l := tokenizer.RustToLower(c)
		r, size := utf8.DecodeRuneInString(l)
		if size == len(l) && r == c {
			return
		}
		delta := int32(r - c)
		if size != len(l) {
			lowerStrings[c] = l
			delta = lowerMulti
		}
		b := lowerIndex[c>>8]
		if b == 0 {
			lowerBlocks = append(lowerBlocks, [256]int32{})
			b = uint16(len(lowerBlocks) - 1)
			lowerIndex[c>>8] = b
		}
		lowerBlocks[b][c&0xff] = delta
	}
	for _, cr := range unicode.CaseRanges {
		for c := rune(cr.Lo); c <= rune(cr.Hi); c++ {
			visit(c)
		}
	}
	for _, rg := range newerCaseRanges {
		for c := rg[0]; c <= rg[1]; c++ {
			visit(c)
		}
	}
}

// appendLower appends Rust's c.to_lowercase() (c non-ASCII, valid).
func appendLower(dst []byte, c rune) []byte {
	d := lowerBlocks[lowerIndex[c>>8]][c&0xff]
	switch d {
	case 0:
		return utf8.AppendRune(dst, c)
	case lowerMulti:
		return append(dst, lowerStrings[c]...)
	}
	return utf8.AppendRune(dst, c+d)
}

// lowerChanges reports whether Rust's to_lowercase changes c (non-ASCII).
func lowerChanges(c rune) bool { return lowerBlocks[lowerIndex[c>>8]][c&0xff] != 0 }

// AppendNormalized implements tokenizer.FastNormalizer.
func (n Lowercase) AppendNormalized(dst []byte, s string) ([]byte, error) {
	lowerOnce.Do(buildLower)
	start := len(dst)
	dst = slices.Grow(dst, len(s))
	src := stringBytes(s)
	for i := 0; i < len(s); {
		// Eight ASCII bytes at a time: 0x20 is added to the bytes in 'A'..'Z'.
		for ; i+8 <= len(s); i += 8 {
			x := binary.LittleEndian.Uint64(src[i:])
			if x&0x8080808080808080 != 0 {
				break
			}
			upper := (x + 0x3f3f3f3f3f3f3f3f) &^ (x + 0x2525252525252525) & 0x8080808080808080
			dst = binary.LittleEndian.AppendUint64(dst, x|upper>>2)
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size, ok := decode(s, i)
		if !ok {
			return appendGeneral(n, dst[:start], s)
		}
		if lowerChanges(r) {
			dst = appendLower(dst, r)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst, nil
}

// --- Replace ---

var spanPool = sync.Pool{New: func() any { b := make([][2]int, 0, 64); return &b }}

// AppendNormalized implements tokenizer.FastNormalizer.
func (r *Replace) AppendNormalized(dst []byte, s string) ([]byte, error) {
	out, _, err := r.appendNorm(dst, s)
	return out, err
}

// appendNorm appends s with the matches replaced. unaligned reports that the text
// starts with content inserted before the first character (an empty match at 0), which
// aligns to nothing in the original. A regex is matched with onig's FindAllIndex,
// which does not report a failure of regexp2 (FindMatches, the general path's, does).
func (r *Replace) appendNorm(dst []byte, s string) (out []byte, unaligned bool, err error) {
	switch m := r.matcher.(type) {
	case literal:
		if strings.Contains(s, string(m)) && (!utf8.ValidString(s) || !utf8.ValidString(string(m))) {
			// Matches next to invalid UTF-8 can be off character boundaries,
			// which the general path reports.
			out, err = appendGeneral(r, dst, s)
			return out, false, err
		}
		if len(m) == 1 {
			return appendReplaceByte(dst, s, m[0], r.Content), false, nil
		}
		for {
			i := strings.Index(s, string(m))
			if i < 0 {
				break
			}
			dst = append(dst, s[:i]...)
			dst = append(dst, r.Content...)
			s = s[i+len(m):]
		}
		return append(dst, s...), false, nil
	case *onig.Regex:
		if s == "" {
			return dst, false, nil // no match in an empty text
		}
		bp := spanPool.Get().(*[][2]int)
		spans := m.FindAllIndex(s, (*bp)[:0])
		last := 0
		for _, sp := range spans {
			if !boundary(s, sp[0]) || !boundary(s, sp[1]) {
				// Invalid UTF-8: the general path reports the error.
				spanPool.Put(bp)
				out, err = appendGeneral(r, dst, s)
				return out, true, err
			}
			dst = append(dst, s[last:sp[0]]...)
			dst = append(dst, r.Content...)
			last = sp[1]
		}
		dst = append(dst, s[last:]...)
		unaligned = len(spans) > 0 && spans[0][1] == 0 && r.Content != ""
		if cap(spans) <= 1<<16 {
			*bp = spans[:0]
			spanPool.Put(bp)
		}
		return dst, unaligned, nil
	}
	out, err = appendGeneral(r, dst, s)
	return out, true, err
}

// appendReplaceByte appends s with every byte b replaced by content.
func appendReplaceByte(dst []byte, s string, b byte, content string) []byte {
	count := strings.Count(s, string(b))
	if count == 0 {
		return append(dst, s...)
	}
	n := len(dst)
	size := len(s) + count*(len(content)-1)
	dst = slices.Grow(dst, size+8)
	out := dst[n : n+size+8] // 8 bytes of slack for the word stores
	j := 0
	if len(content) <= 4 {
		var cb [4]byte
		copy(cb[:], content)
		content4 := binary.LittleEndian.Uint32(cb[:])
		src := stringBytes(s)
		pat := 0x0101010101010101 * uint64(b)
		i := 0
		// Eight bytes at a time: store them, then the content over the first b.
		for i+8 <= len(s) {
			x := binary.LittleEndian.Uint64(src[i:])
			binary.LittleEndian.PutUint64(out[j:], x)
			y := x ^ pat
			t := (y - 0x0101010101010101) &^ y & 0x8080808080808080
			// Without a branch: k is the index of the first b (the lowest flagged
			// byte is a real one), 8 when none; the content is stored anyway (in
			// the slack, or overwritten next) but only counted when hit.
			k := bits.TrailingZeros64(t) >> 3
			hit := (k >> 3) ^ 1
			j += k
			binary.LittleEndian.PutUint32(out[j:], content4)
			i += k + hit
			j += hit * len(content)
		}
		for ; i < len(s); i++ {
			if c := s[i]; c != b {
				out[j] = c
				j++
				continue
			}
			o := out[j : j+4 : j+4]
			o[0], o[1], o[2], o[3] = cb[0], cb[1], cb[2], cb[3]
			j += len(content)
		}
		return dst[:n+size]
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != b {
			out[j] = c
			j++
			continue
		}
		j += copy(out[j:], content)
	}
	return dst[:n+size]
}

// --- Prepend, Strip ---

// AppendNormalized implements tokenizer.FastNormalizer.
func (p *Prepend) AppendNormalized(dst []byte, s string) ([]byte, error) {
	if s == "" {
		return dst, nil
	}
	dst = append(dst, p.Prepend...)
	if s[0] >= utf8.RuneSelf {
		if _, _, ok := decode(s, 0); !ok {
			// The general path rewrites the first character, here U+FFFD.
			dst = utf8.AppendRune(dst, utf8.RuneError)
			s = s[1:]
		}
	}
	return append(dst, s...), nil
}

// boundary reports whether i is a character boundary of s (i in [0, len(s)]).
func boundary(s string, i int) bool { return i == 0 || i == len(s) || utf8.RuneStart(s[i]) }

// AppendNormalized implements tokenizer.FastNormalizer.
func (st *Strip) AppendNormalized(dst []byte, s string) ([]byte, error) {
	lo, hi := 0, len(s)
	if st.Left {
		for lo < hi {
			c, size := rune(s[lo]), 1
			if c >= utf8.RuneSelf {
				c, size = utf8.DecodeRuneInString(s[lo:])
			}
			if !unicode.IsSpace(c) {
				break
			}
			lo += size
		}
	}
	if st.Right {
		for hi > lo {
			c, size := rune(s[hi-1]), 1
			if c >= utf8.RuneSelf {
				c, size = utf8.DecodeLastRuneInString(s[:hi])
			}
			if !unicode.IsSpace(c) {
				break
			}
			hi -= size
		}
	}
	if (lo > 0 || hi < len(s)) && !utf8.ValidString(s[lo:hi]) {
		// The general path rebuilds the kept text from its characters.
		return appendGeneral(st, dst, s)
	}
	return append(dst, s[lo:hi]...), nil
}

// --- StripAccents, Nmt, ByteLevel ---

// AppendNormalized implements tokenizer.FastNormalizer.
func (n StripAccents) AppendNormalized(dst []byte, s string) ([]byte, error) {
	pt := loadBMPProps()
	start := len(dst)
	copied := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= 0xC2 && c < 0xCC && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // a character below U+0300
			continue
		}
		r, size, ok := decode(s, i)
		if !ok {
			return appendGeneral(n, dst[:start], s)
		}
		if props(pt, r)&propMark9 != 0 {
			dst = append(dst, s[copied:i]...)
			copied = i + size
		}
		i += size
	}
	return append(dst, s[copied:]...), nil
}

// nmtASCII is Nmt on ASCII: -1 removes the byte.
var nmtASCII = func() (t [128]int16) {
	for c := range t {
		t[c] = int16(c)
		if !nmtKeep(rune(c)) {
			t[c] = -1
		} else {
			t[c] = int16(nmtMap(rune(c)))
		}
	}
	return t
}()

// AppendNormalized implements tokenizer.FastNormalizer.
func (n Nmt) AppendNormalized(dst []byte, s string) ([]byte, error) {
	start := len(dst)
	dst = slices.Grow(dst, len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
			j++
		}
		dst = append(dst, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if o := nmtASCII[c]; o >= 0 {
				dst = append(dst, byte(o))
			}
			i++
			continue
		}
		r, size, ok := decode(s, i)
		if !ok {
			return appendGeneral(n, dst[:start], s)
		}
		switch {
		case !nmtKeep(r):
		case nmtMap(r) != r:
			dst = append(dst, ' ')
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst, nil
}

// byteLevelUTF8 is the UTF-8 encoding of each byte's GPT-2 character.
var byteLevelUTF8 = func() (t [256]struct {
	b [4]byte
	n uint8
}) {
	for b := range t {
		t[b].n = uint8(utf8.EncodeRune(t[b].b[:], bytelevel.Rune(byte(b))))
	}
	return t
}()

// AppendNormalized implements tokenizer.FastNormalizer.
func (b ByteLevel) AppendNormalized(dst []byte, s string) ([]byte, error) {
	if s != "" && !utf8.RuneStart(s[0]) {
		// Invalid UTF-8: the general path's transformation starts at the first
		// character boundary.
		return appendGeneral(b, dst, s)
	}
	n := len(dst)
	dst = slices.Grow(dst, 2*len(s))
	out := dst[n : n+2*len(s)]
	j := 0
	for i := 0; i < len(s); i++ {
		e := &byteLevelUTF8[s[i]]
		out[j] = e.b[0]
		out[j+1] = e.b[1] // overwritten next when e.n == 1
		j += int(e.n)
	}
	return dst[:n+j], nil
}

// --- BertNormalizer ---

// bertASCII is BertNormalizer's clean text (index 1) and lowercase (index 2) on ASCII:
// -1 removes the byte.
var bertASCII = func() (t [4][128]int16) {
	for k := range t {
		clean, lower := k&1 != 0, k&2 != 0
		for c := range t[k] {
			o := int16(c)
			r := rune(c)
			if clean {
				if !bertClean(r) {
					o = -1
				} else {
					o = int16(bertSpace(r))
				}
			}
			if lower && o >= 'A' && o <= 'Z' {
				o += 'a' - 'A'
			}
			t[k][c] = o
		}
	}
	return t
}()

// AppendNormalized implements tokenizer.FastNormalizer.
func (b *BertNormalizer) AppendNormalized(dst []byte, s string) ([]byte, error) {
	if b.Lowercase {
		lowerOnce.Do(buildLower)
	}
	strip := b.Lowercase
	if b.StripAccents != nil {
		strip = *b.StripAccents
	}
	k := 0
	if b.CleanText {
		k |= 1
	}
	if b.Lowercase {
		k |= 2
	}
	ascii := &bertASCII[k]
	pt := loadBMPProps()
	w := bertWriter{lower: b.Lowercase, strip: strip, props: pt}
	start := len(dst)
	dst = slices.Grow(dst, len(s)+len(s)/8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if len(w.pend) > 0 {
				dst = w.flush(dst)
			}
			if o := ascii[c]; o >= 0 {
				dst = append(dst, byte(o))
			}
			i++
			continue
		}
		r, size, ok := decode(s, i)
		if !ok {
			w.release()
			return appendGeneral(b, dst[:start], s)
		}
		i += size
		if b.CleanText {
			f := props(pt, r)
			if r == 0xFFFD || f&propOther8 != 0 {
				continue
			}
			if f&propSpace != 0 {
				r = ' '
			}
		}
		if b.HandleChineseChars && isChineseChar(r) {
			dst = w.put(dst, ' ')
			dst = w.put(dst, r)
			dst = w.put(dst, ' ')
			continue
		}
		dst = w.put(dst, r)
	}
	if len(w.pend) > 0 {
		dst = w.flush(dst)
	}
	w.release()
	return dst, nil
}

// bertWriter writes the characters left by clean text and handle Chinese chars: NFD
// and the removal of nonspacing marks when strip, then lowercase when lower.
type bertWriter struct {
	lower, strip bool
	props        *[0x10000]uint8
	sc           *runeScratch
	pend         []rune // decomposed characters since the last NFD-stable one
	runStart     int    // start of the run of pend not yet in canonical order
}

func (w *bertWriter) release() {
	if w.sc != nil {
		putRunes(w.sc, w.pend)
		w.sc = nil
	}
}

// put writes the character r.
func (w *bertWriter) put(dst []byte, r rune) []byte {
	if !w.strip {
		return w.emit(dst, r)
	}
	if unicodetables.NFD.Stable(r) {
		if len(w.pend) > 0 {
			dst = w.flush(dst)
		}
		return w.emit(dst, r)
	}
	if w.sc == nil {
		w.sc = getRunes()
		w.pend = w.sc.r[:0]
	}
	k := len(w.pend)
	w.pend = unicodetables.AppendDecomposition(w.pend, r, false)
	for _, d := range w.pend[k:] {
		if unicodetables.CCC(d) == 0 {
			sortRunes(w.pend[w.runStart:k])
			w.runStart = k
		}
		k++
	}
	return dst
}

// flush writes the pending decomposed characters in canonical order.
func (w *bertWriter) flush(dst []byte) []byte {
	sortRunes(w.pend[w.runStart:])
	for _, r := range w.pend {
		dst = w.emit(dst, r)
	}
	w.pend, w.runStart = w.pend[:0], 0
	return dst
}

// emit writes r after NFD: removed if a nonspacing mark when strip, lowercased when
// lower.
func (w *bertWriter) emit(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if w.lower && 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if w.strip && r >= 0x300 && props(w.props, r)&propMn8 != 0 {
		return dst
	}
	if w.lower {
		return appendLower(dst, r)
	}
	return utf8.AppendRune(dst, r)
}

// --- Precompiled ---

// AppendNormalized implements tokenizer.FastNormalizer.
func (p *Precompiled) AppendNormalized(dst []byte, s string) ([]byte, error) {
	if s != "" && !utf8.RuneStart(s[0]) {
		// Invalid UTF-8: the general path's transformation starts at the first
		// character boundary.
		return appendGeneral(p, dst, s)
	}
	start := len(dst)
	out, ok, err := p.appendTransform(dst, s)
	if err != nil {
		return out, err
	}
	if !ok {
		return appendGeneral(p, out[:start], s)
	}
	return out, nil
}

// --- Sequence ---

// seqScratch holds the two buffers that a Sequence's children write to in turn.
type seqScratch struct{ a, b []byte }

var seqPool = sync.Pool{New: func() any { return new(seqScratch) }}

// Fast reports whether every child of s is a tokenizer.FastNormalizer that can run
// fast (a nested Sequence's Fast): then AppendNormalized chains the children's
// AppendNormalized; otherwise it runs the general path (correct, but no faster).
func (s *Sequence) Fast() bool {
	for _, c := range s.Normalizers {
		if _, ok := c.(tokenizer.FastNormalizer); !ok {
			return false
		}
		if q, ok := c.(*Sequence); ok && !q.Fast() {
			return false
		}
	}
	return true
}

// AppendNormalized implements tokenizer.FastNormalizer.
func (s *Sequence) AppendNormalized(dst []byte, text string) ([]byte, error) {
	out, _, err := s.appendNorm(dst, text)
	return out, err
}

// appendNorm chains the children; unaligned is as for Replace.appendNorm.
func (s *Sequence) appendNorm(dst []byte, text string) (out []byte, unaligned bool, err error) {
	if !s.Fast() || !utf8.ValidString(text) {
		// Children not fast, or invalid UTF-8 (on which the general path's text
		// depends on the alignments).
		out, err = appendGeneral(s, dst, text)
		return out, true, err
	}
	children := s.Normalizers
	if len(children) == 0 {
		return append(dst, text...), false, nil
	}
	if len(children) == 1 {
		return appendChild(children[0], dst, text)
	}
	sc := seqPool.Get().(*seqScratch)
	defer seqPool.Put(sc)
	cur := text
	last := len(children) - 1
	for i, c := range children[:last] {
		buf := &sc.a
		if i%2 == 1 {
			buf = &sc.b
		}
		var una bool
		if *buf, una, err = appendChild(c, (*buf)[:0], cur); err != nil {
			return dst, false, err
		}
		if una {
			// Later transformations would leave the unaligned start out of their
			// range: only the general path knows.
			out, err = appendGeneral(s, dst, text)
			return out, true, err
		}
		cur = bytesString(*buf)
	}
	return appendChild(children[last], dst, cur)
}

// bytesString returns b as a string without copying; the string must not be used after
// b changes.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// stringBytes returns the bytes of s without copying; they must not be changed.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// appendChild runs the fast path of a Sequence's child.
func appendChild(c tokenizer.Normalizer, dst []byte, s string) ([]byte, bool, error) {
	switch c := c.(type) {
	case *Replace:
		return c.appendNorm(dst, s)
	case *Sequence:
		return c.appendNorm(dst, s)
	}
	out, err := c.(tokenizer.FastNormalizer).AppendNormalized(dst, s)
	return out, false, err
}
