package normalizers

import (
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// BertNormalizer is the "BertNormalizer" normalizer (normalizers/bert.rs): it cleans
// control characters, pads CJK ideographs with spaces, strips accents and lowercases.
type BertNormalizer struct {
	// CleanText removes U+0000, U+FFFD and control characters (Cc, Cf and Co of
	// Unicode 8.0, except \t \n \r) and turns whitespace into ' '.
	CleanText bool
	// HandleChineseChars puts a space on both sides of each CJK ideograph.
	HandleChineseChars bool
	// StripAccents removes the nonspacing marks (Mn of Unicode 8.0) after NFD; nil
	// follows Lowercase.
	StripAccents *bool
	// Lowercase lowercases the text.
	Lowercase bool
}

// NewBertNormalizer returns the reference's default BertNormalizer: clean text,
// handle Chinese characters, strip accents as lowercase, lowercase.
func NewBertNormalizer() *BertNormalizer {
	return &BertNormalizer{CleanText: true, HandleChineseChars: true, Lowercase: true}
}

// parseBert reads {"clean_text","handle_chinese_chars","strip_accents","lowercase"}:
// all required but strip_accents (an Option); the type is not checked.
func parseBert(data []byte) (*BertNormalizer, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	b := &BertNormalizer{}
	if _, err := serde.Field(o, "clean_text", &b.CleanText, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "handle_chinese_chars", &b.HandleChineseChars, true, false); err != nil {
		return nil, err
	}
	var strip bool
	if ok, err := serde.Field(o, "strip_accents", &strip, false, true); err != nil {
		return nil, err
	} else if ok {
		b.StripAccents = &strip
	}
	if _, err := serde.Field(o, "lowercase", &b.Lowercase, true, false); err != nil {
		return nil, err
	}
	return b, nil
}

// MarshalJSON writes the reference's serialization.
func (b *BertNormalizer) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "BertNormalizer").
		Add("clean_text", b.CleanText).
		Add("handle_chinese_chars", b.HandleChineseChars).
		Add("strip_accents", b.StripAccents).
		Add("lowercase", b.Lowercase)
	return o.MarshalJSON()
}

// bertIsControl is bert.rs is_control: unicode_categories' is_other (Cc, Cf, Co of
// Unicode 8.0) but \t \n \r.
func bertIsControl(c rune) bool {
	switch c {
	case '\t', '\n', '\r':
		return false
	}
	if c < 0x80 {
		return c < 0x20 || c == 0x7f
	}
	return unicodetables.IsOther8(c)
}

// bertIsWhitespace is bert.rs is_whitespace: \t \n \r or char::is_whitespace.
func bertIsWhitespace(c rune) bool { return unicodetables.IsWhitespace(c) }

// isChineseChar is bert.rs is_chinese_char: the CJK ideograph blocks, hard-coded.
func isChineseChar(c rune) bool {
	switch {
	case c < 0x3400:
		return false
	case c >= 0x4E00 && c <= 0x9FFF,
		c >= 0x3400 && c <= 0x4DBF,
		c >= 0x20000 && c <= 0x2A6DF,
		c >= 0x2A700 && c <= 0x2B73F,
		c >= 0x2B740 && c <= 0x2B81F,
		c >= 0x2B920 && c <= 0x2CEAF,
		c >= 0xF900 && c <= 0xFAFF,
		c >= 0x2F800 && c <= 0x2FA1F:
		return true
	}
	return false
}

// Normalize applies the enabled steps in the reference's order.
func (b *BertNormalizer) Normalize(n *tokenizer.NormalizedString) error {
	if b.CleanText {
		cleanText(n)
	}
	if b.HandleChineseChars {
		b.handleChineseChars(n)
	}
	strip := b.Lowercase
	if b.StripAccents != nil {
		strip = *b.StripAccents
	}
	if strip {
		normalizeForm(n, unicodetables.NFD)
		n.Filter(func(c rune) bool { return c < 0x300 || !unicodetables.IsNonspacingMark8(c) })
	}
	if b.Lowercase {
		n.Lowercase()
	}
	return nil
}

func bertClean(c rune) bool { return !(c == 0 || c == 0xFFFD || bertIsControl(c)) }

func bertSpace(c rune) rune {
	if bertIsWhitespace(c) {
		return ' '
	}
	return c
}

// cleanText is the reference's filter (drop U+0000, U+FFFD, controls) then map
// (whitespace to ' '), done as one transformation: the map changes no alignment, so
// the result is the same whenever the filter's transformation covers the whole text.
func cleanText(n *tokenizer.NormalizedString) {
	s := n.Normalized()
	clean, keepAll := true, true
	for _, c := range s {
		if !bertClean(c) {
			clean, keepAll = false, false
			break
		}
		if c != ' ' && bertSpace(c) == ' ' {
			clean = false
		}
	}
	whole := wholeRange(n)
	if clean && whole {
		return
	}
	if !whole {
		n.Filter(bertClean)
		n.Map(bertSpace)
		return
	}
	if keepAll {
		// Nothing removed: the changes below are (bertSpace(c), 0) for every c, which
		// is Map (that changes the text in place when the sizes allow it).
		n.Map(bertSpace)
		return
	}
	changes := make([]tokenizer.Change, 0, len(s))
	removed, removedStart := 0, 0
	var last rune
	haveLast := false
	for _, c := range s {
		if !bertClean(c) {
			removed++
			continue
		}
		if haveLast {
			changes = append(changes, tokenizer.Change{Rune: bertSpace(last), Delta: -removed})
		} else {
			removedStart = removed
		}
		last, haveLast = c, true
		removed = 0
	}
	if haveLast {
		changes = append(changes, tokenizer.Change{Rune: bertSpace(last), Delta: -removed})
	}
	n.Transform(changes, removedStart)
}

// handleChineseChars surrounds each CJK ideograph with spaces: (' ', 0), (c, 1),
// (' ', 1) as the reference.
func (b *BertNormalizer) handleChineseChars(n *tokenizer.NormalizedString) {
	s := n.Normalized()
	found := false
	for _, c := range s {
		if isChineseChar(c) {
			found = true
			break
		}
	}
	if !found && wholeRange(n) {
		return
	}
	changes := make([]tokenizer.Change, 0, len(s)+16)
	for _, c := range s {
		if isChineseChar(c) {
			changes = append(changes,
				tokenizer.Change{Rune: ' '}, tokenizer.Change{Rune: c, Delta: 1}, tokenizer.Change{Rune: ' ', Delta: 1})
		} else {
			changes = append(changes, tokenizer.Change{Rune: c})
		}
	}
	n.Transform(changes, 0)
}
