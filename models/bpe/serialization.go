package bpe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
	"github.com/fasttok/fasttok/tokenizer"
)

func init() {
	tokenizer.RegisterModel("BPE", func(data []byte) (tokenizer.Model, error) {
		m, err := Parse(data)
		if err != nil {
			return nil, err
		}
		return m, nil
	})
	tokenizer.RegisterModelScanner("BPE", func(s *jsonutil.Scanner) (tokenizer.Model, bool) {
		m, err, ok := parseFastFrom(s)
		if !ok || err != nil {
			return nil, false
		}
		return m, true
	})
}

// errMergeType is serde's error for "merges" that are neither all "a b" strings nor
// all ["a", "b"] pairs.
var errMergeType = errors.New("data did not match any variant of untagged enum MergeType")

// Parse builds a BPE from its tokenizer.json object, as the reference deserializes
// it: "vocab" and "merges" are required ("Missing vocab/merges"); "type", when
// present, must be "BPE"; the other fields may be absent or null (defaults: no
// dropout, no unknown token, no prefix or suffix, false flags). "merges" is either
// legacy strings "a b" (split on the one space; "#version" lines skipped) or pairs
// ["a", "b"]. Unknown keys are ignored. Errors name the JSON path of the fault.
func Parse(data []byte) (*BPE, error) {
	if m, err, ok := parseFast(data); ok {
		return m, err
	}
	return parseSlow(data)
}

// parseSlow is Parse with encoding/json-like decoders: slower, but its errors are the
// reference's. parseFast falls back to it on anything unusual.
func parseSlow(data []byte) (*BPE, error) {
	var fields map[string]json.RawMessage
	if err := jsonutil.Unmarshal(data, &fields); err != nil {
		return nil, fmt.Errorf("invalid BPE model: %w", err)
	}
	if fields == nil {
		return nil, errors.New("invalid type: null, expected struct BPE")
	}
	cfg, err := parseConfig(fields)
	if err != nil {
		return nil, err
	}
	rawVocab, okV := fields["vocab"]
	rawMerges, okM := fields["merges"]
	var vocab map[string]uint32
	if okV {
		if jsonutil.IsNull(rawVocab) {
			return nil, tokenizer.WrapPath(errors.New("invalid type: null, expected a map"), "vocab")
		}
		if err := jsonutil.Unmarshal(rawVocab, &vocab); err != nil {
			return nil, tokenizer.WrapPath(err, "vocab")
		}
	}
	var (
		merges [][2]string
		lines  []string
		index  []int
	)
	if okM {
		if merges, lines, err = parseMerges(rawMerges); err != nil {
			return nil, err
		}
	}
	if !okV || !okM {
		return nil, ErrMissingVocabMerges
	}
	if lines != nil {
		var err error
		if merges, index, err = splitLegacy(lines); err != nil {
			return nil, err
		}
	}
	if vocab == nil {
		vocab = map[string]uint32{}
	}
	return build(&cfg, vocab, merges, index)
}

