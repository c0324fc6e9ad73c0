package tokenizer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/fasttok/fasttok/internal/inflate"
	"github.com/fasttok/fasttok/internal/jsonutil"
)

// FromFile loads a tokenizer.json file, plain or gzip-compressed. Errors name the file
// and the JSON path of what is wrong.
//
// The components are built by the constructors their packages register: import
// github.com/fasttok/fasttok (or the component packages) before loading.
//
// DefaultLimits apply (see FromFileWithLimits).
func FromFile(path string) (*Tokenizer, error) { return FromFileWithLimits(path, Limits{}) }

// FromReader loads a tokenizer.json, plain or gzip-compressed, from r, within
// DefaultLimits (see FromReaderWithLimits).
func FromReader(r io.Reader) (*Tokenizer, error) { return FromReaderWithLimits(r, Limits{}) }

// FromBytes loads a tokenizer.json, plain or gzip-compressed, from memory, within
// DefaultLimits (see FromBytesWithLimits).
func FromBytes(data []byte) (*Tokenizer, error) { return FromBytesWithLimits(data, Limits{}) }

// FromBytesWithLimits is FromBytes with the given limits instead of DefaultLimits
// (zero fields take their default): a file beyond one of them fails with a
// *LimitError, wrapped in a *PathError naming its place in the file.
func FromBytesWithLimits(data []byte, lim Limits) (*Tokenizer, error) {
	lim = lim.resolve()
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		// Parse while decompressing: the model (most of the file, at its end) is read
		// as it arrives.
		size := gunzipSizeHint(data)
		if lim.MaxFileBytes >= 0 && int64(size)-1 > lim.MaxFileBytes {
			size = int(lim.MaxFileBytes) + 1
		}
		st := jsonutil.NewStream(size)
		go st.FillFunc(func(buf []byte, publish func([]byte)) ([]byte, error) {
			text, err := inflate.Gunzip(buf, data, lim.MaxFileBytes, publish)
			if errors.Is(err, inflate.ErrLimit) {
				err = &LimitError{Limit: "MaxFileBytes", Value: lim.MaxFileBytes, Max: lim.MaxFileBytes, Unit: "bytes", AtLeast: true, Offset: -1}
			}
			return text, err
		})
		t, ok := fromStream(st, size, &lim)
		plain, err := st.Result()
		if err != nil {
			return nil, gzipError(err)
		}
		if ok {
			return t, nil
		}
		if st.Lent() {
			// The model reused a part of the text's memory: decompress it again.
			if plain, err = inflate.Gunzip(nil, data, lim.MaxFileBytes, nil); err != nil {
				return nil, gzipError(err)
			}
		}
		data = plain
	} else if lim.MaxFileBytes >= 0 && int64(len(data)) > lim.MaxFileBytes {
		return nil, limitError("", "MaxFileBytes", int64(len(data)), lim.MaxFileBytes, "bytes")
	}
	if t, err := fromJSONFast(data, &lim); err == nil {
		return t, nil
	}
	// Whatever went wrong, the slow path words the reference's error.
	return fromJSON(data, &lim)
}

// gunzipSizeHint is the decompressed size of a gzip file as its trailer gives it
// (modulo 2^32, of its last member: a hint only), plus one byte to see the end. A
// trailer that deflate could not have produced from data (a truncated or corrupt
// file) gives way to a guess, and the hint never exceeds maxSizeHint: the buffer grows
// past it when the text is longer.
func gunzipSizeHint(data []byte) int {
	n := len(data)
	if n < 18 {
		return 1 << 16
	}
	size := int(uint32(data[n-4]) | uint32(data[n-3])<<8 | uint32(data[n-2])<<16 | uint32(data[n-1])<<24)
	if size < n || size > maxDeflateRatio*n+1024 {
		size = 4 * n
	}
	return min(size, maxSizeHint) + 1
}

const (
	// maxDeflateRatio bounds how much deflate can expand its input.
	maxDeflateRatio = 1032
	// maxSizeHint caps the buffer reserved before decompressing (the largest
	// tokenizer.json files of the Hub are about 35 MB).
	maxSizeHint = 64 << 20
)

