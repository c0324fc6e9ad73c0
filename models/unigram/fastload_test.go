package unigram

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseFast checks that the fast decoder gives the full decoder's model, and that
// it leaves unusual objects to the full decoder.
func TestParseFast(t *testing.T) {
	for _, tc := range []struct {
		json string
		fast bool
	}{
		{`{"type":"Unigram","unk_id":0,"vocab":[["<unk>",0.0],["a",-1.5],["ab",-2e-3],["\u2581b",-3.25E+1],["b",-0.1],["a",-7]],"byte_fallback":false}`, true},
		{`{"unk_id":1,"vocab":[["x",0],["<unk>",-1]]}`, true},
		{` { "vocab" : [ [ "a" , -1 ] , [ "b" , -12345678901234567890.5 ] ] , "byte_fallback" : true } `, true},
		{`{"vocab":[]}`, true},
		{`{"unk_id":0,"vocab":[]}`, false},
		{`{"unk_id":5,"vocab":[["a",0]]}`, false},
		{`{"unk_id":null,"vocab":[["a",0]]}`, false},
		{`{"vocab":[["a",0]],"extra":1}`, false},
		{`{"vocab":[["a",01]]}`, false},
		{`{"vocab":[["a",-]]}`, false},
		{`{"vocab":[["a",1.]]}`, false},
		{`{"vocab":[["a",0,1]]}`, false},
		{`{"vocab":[["a",0]],"byte_fallback":truex}`, false},
		{`{"vocab":[["a",0]],"vocab":[["a",0]]}`, false},
		{`{"type":"BPE","vocab":[["a",0]]}`, false},
		{`{"unk_id":0}`, false},
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
		if diff := cmp.Diff(full.Pieces(), fast.Pieces()); diff != "" {
			t.Errorf("%s: pieces differ (-full +fast):\n%s", tc.json, diff)
		}
		for _, word := range []string{"a", "ab", "abab", "\u2581bx", "zz", "b"} {
			w1, e1 := full.Tokenize(word)
			w2, e2 := fast.Tokenize(word)
			if diff := cmp.Diff(w1, w2); diff != "" || (e1 == nil) != (e2 == nil) {
				t.Errorf("%s: Tokenize(%q) differs (-full +fast):\n%s %v %v", tc.json, word, diff, e1, e2)
			}
		}
	}
}
