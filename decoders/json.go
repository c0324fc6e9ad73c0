package decoders

import "github.com/fasttok/fasttok/internal/serde"

// The decoders read their JSON with internal/serde; these short names are its
// functions as this package's call sites spell them.

// object is a decoder's JSON object (serde.Object).
type object serde.Object

// parseObject decodes data as a JSON object (serde.ParseObject).
func parseObject(data []byte) (object, error) {
	o, err := serde.ParseObject(data)
	return object(o), err
}

// requireType checks that the object has "type": name (serde.Object.RequireType).
func (o object) requireType(name string) error { return serde.Object(o).RequireType(name) }

// field decodes the field key into dst (serde.Field).
func field[T any](o object, key string, dst *T, required, nullable bool) (bool, error) {
	return serde.Field(serde.Object(o), key, dst, required, nullable)
}

// charField decodes the required field key, one character (serde.Char).
func charField(o object, key string) (rune, error) { return serde.Char(serde.Object(o), key) }

// uintField decodes the required field key, an unsigned integer (serde.Uint).
func uintField(o object, key string, maxValue uint64, typeName string) (uint64, error) {
	return serde.Uint(serde.Object(o), key, maxValue, typeName)
}
