package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// runInfo is `fasttok info [--tokenizer PATH|NAME] [--json]` (the tokenizer may also
// be given as the one argument): it describes a tokenizer: its model and vocabulary
// sizes, its normalizer, pre-tokenizer, post-processor and decoder (with their
// parameters; Sequence components as trees), its added tokens (the special ones
// listed with their ids), and its truncation and padding. --json prints one JSON
// object instead.
func runInfo(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("info", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	spec := fs.String("tokenizer", "", "tokenizer.json `path` or model name; default: embedded GPT-2")
	asJSON := fs.Bool("json", false, "print one JSON object")
	// Flags may follow the argument: parse what is left after each argument.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(rest) > 1:
		return usageError{fmt.Sprintf("unexpected argument %q", rest[1])}
	case len(rest) == 1 && *spec != "":
		return usageError{fmt.Sprintf("two tokenizers: --tokenizer %q and %q", *spec, rest[0])}
	case len(rest) == 1:
		*spec = rest[0]
	}
	tok, err := loadTokenizer(*spec)
	if err != nil {
		return err
	}
	info, err := describeTokenizer(tok)
	if err != nil {
		return err
	}
	info.source = *spec
	if info.source == "" {
		info.source = "embedded GPT-2"
	}
	var out []byte
	if *asJSON {
		if out, err = info.MarshalJSON(); err != nil {
			return err
		}
		out = append(out, '\n')
	} else {
		out = info.appendText(nil)
	}
	_, err = stdout.Write(out)
	return err
}

// tokenizerInfo is what `fasttok info` reports.
type tokenizerInfo struct {
	source                    string
	model                     *componentInfo
	vocabSize, vocabSizeAdded int
	normalizer, preTokenizer  *componentInfo // nil: none
	postProcessor, decoder    *componentInfo
	added                     []tokenizer.AddedTokenWithID
	truncation, padding       json.RawMessage // nil: none
	specialCount              int
}

// componentInfo describes a component: its type, its parameters (as in tokenizer.json,
// in its order) and, for a Sequence, its components.
type componentInfo struct {
	typ      string
	params   []jsonField
	childKey string // the field that holds children ("normalizers", ...), if any
	children []*componentInfo
}

type jsonField struct {
	key   string
	value json.RawMessage
}

