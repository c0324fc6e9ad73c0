package tokenizer

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"unicode"
)

// isPunc is the reference's Punctuation pre-tokenizer test (ASCII punctuation or a
// Unicode punctuation category).
func isPunc(c rune) bool {
	return c < 0x80 && unicode.IsPrint(c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != ' ' || unicode.IsPunct(c)
}

// pipelineNormalize is the normalizer of testdata/pipeline_tokenizer.json.
func pipelineNormalize(t *testing.T, n *NormalizedString) {
	if err := n.Replace(StringPattern("ab"), "X"); err != nil {
		t.Fatal(err)
	}
	n.Lowercase()
	n.Strip()
	n.Prepend("▁")
}

// pipelinePreTokenize is the pre-tokenizer of testdata/pipeline_tokenizer.json.
func pipelinePreTokenize(t *testing.T, p *PreTokenizedString) {
	if err := p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
		return n.Split(FuncPattern(unicode.IsSpace), Removed)
	}); err != nil {
		t.Fatal(err)
	}
	if err := p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
		return n.Split(FuncPattern(isPunc), Isolated)
	}); err != nil {
		t.Fatal(err)
	}
}

func readJSONL(t *testing.T, path string, each func(line []byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		each(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func pipelineInputs(t *testing.T, path string) []string {
	var texts []string
	readJSONL(t, path, func(l []byte) {
		var r struct{ Text string }
		if err := json.Unmarshal(l, &r); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, r.Text)
	})
	return texts
}

// pipeline2 returns the normalizer and pre-tokenizer of
// testdata/pipeline2_<behavior>.json.
func pipeline2(behavior SplitDelimiterBehavior) (func(*testing.T, *NormalizedString), func(*testing.T, *PreTokenizedString)) {
	norm := func(t *testing.T, n *NormalizedString) {
		if err := n.Replace(StringPattern("é"), ""); err != nil {
			t.Fatal(err)
		}
		if err := n.Replace(StringPattern(" "), "▁▁"); err != nil {
			t.Fatal(err)
		}
		n.Lowercase()
		n.LStrip()
	}
	pre := func(t *testing.T, p *PreTokenizedString) {
		if err := p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
			return n.Split(FuncPattern(isPunc), behavior)
		}); err != nil {
			t.Fatal(err)
		}
		if err := p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
			return n.Split(RunePattern('▁'), Removed)
		}); err != nil {
			t.Fatal(err)
		}
	}
	return norm, pre
}

type pipelineCase struct {
	name          string
	input, golden string
	pretok        string
	normalize     func(*testing.T, *NormalizedString)
	preTokenize   func(*testing.T, *PreTokenizedString)
}

func pipelineCases() []pipelineCase {
	cases := []pipelineCase{{"pipeline", "testdata/pipeline_input.jsonl", "testdata/pipeline_golden.jsonl",
		"testdata/pipeline_pretok.jsonl", pipelineNormalize, pipelinePreTokenize}}
	for _, b := range []SplitDelimiterBehavior{MergedWithPrevious, MergedWithNext, Contiguous} {
		norm, pre := pipeline2(b)
		base := "testdata/pipeline2_" + b.String()
		cases = append(cases, pipelineCase{"pipeline2_" + b.String(), "testdata/pipeline2_input.jsonl",
			base + "_golden.jsonl", base + "_pretok.jsonl", norm, pre})
	}
	return cases
}

// TestPipelineEncode runs the pipelines of testdata/pipeline*.json and compares the
// encodings (char offsets, word ids) with the reference's.
func TestPipelineEncode(t *testing.T) {
	for _, pc := range pipelineCases() {
		t.Run(pc.name, func(t *testing.T) {
			texts := pipelineInputs(t, pc.input)
			i := 0
			readJSONL(t, pc.golden, func(l []byte) {
				var want struct {
					Tokens  []string
					Offsets [][2]int
					WordIDs []int `json:"word_ids"`
				}
				if err := json.Unmarshal(l, &want); err != nil {
					t.Fatal(err)
				}
				text := texts[i]
				i++
				n := NewNormalizedString(text)
				pc.normalize(t, &n)
				p := PreTokenizedFromNormalized(n)
				pc.preTokenize(t, p)
				if err := p.Tokenize(func(n *NormalizedString) ([]Token, error) {
					return []Token{{ID: 0, Value: "[UNK]", Offsets: Offsets{0, n.Len()}}}, nil
				}); err != nil {
					t.Fatal(err)
				}
				e, err := p.IntoEncoding(-1, 0, OffsetChars)
				if err != nil {
					t.Fatal(err)
				}
				got := make([][2]int, len(e.Offsets))
				for k, o := range e.Offsets {
					got[k] = [2]int{o.Start, o.End}
				}
				if len(want.Offsets) == 0 {
					want.Offsets = [][2]int{}
				}
				if !reflect.DeepEqual(got, want.Offsets) {
					t.Errorf("%q: offsets %v, want %v", text, got, want.Offsets)
				}
				if len(want.WordIDs) == 0 {
					want.WordIDs = []int{}
				}
				if !reflect.DeepEqual(e.WordIDs, want.WordIDs) {
					t.Errorf("%q: word ids %v, want %v", text, e.WordIDs, want.WordIDs)
				}
				if e.Len() != len(want.Tokens) {
					t.Errorf("%q: %d tokens, want %d", text, e.Len(), len(want.Tokens))
				}
			})
			if i != len(texts) {
				t.Fatalf("%d golden records for %d texts", i, len(texts))
			}
		})
	}
}

