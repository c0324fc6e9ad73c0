package normalizers

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/grapheme"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

func init() {
	tokenizer.RegisterNormalizer("Precompiled", func(data []byte) (tokenizer.Normalizer, error) {
		return ParsePrecompiled(data)
	})
}

// errPrecompiledParse is the reference's PrecompiledError message (spm_precompiled).
var errPrecompiledParse = errors.New("Cannot parse precompiled_charsmap")

// errPrecompiledTrie is returned by Normalize when the trie of a charsmap points out of
// its arrays (the reference panics).
var errPrecompiledTrie = errors.New("Precompiled: malformed precompiled_charsmap trie")

// Precompiled is the normalizer of SentencePiece models: a `precompiled_charsmap`
// (a Darts double-array trie over UTF-8 bytes and a blob of NUL-terminated
// replacement strings) applied to each extended grapheme cluster, or, when the cluster
// has no replacement (or is 6 bytes or longer), to each of its characters, as the
// reference (normalizers/precompiled.rs and the spm_precompiled crate) does.
type Precompiled struct {
	charsmap   []byte
	trie       []uint32
	normalized string
	// ascii caches the replacement of each one-byte character (-1: none). It is only
	// valid when asciiOK.
	ascii   [128]int32
	asciiOK bool
	// asciiOut is the normalization of each one-byte character alone (its replacement,
	// or itself); it is only valid when asciiFast.
	asciiOut  [128]string
	asciiSame [128]bool // asciiOut[c] is c itself
	asciiFast bool
}

// NewPrecompiled parses a precompiled_charsmap (the decoded bytes, not base64).
func NewPrecompiled(charsmap []byte) (*Precompiled, error) {
	if len(charsmap) < 4 {
		return nil, errPrecompiledParse
	}
	trieSize := binary.LittleEndian.Uint32(charsmap)
	n := int(trieSize / 4)
	rest := charsmap[4:]
	if len(rest)/4 < n {
		return nil, errPrecompiledParse
	}
	trie := make([]uint32, n)
	for i := range trie {
		trie[i] = binary.LittleEndian.Uint32(rest[4*i:])
	}
	blob := rest[4*n:]
	if !utf8.Valid(blob) {
		return nil, errPrecompiledParse
	}
	p := &Precompiled{charsmap: append([]byte(nil), charsmap...), trie: trie, normalized: string(blob)}
	p.asciiOK = true
	for c := range p.ascii {
		p.ascii[c] = -1
		idx, ok, err := p.lookup(string(rune(c)))
		if err != nil {
			p.asciiOK = false
			break
		}
		if ok {
			p.ascii[c] = int32(idx)
		}
	}
	p.asciiFast = p.asciiOK
	for c := 0; c < len(p.asciiOut) && p.asciiFast; c++ {
		if p.ascii[c] < 0 {
			p.asciiOut[c] = string(rune(c))
			p.asciiSame[c] = true
			continue
		}
		r, err := p.replacement(int(p.ascii[c]))
		if err != nil {
			p.asciiFast = false
			break
		}
		p.asciiOut[c] = r
	}
	return p, nil
}

// appendTransform appends s normalized by the charsmap (as Transform). ok is false
// when s has invalid UTF-8 where the general path would write U+FFFD.
func (p *Precompiled) appendTransform(dst []byte, s string) (out []byte, ok bool, err error) {
	for i := 0; i < len(s); {
		if p.asciiFast {
			// A run of one-byte characters that stay as they are, but its last (a
			// cluster with what follows, maybe).
			j := i
			for j+1 < len(s) && s[j+1] < utf8.RuneSelf && s[j] < utf8.RuneSelf && p.asciiSame[s[j]] && s[j] != '\r' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
		}
		c := s[i]
		// A one-byte character followed by another (CR LF aside), or last, is a
		// grapheme cluster alone.
		if c < utf8.RuneSelf && p.asciiFast &&
			(i+1 == len(s) || (s[i+1] < utf8.RuneSelf && (c != '\r' || s[i+1] != '\n'))) {
			dst = append(dst, p.asciiOut[c]...)
			i++
			continue
		}
		g := s[i : i+grapheme.Next(s[i:])]
		i += len(g)
		if len(g) < 6 {
			norm, found, err := p.transform(g)
			if err != nil {
				return dst, true, err
			}
			if found {
				dst = append(dst, norm...)
				continue
			}
		}
		for j := 0; j < len(g); {
			size := 1
			if g[j] >= utf8.RuneSelf {
				var r rune
				if r, size = utf8.DecodeRuneInString(g[j:]); r == utf8.RuneError && size == 1 {
					return dst, false, nil
				}
			}
			part := g[j : j+size]
			j += size
			norm, found, err := p.transform(part)
			if err != nil {
				return dst, true, err
			}
			if found {
				dst = append(dst, norm...)
			} else {
				dst = append(dst, part...)
			}
		}
	}
	return dst, true, nil
}

