package bpe

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// parseBoth runs Parse (fast path first) and parseSlow and reports any difference.
func parseBoth(t *testing.T, data string) {
	t.Helper()
	fast, errF := Parse([]byte(data))
	slow, errS := parseSlow([]byte(data))
	if (errF == nil) != (errS == nil) || errF != nil && errF.Error() != errS.Error() {
		t.Fatalf("input %q:\nfast error: %v\nslow error: %v", data, errF, errS)
	}
	if errF != nil {
		return
	}
	jf, err1 := fast.MarshalJSON()
	js, err2 := slow.MarshalJSON()
	if err1 != nil || err2 != nil || string(jf) != string(js) {
		t.Fatalf("input %q: saved models differ:\nfast %s\nslow %s", data, jf, js)
	}
	if fast.staleMatters != slow.staleMatters || fast.dupIDs != slow.dupIDs || fast.segment != slow.segment {
		t.Fatalf("input %q: flags differ", data)
	}
	// The streaming path, on a text that arrives 7 bytes at a time.
	b := []byte(data)
	sc := jsonutil.Scanner{More: func(n int) []byte { return b[:min(len(b), max(n, 7))] }}
	sc.Data = sc.More(7)
	streamed, err, ok := parseFastFrom(&sc)
	if ok && err == nil && sc.AtEnd() {
		jst, _ := streamed.MarshalJSON()
		if string(jst) != string(js) || streamed.staleMatters != slow.staleMatters {
			t.Fatalf("input %q: streamed model differs:\n%s\n%s", data, jst, js)
		}
	}
}

func TestParseFastMatchesSlow(t *testing.T) {
	base := `{"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,` +
		`"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,` +
		`"vocab":{"<unk>":0,"a":1,"b":2,"ab":3,"c":4,"abc":5,"\u00e9":6,"\"q\\":7},"merges":[["a","b"],["ab","c"]]}`
	cases := []string{
		base,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":["#version: 0.2","a b"]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":["a  b"]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":[["a","x"]]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":[["a","b"],"a b"]}`,
		`{"vocab":{"a":0,"b":1,"ab":2},"merges":[["a","b",null]]}`,
		`{"vocab":{"a":0,"b":1,"ab":2,"a":5},"merges":[]}`,
		`{"vocab":{"a":0,"b":0,"ab":2},"merges":[["a","b"]]}`,
		`{"vocab":{"a":1.0},"merges":[]}`,
		`{"vocab":{"a":-1},"merges":[]}`,
		`{"vocab":{"a":4294967296},"merges":[]}`,
		`{"vocab":{"a":4294967295},"merges":[]}`,
		`{"vocab":{"a":01},"merges":[]}`,
		`{"vocab":null,"merges":[]}`,
		`{"vocab":{},"merges":null}`,
		`{"vocab":{}}`,
		`{"merges":[]}`,
		`{"vocab":{},"merges":[],"vocab":{}}`,
		`{"vocab":{},"merges":[],"type":"WordPiece"}`,
		`{"vocab":{},"merges":[],"type":null}`,
		`{"vocab":{},"merges":[],"dropout":1.5}`,
		`{"vocab":{},"merges":[],"dropout":"x"}`,
		`{"vocab":{},"merges":[],"fuse_unk":1}`,
		`{"vocab":{},"merges":[],"extra":[1,{"a":"}"}]}`,
		`{"vocab":{},"merges":[],"extra":[1,}`,
		`{"vocab":{"\ud800":0},"merges":[]}`,
		`{"vocab":{"\ud83d\ude00":0,"x\n":1},"merges":[]}`,
		"{\"vocab\":{\"\xff\":0},\"merges\":[]}",
		"{\"vocab\":{\"a\tb\":0},\"merges\":[]}",
		`{"vocab":{"##a":0,"b":1,"##b":2,"a##b":3,"ab":4},"merges":[["##a","##b"],["a","##b"]],"continuing_subword_prefix":"##"}`,
		`{"vocab":{},"merges":[]} x`,
		`{"vocab":{"##a":0,"b":1,"##b":2,"a##b":3,"ab":4,"##ab":5},"merges":[["##a","##b"],["a","##b"]],"continuing_subword_prefix":"##"}`,
		`{"vocab":{"##a":0,"b":1,"##b":2,"a##b":3,"ab":4,"##a##b":5},"merges":[["##a","##b"],["a","##b"]],"continuing_subword_prefix":"##"}`,
		`{"continuing_subword_prefix":"##","vocab":{"##a":0,"b":1,"##b":2,"a##b":3,"ab":4,"##ab":5},"merges":[["##a","##b"],["a","##b"]]}`,
		`null`,
		`[]`,
		``,
	}
	for _, c := range cases {
		parseBoth(t, c)
	}
	// Every one-byte deletion and a few insertions in the base model.
	for i := 0; i < len(base); i++ {
		parseBoth(t, base[:i]+base[i+1:])
		for _, ins := range []string{"}", "\"", ",", "\\", " ", "0", "n"} {
			parseBoth(t, base[:i]+ins+base[i:])
		}
	}
}

