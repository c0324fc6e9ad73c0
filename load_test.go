package fasttok_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
)

const tinyBPE = `{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}`

func tinyTokenizer(fields string) string {
	return `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],` + fields + `}`
}

// TestLoadErrors: what the reference rejects, fasttok rejects with an error naming the
// JSON path of the culprit (and never panics).
func TestLoadErrors(t *testing.T) {
	for _, c := range []struct {
		name, json string
		want       []string // substrings of the error
	}{
		{"not JSON", `{"model":`, []string{"tokenizer.json"}},
		{"no model", tinyTokenizer(`"normalizer":null`), []string{"model", "missing field"}},
		{"bad version", `{"version":"2.0","model":` + tinyBPE + `}`, []string{"version", "2.0"}},
		{"unknown model type", tinyTokenizer(`"model":{"type":"Magic","vocab":{}}`), []string{"model", "Magic"}},
		{"merge out of vocab", tinyTokenizer(`"model":` + strings.Replace(tinyBPE, `"a b"`, `"a c"`, 1)), []string{"model", "merges", "out of vocabulary"}},
		{"merge without space", tinyTokenizer(`"model":` + strings.Replace(tinyBPE, `"a b"`, `"ab"`, 1)), []string{"model", "merges"}},
		{"unknown normalizer", tinyTokenizer(`"normalizer":{"type":"Upcase"},"model":` + tinyBPE), []string{"normalizer", "Upcase"}},
		{"nested bad regex", tinyTokenizer(`"pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Split","pattern":{"Regex":"(a"},"behavior":"Isolated","invert":false}]},"model":` + tinyBPE),
			[]string{"pre_tokenizer", "pretokenizers[1]", "pattern"}},
		{"split behaviour case", tinyTokenizer(`"pre_tokenizer":{"type":"Split","pattern":{"String":" "},"behavior":"isolated","invert":false},"model":` + tinyBPE),
			[]string{"pre_tokenizer", "behavior", "isolated"}},
		{"ByteLevel missing field", tinyTokenizer(`"pre_tokenizer":{"type":"ByteLevel","trim_offsets":true},"model":` + tinyBPE), []string{"pre_tokenizer", "add_prefix_space"}},
		{"metaspace prefix mismatch", tinyTokenizer(`"pre_tokenizer":{"type":"Metaspace","replacement":"▁","add_prefix_space":false,"prepend_scheme":"always"},"model":` + tinyBPE),
			[]string{"pre_tokenizer", "prepend_scheme"}},
		{"added token missing field", `{"added_tokens":[{"id":0,"content":"x"}],"model":` + tinyBPE + `}`, []string{"added_tokens[0]", "single_word"}},
		{"truncation missing field", `{"truncation":{"max_length":3},"model":` + tinyBPE + `}`, []string{"truncation", "strategy"}},
		{"padding bad strategy", `{"padding":{"strategy":"Longest","direction":"Right","pad_id":0,"pad_type_id":0,"pad_token":"x"},"model":` + tinyBPE + `}`, []string{"padding", "strategy"}},
		{"wrong type", tinyTokenizer(`"decoder":{"type":"Strip","content":" ","start":"one","stop":0},"model":` + tinyBPE), []string{"decoder"}},
		{"unigram unk out of range", tinyTokenizer(`"model":{"type":"Unigram","unk_id":5,"vocab":[["a",-1.0]],"byte_fallback":false}`), []string{"model", "UnkIdNotInVocabulary"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := fasttok.LoadBytes([]byte(c.json))
			if err == nil {
				t.Fatalf("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestLoadForms: plain and gzip files, bytes, and the forms the reference accepts.
func TestLoadForms(t *testing.T) {
	plain := []byte(tinyTokenizer(`"model":` + tinyBPE))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	dir := t.TempDir()
	for name, data := range map[string][]byte{"tokenizer.json": plain, "tokenizer.json.gz": gz.Bytes()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tok, err := fasttok.Load(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		enc, err := tok.Encode("abab")
		if err != nil || len(enc.IDs) != 2 || enc.IDs[0] != 2 {
			t.Errorf("%s: encode = %v, %v", name, enc, err)
		}
	}
	for _, c := range []struct{ name, json string }{
		{"merges as pairs", tinyTokenizer(`"model":` + strings.Replace(tinyBPE, `["a b"]`, `[["a","b"]]`, 1))},
		{"model without type", tinyTokenizer(`"model":` + strings.Replace(tinyBPE, `"type":"BPE",`, "", 1))},
		{"no version, unknown keys", `{"model":` + tinyBPE + `,"extra":{"x":1}}`},
		{"legacy metaspace", tinyTokenizer(`"pre_tokenizer":{"type":"Metaspace","replacement":"▁","add_prefix_space":true,"str_rep":"▁"},"model":` + tinyBPE)},
	} {
		if _, err := fasttok.LoadBytes([]byte(c.json)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := fasttok.LoadBytes(gz.Bytes()[:gz.Len()/2]); err == nil {
		t.Error("truncated gzip: no error")
	}
}