// ParsePrecompiled builds a Precompiled normalizer from its tokenizer.json object
// `{"type":"Precompiled","precompiled_charsmap":"<base64>"}`.
func ParsePrecompiled(data []byte) (*Precompiled, error) {
	var raw struct {
		Type     *string `json:"type"`
		Charsmap *string `json:"precompiled_charsmap"`
	}
	if err := jsonutil.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Type == nil {
		return nil, jsonutil.MissingField("type")
	}
	if *raw.Type != "Precompiled" {
		return nil, tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `Precompiled`", *raw.Type), "type")
	}
	if raw.Charsmap == nil {
		return nil, jsonutil.MissingField("precompiled_charsmap")
	}
	// Go's decoder skips CR and LF; the reference's (base64 crate) rejects them.
	if strings.ContainsAny(*raw.Charsmap, "\r\n") {
		return nil, tokenizer.WrapPath(errors.New("Invalid byte 10, offset 0."), "precompiled_charsmap")
	}
	charsmap, err := base64.StdEncoding.Strict().DecodeString(*raw.Charsmap)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "precompiled_charsmap")
	}
	p, err := NewPrecompiled(charsmap)
	if err != nil {
		return nil, tokenizer.WrapPath(err, "precompiled_charsmap")
	}
	return p, nil
}

// MarshalJSON writes the normalizer as the reference does.
func (p *Precompiled) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "Precompiled").Add("precompiled_charsmap", base64.StdEncoding.EncodeToString(p.charsmap))
	return o.MarshalJSON()
}

// lookup runs the double-array trie over key and returns the index in p.normalized of
// the replacement of the shortest prefix of key that has one (spm_precompiled's
// common_prefix_search, first result). A NUL byte ends the key.
func (p *Precompiled) lookup(key string) (int, bool, error) {
	trie := p.trie
	if len(trie) == 0 {
		return 0, false, errPrecompiledTrie
	}
	unit := trie[0]
	pos := offset(unit)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == 0 {
			break
		}
		pos ^= uint64(c)
		if pos >= uint64(len(trie)) {
			return 0, false, errPrecompiledTrie
		}
		unit = trie[pos]
		if unit&(1<<31|0xFF) != uint32(c) { // label
			return 0, false, nil
		}
		pos ^= offset(unit)
		if (unit>>8)&1 == 1 { // has_leaf
			if pos >= uint64(len(trie)) {
				return 0, false, errPrecompiledTrie
			}
			return int(trie[pos] & (1<<31 - 1)), true, nil
		}
	}
	return 0, false, nil
}

func offset(unit uint32) uint64 {
	return uint64(unit>>10) << ((unit & (1 << 9)) >> 6)
}

// replacement returns the NUL-terminated string of p.normalized at index.
func (p *Precompiled) replacement(index int) (string, error) {
	s := p.normalized
	if index > len(s) || (index < len(s) && !utf8.RuneStart(s[index])) {
		return "", errPrecompiledTrie
	}
	s = s[index:]
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return s, nil
}

