package pretokenizers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// object is a pre-tokenizer's JSON object with its fields still raw, looked up by
// their exact (case-sensitive) names as serde does. Unknown fields are ignored, as
// serde does by default.
type object map[string]json.RawMessage

// parseObject decodes data as a JSON object and checks that its "type" is typ: every
// pre-tokenizer of the reference checks its tag (impl_serde_type! or a custom
// Deserialize), so one without "type" is rejected too.
func parseObject(data []byte, typ string) (object, error) {
	if jsonutil.IsNull(data) {
		return nil, errors.New("invalid type: null, expected a map")
	}
	if d := bytes.TrimSpace(data); len(d) == 0 || d[0] != '{' {
		return nil, fmt.Errorf("invalid type: %s, expected a map", unexpected(data))
	}
	var o object
	if err := jsonutil.Unmarshal(data, &o); err != nil {
		return nil, err
	}
	raw, ok := o["type"]
	if !ok {
		return nil, jsonutil.MissingField("type")
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return nil, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected variant identifier", unexpected(raw)), "type")
	}
	if s != typ {
		return nil, tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `%s`", s, typ), "type")
	}
	return o, nil
}

// get decodes the field key into dst. An absent field is an error when required; null
// is an error unless nullable (an Option in the reference), when it leaves dst as it
// is. It reports whether the field was there and not null.
func get[T any](o object, key string, dst *T, required, nullable bool) (bool, error) {
	raw, ok := o[key]
	if !ok {
		if required {
			return false, jsonutil.MissingField(key)
		}
		return false, nil
	}
	if jsonutil.IsNull(raw) {
		if nullable {
			return false, nil
		}
		return false, tokenizer.WrapPath(fmt.Errorf("invalid type: null, expected %s", expected(dst)), key)
	}
	if err := jsonutil.Unmarshal(raw, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) || !json.Valid(raw) {
			err = fmt.Errorf("invalid type: %s, expected %s", unexpected(raw), expected(dst))
		}
		return false, tokenizer.WrapPath(err, key)
	}
	return true, nil
}

// getChar decodes the field key, a string of exactly one character (a Rust char).
func getChar(o object, key string) (rune, error) {
	var s string
	if _, err := get(o, key, &s, true, false); err != nil {
		return 0, err
	}
	r, size := utf8.DecodeRuneInString(s)
	if s == "" || size != len(s) {
		return 0, tokenizer.WrapPath(fmt.Errorf("invalid value: string %q, expected a character", s), key)
	}
	return r, nil
}

// getUsize decodes the field key, a non-negative integer (a Rust usize).
func getUsize(o object, key string, dst *int, required bool) error {
	var f json.Number
	raw, ok := o[key]
	if !ok {
		if required {
			return jsonutil.MissingField(key)
		}
		return nil
	}
	if err := json.Unmarshal(raw, &f); err != nil || jsonutil.IsNull(raw) {
		return tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected usize", unexpected(raw)), key)
	}
	s := f.String()
	if strings.ContainsAny(s, ".eE") {
		return tokenizer.WrapPath(fmt.Errorf("invalid type: floating point `%s`, expected usize", s), key)
	}
	n, err := f.Int64()
	if err != nil || n < 0 {
		return tokenizer.WrapPath(fmt.Errorf("invalid value: integer `%s`, expected usize", s), key)
	}
	*dst = int(n)
	return nil
}

// getEnum decodes the field key, the name of a unit variant of an enum (a string; serde
// also names a map, for other variants).
func getEnum(o object, key string, required bool) (string, bool, error) {
	raw, ok := o[key]
	if !ok {
		if required {
			return "", false, jsonutil.MissingField(key)
		}
		return "", false, nil
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return "", false, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected string or map", unexpected(raw)), key)
	}
	return s, true, nil
}

// getBehavior decodes the field key, a SplitDelimiterBehavior (PascalCase).
func getBehavior(o object, key string, dst *tokenizer.SplitDelimiterBehavior, required bool) error {
	s, ok, err := getEnum(o, key, required)
	if err != nil || !ok {
		return err
	}
	b, err := tokenizer.ParseSplitDelimiterBehavior(s)
	if err != nil {
		return tokenizer.WrapPath(err, key)
	}
	*dst = b
	return nil
}

// unexpected describes a JSON value as serde's `Unexpected` does.
func unexpected(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "value"
	}
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("boolean `%t`", v)
	case string:
		return fmt.Sprintf("string %q", v)
	case float64:
		s := strings.TrimSpace(string(raw))
		if strings.ContainsAny(s, ".eE") {
			return fmt.Sprintf("floating point `%s`", s)
		}
		return fmt.Sprintf("integer `%s`", s)
	case []any:
		return "sequence"
	}
	return "map"
}

// expected names the type of dst as serde's messages do.
func expected(dst any) string {
	switch dst.(type) {
	case *string:
		return "a string"
	case *bool:
		return "a boolean"
	case *[]json.RawMessage:
		return "a sequence"
	}
	return "a value"
}

// marshal writes the ordered key/value pairs as a JSON object.
func marshal(kv ...any) ([]byte, error) {
	var o jsonutil.Object
	for i := 0; i+1 < len(kv); i += 2 {
		o.Add(kv[i].(string), kv[i+1])
	}
	return o.MarshalJSON()
}
