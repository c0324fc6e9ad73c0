package tokenizer

import (
	"encoding/json"
	"fmt"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// PaddingParams are the padding settings (the `padding` section of tokenizer.json).
type PaddingParams struct {
	// Strategy is BatchLongest (the zero value) or Fixed.
	Strategy PaddingStrategy
	// Length is the length Fixed pads to.
	Length          int
	Direction       PaddingDirection
	PadToMultipleOf int
	PadID           uint32
	PadTypeID       uint32
	PadToken        string
}

// PaddingStrategy says what length padding reaches.
type PaddingStrategy int

// The padding strategies.
const (
	// BatchLongest pads to the longest encoding of the batch.
	BatchLongest PaddingStrategy = iota
	// Fixed pads to PaddingParams.Length.
	Fixed
)

// DefaultPadding returns the reference's defaults: BatchLongest, Right, pad id 0, type
// id 0, token "[PAD]".
func DefaultPadding() PaddingParams {
	return PaddingParams{Direction: PadRight, PadToken: "[PAD]"}
}

type paddingJSON struct {
	Strategy        *json.RawMessage  `json:"strategy"`
	Direction       *PaddingDirection `json:"direction"`
	PadToMultipleOf *int              `json:"pad_to_multiple_of"`
	PadID           *uint32           `json:"pad_id"`
	PadTypeID       *uint32           `json:"pad_type_id"`
	PadToken        *string           `json:"pad_token"`
}

// UnmarshalJSON reads the `padding` section; every field is required, as in the
// reference (strategy "BatchLongest" or {"Fixed": n}).
func (p *PaddingParams) UnmarshalJSON(data []byte) error {
	var j paddingJSON
	if err := jsonutil.Unmarshal(data, &j); err != nil {
		return err
	}
	switch {
	case j.Strategy == nil:
		return jsonutil.MissingField("strategy")
	case j.Direction == nil:
		return jsonutil.MissingField("direction")
	case j.PadID == nil:
		return jsonutil.MissingField("pad_id")
	case j.PadTypeID == nil:
		return jsonutil.MissingField("pad_type_id")
	case j.PadToken == nil:
		return jsonutil.MissingField("pad_token")
	}
	var q PaddingParams
	var name string
	if err := jsonutil.Unmarshal(*j.Strategy, &name); err == nil {
		if name != "BatchLongest" {
			return WrapPath(fmt.Errorf("unknown variant `%s`, expected `BatchLongest` or `Fixed`", name), "strategy")
		}
	} else {
		var fixed struct {
			Fixed *int `json:"Fixed"`
		}
		if err := jsonutil.Unmarshal(*j.Strategy, &fixed); err != nil || fixed.Fixed == nil || *fixed.Fixed < 0 {
			return WrapPath(fmt.Errorf("expected \"BatchLongest\" or {\"Fixed\": n}, got %s", *j.Strategy), "strategy")
		}
		q.Strategy, q.Length = Fixed, *fixed.Fixed
	}
	q.Direction = *j.Direction
	if j.PadToMultipleOf != nil {
		if *j.PadToMultipleOf < 0 {
			return WrapPath(fmt.Errorf("must not be negative"), "pad_to_multiple_of")
		}
		q.PadToMultipleOf = *j.PadToMultipleOf
	}
	q.PadID, q.PadTypeID, q.PadToken = *j.PadID, *j.PadTypeID, *j.PadToken
	*p = q
	return nil
}

// MarshalJSON writes the `padding` section as the reference does.
func (p PaddingParams) MarshalJSON() ([]byte, error) {
	var strategy any = "BatchLongest"
	if p.Strategy == Fixed {
		strategy = map[string]int{"Fixed": p.Length}
	}
	var multiple any
	if p.PadToMultipleOf > 0 {
		multiple = p.PadToMultipleOf
	}
	o := &jsonutil.Object{}
	o.Add("strategy", strategy).Add("direction", p.Direction).Add("pad_to_multiple_of", multiple).
		Add("pad_id", p.PadID).Add("pad_type_id", p.PadTypeID).Add("pad_token", p.PadToken)
	return o.MarshalJSON()
}

// PadEncodings pads encodings as params say (the reference's pad_encodings).
func PadEncodings(encodings []*Encoding, params *PaddingParams) error {
	if len(encodings) == 0 {
		return nil
	}
	length := params.Length
	if params.Strategy == BatchLongest {
		length = 0
		for _, e := range encodings {
			length = max(length, e.Len())
		}
	}
	if err := checkPadLength(length, params.PadToMultipleOf); err != nil {
		return err
	}
	if m := params.PadToMultipleOf; m > 0 && length%m > 0 {
		length += m - length%m
	}
	for _, e := range encodings {
		e.Pad(length, params.PadID, params.PadTypeID, params.PadToken, params.Direction)
	}
	return nil
}