// TestPipelinePreTokenize compares the normalized text and the pre-tokenizer's pieces
// (char offsets in the normalized text) with the reference's.
func TestPipelinePreTokenize(t *testing.T) {
	for _, pc := range pipelineCases() {
		t.Run(pc.name, func(t *testing.T) {
			texts := pipelineInputs(t, pc.input)
			i := 0
			readJSONL(t, pc.pretok, func(l []byte) {
				var want struct {
					Normalized string
					Pieces     [][2]json.RawMessage
				}
				if err := json.Unmarshal(l, &want); err != nil {
					t.Fatal(err)
				}
				text := texts[i]
				i++
				n := NewNormalizedString(text)
				pc.normalize(t, &n)
				if n.Normalized() != want.Normalized {
					t.Errorf("%q: normalized %q, want %q", text, n.Normalized(), want.Normalized)
					return
				}
				p := NewPreTokenizedString(n.Normalized())
				pc.preTokenize(t, p)
				splits := p.GetSplits(Original, OffsetChars)
				if len(splits) != len(want.Pieces) {
					t.Errorf("%q: %d pieces, want %d", text, len(splits), len(want.Pieces))
					return
				}
				for k, s := range splits {
					var v string
					var o [2]int
					_ = json.Unmarshal(want.Pieces[k][0], &v)
					_ = json.Unmarshal(want.Pieces[k][1], &o)
					if s.Value != v || s.Offsets != (Offsets{o[0], o[1]}) {
						t.Errorf("%q: piece %d = %q %v, want %q %v", text, k, s.Value, s.Offsets, v, o)
					}
				}
			})
		})
	}
}

func TestPreTokenizedBasics(t *testing.T) {
	p := NewPreTokenizedString("Hey friend!   How are you?")
	// Split on spaces, with the index of each piece.
	var seen []int
	if err := p.Split(func(i int, n *NormalizedString) ([]NormalizedString, error) {
		seen = append(seen, i)
		return n.Split(RunePattern(' '), Removed)
	}); err != nil {
		t.Fatal(err)
	}
	// Mark the second piece as tokenized: later splits and normalizations skip it.
	p.Splits()[1].Tokens = []Token{{ID: 7, Value: "friend!", Offsets: Offsets{0, 7}}}
	p.Splits()[1].Tokenized = true
	if err := p.Split(func(i int, n *NormalizedString) ([]NormalizedString, error) {
		seen = append(seen, i)
		return n.Split(FuncPattern(isPunc), Isolated)
	}); err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 0, 2, 3, 4}; !reflect.DeepEqual(seen, want) {
		t.Errorf("indices %v, want %v", seen, want)
	}
	if err := p.Normalize(func(n *NormalizedString) error { n.Uppercase(); return nil }); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.GetSplits(Normalized, OffsetBytes) {
		got = append(got, s.Value)
	}
	if want := []string{"HEY", "friend!", "HOW", "ARE", "YOU", "?"}; !reflect.DeepEqual(got, want) {
		t.Errorf("splits %q, want %q", got, want)
	}
	if _, err := p.IntoEncoding(-1, 0, OffsetBytes); err == nil {
		t.Errorf("IntoEncoding before Tokenize should fail")
	}
	if err := p.Tokenize(func(n *NormalizedString) ([]Token, error) {
		return []Token{{ID: 1, Value: n.Normalized(), Offsets: Offsets{0, n.Len()}}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	e, err := p.IntoEncoding(5, 1, OffsetBytes)
	if err != nil {
		t.Fatal(err)
	}
	wantOff := []Offsets{{0, 3}, {4, 11}, {14, 17}, {18, 21}, {22, 25}, {25, 26}}
	if !reflect.DeepEqual(e.Offsets, wantOff) || e.WordIDs[0] != 5 || e.WordIDs[5] != 5 || e.TypeIDs[3] != 1 {
		t.Errorf("encoding %+v", e)
	}
}

func TestTokenizeWithLimit(t *testing.T) {
	tok := func(n *NormalizedString) ([]Token, error) {
		return []Token{{Value: n.Normalized(), Offsets: Offsets{0, n.Len()}}}, nil
	}
	split := func(p *PreTokenizedString) {
		_ = p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
			return n.Split(RunePattern(' '), Removed)
		})
	}
	p := NewPreTokenizedString("a b c d e")
	split(p)
	if err := p.TokenizeWithLimit(tok, 2, TruncateRight); err != nil {
		t.Fatal(err)
	}
	e, _ := p.IntoEncoding(-1, 0, OffsetBytes)
	if !reflect.DeepEqual(e.Tokens, []string{"a", "b"}) || !reflect.DeepEqual(e.WordIDs, []int{0, 1}) {
		t.Errorf("right: %v %v", e.Tokens, e.WordIDs)
	}
	p = NewPreTokenizedString("a b c d e")
	split(p)
	if err := p.TokenizeWithLimit(tok, 2, TruncateLeft); err != nil {
		t.Fatal(err)
	}
	e, _ = p.IntoEncoding(-1, 0, OffsetBytes)
	if !reflect.DeepEqual(e.Tokens, []string{"d", "e"}) || !reflect.DeepEqual(e.WordIDs, []int{0, 1}) ||
		e.Offsets[0] != (Offsets{6, 7}) {
		t.Errorf("left: %v %v %v", e.Tokens, e.WordIDs, e.Offsets)
	}
}

