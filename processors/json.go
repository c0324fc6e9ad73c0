package processors

import "github.com/fasttok/fasttok/internal/serde"

// The post-processors read their JSON with internal/serde; these names are its
// functions as this package's call sites spell them.

// object is a post-processor's JSON object (serde.Object).
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

// uintField decodes the required field key, an unsigned integer (serde.Uint).
func uintField(o object, key string, maxValue uint64, typeName string) (uint64, error) {
	return serde.Uint(serde.Object(o), key, maxValue, typeName)
}

// parseUint parses an unsigned integer (serde.ParseUint).
func parseUint(raw []byte, maxValue uint64, typeName string) (uint64, error) {
	return serde.ParseUint(raw, maxValue, typeName)
}

// unexpected describes a JSON value as serde does (serde.Unexpected).
func unexpected(raw []byte) string { return serde.Unexpected(raw) }
