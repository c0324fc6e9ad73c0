package tokenizer

import (
	"github.com/fasttok/fasttok/internal/inflate"
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
	st := jsonutil.NewStream(gunzipSizeHint(data))
	go st.FillFunc(func(buf []byte, publish func([]byte)) ([]byte, error) {
		return inflate.Gunzip(buf, data, -1, publish)
	})
	lim := DefaultLimits()
	_, ok := fromStream(st, gunzipSizeHint(data), &lim)
	st.Result()
	return ok
}

// CutSafe reports whether AppendIDs may cut t's texts for several workers.
func (t *Tokenizer) CutSafe() bool { return t.cutSafe() }

// SetCutMinText sets the length from which AppendIDs cuts a text, until the returned
// function restores it.
func SetCutMinText(n int) (restore func()) {
	old := cutMinText
	cutMinText = n
	return func() { cutMinText = old }
}

// NewlineCuts is newlineCuts.
var NewlineCuts = newlineCuts