// wantMerges is what parseMergesFast must read from a "merges" array, by way of
// encoding/json: the pairs, or false where the fast path must give up; uniform says
// whether the elements are all strings or all pairs (else the fast path may give up).
func wantMerges(text string) (_ [][2]string, ok, uniform bool) {
	var elems []json.RawMessage
	if json.Unmarshal([]byte(text), &elems) != nil {
		return nil, false, false
	}
	var out [][2]string
	strs := 0
	for _, e := range elems {
		var line string
		var pair []string
		switch {
		case json.Unmarshal(e, &line) == nil:
			a, b, ok := strings.Cut(line, " ")
			if !ok || strings.Contains(b, " ") || strings.HasPrefix(line, "#version") {
				return nil, false, false
			}
			out = append(out, [2]string{a, b})
			strs++
		case json.Unmarshal(e, &pair) == nil && len(pair) == 2:
			out = append(out, [2]string{pair[0], pair[1]})
		default:
			return nil, false, false
		}
	}
	return out, true, strs == 0 || strs == len(elems)
}

// checkMerges compares parseMergesFast with wantMerges on text (valid UTF-8: the
// fast path leaves its check to the vocabulary's lookups).
func checkMerges(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		return
	}
	want, wantOK, uniform := wantMerges(text)
	s := jsonutil.Scanner{Data: []byte(text)}
	p, ok := parseMergesFast(&s, nil)
	ok = ok && s.AtEnd()
	if ok && !wantOK {
		t.Fatalf("%q: read, want a failure", text)
	}
	if !ok {
		if wantOK && uniform {
			t.Fatalf("%q: failed, want %q", text, want)
		}
		return
	}
	var got [][2]string
	for i := range p.n() {
		a, b := p.pair(i)
		got = append(got, [2]string{string(a), string(b)})
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q:\ngot  %q\nwant %q", text, got, want)
	}
}

func TestParseMergesLines(t *testing.T) {
	lines := []string{
		`"a b"`, `"ab cd"`, `"Ġ t"`, `"ĠĠ ĠĠĠĠ"`, `"abcdefg h"`, `"abcdefgh i"`, `"a bcdefghijklmnop"`,
		`"abcdefghijklmno p"`, `"a  b"`, `"a b c"`, `"ab"`, `" a"`, `"a "`, `" "`, `""`,
		`"#version: 0.2"`, `"#a b"`, `"a\"b c"`, `"a\\ b"`, `"a\u0020b"`, `"a\tb c"`, "\"a\tb c\"",
		"\"a\x01 b\"", `"a\nb c"`, `"é ü"`, `"\u00e9 b"`, `"abcdefghijklmnopqrstuvw xyz"`,
	}
	spaces := []string{"", " ", "\n      ", "\r\n\t", "\n                    "}
	for _, l := range lines {
		for _, sp := range spaces {
			for _, pad := range []string{"", `,"x y"`, `,"abcdefghijklmnop q","r s"`} {
				checkMerges(t, "["+sp+l+sp+pad+sp+"]")
				checkMerges(t, "["+sp+`"p q",`+sp+l+pad+"]")
			}
		}
	}
}

