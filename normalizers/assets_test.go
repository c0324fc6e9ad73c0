package normalizers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// TestAssetNormalizers runs the normalizer of every real tokenizer.json of
// $FASTTOK_SHARED/assets/tokenizers on the shared texts and compares the normalized text
// and every character's offsets with the reference's (hashes in
// testdata/assets.json.gz, made by gen_assets.js). -short skips the long texts.
func TestAssetNormalizers(t *testing.T) {
	shared := testutil.SharedDir(t)
	var want struct {
		Texts      int                 `json:"texts"`
		Tokenizers map[string][]string `json:"tokenizers"`
	}
	readGzipJSON(t, "testdata/assets.json.gz", &want)
	// In -short mode only smoke and corpus are checked, not the long speed-multi.
	texts := testutil.SharedTexts(t, "smoke", "corpus")
	short := len(texts)
	texts = append(texts, testutil.SharedTexts(t, "speed-multi")...)
	if len(texts) != want.Texts {
		t.Fatalf("%d texts, the reference hashes were made on %d", len(texts), want.Texts)
	}
	if testing.Short() {
		texts = texts[:short]
	}
	for name, hashes := range want.Tokenizers {
		var tj struct {
			Normalizer json.RawMessage `json:"normalizer"`
		}
		readGzipJSON(t, filepath.Join(shared, "assets/tokenizers", name+".json.gz"), &tj)
		norm, err := tokenizer.ParseNormalizer(tj.Normalizer)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		bad := 0
		for i, text := range texts {
			n := tokenizer.NewNormalizedString(text)
			if err := norm.Normalize(&n); err != nil {
				t.Errorf("%s: text %d: %v", name, i, err)
				continue
			}
			var sb strings.Builder
			sb.WriteString(n.Normalized())
			sb.WriteByte(0)
			for _, o := range charOffsets(&n) {
				sb.WriteString(strconv.Itoa(o[0]) + "," + strconv.Itoa(o[1]) + ";")
			}
			sum := sha256.Sum256([]byte(sb.String()))
			if hex.EncodeToString(sum[:])[:8] != hashes[i] {
				bad++
				if bad <= 3 {
					t.Errorf("%s: text %d %q: normalized %q or its offsets differ from the reference", name, i, text, n.Normalized())
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d texts differ", name, bad, len(texts))
		} else {
			t.Logf("%s: %d texts match the reference", name, len(texts))
		}
	}
}

func readGzipJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(testutil.Gunzip(t, path), v); err != nil {
		t.Fatal(err)
	}
}
