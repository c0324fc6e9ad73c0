package pretokenizers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestParityChecklistE checks the pre-tokenizer items of PARITY-CHECKLIST section E on
// their examples. The expected pieces (character offsets) were printed by the
// reference: preTokenizeString of the Node binding of tokenizers 0.23.2.
func TestParityChecklistE(t *testing.T) {
	tests := []struct {
		name   string
		config string
		text   string
		want   []piece
	}{
		{"52 zero-width matches are cut points", `{"type":"Split","pattern":{"Regex":"(?=[A-Z])"},"behavior":"Isolated","invert":false}`, "CamelCaseWord", []piece{{"Camel", 0, 5}, {"Case", 5, 9}, {"Word", 9, 13}}},
		{"53 String pattern is literal", `{"type":"Split","pattern":{"String":".*"},"behavior":"Removed","invert":false}`, "a.*b.c", []piece{{"a", 0, 1}, {"b.c", 3, 6}}},
		{"54 invert", `{"type":"Split","pattern":{"Regex":"\\d+"},"behavior":"Removed","invert":true}`, "ab12cd345", []piece{{"12", 2, 4}, {"345", 6, 9}}},
		{"55 ByteLevel regex", `{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":true}`, "Hello  world\n!", []piece{{"Hello", 0, 5}, {"Ġ", 5, 6}, {"Ġworld", 6, 12}, {"Ċ", 12, 13}, {"!", 13, 14}}},
		{"56 ByteLevel add_prefix_space", `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true}`, "Hello", []piece{{"ĠHello", 0, 5}}},
		{"56 ByteLevel add_prefix_space, leading space kept", `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true}`, " Hello", []piece{{"ĠHello", 0, 6}}},
		{"56 ByteLevel add_prefix_space, leading tab", `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true}`, "\tHello", []piece{{"Ġ", 0, 1}, {"ĉ", 0, 1}, {"Hello", 1, 6}}},
		{"57 ByteLevel use_regex false", `{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}`, "é 😀", []piece{{"Ã©ĠðŁĺĢ", 0, 3}}},
		{"58 Metaspace", `{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}`, "Hey  friend", []piece{{"▁Hey", 0, 3}, {"▁", 3, 4}, {"▁friend", 4, 11}}},
		{"59 Whitespace", `{"type":"Whitespace"}`, "Hey, y'all_x 12!", []piece{{"Hey", 0, 3}, {",", 3, 4}, {"y", 5, 6}, {"'", 6, 7}, {"all_x", 7, 12}, {"12", 13, 15}, {"!", 15, 16}}},
		{"60 WhitespaceSplit", `{"type":"WhitespaceSplit"}`, "a 　b c\n", []piece{{"a", 0, 1}, {"b", 3, 4}, {"c", 5, 6}}},
		{"61 BertPreTokenizer old tables", `{"type":"BertPreTokenizer"}`, "a⹏b", []piece{{"a⹏b", 0, 3}}},
		{"61 BertPreTokenizer combining mark", `{"type":"BertPreTokenizer"}`, "é, x", []piece{{"é", 0, 2}, {",", 2, 3}, {"x", 4, 5}}},
		{"62 Punctuation default Isolated", `{"type":"Punctuation"}`, "a..b", []piece{{"a", 0, 1}, {".", 1, 2}, {".", 2, 3}, {"b", 3, 4}}},
		{"62 Punctuation Contiguous", `{"type":"Punctuation","behavior":"Contiguous"}`, "a..b", []piece{{"a", 0, 1}, {"..", 1, 3}, {"b", 3, 4}}},
		{"63 Digits grouped", `{"type":"Digits","individual_digits":false}`, "a123b٣", []piece{{"a", 0, 1}, {"123", 1, 4}, {"b", 4, 5}, {"٣", 5, 6}}},
		{"64 CharDelimiterSplit", `{"type":"CharDelimiterSplit","delimiter":"x"}`, "axbxxc", []piece{{"a", 0, 1}, {"b", 2, 3}, {"c", 5, 6}}},
		{"65 UnicodeScripts", `{"type":"UnicodeScripts"}`, "どこで生れ。Yes ہ", []piece{{"どこで生れ", 0, 5}, {"。", 5, 6}, {"Yes ", 6, 10}, {"ہ", 10, 11}}},
		{"65 UnicodeScripts leading space dropped", `{"type":"UnicodeScripts"}`, " abc", []piece{{"abc", 1, 4}}},
		{"66 FixedLength", `{"type":"FixedLength","length":3}`, "abcdefgh", []piece{{"abc", 0, 3}, {"def", 3, 6}, {"gh", 6, 8}}},
		{"67 Sequence", `{"type":"Sequence","pretokenizers":[{"type":"WhitespaceSplit"},{"type":"Digits","individual_digits":true}]}`, "ab12 c3", []piece{{"ab", 0, 2}, {"1", 2, 3}, {"2", 3, 4}, {"c", 5, 6}, {"3", 6, 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, err := tokenizer.ParsePreTokenizer([]byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			got, err := pretokenize(pt, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			comparePieces(t, tt.text, got, tt.want)
		})
	}
}

// TestMetaspaceFirstAfterAddedToken checks that the scheme first prepends only to a
// piece that starts the input. The pieces are those an added token `<x>` leaves; the
// expected values are the tokens the reference's encode gives with a WordLevel
// vocabulary of the candidate pieces (see the test's comments).
func TestMetaspaceFirstAfterAddedToken(t *testing.T) {
	tests := []struct {
		scheme string
		text   string
		from   int // the piece after (or before) the added token
		to     int
		want   []string
	}{
		// encode("hello<x>world"): first ["▁hello","<x>","world"], always [..., "▁world"], never ["hello","<x>","world"]
		{"first", "hello<x>world", 8, 13, []string{"world"}},
		{"always", "hello<x>world", 8, 13, []string{"▁world"}},
		{"never", "hello<x>world", 8, 13, []string{"world"}},
		{"first", "hello<x>world", 0, 5, []string{"▁hello"}},
		// encode("<x>hello world"): first ["<x>","hello","▁world"], always ["<x>","▁hello","▁world"]
		{"first", "<x>hello world", 3, 14, []string{"hello", "▁world"}},
		{"always", "<x>hello world", 3, 14, []string{"▁hello", "▁world"}},
		{"never", "<x>hello world", 3, 14, []string{"hello", "▁world"}},
		// encode("a b<x> c"): first ["▁a","▁b","<x>","▁c"]
		{"first", "a b<x> c", 6, 8, []string{"▁c"}},
		{"never", "a b<x> c", 0, 3, []string{"a", "▁b"}},
	}
	for _, tt := range tests {
		scheme, err := ParsePrependScheme(tt.scheme)
		if err != nil {
			t.Fatal(err)
		}
		whole := tokenizer.NewNormalizedString(tt.text)
		n, ok := whole.Slice(tokenizer.Original, tokenizer.Offsets{Start: tt.from, End: tt.to})
		if !ok {
			t.Fatal("slice")
		}
		p := tokenizer.PreTokenizedFromNormalized(n)
		if err := NewMetaspace('▁', scheme, true).PreTokenize(p); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range p.GetSplits(tokenizer.Original, tokenizer.OffsetBytes) {
			got = append(got, s.Value)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s %q [%d,%d): got %q, want %q", tt.scheme, tt.text, tt.from, tt.to, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s %q [%d,%d): got %q, want %q", tt.scheme, tt.text, tt.from, tt.to, got, tt.want)
				break
			}
		}
	}
}

// TestFixedLengthZero: the reference panics ("chunk size must be non-zero"); fasttok
// loads it as the reference does and fails to pre-tokenize.
func TestFixedLengthZero(t *testing.T) {
	pt, err := tokenizer.ParsePreTokenizer([]byte(`{"type":"FixedLength","length":0}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pretokenize(pt, "abc"); !errors.Is(err, errZeroLength) {
		t.Fatalf("err = %v, want %v", err, errZeroLength)
	}
}

// TestMapBytesMatchesTransform checks ByteLevel's direct byte mapping against the same
// mapping done through NormalizedString.Transform (the reference's way) on pieces with
// various alignments.
func TestMapBytesMatchesTransform(t *testing.T) {
	build := []struct {
		name string
		f    func() tokenizer.NormalizedString
	}{
		{"identity", func() tokenizer.NormalizedString { return tokenizer.NewNormalizedString("héllo wörld 😀\t") }},
		{"prepended", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("héllo")
			n.Prepend(" ")
			return n
		}},
		{"lowercased İ", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("İSTANBUL é")
			n.Lowercase()
			return n
		}},
		{"filtered", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("a\u0301b\u0302 c")
			n.Filter(func(r rune) bool { return r < 0x300 || r > 0x36F })
			return n
		}},
		{"expanded", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("ﬁx ß")
			n.Transform([]tokenizer.Change{{Rune: 'f'}, {Rune: 'i', Delta: 1}, {Rune: 'x'}, {Rune: ' '}, {Rune: 's'}, {Rune: 's', Delta: 1}}, 0)
			return n
		}},
		{"appended to empty", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("")
			n.Append("é!")
			return n
		}},
		{"slice", func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("xx héllo wörld")
			n.Prepend("▁")
			s, _ := n.Slice(tokenizer.Original, tokenizer.Offsets{Start: 3, End: 9})
			return s
		}},
	}
	for _, b := range build {
		fast, slow := b.f(), b.f()
		if err := mapBytes(&fast); err != nil {
			t.Fatal(err)
		}
		mapBytesSlow(&slow)
		if fast.Normalized() != slow.Normalized() || fast.Original() != slow.Original() ||
			fast.OffsetsOriginal() != slow.OffsetsOriginal() {
			t.Errorf("%s: fast %q/%q/%v, Transform %q/%q/%v", b.name, fast.Normalized(), fast.Original(),
				fast.OffsetsOriginal(), slow.Normalized(), slow.Original(), slow.OffsetsOriginal())
			continue
		}
		fa, sa := fast.Alignments(), slow.Alignments()
		if len(fa) != len(sa) {
			t.Errorf("%s: %d alignments, Transform %d", b.name, len(fa), len(sa))
			continue
		}
		for i := range fa {
			if fa[i] != sa[i] {
				t.Errorf("%s: alignment %d = %v, Transform %v", b.name, i, fa[i], sa[i])
				break
			}
		}
	}
}

// TestMarshalRoundTrip parses every loadable config of testdata/configs.jsonl, writes
// it back and parses that again: the second write must equal the first.
func TestMarshalRoundTrip(t *testing.T) {
	type config struct {
		Name         string          `json:"name"`
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
	}
	n := 0
	for _, c := range readJSONL[config](t, filepath.Join("testdata", "configs.jsonl")) {
		pt, err := tokenizer.ParsePreTokenizer(c.PreTokenizer)
		if err != nil {
			continue
		}
		first, err := json.Marshal(pt)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		pt2, err := tokenizer.ParsePreTokenizer(first)
		if err != nil {
			t.Fatalf("%s: reparse %s: %v", c.Name, first, err)
		}
		second, err := json.Marshal(pt2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: %s then %s", c.Name, first, second)
		}
		n++
	}
	if n < 50 {
		t.Errorf("only %d configs loaded", n)
	}
}

// TestErrorPaths checks that errors inside a Sequence name their JSON path.
func TestErrorPaths(t *testing.T) {
	_, err := tokenizer.ParsePreTokenizer([]byte(`{"type":"Sequence","pretokenizers":[{"type":"Whitespace"},{"type":"Split","pattern":{"Regex":"("},"behavior":"Isolated","invert":false}]}`))
	var pe *tokenizer.PathError
	if !errors.As(err, &pe) || pe.Path != "pretokenizers[1].pattern" {
		t.Fatalf("err = %v, want one at pretokenizers[1].pattern", err)
	}
}

// alignedStrings returns NormalizedStrings of text with various alignments: as is,
// after a prepend, a lowercasing (İ grows), a filter, a replacement of spaces, and a
// slice that does not start the input.
func alignedStrings(text string) map[string]func() tokenizer.NormalizedString {
	return map[string]func() tokenizer.NormalizedString{
		"identity": func() tokenizer.NormalizedString { return tokenizer.NewNormalizedString(text) },
		"prepended": func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString(text)
			n.Prepend("▁")
			return n
		},
		"lowercased": func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString(text)
			n.Lowercase()
			return n
		},
		"filtered": func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString(text)
			n.Filter(func(r rune) bool { return r < 0x300 || r > 0x36F })
			return n
		},
		"replaced": func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString(text)
			_ = n.Replace(tokenizer.StringPattern("  "), "\u3000")
			return n
		},
		"sliced": func() tokenizer.NormalizedString {
			n := tokenizer.NewNormalizedString("İx " + text)
			n.Lowercase()
			s, _ := n.Slice(tokenizer.Original, tokenizer.Offsets{Start: 3, End: 4 + len(text)})
			return s
		},
	}
}

// sameNormalized reports how a and b differ ("" when they do not).
func sameNormalized(a, b tokenizer.NormalizedString) string {
	if a.Normalized() != b.Normalized() || a.Original() != b.Original() || a.OffsetsOriginal() != b.OffsetsOriginal() {
		return fmt.Sprintf("%q/%q/%v vs %q/%q/%v", a.Normalized(), a.Original(), a.OffsetsOriginal(),
			b.Normalized(), b.Original(), b.OffsetsOriginal())
	}
	aa, ba := a.Alignments(), b.Alignments()
	if len(aa) != len(ba) {
		return fmt.Sprintf("%d vs %d alignments", len(aa), len(ba))
	}
	for i := range aa {
		if aa[i] != ba[i] {
			return fmt.Sprintf("alignment %d: %v vs %v", i, aa[i], ba[i])
		}
	}
	return ""
}

// checkMetaspaceFast compares Metaspace's one-pass splitting with the reference's
// procedure done through the NormalizedString operations.
func checkMetaspaceFast(t *testing.T, text string) {
	t.Helper()
	for name, build := range alignedStrings(text) {
		for _, scheme := range []PrependScheme{First, Never, Always} {
			for _, split := range []bool{false, true} {
				for _, rep := range []rune{'▁', '_', ' '} {
					m := NewMetaspace(rep, scheme, split)
					a, b := build(), build()
					fast, ok := m.splitFast(&a, m.rep)
					if !ok {
						t.Errorf("%q %s: the fast path gave up", text, name)
						continue
					}
					slow, err := m.splitSlow(&b, m.rep)
					if err != nil {
						t.Fatal(err)
					}
					var kept []tokenizer.NormalizedString
					for _, s := range slow {
						if !s.IsEmpty() {
							kept = append(kept, s)
						}
					}
					if len(fast) != len(kept) {
						t.Errorf("%q %s %v split=%v %q: %d pieces, want %d", text, name, scheme, split, rep, len(fast), len(kept))
						continue
					}
					for i := range fast {
						if d := sameNormalized(fast[i], kept[i]); d != "" {
							t.Errorf("%q %s %v split=%v %q piece %d: %s", text, name, scheme, split, rep, i, d)
						}
					}
				}
			}
		}
	}
}

func TestMetaspaceFastMatchesSlow(t *testing.T) {
	for _, text := range []string{"", " ", "  ", "a", "Hey  friend", " Hey", "▁Hey ▁▁x▁", "x▁", "İSTANBUL é ﬁ",
		"a\u0301 b\u0302  c", "日本 語\t x", "▁", "  ▁ "} {
		checkMetaspaceFast(t, text)
	}
}

func FuzzMetaspaceFast(f *testing.F) {
	for _, s := range []string{"Hey  friend", "▁x ▁", "İ a\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkMetaspaceFast(t, s)
	})
}

// checkByteLevelPrefixed compares ByteLevel's split of a prefixed identity text with
// the reference's procedure (Prepend, then Split) through the NormalizedString
// operations.
func checkByteLevelPrefixed(t *testing.T, text string) {
	t.Helper()
	re, err := gpt2Regex()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewByteLevel(true, false, true)
	whole := tokenizer.NewNormalizedString("xy " + text)
	for _, n := range []tokenizer.NormalizedString{tokenizer.NewNormalizedString(text), func() tokenizer.NormalizedString {
		s, _ := whole.Slice(tokenizer.Original, tokenizer.Offsets{Start: 3, End: 3 + len(text)})
		return s
	}()} {
		a, c := n, n
		fast, err := b.split(&a, re)
		if err != nil {
			t.Fatal(err)
		}
		if c.Len() > 0 && c.Normalized()[0] != ' ' {
			c.Prepend(" ")
		}
		slow, err := c.Split(re, tokenizer.Isolated)
		if err != nil {
			t.Fatal(err)
		}
		if len(fast) != len(slow) {
			t.Errorf("%q: %d pieces, want %d", text, len(fast), len(slow))
			continue
		}
		for i := range fast {
			if d := sameNormalized(fast[i], slow[i]); d != "" {
				t.Errorf("%q piece %d: %s", text, i, d)
			}
		}
	}
}

func TestByteLevelPrefixedMatchesSlow(t *testing.T) {
	for _, text := range []string{"", "a", "é", "Hello", "\tHello", "é 😀", "Hello  world\n!", "'s x", "日本語 テキスト",
		"  ", " x", "12 ab", "\n\n"} {
		checkByteLevelPrefixed(t, text)
	}
}

func FuzzByteLevelPrefixed(f *testing.F) {
	for _, s := range []string{"Hello  world\n!", "é 😀", "\tx'll"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkByteLevelPrefixed(t, s)
	})
}

// TestConcurrentUse runs one instance of each pre-tokenizer from several goroutines
// (run with -race).
func TestConcurrentUse(t *testing.T) {
	type config struct {
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
	}
	var pts []tokenizer.PreTokenizer
	for _, c := range readJSONL[config](t, filepath.Join("testdata", "configs.jsonl")) {
		if pt, err := tokenizer.ParsePreTokenizer(c.PreTokenizer); err == nil {
			pts = append(pts, pt)
		}
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			var err error
			for _, pt := range pts {
				if _, e := pretokenize(pt, "Hello  world, ça va? 123 日本語 ▁x"); e != nil && err == nil {
					err = e
				}
			}
			done <- err
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestBertOnePassMatchesTwoSplits(t *testing.T) {
	texts := readJSONL[struct{ Text string }](t, filepath.Join("testdata", "texts.jsonl"))
	for _, tt := range texts {
		for name, build := range alignedStrings(tt.Text) {
			a, b := build(), build()
			fast, err := bertSplitOnePass(&a)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := bertSplit(&b)
			if err != nil {
				t.Fatal(err)
			}
			if len(fast) != len(slow) {
				t.Errorf("%s %q: %d pieces, want %d", name, tt.Text, len(fast), len(slow))
				continue
			}
			for i := range fast {
				if d := sameNormalized(fast[i], slow[i]); d != "" {
					t.Errorf("%s %q piece %d: %s", name, tt.Text, i, d)
				}
			}
		}
	}
}
