package tokenizer

// TruncationDirection says which side of an Encoding truncation cuts (the reference's
// TruncationDirection; the zero value is its default, Right).
type TruncationDirection int

// The truncation directions.
const (
	TruncateRight TruncationDirection = iota
	TruncateLeft
)

// String returns "Right" or "Left", as tokenizer.json spells it.
func (d TruncationDirection) String() string {
	switch d {
	case TruncateRight:
		return "Right"
	case TruncateLeft:
		return "Left"
	}
	return "TruncationDirection(?)"
}

// MarshalText implements encoding.TextMarshaler.
func (d TruncationDirection) MarshalText() ([]byte, error) {
	if d != TruncateRight && d != TruncateLeft {
		return nil, fmtErrorf("invalid truncation direction %d", int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler (case-sensitive, as serde).
func (d *TruncationDirection) UnmarshalText(t []byte) error {
	switch string(t) {
	case "Right":
		*d = TruncateRight
	case "Left":
		*d = TruncateLeft
	default:
		return fmtErrorf("unknown variant `%s`, expected `Left` or `Right`", t)
	}
	return nil
}

// PaddingDirection says which side of an Encoding padding fills (the reference's
// PaddingDirection; the zero value is Right, the default of its PaddingParams).
type PaddingDirection int

// The padding directions.
const (
	PadRight PaddingDirection = iota
	PadLeft
)

// String returns "Right" or "Left", as tokenizer.json spells it.
func (d PaddingDirection) String() string {
	switch d {
	case PadRight:
		return "Right"
	case PadLeft:
		return "Left"
	}
	return "PaddingDirection(?)"
}

// MarshalText implements encoding.TextMarshaler.
func (d PaddingDirection) MarshalText() ([]byte, error) {
	if d != PadRight && d != PadLeft {
		return nil, fmtErrorf("invalid padding direction %d", int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler (case-sensitive, as serde).
func (d *PaddingDirection) UnmarshalText(t []byte) error {
	switch string(t) {
	case "Right":
		*d = PadRight
	case "Left":
		*d = PadLeft
	default:
		return fmtErrorf("unknown variant `%s`, expected `Left` or `Right`", t)
	}
	return nil
}