// modelScanners holds the constructors registered with RegisterModelScanner.
var modelScanners sync.Map // type name → func(*jsonutil.Scanner) (Model, bool)

// RegisterModelScanner registers, for the model type typ, a constructor that reads the
// model's object from s (positioned at it, possibly on a text still being
// decompressed: see jsonutil.Scanner) and leaves s after the object. It returns false,
// whatever the problem, when it cannot: the loader then decodes the whole file with
// the constructors of RegisterModel, whose errors are the reference's. It only makes
// loading faster; the model packages of this module use it.
func RegisterModelScanner(typ string, f func(s *jsonutil.Scanner) (Model, bool)) {
	modelScanners.Store(typ, f)
}

// streamAhead is how much text the top-level scanner wants in before each key (a
// section's value is then read with as much text as it needs: see Scanner.Skip).
const streamAhead = 64 << 10

// fromStream loads a tokenizer.json while st is being filled: the sections before the
// model are split off as they arrive and the model is read by its registered scanner
// as its text comes in. It reports false on anything unusual (FromBytes then waits for
// the whole text and takes the other paths).
func fromStream(st *jsonutil.Stream, size int, lim *Limits) (*Tokenizer, bool) {
	s := jsonutil.Scanner{More: st.Wait, Size: size, Lend: st.Lend}
	s.Ensure(streamAhead)
	if !s.Consume('{') {
		return nil, false
	}
	var file topLevel
	seen := map[string]bool{}
	var scratch []byte
	for {
		s.Ensure(streamAhead)
		kb, ok := s.String(&scratch)
		if !ok || !s.Consume(':') {
			return nil, false
		}
		key := string(kb)
		if seen[key] {
			return nil, false
		}
		seen[key] = true
		if key == "model" {
			break
		}
		raw, ok := s.Skip()
		if !ok || !file.set(key, raw) {
			return nil, false
		}
		if !s.Consume(',') {
			return nil, false // no model, or an unusual text: the slow path words it
		}
	}
	// The model's type, from its first key.
	s.Ensure(streamAhead)
	s.SkipSpace()
	head := s
	if !head.Consume('{') {
		return nil, false
	}
	// Without a leading "type", the first variant the reference tries (BPE, whose
	// parser checks any later "type" itself).
	typ := []byte(modelRegistry.untagged[0])
	if k, ok := head.String(&scratch); ok && string(k) == "type" {
		if !head.Consume(':') {
			return nil, false
		}
		if typ, ok = head.String(&scratch); !ok {
			return nil, false
		}
	}
	f, ok := modelScanners.Load(string(typ))
	if !ok {
		return nil, false
	}
	scan := f.(func(*jsonutil.Scanner) (Model, bool))
	file.Model = []byte("{}") // a placeholder: the model is read from s
	t, err := build(&file, func([]byte) (Model, error) {
		m, ok := scan(&s)
		if !ok {
			return nil, errSlowPath
		}
		return m, nil
	}, true, lim)
	if err != nil || !s.Consume('}') || !s.AtEnd() {
		return nil, false
	}
	return t, true
}

// topLevel holds the sections of a tokenizer.json.
type topLevel struct {
	Version       *string         `json:"version"`
	Truncation    json.RawMessage `json:"truncation"`
	Padding       json.RawMessage `json:"padding"`
	AddedTokens   json.RawMessage `json:"added_tokens"`
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	PostProcessor json.RawMessage `json:"post_processor"`
	Decoder       json.RawMessage `json:"decoder"`
	Model         json.RawMessage `json:"model"`
}

// fromJSON loads a plain tokenizer.json with the full decoder: its errors are the
// reference's.
func fromJSON(data []byte, lim *Limits) (*Tokenizer, error) {
	// serde_json refuses deep nesting anywhere in the file (and decoding it would
	// recurse as deep): check it first, in one pass.
	if err := checkDepth(data, 0, lim.MaxDepth, ""); err != nil {
		return nil, fmt.Errorf("tokenizer.json: %w", err)
	}
	var file topLevel
	if err := jsonutil.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("tokenizer.json: %w", describeJSONError(data, err))
	}
	if file.Version != nil && *file.Version != "1.0" {
		return nil, WrapPath(fmt.Errorf("Unknown tokenizer version '%s'", *file.Version), "version")
	}
	return build(&file, ParseModel, false, lim)
}