// transform returns the replacement of chunk, if any (spm_precompiled's transform).
func (p *Precompiled) transform(chunk string) (string, bool, error) {
	if len(chunk) == 1 && chunk[0] < utf8.RuneSelf && p.asciiOK {
		idx := p.ascii[chunk[0]]
		if idx < 0 {
			return "", false, nil
		}
		s, err := p.replacement(int(idx))
		return s, err == nil, err
	}
	idx, ok, err := p.lookup(chunk)
	if !ok || err != nil {
		return "", false, err
	}
	s, err := p.replacement(idx)
	return s, err == nil, err
}

// Transform returns s normalized by the charsmap, without alignments (spm_precompiled's
// normalize_string).
func (p *Precompiled) Transform(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		g := s[:grapheme.Next(s)]
		s = s[len(g):]
		if len(g) < 6 {
			norm, ok, err := p.transform(g)
			if err != nil {
				return "", err
			}
			if ok {
				b.WriteString(norm)
				continue
			}
		}
		for i := range g {
			_, size := utf8.DecodeRuneInString(g[i:])
			part := g[i : i+size]
			norm, ok, err := p.transform(part)
			if err != nil {
				return "", err
			}
			if ok {
				b.WriteString(norm)
			} else {
				b.WriteString(part)
			}
		}
	}
	return b.String(), nil
}

// Normalize implements tokenizer.Normalizer.
func (p *Precompiled) Normalize(n *tokenizer.NormalizedString) error {
	s := n.Normalized()
	var changes []Change
	modified := false
	for pos := 0; pos < len(s); {
		g := s[pos : pos+grapheme.Next(s[pos:])]
		if len(g) < 6 {
			norm, ok, err := p.transform(g)
			if err != nil {
				return err
			}
			if ok {
				if !modified {
					changes = unchanged(s[:pos], len(s))
					modified = true
				}
				changes = appendReplace(changes, g, norm)
				pos += len(g)
				continue
			}
		}
		for i, c := range g {
			_, size := utf8.DecodeRuneInString(g[i:])
			part := g[i : i+size]
			norm, ok, err := p.transform(part)
			if err != nil {
				return err
			}
			switch {
			case ok:
				if !modified {
					changes = unchanged(s[:pos+i], len(s))
					modified = true
				}
				changes = appendReplace(changes, part, norm)
			case modified:
				changes = append(changes, Change{Rune: c})
			}
		}
		pos += len(g)
	}
	if modified {
		n.Transform(changes, 0) // which does not keep changes
		putChanges(changes)
	}
	return nil
}

// changesPool holds the change slices of Precompiled.Normalize.
var changesPool sync.Pool

// maxPooledChanges bounds the slices kept in changesPool.
const maxPooledChanges = 1 << 18

// putChanges gives back a slice of unchanged.
func putChanges(c []Change) {
	if cap(c) <= maxPooledChanges {
		c = c[:0]
		changesPool.Put(&c)
	}
}

// Change is tokenizer.Change.
type Change = tokenizer.Change

// unchanged returns the changes that keep every character of s, with room for a text
// of capacity bytes.
func unchanged(s string, capacity int) []Change {
	var changes []Change
	if c, ok := changesPool.Get().(*[]Change); ok && cap(*c) >= capacity {
		changes = (*c)[:0]
	} else {
		changes = make([]Change, 0, capacity)
	}
	for _, c := range s {
		changes = append(changes, Change{Rune: c})
	}
	return changes
}

// appendReplace appends the changes that replace oldPart by newPart, exactly as the
// reference's `replace` (normalizers/precompiled.rs) computes them: the characters of
// newPart, the last `diff` of them marked inserted when newPart is longer, and the
// removal of the missing characters put on the last change (possibly one of an earlier
// part) when it is shorter.
func appendReplace(changes []Change, oldPart, newPart string) []Change {
	diff := utf8.RuneCountInString(newPart) - utf8.RuneCountInString(oldPart)
	for _, c := range newPart {
		changes = append(changes, Change{Rune: c})
	}
	switch {
	case diff > 0:
		for i := len(changes) - diff; i < len(changes); i++ {
			changes[i].Delta = 1
		}
	case diff < 0:
		if len(changes) > 0 {
			changes[len(changes)-1].Delta += diff
		}
	}
	return changes
}
