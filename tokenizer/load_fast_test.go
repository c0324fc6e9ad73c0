package tokenizer_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

// loadBoth loads data with FromBytes (fast path first) and with the full decoder and
// reports any difference in errors or saved JSON.
func loadBoth(t *testing.T, data string) {
	t.Helper()
	fast, errF := fasttok.LoadBytes([]byte(data))
	sameLoads(t, "input", data, fast, errF)
}

// loadGzip is loadBoth for the gzip-compressed data (the streaming path, whose model
// may reuse the memory of the text it read, and whose fallback then decompresses it
// again).
func loadGzip(t *testing.T, data string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(data))
	zw.Close()
	fast, errF := fasttok.LoadBytes(b.Bytes())
	sameLoads(t, "gzip input", data, fast, errF)
}

// sameLoads compares a load of data (fast, errF) with the full decoder's.
func sameLoads(t *testing.T, what, data string, fast *tokenizer.Tokenizer, errF error) {
	t.Helper()
	slow, errS := tokenizer.FromJSONSlow([]byte(data))
	if (errF == nil) != (errS == nil) || errF != nil && errF.Error() != errS.Error() {
		t.Fatalf("%s %q:\nfast error: %v\nslow error: %v", what, data, errF, errS)
	}
	if errF != nil {
		return
	}
	jf, err1 := fast.ToJSON(false)
	js, err2 := slow.ToJSON(false)
	if err1 != nil || err2 != nil || string(jf) != string(js) {
		t.Fatalf("%s %q: saved tokenizers differ:\nfast %s\nslow %s", what, data, jf, js)
	}
}

func TestLoadFastMatchesSlow(t *testing.T) {
	model := `{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,` +
		`"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,` +
		`"vocab":{"a":0,"b":1,"ab":2,"<s>":3},"merges":[["a","b"]]}`
	base := `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[{"id":3,"content":"<s>",` +
		`"single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],` +
		`"normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"Whitespace"},"post_processor":null,` +
		`"decoder":null,"model":` + model + `}`
	cases := []string{
		base,
		strings.Replace(base, `"version":"1.0"`, `"version":"2.0"`, 1),
		strings.Replace(base, `"version":"1.0"`, `"Version":"1.0"`, 1),
		strings.Replace(base, `"version":"1.0"`, `"extra":[{"x":1}]`, 1),
		strings.Replace(base, `"version":"1.0"`, `"model":null`, 1),
		strings.Replace(base, `"decoder":null,`, ``, 1) + ``,
		`{"model":` + model + `,"decoder":null}`,
		`{"model":` + model + `,"decoder":{"type":"Nope"}}`,
		`{"model":` + model + `,"model":` + model + `}`,
		`{"model":` + model + `} x`,
		`{"model":` + model + `}}`,
		`{"model":{"vocab":{"a":0},"merges":[],"type":"BPE"}}`,
		`{"model":{"type":"WordPiece","vocab":{"a":0}}}`,
		`{"model":{"unk_token":"[UNK]","vocab":{"a":0,"[UNK]":1},"max_input_chars_per_word":100}}`,
		`{"model":{"unk_token":"[UNK]","vocab":{"a":0,"[UNK]":1},"type":"WordPiece"}}`,
		`{"model":{"unk_token":"[UNK]","vocab":{"a":0,"[UNK]":1},"type":"BPE"}}`,
		`{"model":{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"],"type":"BPE"}}`,
		`{"model":{"vocab":[["a",0.0]],"unk_id":null}}`,
		`{"model":{"type":"Nope","vocab":{"a":0}}}`,
		`{"normalizer":{"type":"Lowercase"}}`,
		`{}`,
		`null`,
		``,
	}
	// A model large enough that its merge table fits in the memory of its text (which
	// the streaming path then reuses), followed by what makes the fast path fail.
	var big strings.Builder
	big.WriteString(`{"type":"BPE","vocab":{`)
	for i := range 600 {
		fmt.Fprintf(&big, `"x%d":%d,"y%d":%d,"x%dy%d":%d,`, i, 3*i, i, 3*i+1, i, i, 3*i+2)
	}
	big.WriteString(`"<pad>":1800},"merges":[`)
	for i := range 600 {
		if i > 0 {
			big.WriteString(",")
		}
		fmt.Fprintf(&big, `"x%d y%d"`, i, i)
	}
	big.WriteString(`]}`)
	cases = append(cases,
		`{"model":`+big.String()+`}`,
		`{"model":`+big.String()+`,"decoder":{"type":"Nope"}}`,
		`{"model":`+big.String()+`,"post_processor":{"type":"TemplateProcessing"}}`,
		`{"model":`+big.String()+`} x`,
	)
	for _, c := range cases {
		loadBoth(t, c)
		loadGzip(t, c)
	}
	for i := 0; i < len(base); i++ {
		loadBoth(t, base[:i]+base[i+1:])
		for _, ins := range []string{"}", "\"", ","} {
			loadBoth(t, base[:i]+ins+base[i:])
		}
	}
}

// The shared BPE tokenizers load on the streaming path, to the same tokenizer as the
// slow path.
func TestStreamPathTaken(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED not set")
	}
	for _, name := range []string{"gpt2", "llama3", "roberta-base"} {
		data, err := os.ReadFile(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
		if err != nil {
			t.Fatal(err)
		}
		if !tokenizer.StreamLoads(data) {
			t.Errorf("%s: the streaming path fell back", name)
		}
		fast, err := fasttok.LoadBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		zr, _ := gzip.NewReader(bytes.NewReader(data))
		plain, _ := io.ReadAll(zr)
		slow, err := tokenizer.FromJSONSlow(plain)
		if err != nil {
			t.Fatal(err)
		}
		jf, _ := fast.ToJSON(false)
		js, _ := slow.ToJSON(false)
		if !bytes.Equal(jf, js) {
			t.Errorf("%s: the streaming path's tokenizer differs", name)
		}
	}
}
