package tokenizer

import (
	"bytes"
	"compress/gzip"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// FromJSONSlow is the full decoder's loader, for tests comparing it with the fast path.
var FromJSONSlow = func(data []byte) (*Tokenizer, error) {
	lim := DefaultLimits()
	return fromJSON(data, &lim)
}

// StreamLoads reports whether the gzip-compressed tokenizer.json data loads on the
// streaming path (without falling back).
func StreamLoads(data []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return false
	}
	st := jsonutil.NewStream(gunzipSizeHint(data))
	go st.Fill(zr)
	lim := DefaultLimits()
	_, ok := fromStream(st, gunzipSizeHint(data), &lim)
	st.Result()
	return ok
}
