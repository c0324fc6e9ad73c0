package pretokenizers

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestAfterNormalizer runs pre-tokenizers on texts a normalizer changed first, so that
// the pieces' alignments to the original are not the identity, and compares the
// pieces' offsets in the original text with the reference's encode offsets
// (testdata/normalized.jsonl.gz, made by testdata/gen_normalized.js; one [UNK] token
// per piece). The normalizers are done here with the NormalizedString operations they
// consist of (Lowercase, Prepend, Replace).
func TestAfterNormalizer(t *testing.T) {
	normalize := map[string]func(n *tokenizer.NormalizedString) error{
		"lowercase": func(n *tokenizer.NormalizedString) error { n.Lowercase(); return nil },
		"prepend":   func(n *tokenizer.NormalizedString) error { n.Prepend("▁"); return nil },
		"replace-prepend": func(n *tokenizer.NormalizedString) error {
			n.Prepend("▁")
			return n.Replace(tokenizer.StringPattern(" "), "▁")
		},
	}
	type golden struct {
		Normalizer   string          `json:"normalizer"`
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
		Raw          [][][2]int      `json:"offsets"`
	}
	texts := readJSONL[struct{ Text string }](t, filepath.Join("testdata", "texts.jsonl"))
	cases := 0
	for _, g := range readJSONL[golden](t, filepath.Join("testdata", "normalized.jsonl.gz")) {
		pt, err := tokenizer.ParsePreTokenizer(g.PreTokenizer)
		if err != nil {
			t.Fatal(err)
		}
		norm := normalize[g.Normalizer]
		if norm == nil {
			t.Fatalf("unknown normalizer %s", g.Normalizer)
		}
		for i, want := range g.Raw {
			text := texts[i].Text
			n := tokenizer.NewNormalizedString(text)
			if err := norm(&n); err != nil {
				t.Fatal(err)
			}
			p := tokenizer.PreTokenizedFromNormalized(n)
			if err := pt.PreTokenize(p); err != nil {
				t.Errorf("%s %s %q: %v", g.Normalizer, g.PreTokenizer, text, err)
				continue
			}
			var got [][2]int
			for _, s := range p.GetSplits(tokenizer.Original, tokenizer.OffsetChars) {
				if s.Value == "" {
					continue
				}
				got = append(got, [2]int{s.Offsets.Start, s.Offsets.End})
			}
			if !equalOffsets(got, want) {
				t.Errorf("%s %s %q:\n got %v\nwant %v", g.Normalizer, g.PreTokenizer, text, got, want)
			}
			cases++
		}
	}
	t.Logf("%d cases", cases)
}

func equalOffsets(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
