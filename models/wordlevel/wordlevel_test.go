package wordlevel

import (
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
	"github.com/google/go-cmp/cmp"
)

// Expected values: the reference's output for the same models behind a WhitespaceSplit
// pre-tokenizer (models/wordpiece/testdata/ref_cases.js) and its serialization tests.
func TestTokenize(t *testing.T) {
	w := New(map[string]uint32{"a": 0, "<u>": 1}, "<u>")
	toks, err := w.Tokenize("b")
	if err != nil || !cmp.Equal(toks, []tokenizer.Token{{ID: 1, Value: "<u>", Offsets: tokenizer.Offsets{Start: 0, End: 1}}}) {
		t.Errorf("b: %v %v", toks, err)
	}
	toks, _ = w.Tokenize("a")
	if !cmp.Equal(toks, []tokenizer.Token{{ID: 0, Value: "a", Offsets: tokenizer.Offsets{Start: 0, End: 1}}}) {
		t.Errorf("a: %v", toks)
	}
	ids, err := w.AppendIDs([]uint32{9}, "zz")
	if err != nil || !cmp.Equal(ids, []uint32{9, 1}) {
		t.Errorf("AppendIDs: %v %v", ids, err)
	}
	// PARITY G.87.
	w = New(map[string]uint32{"a": 0}, "<u>")
	if _, err := w.Tokenize("a"); err != nil {
		t.Error(err)
	}
	if _, err := w.Tokenize("b"); err == nil || err.Error() != "WordLevel error: Missing [UNK] token from the vocabulary" {
		t.Errorf("b: %v", err)
	}
	if _, err := w.AppendIDs(nil, "b"); err == nil {
		t.Error("AppendIDs b: no error")
	}
}

func TestJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"type":"WordLevel","vocab":{},"unk_token":"<unk>"}`, `{"type":"WordLevel","vocab":{},"unk_token":"<unk>"}`},
		{`{"type":"WordLevel","vocab":{"b":2,"<unk>":0},"unk_token":"<unk>"}`, `{"type":"WordLevel","vocab":{"<unk>":0,"b":2},"unk_token":"<unk>"}`},
		{`{"vocab":{"a\\\\b\t\r\b\f\u001f":0},"unk_token":"x"}`, `{"type":"WordLevel","vocab":{"a\\\\b\t\r\b\f\u001f":0},"unk_token":"x"}`},
	} {
		w, err := Parse([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := w.MarshalJSON()
		if string(b) != tc.want {
			t.Errorf("got  %s\nwant %s", b, tc.want)
		}
	}
	for _, tc := range []struct{ json, err string }{
		{`{"type":"WordLevel","vocab":{}}`, "missing field `unk_token`"},
		{`{"type":"WordLevel","unk_token":"<unk>"}`, "missing field `vocab`"},
		{`{"type":"WordPiece","vocab":{},"unk_token":"<unk>"}`, "type"},
	} {
		if _, err := Parse([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.err)
		}
	}
}
