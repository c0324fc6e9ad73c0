package normalizers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// object is a normalizer's JSON object with its fields still raw, looked up by their
// exact (case-sensitive) name as serde does. Unknown fields are ignored, as serde does.
type object map[string]json.RawMessage

// parseObject decodes data as a JSON object.
func parseObject(data []byte) (object, error) {
	if jsonutil.IsNull(data) {
		return nil, errors.New("invalid type: null, expected a map")
	}
	var o object
	if err := jsonutil.Unmarshal(data, &o); err != nil {
		return nil, err
	}
	if o == nil {
		return nil, errors.New("invalid type: null, expected a map")
	}
	return o, nil
}

// requireType checks that the object has "type": name. The reference's parameterless
// normalizers (impl_serde_type! on a unit struct) need their tag, even when the
// normalizer is read without its "type" (the untagged fallback), where they then fail.
func (o object) requireType(name string) error {
	raw, ok := o["type"]
	if !ok {
		return jsonutil.MissingField("type")
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected variant identifier", unexpected(raw)), "type")
	}
	if s != name {
		return tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `%s`", s, name), "type")
	}
	return nil
}

// field decodes the field key into dst. An absent required field is an error; null is
// an error unless nullable (an Option in the reference), when dst is left untouched.
// It reports whether the field was present and not null.
func field[T any](o object, key string, dst *T, required, nullable bool) (bool, error) {
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
		return false, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected %s", unexpected(raw), expected(dst)), key)
	}
	return true, nil
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

// expected names what a value of dst's type is, as serde's messages do.
func expected(dst any) string {
	switch dst.(type) {
	case *string:
		return "a string"
	case *bool:
		return "a boolean"
	case *[]json.RawMessage:
		return "a sequence"
	case *map[string]*string:
		return "a map"
	}
	return "a value"
}

// marshalType is the serialization of a parameterless normalizer: {"type":name}.
func marshalType(name string) ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", name)
	return o.MarshalJSON()
}

// errNullChild is the reference's error for a null in a list of components.
var errNullChild = errors.New("data did not match any variant of untagged enum NormalizerUntagged")
