package processors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// object is a component's JSON object, its fields still raw. Fields are looked up by
// their exact (case-sensitive) name, as serde does.
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
	return o, nil
}

// requireType checks that the object has "type": name, as the reference's components
// whose serde checks their tag (impl_serde_type!, MustBe!, custom Deserialize).
func (o object) requireType(name string) error {
	raw, ok := o["type"]
	if !ok {
		return jsonutil.MissingField("type")
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected variant identifier", raw), "type")
	}
	if s != name {
		return tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `%s`", s, name), "type")
	}
	return nil
}

// field decodes the field key into dst. A required field that is absent is an error;
// null is an error unless nullable (an Option in the reference), when it leaves dst
// untouched. It reports whether the field was present and not null.
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
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			err = fmt.Errorf("invalid type: %s, expected %s", unexpected(raw), expected(dst))
		}
		return false, tokenizer.WrapPath(err, key)
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
	case *uint64, *uint32, *int:
		return "an integer"
	case *[]json.RawMessage:
		return "a sequence"
	case *map[string]*string:
		return "a map"
	}
	return "a value"
}

// uintField decodes the field key, a required unsigned integer at most maxValue. As
// the reference's serde_json (which buffers these components as JSON values) does, an
// integral float such as 2.0 or 1e0 is taken too.
func uintField(o object, key string, maxValue uint64, typeName string) (uint64, error) {
	raw, ok := o[key]
	if !ok {
		return 0, jsonutil.MissingField(key)
	}
	v, err := parseUint(raw, maxValue, typeName)
	return v, tokenizer.WrapPath(err, key)
}

// parseUint parses raw as an unsigned integer at most maxValue (see uintField).
func parseUint(raw json.RawMessage, maxValue uint64, typeName string) (uint64, error) {
	var n json.Number
	if jsonutil.IsNull(raw) || bytes.TrimLeft(raw, " \t\r\n")[0] == '"' || jsonutil.Unmarshal(raw, &n) != nil {
		return 0, fmt.Errorf("invalid type: %s, expected %s", unexpected(raw), typeName)
	}
	s := n.String()
	if v, err := strconv.ParseUint(s, 10, 64); err == nil {
		if v > maxValue {
			return 0, fmt.Errorf("invalid value: integer `%s`, expected %s", s, typeName)
		}
		return v, nil
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return 0, fmt.Errorf("invalid value: integer `%s`, expected %s", s, typeName)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > float64(maxValue) {
		return 0, fmt.Errorf("invalid type: floating point `%s`, expected %s", s, typeName)
	}
	return uint64(f), nil
}
