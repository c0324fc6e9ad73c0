package pretokenizers

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// PrependScheme says when Metaspace adds its replacement in front of a piece.
type PrependScheme int

// The prepend schemes (tokenizer.json: "first", "never", "always").
const (
	// First prepends only to the piece that starts the input (original offset 0), so
	// not after an added token.
	First PrependScheme = iota
	// Never never prepends.
	Never
	// Always prepends to every piece.
	Always
)

var schemeNames = [...]string{"first", "never", "always"}

// String returns the scheme as tokenizer.json spells it.
func (s PrependScheme) String() string {
	if s >= 0 && int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return "PrependScheme(?)"
}

// ParsePrependScheme parses a scheme as tokenizer.json spells it (snake_case).
func ParsePrependScheme(s string) (PrependScheme, error) {
	for i, n := range schemeNames {
		if n == s {
			return PrependScheme(i), nil
		}
	}
	return 0, fmt.Errorf("unknown variant `%s`, expected one of `first`, `never`, `always`", s)
}

// Metaspace replaces the spaces with a replacement character (▁), adds one in front as
// PrependScheme says (unless the piece starts with it already) and, when Split, splits
// before each replacement character (pre_tokenizers/metaspace.rs).
type Metaspace struct {
	Replacement   rune
	PrependScheme PrependScheme
	Split         bool

	rep string // Replacement as a string
}

// NewMetaspace returns a Metaspace.
func NewMetaspace(replacement rune, scheme PrependScheme, split bool) *Metaspace {
	return &Metaspace{Replacement: replacement, PrependScheme: scheme, Split: split, rep: string(replacement)}
}

// errPrefixScheme is the reference's error for add_prefix_space false with a scheme
// other than never.
var errPrefixScheme = errors.New("add_prefix_space does not match declared prepend_scheme")

// ParseMetaspace builds a Metaspace from its JSON: replacement (required),
// prepend_scheme (default always), split (default true), and the legacy fields
// add_prefix_space and str_rep. As the reference, add_prefix_space true changes
// nothing (the default scheme is always), add_prefix_space false requires the scheme
// never (so it is an error without an explicit "never", the default being always), and
// str_rep is ignored.
func ParseMetaspace(data []byte) (*Metaspace, error) {
	o, err := serde.ParseTyped(data, "Metaspace")
	if err != nil {
		return nil, err
	}
	rep, err := serde.Char(o, "replacement")
	if err != nil {
		return nil, err
	}
	var addPrefix *bool
	if _, err := serde.Field(o, "add_prefix_space", &addPrefix, false, true); err != nil {
		return nil, err
	}
	scheme := Always
	if name, ok, err := serde.Enum(o, "prepend_scheme", false); err != nil {
		return nil, err
	} else if ok {
		if scheme, err = ParsePrependScheme(name); err != nil {
			return nil, tokenizer.WrapPath(err, "prepend_scheme")
		}
	}
	split := true
	if _, err := serde.Field(o, "split", &split, false, true); err != nil {
		return nil, err
	}
	var strRep *string
	if _, err := serde.Field(o, "str_rep", &strRep, false, true); err != nil {
		return nil, err
	}
	if addPrefix != nil && !*addPrefix {
		if scheme != Never {
			return nil, errPrefixScheme
		}
	}
	return NewMetaspace(rep, scheme, split), nil
}

// PreTokenize implements tokenizer.PreTokenizer.
func (m *Metaspace) PreTokenize(p *tokenizer.PreTokenizedString) error {
	rep := m.rep
	if rep == "" {
		rep = string(m.Replacement)
	}
	// One arena for the texts and alignment tables of all the pieces, sized for the
	// whole input (a replacement per word or so).
	total := 0
	for _, sp := range p.Splits() {
		if !sp.Tokenized {
			total += sp.Normalized.Len()
		}
	}
	st := &metaArena{chunk: total + total/2 + 16}
	return p.Split(func(_ int, n *tokenizer.NormalizedString) ([]tokenizer.NormalizedString, error) {
		if pieces, ok := m.splitFastIn(st, n, rep); ok {
			return pieces, nil // Split copies them before the next call
		}
		return m.splitSlow(n, rep)
	})
}

