package pretokenizers

import (
	"errors"
	"sync"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/bytelevel"
	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/scan"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// gpt2Pattern is GPT-2's pre-tokenization regex (pre_tokenizers/byte_level.rs).
const gpt2Pattern = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`

var (
	gpt2Once sync.Once
	gpt2Re   *onig.Regex
	gpt2Err  error
)

// gpt2Regex returns the compiled GPT-2 regex (compiled once).
func gpt2Regex() (*onig.Regex, error) {
	gpt2Once.Do(func() { gpt2Re, gpt2Err = onig.Compile(gpt2Pattern) })
	return gpt2Re, gpt2Err
}

// ByteLevel splits with GPT-2's regex (when UseRegex) and maps every byte of the
// pieces to its GPT-2 character (internal/bytelevel), after adding a space in front of
// each piece that does not start with one (when AddPrefixSpace). TrimOffsets is only
// used by the ByteLevel post-processor, but is part of the configuration.
type ByteLevel struct {
	AddPrefixSpace bool
	TrimOffsets    bool
	UseRegex       bool
	re             *onig.Regex
}

// NewByteLevel returns a ByteLevel pre-tokenizer.
func NewByteLevel(addPrefixSpace, trimOffsets, useRegex bool) (*ByteLevel, error) {
	b := &ByteLevel{AddPrefixSpace: addPrefixSpace, TrimOffsets: trimOffsets, UseRegex: useRegex}
	if useRegex {
		re, err := gpt2Regex()
		if err != nil {
			return nil, err
		}
		b.re = re
	}
	return b, nil
}

// ParseByteLevel builds a ByteLevel from its JSON: add_prefix_space and trim_offsets
// are required (the reference has no default for them), use_regex defaults to true.
func ParseByteLevel(data []byte) (*ByteLevel, error) {
	o, err := serde.ParseTyped(data, "ByteLevel")
	if err != nil {
		return nil, err
	}
	var aps, trim bool
	useRegex := true
	if _, err := serde.Field(o, "add_prefix_space", &aps, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "trim_offsets", &trim, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "use_regex", &useRegex, false, false); err != nil {
		return nil, err
	}
	return NewByteLevel(aps, trim, useRegex)
}

// PreTokenize implements tokenizer.PreTokenizer.
func (b *ByteLevel) PreTokenize(p *tokenizer.PreTokenizedString) error {
	re := b.re
	if b.UseRegex && re == nil {
		var err error
		if re, err = gpt2Regex(); err != nil {
			return err
		}
	}
	// The pieces are made first, then their bytes mapped all at once (with one text
	// buffer and one alignment table): the new pieces are the splits not tokenized.
	// Without regex nor prefix, the pieces are the splits themselves.
	if b.UseRegex || b.AddPrefixSpace || hasEmptySplit(p) {
		if err := p.SplitEach(func(_ int, n *tokenizer.NormalizedString, emit func(tokenizer.NormalizedString)) error {
			return b.splitEach(n, re, emit)
		}); err != nil {
			return err
		}
	}
	splits := p.Splits()
	return mapBytesEach(len(splits), func(i int) *tokenizer.NormalizedString {
		if splits[i].Tokenized {
			return nil
		}
		return &splits[i].Normalized
	})
}

// hasEmptySplit reports whether a piece of p to split is empty (Split drops those).
func hasEmptySplit(p *tokenizer.PreTokenizedString) bool {
	for _, sp := range p.Splits() {
		if !sp.Tokenized && sp.Normalized.IsEmpty() {
			return true
		}
	}
	return false
}

// splitEach is split giving the pieces to emit.
func (b *ByteLevel) splitEach(n *tokenizer.NormalizedString, re tokenizer.Pattern, emit func(tokenizer.NormalizedString)) error {
	prefix := b.AddPrefixSpace && n.Len() > 0 && n.Normalized()[0] != ' '
	if prefix && b.UseRegex && n.IsIdentity() {
		pieces, err := splitPrefixed(n, re)
		if err != nil {
			return err
		}
		for i := range pieces {
			emit(pieces[i])
		}
		return nil
	}
	if prefix {
		n.Prepend(" ")
	}
	if b.UseRegex {
		return n.SplitFunc(re, tokenizer.Isolated, emit)
	}
	emit(*n)
	return nil
}

// split adds the prefix space and splits n with the regex, as the reference.
func (b *ByteLevel) split(n *tokenizer.NormalizedString, re tokenizer.Pattern) ([]tokenizer.NormalizedString, error) {
	prefix := b.AddPrefixSpace && n.Len() > 0 && n.Normalized()[0] != ' '
	if prefix && b.UseRegex && n.IsIdentity() {
		return splitPrefixed(n, re)
	}
	if prefix {
		n.Prepend(" ")
	}
	if b.UseRegex {
		return n.Split(re, tokenizer.Isolated)
	}
	return []tokenizer.NormalizedString{*n}, nil // Split copies it
}

// splitPrefixed is Prepend(" ") then Split(re, Isolated) for an n whose alignment is
// the identity, without making the alignment table of the whole prefixed text: the
// pieces after the first are slices of n itself; the first one starts with the added
// space, aligned (as Prepend aligns it) with n's first character.
func splitPrefixed(n *tokenizer.NormalizedString, re tokenizer.Pattern) ([]tokenizer.NormalizedString, error) {
	s := n.Normalized()
	t := " " + s
	matches, err := re.FindMatches(t)
	if err != nil {
		return nil, err
	}
	_, first := utf8.DecodeRuneInString(s)
	out := make([]tokenizer.NormalizedString, 0, len(matches))
	last := 0
	for _, m := range matches {
		if m.Start != last || m.End < m.Start || m.End > len(t) {
			return nil, errBadMatches
		}
		last = m.End
		if m.Start == m.End {
			continue
		}
		if m.Start > 0 {
			piece, ok := n.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: m.Start - 1, End: m.End - 1})
			if !ok {
				return nil, errBadMatches
			}
			out = append(out, piece)
			continue
		}
		// The first piece: " " + s[:m.End-1], from the original s[:max(m.End-1, first)].
		oe := max(m.End-1, first)
		align := make([]tokenizer.Offsets, m.End)
		align[0] = tokenizer.Offsets{Start: 0, End: first}
		for i := 1; i < m.End; {
			sz := 1
			if t[i] >= utf8.RuneSelf {
				_, sz = utf8.DecodeRuneInString(t[i:])
			}
			for k := 0; k < sz && i+k < m.End; k++ {
				align[i+k] = tokenizer.Offsets{Start: i - 1, End: i - 1 + sz}
			}
			i += sz
		}
		piece, err := tokenizer.NewNormalizedStringFrom(s[:oe], t[:m.End], align, n.OffsetsOriginal().Start)
		if err != nil {
			return nil, err
		}
		out = append(out, piece)
	}
	if last != len(t) {
		return nil, errBadMatches
	}
	return out, nil
}

// errBadMatches is returned when a regex's matches do not tile the text.
var errBadMatches = errors.New("ByteLevel: regex matches do not cover the text")

// mappedSize returns the size of s once its bytes are mapped, and whether mapping
// changes it: '!'..'~' map to themselves, every other byte to a two-byte character.
func mappedSize(s string) (int, bool) {
	size, same := 0, true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '!' || c > '~' {
			same = false
			size += 2
		} else {
			size++
		}
	}
	return size, !same
}

// fastMappable reports whether mapBytes can build n's mapping directly: the whole
// original must map to the whole normalized text, the range the reference transforms.
func fastMappable(n *tokenizer.NormalizedString) bool {
	origLen := n.LenOriginal()
	if origLen == 0 {
		return false
	}
	if n.IsIdentity() {
		return true
	}
	r, ok := n.ConvertOffsets(tokenizer.Original, tokenizer.Offsets{Start: 0, End: origLen})
	return ok && r.Start == 0 && r.End == n.Len()
}

// mapBytesAll maps the bytes of every piece (mapBytes), with one text buffer and one
// alignment table shared by all the pieces.
func mapBytesAll(pieces []tokenizer.NormalizedString) error {
	return mapBytesEach(len(pieces), func(i int) *tokenizer.NormalizedString { return &pieces[i] })
}

// mapBytesEach is mapBytesAll for the count pieces at returns (nil ones skipped).
func mapBytesEach(count int, at func(i int) *tokenizer.NormalizedString) error {
	total, nchanged := 0, 0
	for i := range count {
		n := at(i)
		if n == nil {
			continue
		}
		if size, changed := mappedSize(n.Normalized()); changed {
			total += size
			nchanged++
		}
	}
	if total == 0 {
		return nil
	}
	buf := make([]byte, 0, total)
	align := make([]tokenizer.Offsets, 0, total)
	type mapped struct {
		n          *tokenizer.NormalizedString
		start, end int
	}
	done := make([]mapped, 0, nchanged)
	for i := range count {
		n := at(i)
		if n == nil {
			continue
		}
		if _, changed := mappedSize(n.Normalized()); !changed {
			continue
		}
		if !fastMappable(n) {
			mapBytesSlow(n)
			continue
		}
		start := len(buf)
		buf, align = appendMapped(buf, align, n)
		done = append(done, mapped{n, start, len(buf)})
	}
	text := bytesString(buf) // buf is not modified afterwards
	for _, m := range done {
		n := m.n
		nn, err := tokenizer.NewNormalizedStringFrom(n.Original(), text[m.start:m.end],
			align[m.start:m.end:m.end], n.OffsetsOriginal().Start)
		if err != nil {
			return err
		}
		*n = nn
	}
	return nil
}

// mapBytes replaces every byte of n by its GPT-2 character, as the reference's
// transform does.
func mapBytes(n *tokenizer.NormalizedString) error {
	one := []tokenizer.NormalizedString{*n}
	if err := mapBytesAll(one); err != nil {
		return err
	}
	*n = one[0]
	return nil
}

// appendMapped appends the mapped text of n to buf and its alignments to align: as the
// reference's transform, the first character made from a character's bytes takes the
// character's alignment, the others (inserted) the alignment of its last byte.
func appendMapped(buf []byte, align []tokenizer.Offsets, n *tokenizer.NormalizedString) ([]byte, []tokenizer.Offsets) {
	s := n.Normalized()
	var old []tokenizer.Offsets
	if !n.IsIdentity() {
		old = n.Alignments()
	}
	for i := 0; i < len(s); {
		sz := 1
		if s[i] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRuneInString(s[i:])
		}
		var first, last tokenizer.Offsets
		if old == nil {
			first = tokenizer.Offsets{Start: i, End: i + sz}
			last = first
		} else {
			first, last = old[i], old[i+sz-1]
		}
		for k := 0; k < sz; k++ {
			str := bytelevel.String(s[i+k])
			buf = append(buf, str...)
			a := last
			if k == 0 {
				a = first
			}
			for range len(str) {
				align = append(align, a)
			}
		}
		i += sz
	}
	return buf, align
}

// mapBytesSlow is mapBytes through NormalizedString.Transform, for the unusual
// alignments.
func mapBytesSlow(n *tokenizer.NormalizedString) {
	s := n.Normalized()
	changes := make([]tokenizer.Change, 0, len(s))
	for i := 0; i < len(s); {
		sz := 1
		if s[i] >= utf8.RuneSelf {
			_, sz = utf8.DecodeRuneInString(s[i:])
		}
		for k := 0; k < sz; k++ {
			d := 0
			if k > 0 {
				d = 1
			}
			changes = append(changes, tokenizer.Change{Rune: bytelevel.Rune(s[i+k]), Delta: d})
		}
		i += sz
	}
	n.Transform(changes, 0)
}

// MarshalJSON writes the reference's serialization.
func (b *ByteLevel) MarshalJSON() ([]byte, error) {
	return marshal("type", "ByteLevel", "add_prefix_space", b.AddPrefixSpace,
		"trim_offsets", b.TrimOffsets, "use_regex", b.UseRegex)
}

// CutSafe implements tokenizer.CutSafe: without a prefix space (which the second part
// would get), the byte mapping is byte by byte, and GPT-2's regex is cut-safe
// (scan.NewlineCutSafe).
func (b *ByteLevel) CutSafe() bool {
	return !b.AddPrefixSpace && (!b.UseRegex || scan.NewlineCutSafe(gpt2Pattern))
}
