package wordpiece

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

type tok struct {
	Value      string
	ID         uint32
	Start, End int
}

// tokenizeText runs WhitespaceSplit (ASCII spaces here) + w over text, offsets in bytes
// of text (the cases are ASCII but "é", which is two bytes and one character).
func tokenizeText(t *testing.T, w *WordPiece, text string) ([]tok, error) {
	var out []tok
	pos := 0
	for _, word := range strings.Split(text, " ") {
		toks, err := w.Tokenize(word)
		if err != nil {
			return nil, err
		}
		ids, err := w.AppendIDs(nil, word)
		if err != nil {
			t.Fatalf("AppendIDs(%q): %v", word, err)
		}
		for i, tk := range toks {
			if ids[i] != tk.ID {
				t.Errorf("AppendIDs(%q) = %v", word, ids)
			}
			out = append(out, tok{tk.Value, tk.ID, pos + tk.Offsets.Start, pos + tk.Offsets.End})
		}
		pos += len(word) + 1
	}
	return out, nil
}

// Expected values: the reference's output for the same models behind a WhitespaceSplit
// pre-tokenizer (testdata/ref_cases.js), offsets converted to bytes.
func TestTokenize(t *testing.T) {
	vocab := map[string]uint32{"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "a": 4, "##ff": 5, "##a": 6, "é": 7, "##é": 8, "##": 9, "###": 10}
	w := New(vocab, DefaultOptions())
	got, err := tokenizeText(t, w, "unaffable unxyz aaa aéé a## a### é")
	if err != nil {
		t.Fatal(err)
	}
	want := []tok{{"un", 1, 0, 2}, {"##aff", 2, 2, 5}, {"##able", 3, 5, 9}, {"[UNK]", 0, 10, 15},
		{"a", 4, 16, 17}, {"##a", 6, 17, 18}, {"##a", 6, 18, 19}, {"a", 4, 20, 21}, {"##é", 8, 21, 23}, {"##é", 8, 23, 25},
		{"a", 4, 26, 27}, {"###", 10, 27, 28}, {"###", 10, 28, 29}, {"a", 4, 30, 31}, {"###", 10, 31, 32}, {"###", 10, 32, 33}, {"###", 10, 33, 34},
		{"é", 7, 35, 37}}
	if !cmp.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}

	// PARITY G.85: max_input_chars_per_word counts characters.
	opt := DefaultOptions()
	opt.MaxInputCharsPerWord = 5
	w = New(vocab, opt)
	got, _ = tokenizeText(t, w, "unaffable unaff aéééé aééééé")
	want = []tok{{"[UNK]", 0, 0, 9}, {"un", 1, 10, 12}, {"##aff", 2, 12, 15}, {"a", 4, 16, 17},
		{"##é", 8, 17, 19}, {"##é", 8, 19, 21}, {"##é", 8, 21, 23}, {"##é", 8, 23, 25}, {"[UNK]", 0, 26, 37}}
	if !cmp.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}

	// Empty prefix.
	w = New(map[string]uint32{"a": 0, "ab": 1, "b": 2, "<u>": 3}, Options{"[UNK]", "", 100})
	got, _ = tokenizeText(t, w, "abab bba")
	want = []tok{{"ab", 1, 0, 2}, {"ab", 1, 2, 4}, {"b", 2, 5, 6}, {"b", 2, 6, 7}, {"a", 0, 7, 8}}
	if !cmp.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}

	// Missing unk token: an error only when it is needed.
	w = New(map[string]uint32{"a": 0}, Options{"<u>", "##", 100})
	if _, err := w.Tokenize("a"); err != nil {
		t.Error(err)
	}
	if _, err := w.Tokenize("b"); err == nil || err.Error() != "WordPiece error: Missing [UNK] token from the vocabulary" {
		t.Errorf("b: %v", err)
	}
	if _, err := w.AppendIDs(nil, "b"); err == nil {
		t.Error("AppendIDs b: no error")
	}
	if toks, err := w.Tokenize(""); err != nil || len(toks) != 0 {
		t.Errorf("empty word: %v %v", toks, err)
	}
}

func TestLongWordsAndBuffers(t *testing.T) {
	// Pieces longer than the stack key buffer, and words longer than every piece.
	long := strings.Repeat("x", 300)
	w := New(map[string]uint32{"[UNK]": 0, "a": 1, "##" + long: 2, "##b": 3}, Options{"[UNK]", "##", 1000})
	ids, err := w.AppendIDs(nil, "a"+long+"b")
	if err != nil || !cmp.Equal(ids, []uint32{1, 2, 3}) {
		t.Errorf("got %v %v", ids, err)
	}
	ids, _ = w.AppendIDs(nil, "a"+long+"x")
	if !cmp.Equal(ids, []uint32{0}) {
		t.Errorf("got %v", ids)
	}
}

func TestJSON(t *testing.T) {
	// Expected: the reference's save of the same model (testdata/ref_cases.js).
	w, err := Parse([]byte(`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"b":2,"a":0,"c\n\"":5}}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := w.MarshalJSON()
	if want := `{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{"a":0,"b":2,"c\n\"":5}}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// From the reference's serialization tests.
	w, _ = Parse([]byte(`{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`))
	b, _ = w.MarshalJSON()
	if want := `{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	for _, tc := range []struct{ json, err string }{
		{`{"type":"WordPiece","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}`, "missing field `unk_token`"},
		{`{"unk_token":"[UNK]","max_input_chars_per_word":100,"vocab":{}}`, "missing field `continuing_subword_prefix`"},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","vocab":{}}`, "missing field `max_input_chars_per_word`"},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100}`, "missing field `vocab`"},
		{`{"unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":-1,"vocab":{}}`, "max_input_chars_per_word"},
		{`{"type":"BPE","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":1,"vocab":{}}`, "type"},
	} {
		if _, err := Parse([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.err)
		}
	}
}

// naiveIDs transcribes the reference's tokenize (shrinking map lookups).
func naiveIDs(w *WordPiece, word string) ([]uint32, bool) {
	if utf8.RuneCountInString(word) > w.maxInputCharsPerWord {
		return nil, false
	}
	var ids []uint32
	for start := 0; start < len(word); {
		end := len(word)
		found := false
		for start < end {
			sub := word[start:end]
			if start > 0 {
				sub = w.continuingSubwordPrefix + sub
			}
			if id, ok := w.vocab[sub]; ok {
				ids = append(ids, id)
				found = true
				break
			}
			_, size := utf8.DecodeLastRuneInString(sub)
			end -= size
		}
		if !found {
			return nil, false
		}
		start = end
	}
	return ids, true
}

func FuzzNaive(f *testing.F) {
	f.Add("unaffable", "un ##aff ##able a ##a ## ###", "##", uint8(100))
	f.Add("aé", "a é ##é", "", uint8(3))
	f.Fuzz(func(t *testing.T, word, pieces, prefix string, maxChars uint8) {
		if !utf8.ValidString(word) || !utf8.ValidString(pieces) {
			return
		}
		vocab := map[string]uint32{"[UNK]": 0}
		for i, p := range strings.Split(pieces, " ") {
			vocab[p] = uint32(i + 1)
		}
		w := New(vocab, Options{"[UNK]", prefix, int(maxChars)})
		got, err := w.AppendIDs(nil, word)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := naiveIDs(w, word)
		if !ok {
			want = []uint32{0}
		}
		if len(word) == 0 {
			want = nil
		}
		if !cmp.Equal(got, want) {
			t.Fatalf("%q over %q prefix %q: got %v, want %v", word, pieces, prefix, got, want)
		}
	})
}
