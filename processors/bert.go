package processors

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// SpecialToken is a special token of BertProcessing and RobertaProcessing: its string
// and its id (tokenizer.json writes it as the pair ["[SEP]", 102]).
type SpecialToken struct {
	Token string
	ID    uint32
}

// MarshalJSON writes the pair [token, id].
func (s SpecialToken) MarshalJSON() ([]byte, error) {
	return jsonutil.Marshal([]any{s.Token, s.ID})
}

// tupleField reads the field key, a (String, u32) pair.
func tupleField(o serde.Object, key string) (SpecialToken, error) {
	var raws []json.RawMessage
	if _, err := serde.Field(o, key, &raws, true, false); err != nil {
		return SpecialToken{}, err
	}
	if len(raws) != 2 {
		return SpecialToken{}, tokenizer.WrapPath(fmt.Errorf("invalid length %d, expected a tuple of size 2", len(raws)), key)
	}
	var s SpecialToken
	if jsonutil.IsNull(raws[0]) || jsonutil.Unmarshal(raws[0], &s.Token) != nil {
		return SpecialToken{}, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected a string", serde.Unexpected(raws[0])), key+"[0]")
	}
	id, err := serde.ParseUint(raws[1], math.MaxUint32, "u32")
	if err != nil {
		return SpecialToken{}, tokenizer.WrapPath(err, key+"[1]")
	}
	s.ID = uint32(id)
	return s, nil
}

// BertProcessing adds BERT's special tokens: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`,
// the second sequence and its [SEP] with type id 1. It is the reference's
// `BertProcessing` (processors/bert.rs).
type BertProcessing struct {
	Sep, CLS SpecialToken
}

// parseBert reads {"type":"BertProcessing","sep":[s,id],"cls":[s,id]}; sep and cls are
// required, the type is not checked.
func parseBert(data []byte) (*BertProcessing, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	p := &BertProcessing{}
	if p.Sep, err = tupleField(o, "sep"); err != nil {
		return nil, err
	}
	if p.CLS, err = tupleField(o, "cls"); err != nil {
		return nil, err
	}
	return p, nil
}

// MarshalJSON writes the reference's serialization.
func (p *BertProcessing) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "BertProcessing").Add("sep", p.Sep).Add("cls", p.CLS)
	return o.MarshalJSON()
}

// AddedTokens returns 2 for one sequence, 3 for a pair.
func (p *BertProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return 3
	}
	return 2
}

// ProcessEncodings adds the special tokens when addSpecialTokens (else the encodings
// are returned as they are): [CLS] and [SEP] around the first encoding (type ids 0
// around its own), [SEP] after the others (type id 1). Each Overflowing encoding gets
// the same; the new encodings' special tokens mask is 0 on the input's tokens and
// their attention mask all 1, as the reference builds them.
func (p *BertProcessing) ProcessEncodings(encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, error) {
	if !addSpecialTokens {
		return encodings, nil
	}
	out := make([]*tokenizer.Encoding, len(encodings))
	for i, e := range encodings {
		build := func(e *tokenizer.Encoding) *tokenizer.Encoding {
			if i == 0 {
				typeIDs := make([]uint32, 0, e.Len()+2)
				typeIDs = append(append(append(typeIDs, 0), e.TypeIDs...), 0)
				return wrap(e, &p.CLS, p.Sep, typeIDs, 0)
			}
			typeIDs := make([]uint32, 0, e.Len()+1)
			typeIDs = append(append(typeIDs, e.TypeIDs...), 1)
			return wrap(e, nil, p.Sep, typeIDs, 1)
		}
		n := build(e)
		if len(e.Overflowing) > 0 {
			n.Overflowing = make([]*tokenizer.Encoding, len(e.Overflowing))
			for j, o := range e.Overflowing {
				n.Overflowing[j] = build(o)
			}
		}
		out[i] = n
	}
	return out, nil
}

// RobertaProcessing adds RoBERTa's special tokens: `<s> A </s>` and
// `<s> A </s></s> B </s>`, all with type id 0, after trimming the offsets as ByteLevel
// does if TrimOffsets. It is the reference's `RobertaProcessing` (processors/roberta.rs).
type RobertaProcessing struct {
	Sep, CLS       SpecialToken
	TrimOffsets    bool
	AddPrefixSpace bool
}

// parseRoberta reads {"type":"RobertaProcessing","sep":[s,id],"cls":[s,id],
// "trim_offsets":b,"add_prefix_space":b}; all fields are required, the type is not
// checked.
func parseRoberta(data []byte) (*RobertaProcessing, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	p := &RobertaProcessing{}
	if p.Sep, err = tupleField(o, "sep"); err != nil {
		return nil, err
	}
	if p.CLS, err = tupleField(o, "cls"); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "trim_offsets", &p.TrimOffsets, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "add_prefix_space", &p.AddPrefixSpace, true, false); err != nil {
		return nil, err
	}
	return p, nil
}

// MarshalJSON writes the reference's serialization.
func (p *RobertaProcessing) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "RobertaProcessing").Add("sep", p.Sep).Add("cls", p.CLS).
		Add("trim_offsets", p.TrimOffsets).Add("add_prefix_space", p.AddPrefixSpace)
	return o.MarshalJSON()
}

// AddedTokens returns 2 for one sequence, 4 for a pair.
func (p *RobertaProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return 4
	}
	return 2
}

// ProcessEncodings trims the offsets if TrimOffsets (the encodings' and their
// Overflowing's), sets every type id of the encodings (not of their Overflowing) to 0,
// and when addSpecialTokens adds <s> A </s> to the first encoding and </s> B </s> to
// the others, and the same to each of their Overflowing, all with type id 0.
func (p *RobertaProcessing) ProcessEncodings(encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, error) {
	if p.TrimOffsets {
		for _, e := range encodings {
			trimOffsets(e, p.AddPrefixSpace)
			for _, o := range e.Overflowing {
				trimOffsets(o, p.AddPrefixSpace)
			}
		}
	}
	for _, e := range encodings {
		e.TypeIDs = make([]uint32, e.Len())
	}
	if !addSpecialTokens {
		return encodings, nil
	}
	out := make([]*tokenizer.Encoding, len(encodings))
	for i, e := range encodings {
		build := func(e *tokenizer.Encoding) *tokenizer.Encoding {
			typeIDs := make([]uint32, e.Len()+2)
			if i == 0 {
				return wrap(e, &p.CLS, p.Sep, typeIDs, 0)
			}
			return wrap(e, &p.Sep, p.Sep, typeIDs, 1)
		}
		n := build(e)
		if len(e.Overflowing) > 0 {
			n.Overflowing = make([]*tokenizer.Encoding, len(e.Overflowing))
			for j, o := range e.Overflowing {
				n.Overflowing[j] = build(o)
			}
		}
		out[i] = n
	}
	return out, nil
}