func FuzzParseMerges(f *testing.F) {
	f.Add(`["a b","cd ef"]`)
	f.Add("[\n  \"Ġ t\",\n  \"abcdefghij k\"\n]")
	f.Add(`[["a","b"],["c","d"]]`)
	f.Add(`["a\"b c", "#version x"]`)
	f.Fuzz(func(t *testing.T, text string) {
		checkMerges(t, text)
	})
}

// TestParseFastManyMerges compares the fast and slow paths on models with enough
// merges for the lookups' batches, their two goroutines and their look-ahead
// (lookupRange): results in and out of the vocabulary's order, a prefix (with merges
// whose second part is just the prefix), and one merge whose part or result is not in
// the vocabulary, at several places.
func TestParseFastManyMerges(t *testing.T) {
	build := func(n int, prefix string, bad int, shuffled bool) string {
		// Tokens: the letters, then the results of the merges that are new, in order
		// (their ids go backwards when shuffled, so that the resolver's guess fails).
		tokens := make([]string, 0, 26+n)
		have := map[string]bool{}
		for c := 'a'; c <= 'z'; c++ {
			tokens = append(tokens, string(c))
			have[string(c)] = true
		}
		var merges strings.Builder
		for i := range n {
			a := tokens[(i*7+3)%len(tokens)]
			b := tokens[(i*13+5)%len(tokens)]
			if len(a)+len(b) > 12 {
				a, b = tokens[i%26], tokens[(i/26+i)%len(tokens)]
			}
			pb := b
			switch {
			case prefix != "" && i%1000 == 17:
				b, pb = "", prefix // the second part is just the prefix
			case prefix != "":
				pb = prefix + b
			}
			if !have[a+b] {
				tokens = append(tokens, a+b)
				have[a+b] = true
			}
			if i == bad {
				pb += "!" // a part not in the vocabulary
			}
			if i > 0 {
				merges.WriteString(",")
			}
			fmt.Fprintf(&merges, "%q", a+" "+pb)
		}
		var vocab strings.Builder
		for i, tok := range tokens {
			id := i
			if shuffled && i >= 26 {
				id = 26 + len(tokens) - 1 - i
			}
			if i > 0 {
				vocab.WriteString(",")
			}
			fmt.Fprintf(&vocab, "%q:%d", tok, id)
			if prefix != "" {
				fmt.Fprintf(&vocab, ",%q:%d", prefix+tok, len(tokens)+id)
			}
		}
		pre := "null"
		if prefix != "" {
			fmt.Fprintf(&vocab, ",%q:%d", prefix, 2*len(tokens))
			pre = fmt.Sprintf("%q", prefix)
		}
		return `{"type":"BPE","continuing_subword_prefix":` + pre + `,"vocab":{` + vocab.String() + `},"merges":[` + merges.String() + `]}`
	}
	for _, n := range []int{30, 5000, 12000} {
		for _, prefix := range []string{"", "##"} {
			for _, shuffled := range []bool{false, true} {
				for _, bad := range []int{-1, 0, 7, n / 2, n - 1} {
					data := build(n, prefix, bad, shuffled)
					m, err := Parse([]byte(data))
					if (err == nil) != (bad < 0) {
						t.Fatalf("n %d prefix %q shuffled %v bad %d: error %v", n, prefix, shuffled, bad, err)
					}
					if err == nil && m.NumMerges() == 0 {
						t.Fatalf("n %d: no merges", n)
					}
					if _, _, ok := parseFast([]byte(data)); ok != (bad < 0) {
						t.Fatalf("n %d prefix %q shuffled %v bad %d: the fast path's ok is %v", n, prefix, shuffled, bad, ok)
					}
					parseBoth(t, data)
				}
			}
		}
	}
}
