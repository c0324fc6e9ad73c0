package datrie

import (
	"encoding/json"
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
)

// benchKeys returns the tokens of a shared tokenizer's vocabulary (a WordPiece map or
// a Unigram list).
func benchKeys(b *testing.B, name string) []string {
	var model struct {
		Vocab json.RawMessage `json:"vocab"`
	}
	if err := json.Unmarshal(testutil.TokenizerSection(b, name, "model"), &model); err != nil {
		b.Fatal(err)
	}
	var keys []string
	var m map[string]uint32
	var l [][2]any
	if json.Unmarshal(model.Vocab, &m) == nil {
		for k := range m {
			keys = append(keys, k)
		}
	} else if err := json.Unmarshal(model.Vocab, &l); err == nil {
		for _, e := range l {
			keys = append(keys, e[0].(string))
		}
	} else {
		b.Fatal(err)
	}
	return keys
}

func benchBuild(b *testing.B, name string) {
	keys := benchKeys(b, name)
	vals := make([]int32, len(keys))
	for i := range vals {
		vals[i] = int32(i)
	}
	b.ReportAllocs()
	var t *Trie
	for b.Loop() {
		t = Build(keys, vals)
	}
	b.ReportMetric(float64(t.States())/float64(len(keys)), "states/key")
}

func BenchmarkBuildBert(b *testing.B) { benchBuild(b, "bert-base-uncased") }

func BenchmarkBuildT5(b *testing.B) { benchBuild(b, "t5-small") }
