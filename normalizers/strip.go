package normalizers

import (
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// Strip is the "Strip" normalizer: it removes the whitespace (char::is_whitespace) at
// the start and/or the end.
type Strip struct {
	Left, Right bool
}

// parseStrip reads {"strip_left": bool, "strip_right": bool}, both required; the type
// is not checked.
func parseStrip(data []byte) (*Strip, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	s := &Strip{}
	if _, err := serde.Field(o, "strip_left", &s.Left, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "strip_right", &s.Right, true, false); err != nil {
		return nil, err
	}
	return s, nil
}

// Normalize strips the text.
func (s *Strip) Normalize(n *tokenizer.NormalizedString) error {
	switch {
	case s.Left && s.Right:
		n.Strip()
	case s.Left:
		n.LStrip()
	case s.Right:
		n.RStrip()
	}
	return nil
}

// MarshalJSON writes the reference's serialization.
func (s *Strip) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "Strip").Add("strip_left", s.Left).Add("strip_right", s.Right)
	return o.MarshalJSON()
}

// StripAccents is the "StripAccents" normalizer: it removes the combining marks (M*
// of Unicode 9.0, the crate unicode-normalization-alignments' is_combining_mark). It
// does not decompose: put NFD or NFKD before it.
type StripAccents struct{}

// Normalize removes the combining marks.
func (StripAccents) Normalize(n *tokenizer.NormalizedString) error {
	n.Filter(func(c rune) bool { return !unicodetables.IsCombiningMark(c) })
	return nil
}

// MarshalJSON writes {"type":"StripAccents"}.
func (StripAccents) MarshalJSON() ([]byte, error) { return marshalType("StripAccents") }

// Nmt is the "Nmt" normalizer (normalizers/unicode.rs): it removes some control
// characters and turns some spaces and separators into ' '.
type Nmt struct{}

func nmtKeep(c rune) bool {
	switch {
	case c >= 0x01 && c <= 0x08, c == 0x0B, c >= 0x0E && c <= 0x1F, c == 0x7F, c == 0x8F, c == 0x9F:
		return false
	}
	return true
}

func nmtMap(c rune) rune {
	switch {
	case c == 0x09, c == 0x0A, c == 0x0C, c == 0x0D, c == 0x1680, c >= 0x200B && c <= 0x200F,
		c == 0x2028, c == 0x2029, c == 0x2581, c == 0xFEFF, c == 0xFFFD:
		return ' '
	}
	return c
}

// Normalize applies the filter then the map.
func (Nmt) Normalize(n *tokenizer.NormalizedString) error {
	n.Filter(nmtKeep)
	n.Map(nmtMap)
	return nil
}

// MarshalJSON writes {"type":"Nmt"}.
func (Nmt) MarshalJSON() ([]byte, error) { return marshalType("Nmt") }