// gzipError prefixes err with "gzip: " unless it says so already (the gzip package's
// own errors do) or is a limit.
func gzipError(err error) error {
	var le *LimitError
	if errors.As(err, &le) || strings.HasPrefix(err.Error(), "gzip: ") {
		return err
	}
	return fmt.Errorf("gzip: %w", err)
}

// describeJSONError says where in data a JSON syntax error is (line and column) and
// words a top level that is no object without Go's type names.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) && syn.Offset > 0 && syn.Offset <= int64(len(data)) {
		before := data[:syn.Offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return fmt.Errorf("line %d, column %d (byte %d): %w", line, col, syn.Offset, err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && typ.Field == "" {
		return fmt.Errorf("the file is a JSON %s, not an object", typ.Value)
	}
	return err
}

// fromJSONFast splits the top-level object with a scanner instead of a decoder (the
// model is most of the bytes: it is then read once, by its own parser) and builds the
// model in parallel with the other sections. Any error (even one the slow path would
// not report, such as a duplicate key) sends the caller to fromJSON.
func fromJSONFast(data []byte, lim *Limits) (*Tokenizer, error) {
	var file topLevel
	s := jsonutil.Scanner{Data: data}
	if !s.Consume('{') {
		return nil, errSlowPath
	}
	seen := map[string]bool{}
	var scratch []byte
	if !s.Consume('}') {
		for {
			kb, ok := s.String(&scratch)
			if !ok || !s.Consume(':') {
				return nil, errSlowPath
			}
			key := string(kb)
			if key == "model" && !seen[key] {
				// The model is most of the file and, as the reference saves it, its
				// last section: take it up to the final '}' without scanning it. If
				// anything follows it, its parser fails on the extra text and the
				// slow path takes over.
				end := bytes.LastIndexByte(data, '}')
				s.SkipSpace()
				if end > s.Pos {
					file.Model = bytes.TrimSpace(data[s.Pos:end])
					s.Pos = end + 1
					if !s.AtEnd() {
						return nil, errSlowPath
					}
					break
				}
			}
			raw, ok := s.Skip()
			if !ok || seen[key] {
				return nil, errSlowPath
			}
			seen[key] = true
			if !file.set(key, raw) {
				return nil, errSlowPath
			}
			if s.Consume(',') {
				continue
			}
			if s.Consume('}') {
				break
			}
			return nil, errSlowPath
		}
	}
	if !s.AtEnd() {
		return nil, errSlowPath
	}
	return build(&file, parseModelFast, true, lim)
}

// parseModelFast is ParseModel for a model object whose first key is "type" (as the
// reference saves it): the constructor is found without decoding the whole object.
func parseModelFast(data []byte) (Model, error) {
	s := jsonutil.Scanner{Data: data}
	var scratch []byte
	if s.Consume('{') {
		k, ok := s.String(&scratch)
		if ok && string(k) == "type" && s.Consume(':') {
			if typ, ok := s.String(&scratch); ok {
				if f, ok := modelRegistry.lookup(string(typ)); ok {
					return f(data)
				}
			}
		} else if ok && !hasKey(data, "type") {
			// No "type": the variants in the reference's order, as ParseModel tries
			// them after decoding the object once more.
			return modelRegistry.parseUntagged(data)
		}
	}
	return ParseModel(data)
}

// hasKey reports whether the JSON object data has the key at its top level (false
// too when data is not a well-formed object).
func hasKey(data []byte, key string) bool {
	s := jsonutil.Scanner{Data: data}
	var scratch []byte
	if !s.Consume('{') || s.Consume('}') {
		return false
	}
	for {
		k, ok := s.String(&scratch)
		if !ok || !s.Consume(':') {
			return false
		}
		if string(k) == key {
			return true
		}
		if _, ok := s.Skip(); !ok {
			return false
		}
		if !s.Consume(',') {
			return false
		}
	}
}

// set records the section key of the fast path; false sends the load to the slow path.
func (file *topLevel) set(key string, raw []byte) bool {
	switch key {
	case "version":
		if !jsonutil.IsNull(raw) {
			var sc []byte
			vs := jsonutil.Scanner{Data: raw}
			v, ok := vs.String(&sc)
			if !ok || !vs.AtEnd() || string(v) != "1.0" {
				return false
			}
		}
	case "truncation":
		file.Truncation = raw
	case "padding":
		file.Padding = raw
	case "added_tokens":
		file.AddedTokens = raw
	case "normalizer":
		file.Normalizer = raw
	case "pre_tokenizer":
		file.PreTokenizer = raw
	case "post_processor":
		file.PostProcessor = raw
	case "decoder":
		file.Decoder = raw
	case "model":
		file.Model = raw
	default:
		// encoding/json matches field names case-insensitively.
		for _, k := range []string{"version", "truncation", "padding", "added_tokens", "normalizer",
			"pre_tokenizer", "post_processor", "decoder", "model"} {
			if strings.EqualFold(k, key) {
				return false
			}
		}
		return json.Valid(raw)
	}
	return true
}

// errSlowPath sends FromBytes to the full decoder.
var errSlowPath = errors.New("fast path declined")

// build makes the tokenizer from its sections. parallel builds the model on its own
// goroutine while the other sections are read (the errors are then the same, in the
// same order of precedence). lim is checked before what it bounds is built.
func build(file *topLevel, parseModel func([]byte) (Model, error), parallel bool, lim *Limits) (*Tokenizer, error) {
	t := &Tokenizer{}
	if jsonutil.IsNull(file.Model) {
		return nil, WrapPath(errors.New("missing field `model`"), "model")
	}
	if err := checkSections(file, lim); err != nil {
		return nil, err
	}
	var (
		modelErr  error
		modelDone chan struct{}
	)
	if parallel {
		modelDone = make(chan struct{})
		go func() {
			defer close(modelDone)
			t.model, modelErr = parseModel(file.Model)
		}()
	} else {
		t.model, modelErr = parseModel(file.Model)
	}
	var err error
	fail := func(e error) (*Tokenizer, error) {
		if modelDone != nil {
			<-modelDone
		}
		if modelErr != nil {
			return nil, WrapPath(modelErr, "model")
		}
		return nil, e
	}
	if t.normalizer, err = ParseNormalizer(file.Normalizer); err != nil {
		return fail(WrapPath(err, "normalizer"))
	}
	if t.preTokenizer, err = ParsePreTokenizer(file.PreTokenizer); err != nil {
		return fail(WrapPath(err, "pre_tokenizer"))
	}
	if t.postProcessor, err = ParsePostProcessor(file.PostProcessor); err != nil {
		return fail(WrapPath(err, "post_processor"))
	}
	if t.decoder, err = ParseDecoder(file.Decoder); err != nil {
		return fail(WrapPath(err, "decoder"))
	}
	if !jsonutil.IsNull(file.Truncation) {
		var p TruncationParams
		if err := jsonutil.Unmarshal(file.Truncation, &p); err != nil {
			return fail(WrapPath(err, "truncation"))
		}
		t.truncation = &p
	}
	if !jsonutil.IsNull(file.Padding) {
		var p PaddingParams
		if err := jsonutil.Unmarshal(file.Padding, &p); err != nil {
			return fail(WrapPath(err, "padding"))
		}
		if err := checkPaddingLimit(&p, lim); err != nil {
			return fail(err)
		}
		t.padding = &p
	}
	var tokens []AddedToken
	if !jsonutil.IsNull(file.AddedTokens) {
		if tokens, err = parseAddedTokens(file.AddedTokens); err != nil {
			return fail(WrapPath(err, "added_tokens"))
		}
		if lim.MaxAddedTokens >= 0 && len(tokens) > lim.MaxAddedTokens {
			return fail(limitError("added_tokens", "MaxAddedTokens", int64(len(tokens)), int64(lim.MaxAddedTokens), "entries"))
		}
	}
	if modelDone != nil {
		<-modelDone
	}
	if modelErr != nil {
		return nil, WrapPath(modelErr, "model")
	}
	if err := checkModelLimits(t.model, lim); err != nil {
		return nil, err
	}
	if tokens != nil {
		if _, err := t.added.AddTokens(tokens, t.model, t.normalizer); err != nil {
			return nil, WrapPath(err, "added_tokens")
		}
	}
	return t, nil
}

func parseAddedTokens(data []byte) ([]AddedToken, error) {
	var raw []json.RawMessage
	if err := jsonutil.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	out := make([]AddedToken, 0, len(raw))
	for i, r := range raw {
		var j struct {
			ID         *uint32 `json:"id"`
			Content    *string `json:"content"`
			SingleWord *bool   `json:"single_word"`
			LStrip     *bool   `json:"lstrip"`
			RStrip     *bool   `json:"rstrip"`
			Normalized *bool   `json:"normalized"`
			Special    *bool   `json:"special"`
		}
		if err := jsonutil.Unmarshal(r, &j); err != nil {
			return nil, WrapIndex(err, "", i)
		}
		var missing string
		switch {
		case j.ID == nil:
			missing = "id"
		case j.Content == nil:
			missing = "content"
		case j.SingleWord == nil:
			missing = "single_word"
		case j.LStrip == nil:
			missing = "lstrip"
		case j.RStrip == nil:
			missing = "rstrip"
		case j.Normalized == nil:
			missing = "normalized"
		case j.Special == nil:
			missing = "special"
		}
		if missing != "" {
			return nil, WrapIndex(jsonutil.MissingField(missing), "", i)
		}
		out = append(out, AddedToken{Content: *j.Content, SingleWord: *j.SingleWord, LStrip: *j.LStrip,
			RStrip: *j.RStrip, Normalized: *j.Normalized, Special: *j.Special})
	}
	return out, nil
}

// MarshalJSON writes the tokenizer as the reference's save does (field order version,
// truncation, padding, added_tokens, normalizer, pre_tokenizer, post_processor,
// decoder, model). Every component must implement json.Marshaler.
func (t *Tokenizer) MarshalJSON() ([]byte, error) {
	added := make([]*jsonutil.Object, 0, t.added.Len())
	for _, at := range t.added.Tokens() {
		o := &jsonutil.Object{}
		o.Add("id", at.ID).Add("content", at.Content).Add("single_word", at.SingleWord).
			Add("lstrip", at.LStrip).Add("rstrip", at.RStrip).Add("normalized", at.Normalized).
			Add("special", at.Special)
		added = append(added, o)
	}
	o := &jsonutil.Object{}
	o.Add("version", "1.0")
	if t.truncation != nil {
		o.Add("truncation", t.truncation)
	} else {
		o.Add("truncation", nil)
	}
	if t.padding != nil {
		o.Add("padding", t.padding)
	} else {
		o.Add("padding", nil)
	}
	o.Add("added_tokens", added)
	o.Add("normalizer", componentOrNil(t.normalizer))
	o.Add("pre_tokenizer", componentOrNil(t.preTokenizer))
	o.Add("post_processor", componentOrNil(t.postProcessor))
	o.Add("decoder", componentOrNil(t.decoder))
	o.Add("model", componentOrNil(t.model))
	return o.MarshalJSON()
}

func componentOrNil(c any) any {
	switch v := c.(type) {
	case nil:
		return nil
	case json.Marshaler:
		return v
	default:
		return unmarshalable{fmt.Sprintf("%T", c)}
	}
}

type unmarshalable struct{ typ string }

func (u unmarshalable) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("%s cannot be saved: it does not implement json.Marshaler", u.typ)
}

// Save writes the tokenizer to path as tokenizer.json (pretty: indented by 2 spaces, as
// the reference's pretty save).
func (t *Tokenizer) Save(path string, pretty bool) error {
	data, err := t.ToJSON(pretty)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// ToJSON returns the tokenizer as tokenizer.json (pretty: indented by 2 spaces).
func (t *Tokenizer) ToJSON(pretty bool) ([]byte, error) {
	data, err := t.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if !pretty {
		return data, nil
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
