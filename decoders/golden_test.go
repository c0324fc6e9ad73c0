package decoders

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// tokenizerFile is what TestGoldenDecode reads of a tokenizer.json.
type tokenizerFile struct {
	AddedTokens []struct {
		ID      uint32 `json:"id"`
		Content string `json:"content"`
		Special bool   `json:"special"`
	} `json:"added_tokens"`
	Decoder json.RawMessage `json:"decoder"`
	Model   struct {
		Vocab json.RawMessage `json:"vocab"`
	} `json:"model"`
}

// idToToken maps ids to tokens as the reference's decode does (added tokens first,
// then the model's vocabulary), and says which ids are special added tokens.
func (tf *tokenizerFile) idToToken(t *testing.T) (map[uint32]string, map[uint32]bool) {
	t.Helper()
	vocab := map[uint32]string{}
	var m map[string]uint32
	if err := jsonutil.Unmarshal(tf.Model.Vocab, &m); err == nil {
		for tok, id := range m {
			vocab[id] = tok
		}
	} else {
		// Unigram: [[piece, score], ...], the id is the index.
		var l [][2]any
		if err := json.Unmarshal(tf.Model.Vocab, &l); err != nil {
			t.Fatalf("vocab: %v", err)
		}
		for i, p := range l {
			vocab[uint32(i)] = p[0].(string)
		}
	}
	special := map[uint32]bool{}
	for _, a := range tf.AddedTokens {
		vocab[a.ID] = a.Content
		special[a.ID] = a.Special
	}
	return vocab, special
}

// TestGoldenDecode decodes, with each real tokenizer's decoder, the tokens of the ids
// in the reference's golden decode outputs ($FASTTOK_SHARED/assets/golden/NAME.decode.jsonl),
// with and without the special tokens.
func TestGoldenDecode(t *testing.T) {
	shared := testutil.SharedDir(t)
	files := testutil.SharedTokenizers(t)
	type record struct {
		IDs             []uint32 `json:"ids"`
		Text            string   `json:"text"`
		TextSkipSpecial string   `json:"text_skip_special"`
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json.gz")
		t.Run(name, func(t *testing.T) {
			data := testutil.Gunzip(t, file)
			var tf tokenizerFile
			if err := jsonutil.Unmarshal(data, &tf); err != nil {
				t.Fatal(err)
			}
			dec, err := tokenizer.ParseDecoder(tf.Decoder)
			if err != nil {
				t.Fatalf("decoder %s: %v", tf.Decoder, err)
			}
			vocab, special := tf.idToToken(t)
			records := readJSONL[record](t, filepath.Join(shared, "assets", "golden", name+".decode.jsonl"))
			fails := 0
			for i, r := range records {
				for _, skip := range []bool{false, true} {
					var tokens []string
					for _, id := range r.IDs {
						tok, ok := vocab[id]
						if !ok || (skip && special[id]) {
							continue
						}
						tokens = append(tokens, tok)
					}
					want := r.Text
					if skip {
						want = r.TextSkipSpecial
					}
					got, err := Decode(dec, tokens)
					if err != nil {
						t.Errorf("record %d (skip special %v): %v", i, skip, err)
					} else if got != want {
						t.Errorf("record %d (skip special %v): %q, want %q", i, skip, got, want)
					} else {
						continue
					}
					if fails++; fails > 10 {
						t.Fatal("too many failures")
					}
				}
			}
		})
	}
}
