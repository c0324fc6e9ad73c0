package wordpiece

import (
	"encoding/json"
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// TestParseFast checks that the fast decoder gives the full decoder's model, and that
// it leaves unusual objects to the full decoder.
func TestParseFast(t *testing.T) {
	for _, tc := range []struct {
		json string
		fast bool
	}{
		{`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"[UNK]":0,"a":1,"##b":2,"":3,"\u00e9t\u00e9":4,"x\"y":9}}`, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":5,"vocab":{}}`, true},
		{` { "vocab" : { "a" : 1 , "b" : 1 } , "unk_token" : "a" , "continuing_subword_prefix" : "" , "max_input_chars_per_word" : 0 } `, true},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1,"a":2}}`, false},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":1},"extra":1}`, false},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":1e2,"vocab":{"a":1}}`, false},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100}`, false},
		{`{"type":"BPE","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`, false},
		{`{"unk_token":"[UNK]","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`, false},
	} {
		fast, ok := parseFast([]byte(tc.json))
		if ok != tc.fast {
			t.Errorf("parseFast(%s): ok = %v, want %v", tc.json, ok, tc.fast)
		}
		if !ok {
			continue
		}
		full, err := parseFull([]byte(tc.json))
		if err != nil {
			t.Fatalf("parseFull(%s): %v", tc.json, err)
		}
		a, _ := json.Marshal(fast)
		b, _ := json.Marshal(full)
		if diff := cmp.Diff(string(b), string(a)); diff != "" {
			t.Errorf("%s: saved model differs (-full +fast):\n%s", tc.json, diff)
		}
		for tok, id := range full.Vocab() {
			if got, ok := fast.TokenToID(tok); !ok || got != id {
				t.Errorf("%s: TokenToID(%q) = %d %v, want %d", tc.json, tok, got, ok, id)
			}
			want, _ := full.IDToToken(id)
			if got, ok := fast.IDToToken(id); !ok || got != want {
				t.Errorf("%s: IDToToken(%d) = %q %v, want %q", tc.json, id, got, ok, want)
			}
		}
		for _, word := range []string{"a", "ab", "été", "x\"yb", "zzzzzz", ""} {
			w1, e1 := full.Tokenize(word)
			w2, e2 := fast.Tokenize(word)
			if diff := cmp.Diff(w1, w2); diff != "" || (e1 == nil) != (e2 == nil) {
				t.Errorf("%s: Tokenize(%q) differs (-full +fast):\n%s %v %v", tc.json, word, diff, e1, e2)
			}
		}
	}
}

// TestWithoutVocabArray checks that an object whose vocab is an array fails with the
// same error whether or not the array is reduced.
func TestWithoutVocabArray(t *testing.T) {
	for _, tc := range []struct {
		json    string
		reduced bool
	}{
		{`{"unk_id":2,"vocab":[["<pad>",0.0],["</s>",-1.5e3],["a\u00e9",-2]]}`, true},
		{`{"type":"Unigram","unk_id":1,"vocab":[["a",0]],"byte_fallback":false}`, true},
		{`{"unk_token":5,"vocab":[["a",0]],"continuing_subword_prefix":"##"}`, true},
		{` { "vocab" : [ [ "x" , -1 ] , null , true , { "k" : [ ] } ] , "max_input_chars_per_word" : -1 } `, true},
		{`{"vocab":[["a",0]],"vocab":[]}`, false},
		{`{"vocab":{"a":0}}`, false},
		{`{"vocab":[["a",01]]}`, false},
		{`{"vocab":[["a",0],]}`, false},
		{`{"vocab":[["a",0]]`, false},
		{`{"vocab":[["a",0]]}x`, false},
		{`{"vocab":[["a",nul]]}`, false},
		{`{"unk_id":2}`, false},
	} {
		reduced, ok := withoutVocabArray([]byte(tc.json))
		if ok != tc.reduced {
			t.Errorf("withoutVocabArray(%s): ok = %v, want %v", tc.json, ok, tc.reduced)
		}
		if !ok {
			continue
		}
		_, want := parseFull([]byte(tc.json))
		_, got := parseFull(reduced)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%s: reduced error %v, want %v", tc.json, got, want)
		}
		_, viaParse := Parse([]byte(tc.json))
		if viaParse == nil || viaParse.Error() != want.Error() {
			t.Errorf("%s: Parse error %v, want %v", tc.json, viaParse, want)
		}
	}
}

// TestWithoutVocabArrayShared checks Parse's error on the shared Unigram models.
func TestWithoutVocabArrayShared(t *testing.T) {
	for _, name := range []string{"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"} {
		data := testutil.TokenizerSection(t, name, "model")
		_, want := parseFull(data)
		_, got := Parse(data)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("%s: Parse error %v, want %v", name, got, want)
		}
	}
}
