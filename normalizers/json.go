package normalizers

import (
	"errors"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// marshalType is the serialization of a parameterless normalizer: {"type":name}.
func marshalType(name string) ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", name)
	return o.MarshalJSON()
}

// errNullChild is the reference's error for a null in a list of components.
var errNullChild = errors.New("data did not match any variant of untagged enum NormalizerUntagged")
