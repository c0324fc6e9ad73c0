package processors

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// Piece is one piece of a template: one of the input sequences (SequenceB false for
// A, true for B) or a special token (SpecialToken names an entry of the processor's
// SpecialTokens), with the type id its tokens get. It is the reference's `Piece`.
type Piece struct {
	IsSequence   bool
	SequenceB    bool
	SpecialToken string
	TypeID       uint32
}

// MarshalJSON writes {"Sequence":{"id":"A","type_id":0}} or
// {"SpecialToken":{"id":"[CLS]","type_id":0}}.
func (p Piece) MarshalJSON() ([]byte, error) {
	var inner jsonutil.Object
	var o jsonutil.Object
	if p.IsSequence {
		id := "A"
		if p.SequenceB {
			id = "B"
		}
		inner.Add("id", id).Add("type_id", p.TypeID)
		o.Add("Sequence", &inner)
	} else {
		inner.Add("id", p.SpecialToken).Add("type_id", p.TypeID)
		o.Add("SpecialToken", &inner)
	}
	return o.MarshalJSON()
}

// parsePiece reads the externally tagged enum `Piece`.
func parsePiece(raw json.RawMessage) (Piece, error) {
	var m map[string]json.RawMessage
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &m) != nil {
		return Piece{}, fmt.Errorf("invalid type: %s, expected enum Piece", serde.Unexpected(raw))
	}
	if len(m) != 1 {
		return Piece{}, errors.New("invalid value: map, expected map with a single key")
	}
	var key string
	var val json.RawMessage
	for key, val = range m {
	}
	var p Piece
	switch key {
	case "Sequence":
		p.IsSequence = true
	case "SpecialToken":
	default:
		return Piece{}, fmt.Errorf("unknown variant `%s`, expected `Sequence` or `SpecialToken`", key)
	}
	o, err := serde.ParseObject(val)
	if err != nil {
		return Piece{}, tokenizer.WrapPath(err, key)
	}
	var id string
	if _, err := serde.Field(o, "id", &id, true, false); err != nil {
		return Piece{}, tokenizer.WrapPath(err, key)
	}
	if p.IsSequence {
		switch id {
		case "A":
		case "B":
			p.SequenceB = true
		default:
			return Piece{}, tokenizer.WrapPath(tokenizer.WrapPath(
				fmt.Errorf("unknown variant `%s`, expected `A` or `B`", id), "id"), key)
		}
	} else {
		p.SpecialToken = id
	}
	t, err := serde.Uint(o, "type_id", math.MaxUint32, "u32")
	if err != nil {
		return Piece{}, tokenizer.WrapPath(err, key)
	}
	p.TypeID = uint32(t)
	return p, nil
}

// TemplateSpecialToken is an entry of TemplateProcessing's special tokens: the ids and
// tokens (usually one of each) that its name stands for in the templates. It is the
// reference's `SpecialToken` (processors/template.rs).
type TemplateSpecialToken struct {
	ID     string
	IDs    []uint32
	Tokens []string
}

// MarshalJSON writes {"id":...,"ids":[...],"tokens":[...]}.
func (s *TemplateSpecialToken) MarshalJSON() ([]byte, error) {
	ids, tokens := s.IDs, s.Tokens
	if ids == nil {
		ids = []uint32{}
	}
	if tokens == nil {
		tokens = []string{}
	}
	var o jsonutil.Object
	o.Add("id", s.ID).Add("ids", ids).Add("tokens", tokens)
	return o.MarshalJSON()
}

// parseTemplateSpecialToken reads {"id":s,"ids":[u32],"tokens":[s]} (all required).
// As the reference's serde, it does not check that ids and tokens have the same
// length; a processor using such a token fails when it adds it.
func parseTemplateSpecialToken(raw json.RawMessage) (*TemplateSpecialToken, error) {
	o, err := serde.ParseObject(raw)
	if err != nil {
		return nil, err
	}
	s := &TemplateSpecialToken{}
	if _, err := serde.Field(o, "id", &s.ID, true, false); err != nil {
		return nil, err
	}
	var ids []json.RawMessage
	if _, err := serde.Field(o, "ids", &ids, true, false); err != nil {
		return nil, err
	}
	s.IDs = make([]uint32, len(ids))
	for i, r := range ids {
		v, err := serde.ParseUint(r, math.MaxUint32, "u32")
		if err != nil {
			return nil, tokenizer.WrapIndex(err, "ids", i)
		}
		s.IDs[i] = uint32(v)
	}
	var tokens []json.RawMessage
	if _, err := serde.Field(o, "tokens", &tokens, true, false); err != nil {
		return nil, err
	}
	s.Tokens = make([]string, len(tokens))
	for i, r := range tokens {
		if jsonutil.IsNull(r) || jsonutil.Unmarshal(r, &s.Tokens[i]) != nil {
			return nil, tokenizer.WrapIndex(fmt.Errorf("invalid type: %s, expected a string", serde.Unexpected(r)), "tokens", i)
		}
	}
	return s, nil
}