// metaArena holds the buffers splitFastIn builds pieces in: their texts and alignment
// tables are carved out of shared chunks (only ever appended to, so that what was
// handed out never changes), its scratch slices are reused from call to call.
type metaArena struct {
	buf   []byte
	al    []tokenizer.Offsets
	chunk int // size of the next chunk
	cuts  []int
	old   []tokenizer.Offsets
	out   []tokenizer.NormalizedString
}

// reserve makes room for size more bytes (and alignments) in the arena.
func (a *metaArena) reserve(size int) {
	if cap(a.buf)-len(a.buf) >= size && cap(a.al)-len(a.al) >= size {
		return
	}
	c := max(size, a.chunk, 64)
	a.chunk = max(c/2, 4096)
	a.buf = make([]byte, 0, c)
	a.al = make([]tokenizer.Offsets, 0, c)
}

// prepends reports whether the scheme adds the replacement in front of n, whose
// normalized text s (spaces not yet replaced) is not empty.
func (m *Metaspace) prepends(n *tokenizer.NormalizedString, s, rep string) bool {
	if strings.HasPrefix(s, rep) || s[0] == ' ' {
		return false // it starts with the replacement once the spaces are replaced
	}
	switch m.PrependScheme {
	case Always:
		return true
	case First:
		return n.OffsetsOriginal().Start == 0
	}
	return false
}

// splitSlow is the reference's procedure through the NormalizedString operations:
// replace the spaces, prepend, split before each replacement character.
func (m *Metaspace) splitSlow(n *tokenizer.NormalizedString, rep string) ([]tokenizer.NormalizedString, error) {
	prepend := n.Len() > 0 && m.prepends(n, n.Normalized(), rep)
	if strings.IndexByte(n.Normalized(), ' ') >= 0 {
		if err := n.Replace(tokenizer.RunePattern(' '), rep); err != nil {
			return nil, err
		}
	}
	if prepend {
		n.Prepend(rep)
	}
	if m.Split {
		return n.Split(tokenizer.RunePattern(m.Replacement), tokenizer.MergedWithNext)
	}
	return []tokenizer.NormalizedString{*n}, nil
}

// splitFast gives splitSlow's pieces, built in one pass with one text and one
// alignment table shared by all of them. It reports false (and leaves n as it is)
// where the alignments are unusual enough that it leaves the work to splitSlow.
func (m *Metaspace) splitFast(n *tokenizer.NormalizedString, rep string) ([]tokenizer.NormalizedString, bool) {
	pieces, ok := m.splitFastIn(&metaArena{}, n, rep)
	return append([]tokenizer.NormalizedString(nil), pieces...), ok
}