func TestCharOffsetConverter(t *testing.T) {
	c := newCharOffsetConverter("a😀b")
	for _, tc := range []struct{ in, want Offsets }{
		{Offsets{0, 1}, Offsets{0, 1}},
		{Offsets{1, 5}, Offsets{1, 2}},
		{Offsets{5, 6}, Offsets{2, 3}},
		{Offsets{0, 6}, Offsets{0, 3}},
		{Offsets{6, 6}, Offsets{6, 6}}, // start past the end: unchanged
		{Offsets{2, 3}, Offsets{1, 1}}, // inside a character: that character
		{Offsets{5, 9}, Offsets{2, 4}}, // end far past the text: start + 2
	} {
		if got := c.convert(tc.in); got != tc.want {
			t.Errorf("convert(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestPipelineSubwordOffsets runs the pipeline of testdata/pipeline_tokenizer.json with
// a WordPiece model that has every character (testdata/pipeline_wordpiece.json), so
// that each character is a token: its offsets go through the piece's alignments.
func TestPipelineSubwordOffsets(t *testing.T) {
	texts := pipelineInputs(t, "testdata/pipeline_input.jsonl")
	i := 0
	readJSONL(t, "testdata/pipeline_wordpiece_golden.jsonl", func(l []byte) {
		var want struct {
			Tokens  []string
			Offsets [][2]int
			WordIDs []int `json:"word_ids"`
		}
		if err := json.Unmarshal(l, &want); err != nil {
			t.Fatal(err)
		}
		text := texts[i]
		i++
		n := NewNormalizedString(text)
		pipelineNormalize(t, &n)
		p := PreTokenizedFromNormalized(n)
		pipelinePreTokenize(t, p)
		if err := p.Tokenize(func(n *NormalizedString) ([]Token, error) {
			var toks []Token
			for b, c := range n.Normalized() {
				v := string(c)
				if b > 0 {
					v = "##" + v
				}
				toks = append(toks, Token{Value: v, Offsets: Offsets{b, b + len(string(c))}})
			}
			return toks, nil
		}); err != nil {
			t.Fatal(err)
		}
		e, err := p.IntoEncoding(-1, 0, OffsetChars)
		if err != nil {
			t.Fatal(err)
		}
		got := make([][2]int, len(e.Offsets))
		for k, o := range e.Offsets {
			got[k] = [2]int{o.Start, o.End}
		}
		if len(want.Offsets) == 0 {
			want.Offsets = [][2]int{}
			want.Tokens = []string{}
			want.WordIDs = []int{}
		}
		if !reflect.DeepEqual(got, want.Offsets) || !reflect.DeepEqual(e.Tokens, want.Tokens) ||
			!reflect.DeepEqual(e.WordIDs, want.WordIDs) {
			t.Errorf("%q:\n got %v %q %v\nwant %v %q %v", text, got, e.Tokens, e.WordIDs, want.Offsets, want.Tokens, want.WordIDs)
		}
	})
}