// parseConfig reads the fields other than "vocab" and "merges".
func parseConfig(fields map[string]json.RawMessage) (config, error) {
	cfg := config{cacheCap: DefaultCacheCapacity}
	if raw, ok := fields["type"]; ok {
		var typ string
		if err := jsonutil.Unmarshal(raw, &typ); err != nil || jsonutil.IsNull(raw) {
			return cfg, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected BPE", bytes.TrimSpace(raw)), "type")
		}
		if typ != "BPE" {
			return cfg, tokenizer.WrapPath(fmt.Errorf("invalid value: string %q, expected BPE", typ), "type")
		}
	}
	if raw, ok := fields["dropout"]; ok && !jsonutil.IsNull(raw) {
		var p float64
		if err := jsonutil.Unmarshal(raw, &p); err != nil {
			return cfg, tokenizer.WrapPath(err, "dropout")
		}
		f := float32(p)
		cfg.dropout = &f
	}
	for _, sf := range []struct {
		name string
		dst  **string
	}{
		{"unk_token", &cfg.unkToken},
		{"continuing_subword_prefix", &cfg.prefix},
		{"end_of_word_suffix", &cfg.suffix},
	} {
		if raw, ok := fields[sf.name]; ok && !jsonutil.IsNull(raw) {
			var s string
			if err := jsonutil.Unmarshal(raw, &s); err != nil {
				return cfg, tokenizer.WrapPath(err, sf.name)
			}
			*sf.dst = &s
		}
	}
	for _, bf := range []struct {
		name string
		dst  *bool
	}{
		{"fuse_unk", &cfg.fuseUnk},
		{"byte_fallback", &cfg.byteFallback},
		{"ignore_merges", &cfg.ignoreMerges},
	} {
		if raw, ok := fields[bf.name]; ok && !jsonutil.IsNull(raw) {
			if err := jsonutil.Unmarshal(raw, bf.dst); err != nil {
				return cfg, tokenizer.WrapPath(err, bf.name)
			}
		}
	}
	return cfg, nil
}

// parseMerges decodes "merges": pairs, or legacy "a b" strings (lines, to split
// with splitLegacy).
func parseMerges(raw json.RawMessage) ([][2]string, []string, error) {
	body := bytes.TrimSpace(raw)
	if len(body) == 0 || body[0] != '[' {
		return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
	}
	first := byte(']')
	if rest := bytes.TrimSpace(body[1:]); len(rest) > 0 {
		first = rest[0]
	}
	// A null element decodes to "" in Go but fails in serde: check such input slowly.
	if hasNull(body) {
		return parseMergesStrict(body)
	}
	switch first {
	case ']':
		return nil, nil, nil
	case '[':
		var pairs [][]string
		if err := jsonutil.Unmarshal(body, &pairs); err != nil {
			return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
		}
		out := make([][2]string, len(pairs))
		for i, p := range pairs {
			if len(p) != 2 {
				return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
			}
			out[i] = [2]string{p[0], p[1]}
		}
		return out, nil, nil
	case '"':
		var lines []string
		if err := jsonutil.Unmarshal(body, &lines); err != nil {
			return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
		}
		return nil, lines, nil
	}
	return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
}

// hasNull reports whether the JSON text body holds a null value (outside strings).
func hasNull(body []byte) bool {
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			// Skip the string.
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++
				}
			}
		case 'n':
			return true
		}
	}
	return false
}

// parseMergesStrict decodes merges element by element, rejecting nulls as serde does.
func parseMergesStrict(body []byte) ([][2]string, []string, error) {
	var elems []any
	if err := jsonutil.Unmarshal(body, &elems); err != nil {
		return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
	}
	if len(elems) == 0 {
		return nil, nil, nil
	}
	if _, isStr := elems[0].(string); isStr {
		lines := make([]string, len(elems))
		for i, e := range elems {
			s, ok := e.(string)
			if !ok {
				return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
			}
			lines[i] = s
		}
		return nil, lines, nil
	}
	out := make([][2]string, len(elems))
	for i, e := range elems {
		p, ok := e.([]any)
		if !ok || len(p) != 2 {
			return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
		}
		a, okA := p[0].(string)
		b, okB := p[1].(string)
		if !okA || !okB {
			return nil, nil, tokenizer.WrapPath(errMergeType, "merges")
		}
		out[i] = [2]string{a, b}
	}
	return out, nil, nil
}

// splitLegacy splits "a b" merges as the reference's convert_merges_to_hashmap. index
// gives the JSON index of each merge when it differs from its rank ("#version" lines
// skipped).
func splitLegacy(lines []string) ([][2]string, []int, error) {
	out := make([][2]string, 0, len(lines))
	var index []int
	for i, line := range lines {
		if strings.HasPrefix(line, "#version") {
			if index == nil {
				index = make([]int, len(out), len(lines))
				for j := range index {
					index[j] = j
				}
			}
			continue
		}
		sp := strings.IndexByte(line, ' ')
		if sp < 0 || strings.IndexByte(line[sp+1:], ' ') >= 0 {
			return nil, nil, tokenizer.WrapIndex(&BadMergesError{Line: len(out) + 1}, "merges", i)
		}
		out = append(out, [2]string{line[:sp], line[sp+1:]})
		if index != nil {
			index = append(index, i)
		}
	}
	return out, index, nil
}

