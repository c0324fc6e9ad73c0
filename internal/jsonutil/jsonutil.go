// Package jsonutil holds the JSON helpers that fasttok's packages share: one
// Unmarshal and Marshal (sonic where it runs, encoding/json elsewhere) and the
// messages for the reference's serde errors.
package jsonutil

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/bytedance/sonic"
)

// api is sonic configured to behave as encoding/json does (UTF-8 validation, sorted map
// keys off, HTML escaping as the standard library).
var api = sonic.ConfigStd

// Unmarshal decodes data into v.
func Unmarshal(data []byte, v any) error {
	if err := api.Unmarshal(data, v); err != nil {
		// sonic's messages quote the whole input; encoding/json says where and what.
		if err2 := json.Unmarshal(data, v); err2 != nil {
			return err2
		}
		return err
	}
	return nil
}

// Marshal encodes v as compact JSON without HTML escaping.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// IsNull reports whether data is the JSON literal null (or empty).
func IsNull(data []byte) bool {
	d := bytes.TrimSpace(data)
	return len(d) == 0 || string(d) == "null"
}

// MissingField is the error of a required field that is absent, as serde words it.
func MissingField(name string) error { return fmt.Errorf("missing field `%s`", name) }

// Object is a JSON object written with its keys in a fixed order, as the reference's
// serializers write them.
type Object struct {
	keys   []string
	values []any
}

// Add appends key: value.
func (o *Object) Add(key string, value any) *Object {
	o.keys = append(o.keys, key)
	o.values = append(o.values, value)
	return o
}

// MarshalJSON implements json.Marshaler.
func (o *Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := Marshal(o.values[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
