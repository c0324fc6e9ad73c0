package normalizers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestCompositionPairs normalizes every (base, mark) string of testdata/pairs.json
// (made by gen_pairs.js) in the four forms and compares each chunk's hash with the
// reference's.
func TestCompositionPairs(t *testing.T) {
	data, err := os.ReadFile("testdata/pairs.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Bases  []string            `json:"bases"`
		Marks  []rune              `json:"marks"`
		Chunk  int                 `json:"chunk"`
		Hashes map[string][]string `json:"hashes"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	var strs []string
	for _, b := range p.Bases {
		for _, m := range p.Marks {
			strs = append(strs, b+string(m), b+string(m)+"\u0301", b+"\u0316"+string(m))
		}
	}
	forms := map[string]tokenizer.Normalizer{"nfc": NFC{}, "nfd": NFD{}, "nfkc": NFKC{}, "nfkd": NFKD{}}
	for name, norm := range forms {
		want := p.Hashes[name]
		if len(want) != (len(strs)+p.Chunk-1)/p.Chunk {
			t.Fatalf("%s: %d hashes for %d strings", name, len(want), len(strs))
		}
		bad := 0
		for i := 0; i*p.Chunk < len(strs); i++ {
			chunk := strs[i*p.Chunk : min(len(strs), (i+1)*p.Chunk)]
			n := tokenizer.NewNormalizedString(strings.Join(chunk, "\x01"))
			if err := norm.Normalize(&n); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256([]byte(n.Normalized()))
			if got := hex.EncodeToString(sum[:])[:16]; got != want[i] {
				bad++
				if bad <= 3 {
					t.Errorf("%s: chunk %d (strings %d..%d) differs from the reference", name, i, i*p.Chunk, i*p.Chunk+len(chunk))
				}
			}
		}
		if bad == 0 {
			t.Logf("%s: %d strings match the reference", name, len(strs))
		}
	}
}