// MarshalJSON writes the model as the reference serializes it: the keys type,
// dropout, unk_token, continuing_subword_prefix, end_of_word_suffix, fuse_unk,
// byte_fallback, ignore_merges, vocab (by increasing id) and merges (pairs, by rank),
// with serde_json's escaping and number formats.
func (m *BPE) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64+m.vocab.Len()*16+m.merges.n*24)
	b = append(b, `{"type":"BPE","dropout":`...)
	if m.hasDropout {
		b = appendFloat32(b, m.dropout)
	} else {
		b = append(b, "null"...)
	}
	optString := func(key, s string, ok bool) {
		b = append(b, ',', '"')
		b = append(b, key...)
		b = append(b, '"', ':')
		if ok {
			b = serdefmt.AppendString(b, s)
		} else {
			b = append(b, "null"...)
		}
	}
	optString("unk_token", m.unkToken, m.hasUnk)
	optString("continuing_subword_prefix", m.prefix, m.hasPrefix)
	optString("end_of_word_suffix", m.suffix, m.hasSuffix)
	b = append(b, `,"fuse_unk":`...)
	b = strconv.AppendBool(b, m.fuseUnk)
	b = append(b, `,"byte_fallback":`...)
	b = strconv.AppendBool(b, m.byteFallback)
	b = append(b, `,"ignore_merges":`...)
	b = strconv.AppendBool(b, m.ignoreMerges)
	b = append(b, `,"vocab":`...)
	if m.byID != nil {
		b = append(b, '{')
		first := true
		for id, tok := range m.byID {
			if tok == "" && !(m.hasEmpty && m.emptyID == uint32(id)) {
				continue // a hole
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = serdefmt.AppendString(b, tok)
			b = append(b, ':')
			b = strconv.AppendUint(b, uint64(id), 10)
		}
		b = append(b, '}')
	} else {
		b = serdefmt.AppendOrderedVocab(b, m.byIDMap)
	}
	b = append(b, `,"merges":[`...)
	for i, mg := range m.Merges() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = serdefmt.AppendString(b, mg[0])
		b = append(b, ',')
		b = serdefmt.AppendString(b, mg[1])
		b = append(b, ']')
	}
	b = append(b, "]}"...)
	return b, nil
}

// appendFloat32 appends f as serde_json writes an f32 (ryu's format32): shortest
// round-trip digits, decimal notation when 1e-6 <= |f| < 1e13 ("0.1", "1.0",
// "0.000001"), scientific otherwise ("1e-7", "1.5e-7").
func appendFloat32(dst []byte, f float32) []byte {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(float64(f)) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], float64(f), 'e', -1, 32)
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	var digits [16]byte
	nd, i := 0, 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[nd] = e[i]
			nd++
		}
	}
	exp, _ := strconv.Atoi(string(e[i+1:]))
	d := digits[:nd]
	k := exp + 1 - nd // value = d × 10^k
	kk := exp + 1     // 10^(kk-1) <= value < 10^kk
	switch {
	case k >= 0 && kk <= 13:
		dst = append(dst, d...)
		for j := nd; j < kk; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, '.', '0')
	case kk > 0 && kk <= 13:
		dst = append(dst, d[:kk]...)
		dst = append(dst, '.')
		dst = append(dst, d[kk:]...)
	case kk > -6 && kk <= 0:
		dst = append(dst, '0', '.')
		for j := kk; j < 0; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	default:
		dst = append(dst, d[0])
		if nd > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		dst = strconv.AppendInt(dst, int64(kk-1), 10)
	}
	return dst
}
