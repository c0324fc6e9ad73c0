package tokenizer

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// FromFile loads a tokenizer.json file, plain or gzip-compressed. Errors name the file
// and the JSON path of what is wrong.
//
// The components are built by the constructors their packages register: import
// github.com/fasttok/fasttok (or the component packages) before loading.
func FromFile(path string) (*Tokenizer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := FromBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// FromReader loads a tokenizer.json, plain or gzip-compressed, from r.
func FromReader(r io.Reader) (*Tokenizer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return FromBytes(data)
}

// FromBytes loads a tokenizer.json, plain or gzip-compressed, from memory.
func FromBytes(data []byte) (*Tokenizer, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		data = plain
	}
	var file struct {
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
	if err := jsonutil.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("tokenizer.json: %w", err)
	}
	if file.Version != nil && *file.Version != "1.0" {
		return nil, WrapPath(fmt.Errorf("Unknown tokenizer version '%s'", *file.Version), "version")
	}
	t := &Tokenizer{}
	var err error
	if jsonutil.IsNull(file.Model) {
		return nil, WrapPath(errors.New("missing field `model`"), "model")
	}
	if t.model, err = ParseModel(file.Model); err != nil {
		return nil, WrapPath(err, "model")
	}
	if t.normalizer, err = ParseNormalizer(file.Normalizer); err != nil {
		return nil, WrapPath(err, "normalizer")
	}
	if t.preTokenizer, err = ParsePreTokenizer(file.PreTokenizer); err != nil {
		return nil, WrapPath(err, "pre_tokenizer")
	}
	if t.postProcessor, err = ParsePostProcessor(file.PostProcessor); err != nil {
		return nil, WrapPath(err, "post_processor")
	}
	if t.decoder, err = ParseDecoder(file.Decoder); err != nil {
		return nil, WrapPath(err, "decoder")
	}
	if !jsonutil.IsNull(file.Truncation) {
		var p TruncationParams
		if err := jsonutil.Unmarshal(file.Truncation, &p); err != nil {
			return nil, WrapPath(err, "truncation")
		}
		t.truncation = &p
	}
	if !jsonutil.IsNull(file.Padding) {
		var p PaddingParams
		if err := jsonutil.Unmarshal(file.Padding, &p); err != nil {
			return nil, WrapPath(err, "padding")
		}
		t.padding = &p
	}
	if !jsonutil.IsNull(file.AddedTokens) {
		tokens, err := parseAddedTokens(file.AddedTokens)
		if err != nil {
			return nil, WrapPath(err, "added_tokens")
		}
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