// TemplateProcessing adds special tokens and type ids as templates say: Single for one
// sequence, Pair for a pair. It is the reference's `TemplateProcessing`
// (processors/template.rs).
type TemplateProcessing struct {
	Single, Pair  []Piece
	SpecialTokens map[string]*TemplateSpecialToken
	// addedSingle and addedPair count the special tokens of each template.
	addedSingle, addedPair int
}

// NewTemplateProcessing returns the processor of the templates and special tokens.
// Like the reference's deserialization it does not validate them: a template piece
// naming a missing special token counts for 0 added tokens and makes ProcessEncodings
// fail when it adds special tokens.
func NewTemplateProcessing(single, pair []Piece, specialTokens map[string]*TemplateSpecialToken) *TemplateProcessing {
	p := &TemplateProcessing{Single: single, Pair: pair, SpecialTokens: specialTokens}
	p.addedSingle = p.countAdded(single)
	p.addedPair = p.countAdded(pair)
	return p
}

func (p *TemplateProcessing) countAdded(t []Piece) int {
	n := 0
	for _, pc := range t {
		if !pc.IsSequence {
			if s, ok := p.SpecialTokens[pc.SpecialToken]; ok {
				n += len(s.IDs)
			}
		}
	}
	return n
}

// parseTemplate reads {"type":"TemplateProcessing","single":[Piece],"pair":[Piece],
// "special_tokens":{name:{"id","ids","tokens"}}}: the three fields are required, the
// type is not checked, and templates are the structured JSON form only (the string
// form "[CLS] $A" is a convenience of the reference's builders, not of its serde).
func parseTemplate(data []byte) (*TemplateProcessing, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	single, err := templateField(o, "single")
	if err != nil {
		return nil, err
	}
	pair, err := templateField(o, "pair")
	if err != nil {
		return nil, err
	}
	var raws map[string]json.RawMessage
	if _, err := serde.Field(o, "special_tokens", &raws, true, false); err != nil {
		return nil, err
	}
	tokens := make(map[string]*TemplateSpecialToken, len(raws))
	for k, r := range raws {
		s, err := parseTemplateSpecialToken(r)
		if err != nil {
			return nil, tokenizer.WrapPath(tokenizer.WrapPath(err, k), "special_tokens")
		}
		tokens[k] = s
	}
	return NewTemplateProcessing(single, pair, tokens), nil
}

func templateField(o serde.Object, key string) ([]Piece, error) {
	var raws []json.RawMessage
	if _, err := serde.Field(o, key, &raws, true, false); err != nil {
		return nil, err
	}
	pieces := make([]Piece, len(raws))
	for i, r := range raws {
		pc, err := parsePiece(r)
		if err != nil {
			return nil, tokenizer.WrapIndex(err, key, i)
		}
		pieces[i] = pc
	}
	return pieces, nil
}

// MarshalJSON writes the reference's serialization (special tokens sorted by name).
func (p *TemplateProcessing) MarshalJSON() ([]byte, error) {
	names := make([]string, 0, len(p.SpecialTokens))
	for k := range p.SpecialTokens {
		names = append(names, k)
	}
	sort.Strings(names)
	var tokens jsonutil.Object
	for _, k := range names {
		tokens.Add(k, p.SpecialTokens[k])
	}
	single, pair := p.Single, p.Pair
	if single == nil {
		single = []Piece{}
	}
	if pair == nil {
		pair = []Piece{}
	}
	var o jsonutil.Object
	o.Add("type", "TemplateProcessing").Add("single", single).Add("pair", pair).Add("special_tokens", &tokens)
	return o.MarshalJSON()
}

// AddedTokens returns the number of special tokens of the single or pair template.
func (p *TemplateProcessing) AddedTokens(isPair bool) int {
	if isPair {
		return p.addedPair
	}
	return p.addedSingle
}

