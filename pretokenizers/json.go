package pretokenizers

import (
	"math"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// The pre-tokenizers read their JSON with internal/serde; these names are its
// functions as this package's call sites spell them.

// object is a pre-tokenizer's JSON object.
type object = serde.Object

// parseObject decodes data as a JSON object and checks that its "type" is typ: every
// pre-tokenizer of the reference checks its tag (impl_serde_type! or a custom
// Deserialize), so one without "type" is rejected too (serde.ParseTyped).
func parseObject(data []byte, typ string) (object, error) { return serde.ParseTyped(data, typ) }

// get decodes the field key into dst (serde.Field).
func get[T any](o object, key string, dst *T, required, nullable bool) (bool, error) {
	return serde.Field(o, key, dst, required, nullable)
}

// getChar decodes the required field key, one character (serde.Char).
func getChar(o object, key string) (rune, error) { return serde.Char(o, key) }

// getUsize decodes the field key, a non-negative integer (a Rust usize; serde.Uint),
// into dst if it is there.
func getUsize(o object, key string, dst *int, required bool) error {
	if _, ok := o[key]; !ok && !required {
		return nil
	}
	v, err := serde.Uint(o, key, math.MaxInt, "usize")
	if err != nil {
		return err
	}
	*dst = int(v)
	return nil
}

// getEnum decodes the field key, the name of a unit variant of an enum (serde.Enum).
func getEnum(o object, key string, required bool) (string, bool, error) {
	return serde.Enum(o, key, required)
}

// getBehavior decodes the field key, a SplitDelimiterBehavior (PascalCase).
func getBehavior(o object, key string, dst *tokenizer.SplitDelimiterBehavior, required bool) error {
	s, ok, err := serde.Enum(o, key, required)
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

// unexpected describes a JSON value as serde does (serde.Unexpected).
func unexpected(raw []byte) string { return serde.Unexpected(raw) }

// marshal writes the ordered key/value pairs as a JSON object.
func marshal(kv ...any) ([]byte, error) {
	var o jsonutil.Object
	for i := 0; i+1 < len(kv); i += 2 {
		o.Add(kv[i].(string), kv[i+1])
	}
	return o.MarshalJSON()
}