// splitFastIn is splitFast with the buffers of st: the result is only valid until the
// next call with st.
func (m *Metaspace) splitFastIn(st *metaArena, n *tokenizer.NormalizedString, rep string) ([]tokenizer.NormalizedString, bool) {
	s := n.Normalized()
	if s == "" {
		return nil, true
	}
	prepend := m.prepends(n, s, rep)
	if !prepend && strings.IndexByte(s, ' ') < 0 && (!m.Split || !strings.Contains(s, rep)) {
		// Nothing to replace, prepend or split at.
		if !m.Split {
			st.out = append(st.out[:0], *n)
			return st.out, true
		}
		piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: 0, End: len(s)})
		st.out = append(st.out[:0], piece)
		return st.out, ok
	}
	orig := n.Original()
	shift := n.OffsetsOriginal().Start
	var old []tokenizer.Offsets
	if !n.IsIdentity() {
		st.old = n.AppendAlignments(st.old[:0])
		old = st.old
	}
	size := len(s) + strings.Count(s, " ")*(len(rep)-1)
	if prepend {
		size += len(rep)
	}
	st.reserve(size)
	// buf and al are the free ends of the arena's chunks (room for size bytes).
	buf := st.buf[len(st.buf):len(st.buf):cap(st.buf)]
	al := st.al[len(st.al):len(st.al):cap(st.al)]
	cuts := st.cuts[:0] // where each replacement character starts in buf
	put := func(str string, a tokenizer.Offsets, cut bool) {
		if cut && m.Split {
			cuts = append(cuts, len(buf))
		}
		buf = append(buf, str...)
		for range len(str) {
			al = append(al, a)
		}
	}
	for i := 0; i < len(s); {
		sz := 1
		if s[i] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRuneInString(s[i:])
		}
		at := func(k int) tokenizer.Offsets {
			if old == nil {
				return tokenizer.Offsets{Start: i, End: i + sz}
			}
			return old[i+k]
		}
		switch {
		case i == 0 && prepend:
			// Prepend: the replacement takes the first character's alignment, the
			// character (re-inserted) the alignment of its last byte.
			put(rep, at(0), true)
			last := at(sz - 1)
			for k := 0; k < sz; k++ {
				buf = append(buf, s[k])
				al = append(al, last)
			}
		case s[i] == ' ':
			put(rep, at(0), true)
		default:
			if sz == len(rep) && s[i:i+sz] == rep && m.Split {
				cuts = append(cuts, len(buf))
			}
			for k := 0; k < sz; k++ {
				buf = append(buf, s[i+k])
				al = append(al, at(k))
			}
		}
		i += sz
	}
	// Hand the bytes over: the arena's next pieces go after them (unless size was
	// short and append moved them elsewhere, which it never should).
	if len(buf) <= cap(st.buf)-len(st.buf) {
		st.buf = st.buf[:len(st.buf)+len(buf)]
	}
	if len(al) <= cap(st.al)-len(st.al) {
		st.al = st.al[:len(st.al)+len(al)]
	}
	st.cuts = cuts
	al = al[:len(al):len(al)]
	text := bytesString(buf)
	if !m.Split {
		nn, err := tokenizer.NewNormalizedStringFrom(orig, text, al, shift)
		if err != nil {
			return nil, false
		}
		st.out = append(st.out[:0], nn)
		return st.out, true
	}
	// Split before each replacement character (MergedWithNext): the pieces run from
	// one cut to the next; each is the Slice of its normalized range.
	if len(cuts) == 0 || cuts[0] != 0 {
		cuts = append(cuts, 0)
		copy(cuts[1:], cuts)
		cuts[0] = 0
	}
	st.cuts = cuts
	out := st.out[:0]
	for k, a := range cuts {
		b := len(text)
		if k+1 < len(cuts) {
			b = cuts[k+1]
		}
		if a == b {
			continue
		}
		os, oe := al[a].Start, al[b-1].End
		if os < 0 || os > oe || oe > len(orig) || !boundary(orig, os) || !boundary(orig, oe) {
			return nil, false
		}
		pal := al[a:b:b]
		for j := range pal {
			pal[j].Start -= os
			pal[j].End -= os
		}
		nn, err := tokenizer.NewNormalizedStringFrom(orig[os:oe], text[a:b], pal, shift+os)
		if err != nil {
			return nil, false
		}
		out = append(out, nn)
	}
	st.out = out
	return out, true
}

// boundary reports whether i is a character boundary of s.
func boundary(s string, i int) bool {
	return i == 0 || i == len(s) || i > 0 && i < len(s) && utf8.RuneStart(s[i])
}

// MarshalJSON writes the reference's serialization.
func (m *Metaspace) MarshalJSON() ([]byte, error) {
	return marshal("type", "Metaspace", "replacement", string(m.Replacement),
		"prepend_scheme", m.PrependScheme.String(), "split", m.Split)
}