// ProcessEncodings applies the template of one (Single) or two (Pair) encodings:
// each sequence piece gives its encoding with the piece's type id on all its tokens
// (not on its Overflowing) and the encoding's index as sequence id; each special-token
// piece gives, when addSpecialTokens, an encoding of its tokens (type id of the
// piece, no word, offsets (0,0), special mask 1, attention 1). The caller merges the
// returned encodings, which also combines their Overflowing.
func (p *TemplateProcessing) ProcessEncodings(encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, error) {
	var template []Piece
	switch len(encodings) {
	case 1:
		template = p.Single
	case 2:
		template = p.Pair
	default:
		return nil, fmt.Errorf("TemplateProcessing: cannot process %d encodings, only 1 or 2", len(encodings))
	}
	if out, ok, err := p.applyMerged(template, encodings, addSpecialTokens); ok || err != nil {
		return out, err
	}
	// uses counts the sequence pieces of each encoding still to come: all but the last
	// get a copy (the reference clones at each piece).
	var uses [2]int
	for _, pc := range template {
		if pc.IsSequence {
			uses[seqIndex(pc)]++
		}
	}
	out := make([]*tokenizer.Encoding, 0, len(template))
	for _, pc := range template {
		if pc.IsSequence {
			i := seqIndex(pc)
			if i >= len(encodings) {
				return nil, fmt.Errorf("TemplateProcessing: the template uses sequence B but there is only one sequence")
			}
			e := encodings[i]
			e.TypeIDs = filled(e.Len(), pc.TypeID)
			e.SetSequenceID(i)
			if uses[i]--; uses[i] > 0 {
				e = e.Clone()
			}
			out = append(out, e)
			continue
		}
		if !addSpecialTokens {
			continue
		}
		s, ok := p.SpecialTokens[pc.SpecialToken]
		if !ok {
			return nil, fmt.Errorf("TemplateProcessing: missing SpecialToken with id `%s`", pc.SpecialToken)
		}
		if len(s.IDs) != len(s.Tokens) {
			return nil, fmt.Errorf("TemplateProcessing: SpecialToken `%s`: ids and tokens must be of the same length", pc.SpecialToken)
		}
		n := len(s.IDs)
		out = append(out, &tokenizer.Encoding{
			IDs:               append([]uint32(nil), s.IDs...),
			TypeIDs:           filled(n, pc.TypeID),
			Tokens:            append([]string(nil), s.Tokens...),
			Offsets:           make([]tokenizer.Offsets, n),
			WordIDs:           filled(n, -1),
			SpecialTokensMask: filled(n, uint32(1)),
			AttentionMask:     filled(n, uint32(1)),
		})
	}
	return out, nil
}

func seqIndex(p Piece) int {
	if p.SequenceB {
		return 1
	}
	return 0
}

// applyMerged is ProcessEncodings when no encoding has Overflowing (nor more than one
// sequence range): it builds the merge of the template's encodings directly, in one
// Encoding, which merging again leaves as it is. It reports false when it does not
// apply.
func (p *TemplateProcessing) applyMerged(template []Piece, encodings []*tokenizer.Encoding, addSpecialTokens bool) ([]*tokenizer.Encoding, bool, error) {
	for _, e := range encodings {
		if len(e.Overflowing) > 0 || e.NSequences() > 1 {
			return nil, false, nil
		}
	}
	n := 0
	for _, pc := range template {
		if pc.IsSequence {
			i := seqIndex(pc)
			if i >= len(encodings) {
				return nil, false, fmt.Errorf("TemplateProcessing: the template uses sequence B but there is only one sequence")
			}
			n += encodings[i].Len()
			continue
		}
		if !addSpecialTokens {
			continue
		}
		s, ok := p.SpecialTokens[pc.SpecialToken]
		if !ok {
			return nil, false, fmt.Errorf("TemplateProcessing: missing SpecialToken with id `%s`", pc.SpecialToken)
		}
		if len(s.IDs) != len(s.Tokens) {
			return nil, false, fmt.Errorf("TemplateProcessing: SpecialToken `%s`: ids and tokens must be of the same length", pc.SpecialToken)
		}
		n += len(s.IDs)
	}
	out := &tokenizer.Encoding{
		IDs:               make([]uint32, 0, n),
		TypeIDs:           make([]uint32, 0, n),
		Tokens:            make([]string, 0, n),
		Offsets:           make([]tokenizer.Offsets, 0, n),
		WordIDs:           make([]int, 0, n),
		SpecialTokensMask: make([]uint32, 0, n),
		AttentionMask:     make([]uint32, 0, n),
	}
	for _, pc := range template {
		start := len(out.IDs)
		if pc.IsSequence {
			i := seqIndex(pc)
			e := encodings[i]
			out.IDs = append(out.IDs, e.IDs...)
			out.Tokens = append(out.Tokens, e.Tokens...)
			out.Offsets = append(out.Offsets, e.Offsets...)
			out.WordIDs = append(out.WordIDs, e.WordIDs...)
			out.SpecialTokensMask = append(out.SpecialTokensMask, e.SpecialTokensMask...)
			out.AttentionMask = append(out.AttentionMask, e.AttentionMask...)
			for range e.IDs {
				out.TypeIDs = append(out.TypeIDs, pc.TypeID)
			}
			out.SetSequenceRange(i, tokenizer.Offsets{Start: start, End: start + e.Len()})
			continue
		}
		if !addSpecialTokens {
			continue
		}
		s := p.SpecialTokens[pc.SpecialToken]
		out.IDs = append(out.IDs, s.IDs...)
		out.Tokens = append(out.Tokens, s.Tokens...)
		for range s.IDs {
			out.TypeIDs = append(out.TypeIDs, pc.TypeID)
			out.Offsets = append(out.Offsets, tokenizer.Offsets{})
			out.WordIDs = append(out.WordIDs, -1)
			out.SpecialTokensMask = append(out.SpecialTokensMask, 1)
			out.AttentionMask = append(out.AttentionMask, 1)
		}
	}
	return []*tokenizer.Encoding{out}, true, nil
}
