// Package jsonutil holds the JSON helpers that fasttok's packages share: one
// Unmarshal and Marshal, the hand-written Scanner for the large sections of
// tokenizer.json files, and the messages for the reference's serde errors.
//
// Unmarshal is encoding/json's. The JSON it decodes is small (component settings,
// records the fast paths leave); the large parts (vocabularies, merges, the CLI's
// records) go through Scanner or hand-written readers. github.com/bytedance/sonic was
// used here at first, but its package initialisation (its JIT) took about 5 ms of
// every process start, more than it saved.
package jsonutil

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Unmarshal decodes data into v, as encoding/json does.
func Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

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
