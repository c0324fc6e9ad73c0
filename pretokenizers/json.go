package pretokenizers

import (
	"math"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
	"github.com/fasttok/fasttok/tokenizer"
)

// getUsize decodes the field key, a non-negative integer (a Rust usize; serde.Uint),
// into dst if it is there.
func getUsize(o serde.Object, key string, dst *int, required bool) error {
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

// getBehavior decodes the field key, a SplitDelimiterBehavior (PascalCase).
func getBehavior(o serde.Object, key string, dst *tokenizer.SplitDelimiterBehavior, required bool) error {
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

// marshal writes the ordered key/value pairs as a JSON object.
func marshal(kv ...any) ([]byte, error) {
	var o jsonutil.Object
	for i := 0; i+1 < len(kv); i += 2 {
		o.Add(kv[i].(string), kv[i+1])
	}
	return o.MarshalJSON()
}
