package normalizers

import (
	"errors"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
)

// The normalizers read their JSON with internal/serde; these names are its functions
// as this package's call sites spell them.

// object is a normalizer's JSON object (serde.Object).
type object serde.Object

// parseObject decodes data as a JSON object (serde.ParseObject).
func parseObject(data []byte) (object, error) {
	o, err := serde.ParseObject(data)
	return object(o), err
}

// requireType checks that the object has "type": name (serde.Object.RequireType). The
// reference's parameterless normalizers (impl_serde_type! on a unit struct) need their
// tag, even when the normalizer is read without its "type" (the untagged fallback),
// where they then fail.
func (o object) requireType(name string) error { return serde.Object(o).RequireType(name) }

// field decodes the field key into dst (serde.Field).
func field[T any](o object, key string, dst *T, required, nullable bool) (bool, error) {
	return serde.Field(serde.Object(o), key, dst, required, nullable)
}

// marshalType is the serialization of a parameterless normalizer: {"type":name}.
func marshalType(name string) ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", name)
	return o.MarshalJSON()
}

// errNullChild is the reference's error for a null in a list of components.
var errNullChild = errors.New("data did not match any variant of untagged enum NormalizerUntagged")