// describeTokenizer gathers tok's description from its accessors and its components'
// serializations (the model's vocabulary and merges are only counted).
func describeTokenizer(tok *fasttok.Tokenizer) (*tokenizerInfo, error) {
	info := &tokenizerInfo{
		vocabSize:      tok.VocabSize(false),
		vocabSizeAdded: tok.VocabSize(true),
		added:          tok.AddedVocabulary().Tokens(),
	}
	for _, c := range []struct {
		name string
		comp any
		dst  **componentInfo
	}{
		{"model", tok.Model(), &info.model},
		{"normalizer", tok.Normalizer(), &info.normalizer},
		{"pre_tokenizer", tok.PreTokenizer(), &info.preTokenizer},
		{"post_processor", tok.PostProcessor(), &info.postProcessor},
		{"decoder", tok.Decoder(), &info.decoder},
	} {
		ci, err := describeComponent(c.comp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		*c.dst = ci
	}
	var err error
	if tr := tok.Truncation(); tr != nil {
		if info.truncation, err = json.Marshal(tr); err != nil {
			return nil, fmt.Errorf("truncation: %w", err)
		}
	}
	if pd := tok.Padding(); pd != nil {
		if info.padding, err = json.Marshal(pd); err != nil {
			return nil, fmt.Errorf("padding: %w", err)
		}
	}
	for _, t := range info.added {
		if t.Special {
			info.specialCount++
		}
	}
	return info, nil
}

// describeComponent describes a component from its tokenizer.json serialization (nil
// for a nil component; the Go type's name for one that cannot be serialized).
func describeComponent(c any) (*componentInfo, error) {
	if isNil(c) {
		return nil, nil
	}
	m, ok := c.(json.Marshaler)
	if !ok {
		return &componentInfo{typ: fmt.Sprintf("%T", c)}, nil
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return parseComponent(data)
}

// isNil reports whether the interface value c is nil or holds a nil pointer.
func isNil(c any) bool {
	if c == nil {
		return true
	}
	switch v := reflect.ValueOf(c); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// parseComponent describes a component from its JSON object.
func parseComponent(data []byte) (*componentInfo, error) {
	fields, err := orderedFields(data)
	if err != nil {
		return nil, err
	}
	ci := &componentInfo{}
	for _, f := range fields {
		if f.key == "type" {
			if err := json.Unmarshal(f.value, &ci.typ); err != nil {
				return nil, fmt.Errorf("type: %w", err)
			}
			continue
		}
		if ci.childKey == "" {
			if children, ok := parseChildren(f.value); ok {
				ci.childKey, ci.children = f.key, children
				continue
			}
		}
		ci.params = append(ci.params, f)
	}
	if ci.typ == "" {
		ci.typ = "(no type)"
	}
	return ci, nil
}

// parseChildren returns the components of a Sequence's array of components (ok false
// for any other value).
func parseChildren(raw json.RawMessage) ([]*componentInfo, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	children := make([]*componentInfo, 0, len(items))
	for _, it := range items {
		var probe struct {
			Type *string `json:"type"`
		}
		if it = bytes.TrimSpace(it); len(it) == 0 || it[0] != '{' || json.Unmarshal(it, &probe) != nil || probe.Type == nil {
			return nil, false
		}
		c, err := parseComponent(it)
		if err != nil {
			return nil, false
		}
		children = append(children, c)
	}
	return children, true
}

// orderedFields returns the fields of a JSON object in their order.
func orderedFields(data []byte) ([]jsonField, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var fields []jsonField
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		fields = append(fields, jsonField{key, v})
	}
	return fields, nil
}

// countEntries returns the number of entries of a JSON array or object (-1 for any
// other value).
func countEntries(raw json.RawMessage) int {
	dec := json.NewDecoder(bytes.NewReader(raw))
	t, err := dec.Token()
	if err != nil {
		return -1
	}
	d, ok := t.(json.Delim)
	if !ok || (d != '[' && d != '{') {
		return -1
	}
	n := 0
	for dec.More() {
		if d == '{' {
			if _, err := dec.Token(); err != nil {
				return -1
			}
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return -1
		}
		n++
	}
	return n
}

// The largest parameter shown whole: in the text (compact JSON bytes), and in --json.
const (
	maxTextParam = 80
	maxJSONParam = 1024
)

// MarshalJSON writes the description as one JSON object.
func (info *tokenizerInfo) MarshalJSON() ([]byte, error) {
	o := &jsonutil.Object{}
	o.Add("tokenizer", info.source)
	o.Add("model", info.model.jsonValue())
	o.Add("vocab_size", info.vocabSize)
	o.Add("vocab_size_with_added", info.vocabSizeAdded)
	o.Add("normalizer", info.normalizer.jsonValue())
	o.Add("pre_tokenizer", info.preTokenizer.jsonValue())
	o.Add("post_processor", info.postProcessor.jsonValue())
	o.Add("decoder", info.decoder.jsonValue())
	tokens := make([]any, 0, len(info.added))
	for _, t := range info.added {
		to := &jsonutil.Object{}
		to.Add("id", t.ID).Add("content", t.Content).Add("special", t.Special).
			Add("single_word", t.SingleWord).Add("lstrip", t.LStrip).Add("rstrip", t.RStrip).
			Add("normalized", t.Normalized)
		tokens = append(tokens, to)
	}
	added := &jsonutil.Object{}
	added.Add("count", len(info.added)).Add("special", info.specialCount).Add("tokens", tokens)
	o.Add("added_tokens", added)
	o.Add("truncation", rawOrNull(info.truncation))
	o.Add("padding", rawOrNull(info.padding))
	return o.MarshalJSON()
}

func rawOrNull(raw json.RawMessage) any {
	if raw == nil {
		return nil
	}
	return raw
}

// jsonValue is the component in --json: {"type": ..., its parameters, its children},
// a parameter longer than maxJSONParam bytes (e.g. a model's vocabulary) replaced by
// its size in "omitted" (entries of an array or object, characters of a string).
func (c *componentInfo) jsonValue() any {
	if c == nil {
		return nil
	}
	o := &jsonutil.Object{}
	o.Add("type", c.typ)
	omitted := &jsonutil.Object{}
	nOmitted := 0
	for _, p := range c.params {
		if len(p.value) <= maxJSONParam {
			o.Add(p.key, p.value)
			continue
		}
		omitted.Add(p.key, valueSize(p.value))
		nOmitted++
	}
	if c.childKey != "" {
		children := make([]any, len(c.children))
		for i, ch := range c.children {
			children[i] = ch.jsonValue()
		}
		o.Add(c.childKey, children)
	}
	if nOmitted > 0 {
		o.Add("omitted", omitted)
	}
	return o
}

// valueSize is the number of entries of a JSON array or object, or of characters of a
// string (-1 for anything else).
func valueSize(raw json.RawMessage) int {
	if n := countEntries(raw); n >= 0 {
		return n
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return len([]rune(s))
	}
	return -1
}

// appendText appends the description for people to read.
func (info *tokenizerInfo) appendText(b []byte) []byte {
	const indent = "                " // the width of the labels' column
	label := func(b []byte, name string) []byte {
		b = append(b, name...)
		return append(b, indent[min(len(name), len(indent)-1):]...)
	}
	b = label(b, "tokenizer")
	b = append(append(b, info.source...), '\n')
	b = label(b, "model")
	b = info.model.appendText(b, indent)
	b = label(b, "vocab size")
	b = strconv.AppendInt(b, int64(info.vocabSize), 10)
	b = append(b, " ("...)
	b = strconv.AppendInt(b, int64(info.vocabSizeAdded), 10)
	b = append(b, " with added tokens)\n"...)
	for _, c := range []struct {
		name string
		c    *componentInfo
	}{
		{"normalizer", info.normalizer},
		{"pre-tokenizer", info.preTokenizer},
		{"post-processor", info.postProcessor},
		{"decoder", info.decoder},
	} {
		b = label(b, c.name)
		b = c.c.appendText(b, indent)
	}
	b = label(b, "added tokens")
	b = strconv.AppendInt(b, int64(len(info.added)), 10)
	b = append(b, " ("...)
	b = strconv.AppendInt(b, int64(info.specialCount), 10)
	b = append(b, " special)\n"...)
	// Every special token; the others up to a limit.
	const maxOthers = 20
	others := 0
	idWidth := 1
	if n := len(info.added); n > 0 {
		idWidth = len(strconv.FormatUint(uint64(info.added[n-1].ID), 10))
	}
	for _, t := range info.added {
		if !t.Special {
			if others++; others > maxOthers {
				continue
			}
		}
		b = append(b, indent...)
		id := strconv.FormatUint(uint64(t.ID), 10)
		b = append(b, indent[:max(0, min(len(indent), idWidth-len(id)))]...)
		b = append(b, id...)
		b = append(b, "  "...)
		b = strconv.AppendQuote(b, t.Content)
		for _, f := range []struct {
			on   bool
			name string
		}{{t.Special, "special"}, {t.SingleWord, "single_word"}, {t.LStrip, "lstrip"}, {t.RStrip, "rstrip"}, {t.Normalized, "normalized"}} {
			if f.on {
				b = append(b, ' ', ' ')
				b = append(b, f.name...)
			}
		}
		b = append(b, '\n')
	}
	if others > maxOthers {
		b = append(b, indent...)
		b = strconv.AppendInt(b, int64(others-maxOthers), 10)
		b = append(b, " more non-special added tokens (--json lists them all)\n"...)
	}
	b = label(b, "truncation")
	b = appendSection(b, info.truncation)
	b = label(b, "padding")
	b = appendSection(b, info.padding)
	return b
}

// appendSection appends a truncation or padding section's fields as key=value, or
// "none".
func appendSection(b []byte, raw json.RawMessage) []byte {
	if raw == nil {
		return append(b, "none\n"...)
	}
	fields, err := orderedFields(raw)
	if err != nil {
		return append(append(b, raw...), '\n')
	}
	for i, f := range fields {
		if i > 0 {
			b = append(b, ' ', ' ')
		}
		b = appendParam(b, f)
	}
	return append(b, '\n')
}

// appendText appends the component's line ("none" for nil) and, for a Sequence, its
// components as a tree, each line after the first starting with prefix.
func (c *componentInfo) appendText(b []byte, prefix string) []byte {
	if c == nil {
		return append(b, "none\n"...)
	}
	b = append(b, c.typ...)
	for _, p := range c.params {
		b = append(b, ' ', ' ')
		b = appendParam(b, p)
	}
	b = append(b, '\n')
	for i, ch := range c.children {
		branch, more := "├─ ", "│  "
		if i == len(c.children)-1 {
			branch, more = "└─ ", "   "
		}
		b = append(b, prefix...)
		b = append(b, branch...)
		b = ch.appendText(b, prefix+more)
	}
	return b
}

// appendParam appends key=value: the value as compact JSON, a template's pieces as in
// the tokenizers' template strings ("[CLS]:0 $A:0 [SEP]:0"), and a long value as its
// size ("<50257 entries>").
func appendParam(b []byte, f jsonField) []byte {
	b = append(b, f.key...)
	b = append(b, '=')
	if s, ok := templateString(f.value); ok {
		return strconv.AppendQuote(b, s)
	}
	if kind, s, ok := patternString(f.value); ok {
		b = append(b, kind...)
		b = append(b, '(')
		if strconv.CanBackquote(s) && strings.ContainsRune(s, '\\') {
			b = append(b, '`')
			b = append(b, s...)
			b = append(b, '`')
		} else {
			b = strconv.AppendQuote(b, s)
		}
		return append(b, ')')
	}
	var compact bytes.Buffer
	if json.Compact(&compact, f.value) == nil && compact.Len() <= maxTextParam {
		return append(b, compact.Bytes()...)
	}
	n := valueSize(f.value)
	switch {
	case n < 0:
		return append(b, "<…>"...)
	case len(f.value) > 0 && f.value[0] == '"':
		b = append(b, '<')
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, "-character string>"...)
	default:
		b = append(b, '<')
		b = strconv.AppendInt(b, int64(n), 10)
		if n == 1 {
			return append(b, " entry>"...)
		}
		return append(b, " entries>"...)
	}
}

// patternString returns a pattern ({"String": s} or {"Regex": s}) as its kind and s.
func patternString(raw json.RawMessage) (kind, s string, ok bool) {
	var p map[string]string
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &p) != nil || len(p) != 1 {
		return "", "", false
	}
	for k, v := range p {
		kind, s = k, v
	}
	return kind, s, kind == "String" || kind == "Regex"
}

// templateString returns a TemplateProcessing template (an array of {"SpecialToken":
// {"id", "type_id"}} and {"Sequence": {"id", "type_id"}} pieces) as the tokenizers'
// template strings write it.
func templateString(raw json.RawMessage) (string, bool) {
	var pieces []struct {
		SpecialToken *struct {
			ID     string `json:"id"`
			TypeID uint32 `json:"type_id"`
		}
		Sequence *struct {
			ID     string `json:"id"`
			TypeID uint32 `json:"type_id"`
		}
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &pieces) != nil || len(pieces) == 0 {
		return "", false
	}
	var sb strings.Builder
	for i, p := range pieces {
		if i > 0 {
			sb.WriteByte(' ')
		}
		switch {
		case p.SpecialToken != nil && p.Sequence == nil:
			fmt.Fprintf(&sb, "%s:%d", p.SpecialToken.ID, p.SpecialToken.TypeID)
		case p.Sequence != nil && p.SpecialToken == nil:
			fmt.Fprintf(&sb, "$%s:%d", p.Sequence.ID, p.Sequence.TypeID)
		default:
			return "", false
		}
	}
	return sb.String(), true
}
