package tokenizer

import (
	"errors"
	"fmt"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// TruncationStrategy says which sequence of a pair loses tokens first.
type TruncationStrategy int

// The truncation strategies of the reference.
const (
	// LongestFirst takes tokens from the longer sequence first.
	LongestFirst TruncationStrategy = iota
	// OnlyFirst truncates only the first sequence.
	OnlyFirst
	// OnlySecond truncates only the second sequence.
	OnlySecond
)

var strategyNames = [...]string{"LongestFirst", "OnlyFirst", "OnlySecond"}

// String returns the strategy's name as tokenizer.json spells it.
func (s TruncationStrategy) String() string {
	if s >= 0 && int(s) < len(strategyNames) {
		return strategyNames[s]
	}
	return fmt.Sprintf("TruncationStrategy(%d)", int(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s TruncationStrategy) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *TruncationStrategy) UnmarshalText(b []byte) error {
	for i, n := range strategyNames {
		if n == string(b) {
			*s = TruncationStrategy(i)
			return nil
		}
	}
	return fmt.Errorf("unknown variant `%s`, expected one of `LongestFirst`, `OnlyFirst`, `OnlySecond`", b)
}

// TruncationParams are the truncation settings (the `truncation` section of
// tokenizer.json).
type TruncationParams struct {
	Direction TruncationDirection `json:"direction"`
	MaxLength int                 `json:"max_length"`
	Strategy  TruncationStrategy  `json:"strategy"`
	Stride    int                 `json:"stride"`
}

// DefaultTruncation returns the reference's defaults: max_length 512, LongestFirst,
// stride 0, direction Right.
func DefaultTruncation() TruncationParams {
	return TruncationParams{Direction: TruncateRight, MaxLength: 512, Strategy: LongestFirst}
}

// validate checks p as the reference's with_truncation does: the stride must not
// exceed the room left for a single sequence's tokens (max_length less the nAdded
// special tokens). As in the reference (an unchecked usize subtraction), a max_length
// below nAdded leaves unlimited room.
func (p *TruncationParams) validate(nAdded int) error {
	if p.MaxLength < 0 || p.Stride < 0 {
		return fmt.Errorf("truncation: max_length (%d) and stride (%d) must not be negative", p.MaxLength, p.Stride)
	}
	switch p.Strategy {
	case LongestFirst, OnlyFirst, OnlySecond:
	default:
		return fmt.Errorf("truncation: unknown strategy %d", int(p.Strategy))
	}
	if p.Direction != TruncateLeft && p.Direction != TruncateRight {
		return fmt.Errorf("truncation: unknown direction %d", int(p.Direction))
	}
	if eff := p.MaxLength - nAdded; eff >= 0 && eff < p.Stride {
		return fmt.Errorf("truncation: stride set to %d, which is greater than or equal to its effective max length of %d (= %d original max length - %d added special tokens)",
			p.Stride, eff, p.MaxLength, nAdded)
	}
	return nil
}

// Truncation errors, as the reference words them.
var (
	ErrSecondSequenceNotProvided = errors.New("Truncation error: Second sequence not provided")
	ErrSequenceTooShort          = errors.New("Truncation error: Sequence to truncate too short to respect the provided max_length")
)

// TruncateEncodings truncates the encodings of one input (pair may be nil) as params
// say (the reference's truncate_encodings); what is cut goes to their Overflowing.
func TruncateEncodings(enc, pair *Encoding, params *TruncationParams) (*Encoding, *Encoding, error) {
	if params.MaxLength == 0 {
		if err := enc.Truncate(0, params.Stride, params.Direction); err != nil {
			return nil, nil, err
		}
		if pair != nil {
			if err := pair.Truncate(0, params.Stride, params.Direction); err != nil {
				return nil, nil, err
			}
		}
		return enc, pair, nil
	}
	total := enc.Len()
	if pair != nil {
		total += pair.Len()
	}
	if total <= params.MaxLength {
		return enc, pair, nil
	}
	toRemove := total - params.MaxLength
	switch params.Strategy {
	case LongestFirst:
		if pair == nil {
			if err := enc.Truncate(total-toRemove, params.Stride, params.Direction); err != nil {
				return nil, nil, err
			}
			return enc, pair, nil
		}
		n1, n2 := enc.Len(), pair.Len()
		swap := n1 > n2
		if swap {
			n1, n2 = n2, n1
		}
		if n1 > params.MaxLength {
			n2 = n1
		} else {
			n2 = max(n1, params.MaxLength-n1)
		}
		if n1+n2 > params.MaxLength {
			n1 = params.MaxLength / 2
			n2 = n1 + params.MaxLength%2
		}
		if swap {
			n1, n2 = n2, n1
		}
		if err := enc.Truncate(n1, params.Stride, params.Direction); err != nil {
			return nil, nil, err
		}
		if err := pair.Truncate(n2, params.Stride, params.Direction); err != nil {
			return nil, nil, err
		}
	case OnlyFirst, OnlySecond:
		target := enc
		if params.Strategy == OnlySecond {
			if pair == nil {
				return nil, nil, ErrSecondSequenceNotProvided
			}
			target = pair
		}
		n := target.Len()
		if n <= toRemove {
			return nil, nil, ErrSequenceTooShort
		}
		if err := target.Truncate(n-toRemove, params.Stride, params.Direction); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("truncation: unknown strategy %d", int(params.Strategy))
	}
	return enc, pair, nil
}

// UnmarshalJSON reads the `truncation` section: max_length, strategy and stride are
// required, direction defaults to Right, as in the reference.
func (p *TruncationParams) UnmarshalJSON(data []byte) error {
	var j struct {
		Direction *TruncationDirection `json:"direction"`
		MaxLength *int                 `json:"max_length"`
		Strategy  *TruncationStrategy  `json:"strategy"`
		Stride    *int                 `json:"stride"`
	}
	if err := jsonutil.Unmarshal(data, &j); err != nil {
		return err
	}
	switch {
	case j.MaxLength == nil:
		return jsonutil.MissingField("max_length")
	case j.Strategy == nil:
		return jsonutil.MissingField("strategy")
	case j.Stride == nil:
		return jsonutil.MissingField("stride")
	case *j.MaxLength < 0:
		return WrapPath(errors.New("must not be negative"), "max_length")
	case *j.Stride < 0:
		return WrapPath(errors.New("must not be negative"), "stride")
	}
	q := TruncationParams{Direction: TruncateRight, MaxLength: *j.MaxLength, Strategy: *j.Strategy, Stride: *j.Stride}
	if j.Direction != nil {
		q.Direction = *j.Direction
	}
	*p = q
	return nil
}

// MarshalJSON writes the `truncation` section as the reference does.
func (p TruncationParams) MarshalJSON() ([]byte, error) {
	o := &jsonutil.Object{}
	o.Add("direction", p.Direction).Add("max_length", p.MaxLength).Add("strategy", p.Strategy).Add("stride", p.Stride)
	return o.MarshalJSON()
}
