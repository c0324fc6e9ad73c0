package pretokenizers

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// FuzzPreTokenizers runs every loadable config of testdata/configs.jsonl on arbitrary
// input (invalid UTF-8 included): nothing may panic, and the pieces must lie within the
// input.
func FuzzPreTokenizers(f *testing.F) {
	for _, s := range []string{"", "Hello  world\n!", "a\xffb\xc3", "どこで生れ。Yes ہ", "\x80\x80 é", "▁x▁ y"} {
		f.Add(s)
	}
	type config struct {
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
	}
	var pts []tokenizer.PreTokenizer
	for _, c := range readJSONL[config](f, filepath.Join("testdata", "configs.jsonl")) {
		if pt, err := tokenizer.ParsePreTokenizer(c.PreTokenizer); err == nil {
			pts = append(pts, pt)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, pt := range pts {
			p := tokenizer.NewPreTokenizedString(s)
			if err := pt.PreTokenize(p); err != nil {
				continue
			}
			for _, sp := range p.GetSplits(tokenizer.Original, tokenizer.OffsetBytes) {
				if sp.Offsets.Start < 0 || sp.Offsets.Start > sp.Offsets.End || sp.Offsets.End > len(s) {
					t.Fatalf("%q: piece %q at %v out of the input", s, sp.Value, sp.Offsets)
				}
			}
		}
	})
}
