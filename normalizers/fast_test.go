package normalizers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/onig"
	"github.com/fasttok/fasttok/internal/scan"
	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/internal/unicodetables"
	"github.com/fasttok/fasttok/tokenizer"
)

// The fast path (fast.go) must give exactly the general path's Normalized(): these
// tests compare the two, they need no reference output.

// fastConfigs are normalizer configurations beyond those of testdata/cases.jsonl.gz:
// every BertNormalizer setting, chains, and Replace patterns that match the empty
// string (whose content aligns to nothing, which later transformations notice).
var fastConfigs = []string{
	`{"type":"Replace","pattern":{"Regex":"^"},"content":"▁"}`,
	`{"type":"Replace","pattern":{"String":""},"content":"_"}`,
	`{"type":"Replace","pattern":{"Regex":"\\s+"},"content":""}`,
	`{"type":"Replace","pattern":{"Regex":"x*"},"content":"y"}`,
	`{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"Regex":"^"},"content":"X"},{"type":"Lowercase"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"Regex":""},"content":"-"},{"type":"NFKC"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"String":""},"content":"_"},{"type":"Strip","strip_left":true,"strip_right":true}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"Regex":"\\b"},"content":"|"},{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Strip","strip_left":true,"strip_right":true},{"type":"Replace","pattern":{"Regex":"x*"},"content":"y"},{"type":"NFD"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Replace","pattern":{"Regex":"a"},"content":""},{"type":"Replace","pattern":{"Regex":"^"},"content":"Q"},{"type":"Prepend","prepend":"▁"},{"type":"StripAccents"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"Replace","pattern":{"Regex":"^\\s*"},"content":"É"}]},{"type":"Nmt"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"ByteLevel"},{"type":"NFC"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Nmt"},{"type":"NFKD"},{"type":"StripAccents"},{"type":"Lowercase"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"Replace","pattern":{"Regex":"\\p{Mn}"},"content":""}]},{"type":"Lowercase"}]}`,
	`{"type":"Sequence","normalizers":[]}`,
	`{"type":"Sequence","normalizers":[{"type":"NFKC"}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁▁"},{"type":"Lowercase"},{"type":"Strip","strip_left":false,"strip_right":true}]}`,
	`{"type":"Sequence","normalizers":[{"type":"Lowercase"},{"type":"NFKC"},{"type":"ByteLevel"},{"type":"Replace","pattern":{"String":"Ġ"},"content":" "}]}`,
}

func init() {
	for _, clean := range []string{"true", "false"} {
		for _, chinese := range []string{"true", "false"} {
			for _, strip := range []string{"null", "true", "false"} {
				for _, lower := range []string{"true", "false"} {
					fastConfigs = append(fastConfigs, fmt.Sprintf(
						`{"type":"BertNormalizer","clean_text":%s,"handle_chinese_chars":%s,"strip_accents":%s,"lowercase":%s}`,
						clean, chinese, strip, lower))
				}
			}
		}
	}
}

// fastCase is a normalizer to compare, with its name.
type fastCase struct {
	name string
	n    tokenizer.Normalizer
}

// loadFastCases returns every configuration: fastConfigs, those of
// testdata/cases.jsonl.gz and, when FASTTOK_SHARED is set, the normalizers of the real
// tokenizers.
func loadFastCases(t testing.TB) []fastCase {
	t.Helper()
	seen := map[string]bool{}
	var out []fastCase
	add := func(name string, raw []byte) {
		if seen[string(raw)] {
			return
		}
		seen[string(raw)] = true
		n, err := tokenizer.ParseNormalizer(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, fastCase{name, n})
	}
	for i, c := range fastConfigs {
		add(fmt.Sprintf("config%d", i), []byte(c))
	}
	for _, c := range casesNormalizers(t) {
		add(c.Name, c.Normalizer)
	}
	for name, raw := range sharedNormalizers(t) {
		add(name, raw)
	}
	return out
}

// sharedNormalizers returns the "normalizer" JSON of every real tokenizer of
// $FASTTOK_SHARED/assets/tokenizers that has one (none when FASTTOK_SHARED is unset).
func sharedNormalizers(t testing.TB) map[string]json.RawMessage {
	t.Helper()
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(shared, "assets/tokenizers/*.json.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tokenizers in %s: %v", shared, err)
	}
	out := map[string]json.RawMessage{}
	for _, f := range files {
		var tj struct {
			Normalizer json.RawMessage `json:"normalizer"`
		}
		if err := json.Unmarshal(testutil.Gunzip(t, f), &tj); err != nil {
			t.Fatal(err)
		}
		if len(tj.Normalizer) == 0 || string(tj.Normalizer) == "null" {
			continue
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json.gz")] = tj.Normalizer
	}
	return out
}

// namedNormalizer is a configuration of testdata/cases.jsonl.gz.
type namedNormalizer struct {
	Name       string          `json:"name"`
	Normalizer json.RawMessage `json:"normalizer"`
}

// casesNormalizers returns the normalizer of every line of testdata/cases.jsonl.gz.
func casesNormalizers(t testing.TB) []namedNormalizer {
	t.Helper()
	var out []namedNormalizer
	for _, line := range bytes.Split(testutil.Gunzip(t, "testdata/cases.jsonl.gz"), []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var c namedNormalizer
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// adversarialTexts are hand-picked hard inputs.
var adversarialTexts = func() []string {
	ts := []string{
		"", " ", "a", "A", "\x00", "\t\n\r\v\f", "  leading and trailing  ", "\u00a0\u1680x\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u0085",
		"\u200b\u200c\u200d\u200e\u200f\ufeff\u2060", "e\u0301", "E\u0301\u0327", "a\u0316\u0301\u0300\u0315", "\u0301a", "\u0301\u0316",
		"x\u0301\u0316\u1df9", "\u0f72\u0f73\u0f75\u0f81", "\u0344\u0340\u0341", "\u1100\u1161\u11a8", "가각\u11a8\u1100\u1161", "한국어 텍스트입니다",
		"\u1100\u1100\u1161\u1161\u11a8\u11a8", "你好世界，今天天气很好。", "\uf900\uf9ff\ufa0e\U0002f800", "\u3400\u4dbf\U00020000\U0002a6df",
		"\x01\x02\x1f\x7f\u0080\u008f\u009f\u00ad", "\ufffd", "a\ufffdb", "\U0001F600\U0001F468\u200d\U0001F469\u200d\U0001F467",
		"\U0001F1EB\U0001F1F7", "\U00010400\U00010428\U0001E900", "ß", "İ", "Σ", "ΣΑΣ ὈΔΥΣΣΕΎΣ", "İSTANBUL ΣΑΣ ẞ", "ﬁ ﬀ ﬃ ǅ ǈ Ⅻ ⓐ Ⓐ",
		"①②③ ㍿ ㈱ ﷺ ﷽", "Ｆｕｌｌｗｉｄｔｈ ｶﾀｶﾅ", "café naïve coöperate Ångström", "Cụ thể, bạn sẽ tham gia một nhóm.",
		"\u0915\u094d\u0937\u093f", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u064b\u0652", "\u05e9\u05c1\u05b8", "\r\n\r\n", "a\r\nb",
		"\u2581\u2581 \u2581", "<!dummy-prefix!>hello world", "''quoted''", "éé é", "x x  x   x", "\U0001fbf0\U0001fbf9", "\u1e9e\u1e9b\u0345",
		"\u0130\u0131\u03a3\u03c2", "A\u030a\u212b\u00c5", "\u1fb3\u1ff3\u1fbc", "\u0390\u03b0\u1e96", "\U0001d15e\U0001d160\U0001d1bb",
		"\U000e0001\U000e0020\U000e007f", "\U0010ffff\U000f0000", "\u0d4a\u0dda\u0b4b\u0bca", "\u093c\u0941\u0300",
		strings.Repeat("\u0301", 40), "a" + strings.Repeat("\u0316\u0301", 30), strings.Repeat("가", 100) + "\u11a8",
		"\xff", "a\xffb", "\xc3", "\xc3(", "\xe2\x82", "É\xff\u0301", " \xff ", "\xcc\x81\xff", "\xed\xa0\x80", "İ\x80",
	}
	var b strings.Builder
	for c := rune(0); c < 0x3000; c += 7 {
		if c < 0xd800 || c > 0xdfff {
			b.WriteRune(c)
		}
	}
	ts = append(ts, b.String())
	return ts
}()

// sharedTexts returns the texts (and pairs) of the named files of
// $FASTTOK_SHARED/assets/texts, or nil when it is unset.
func sharedTexts(t testing.TB, names ...string) []string {
	t.Helper()
	if os.Getenv("FASTTOK_SHARED") == "" {
		return nil
	}
	return testutil.SharedTexts(t, names...)
}

// fastTexts returns the adversarial texts, those of testdata/cases.jsonl.gz and
// precompiled_tricky.jsonl, and the shared smoke and corpus texts.
func fastTexts(t *testing.T) []string {
	texts := append([]string(nil), adversarialTexts...)
	for _, c := range readJSONL[struct {
		Text string `json:"text"`
	}](t, "cases.jsonl.gz") {
		texts = append(texts, c.Text)
	}
	for _, c := range readJSONL[struct {
		Text string `json:"text"`
	}](t, "precompiled_tricky.jsonl") {
		texts = append(texts, c.Text)
	}
	return append(texts, sharedTexts(t, "smoke", "corpus")...)
}

// checkFast compares the fast and general paths of n on s; it returns a description
// of the difference, or "".
func checkFast(n tokenizer.Normalizer, s string) string {
	ns := tokenizer.NewNormalizedString(s)
	wantErr := n.Normalize(&ns)
	fn, ok := n.(tokenizer.FastNormalizer)
	if !ok {
		return "not a FastNormalizer"
	}
	const prefix = "pre\u00e9"
	got, err := fn.AppendNormalized([]byte(prefix), s)
	if (err != nil) != (wantErr != nil) {
		return fmt.Sprintf("error %v, general path %v", err, wantErr)
	}
	if wantErr != nil {
		return ""
	}
	if !strings.HasPrefix(string(got), prefix) {
		return fmt.Sprintf("dst's prefix changed: %q", got)
	}
	if g := string(got[len(prefix):]); g != ns.Normalized() {
		return fmt.Sprintf("fast %q, general %q", g, ns.Normalized())
	}
	return ""
}

// TestFastMatchesGeneral compares AppendNormalized with the general path for every
// configuration on every text.
func TestFastMatchesGeneral(t *testing.T) {
	cases := loadFastCases(t)
	texts := fastTexts(t)
	if os.Getenv("FASTTOK_SHARED") == "" {
		t.Log("FASTTOK_SHARED not set: without the real tokenizers' normalizers and the shared texts")
	}
	total := 0
	for _, c := range cases {
		bad := 0
		for _, s := range texts {
			total++
			if d := checkFast(c.n, s); d != "" {
				bad++
				if bad <= 3 {
					t.Errorf("%s on %q: %s", c.name, s, d)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d texts differ", c.name, bad, len(texts))
		}
	}
	t.Logf("%d configurations × %d texts = %d comparisons", len(cases), len(texts), total)
}

// TestFastSweep compares the paths on every code point, alone in runs of 64 and each
// followed by combining marks (composition, reordering), for the normalizers that
// look at characters. Not in -short mode.
func TestFastSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("long sweep")
	}
	yes := true
	norms := []fastCase{{"NFC", NFC{}}, {"NFD", NFD{}}, {"NFKC", NFKC{}}, {"NFKD", NFKD{}}, {"Lowercase", Lowercase{}},
		{"StripAccents", StripAccents{}}, {"Nmt", Nmt{}}, {"Bert", NewBertNormalizer()},
		{"BertNoLower", &BertNormalizer{CleanText: true, HandleChineseChars: true, StripAccents: &yes}}}
	for name, raw := range sharedNormalizers(t) {
		if strings.Contains(string(raw), "Precompiled") {
			n, err := tokenizer.ParseNormalizer(raw)
			if err != nil {
				t.Fatal(err)
			}
			norms = append(norms, fastCase{name, n})
		}
	}
	var texts []string
	var plain, marked strings.Builder
	for c := rune(0); c <= utf8.MaxRune; c++ {
		if c >= 0xd800 && c <= 0xdfff {
			continue
		}
		plain.WriteRune(c)
		marked.WriteRune(c)
		marked.WriteString("\u0316\u0301")
		if c%64 == 63 || c == utf8.MaxRune {
			texts = append(texts, plain.String(), marked.String())
			plain.Reset()
			marked.Reset()
		}
	}
	for _, c := range norms {
		bad := 0
		for _, s := range texts {
			if d := checkFast(c.n, s); d != "" {
				bad++
				if bad <= 3 {
					t.Errorf("%s on %q: %s", c.name, s, d)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d texts differ", c.name, bad, len(texts))
		}
	}
	t.Logf("%d normalizers × %d texts", len(norms), len(texts))
}

// TestFastCompositionPairs compares the four forms on the base + mark strings of
// testdata/pairs.json (joined as TestCompositionPairs does). Not in -short mode.
func TestFastCompositionPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	data, err := os.ReadFile("testdata/pairs.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Bases []string `json:"bases"`
		Marks []rune   `json:"marks"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	var strs []string
	for _, b := range p.Bases {
		for _, m := range p.Marks {
			strs = append(strs, b+string(m), b+string(m)+"\u0301", b+"\u0316"+string(m))
		}
	}
	const chunk = 500
	for _, c := range []fastCase{{"NFC", NFC{}}, {"NFD", NFD{}}, {"NFKC", NFKC{}}, {"NFKD", NFKD{}}} {
		for i := 0; i < len(strs); i += chunk {
			s := strings.Join(strs[i:min(len(strs), i+chunk)], "\x01")
			if d := checkFast(c.n, s); d != "" {
				t.Fatalf("%s on strings %d..: %s", c.name, i, d)
			}
		}
	}
	t.Logf("4 forms × %d strings", len(strs))
}

// TestFastLowercaseTable checks the fast path's lowercase table against
// tokenizer.RustToLower on every code point.
func TestFastLowercaseTable(t *testing.T) {
	lowerOnce.Do(buildLower)
	var buf []byte
	for c := rune(0x80); c <= utf8.MaxRune; c++ {
		if c >= 0xd800 && c <= 0xdfff {
			continue
		}
		want := tokenizer.RustToLower(c)
		buf = appendLower(buf[:0], c)
		if string(buf) != want {
			t.Errorf("U+%04X: %q, want %q", c, buf, want)
		}
		if lowerChanges(c) != (want != string(c)) {
			t.Errorf("U+%04X: lowerChanges %v", c, lowerChanges(c))
		}
	}
}

// TestFastProps checks the property table against the functions it caches, on every
// code point.
func TestFastProps(t *testing.T) {
	pt := loadBMPProps()
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		f := props(pt, r)
		if (f&propMark9 != 0) != unicodetables.IsCombiningMark(r) || (f&propMn8 != 0) != unicodetables.IsNonspacingMark8(r) ||
			(f&propOther8 != 0) != unicodetables.IsOther8(r) || (f&propSpace != 0) != unicodetables.IsWhitespace(r) {
			t.Fatalf("U+%04X: props %b", r, f)
		}
		if bertClean(r) != (r != 0xFFFD && f&propOther8 == 0) {
			t.Fatalf("U+%04X: bertClean", r)
		}
	}
}

// TestSequenceFast checks Sequence.Fast and the general fallback of a Sequence with a
// child that is not a FastNormalizer.
func TestSequenceFast(t *testing.T) {
	fast := &Sequence{Normalizers: []tokenizer.Normalizer{NFC{}, &Sequence{Normalizers: []tokenizer.Normalizer{Lowercase{}}}}}
	if !fast.Fast() {
		t.Error("all fast children: Fast() = false")
	}
	slow := &Sequence{Normalizers: []tokenizer.Normalizer{NFC{}, &Sequence{Normalizers: []tokenizer.Normalizer{generalOnly{Lowercase{}}}}}}
	if slow.Fast() {
		t.Error("a child not fast: Fast() = true")
	}
	for _, s := range adversarialTexts {
		if d := checkFast(slow, s); d != "" {
			t.Errorf("%q: %s", s, d)
		}
	}
}

// generalOnly hides the fast path of a normalizer.
type generalOnly struct{ n tokenizer.Normalizer }

func (g generalOnly) Normalize(n *tokenizer.NormalizedString) error { return g.n.Normalize(n) }

// TestFastAllocs checks that AppendNormalized allocates nothing once warm, when dst
// has room.
func TestFastAllocs(t *testing.T) {
	text := benchText + "\u0301\u0316 İ ß \r\n"
	dst := make([]byte, 0, 4*len(text))
	for _, c := range loadFastCases(t) {
		fn := c.n.(tokenizer.FastNormalizer)
		if s, ok := c.n.(*Sequence); ok && !s.Fast() {
			continue
		}
		if _, ok := c.n.(*Sequence); ok {
			// Sequences with a Replace matching the empty string at the start fall
			// back to the general path on purpose.
			if _, una, _ := appendChild(c.n, dst[:0], text); una {
				t.Logf("%s: not measured (unaligned start)", c.name)
				continue
			}
		}
		if p, ok := regexWithoutScanner(c.n); ok {
			t.Logf("%s: not measured (regex %q without a scanner: regexp2 allocates)", c.name, p)
			continue
		}
		allocs := testing.AllocsPerRun(50, func() {
			if _, err := fn.AppendNormalized(dst[:0], text); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per call", c.name, allocs)
		}
	}
}

// regexWithoutScanner returns the first regex of n (a Replace, or in a Sequence) that
// package scan has no scanner for, if any.
func regexWithoutScanner(n tokenizer.Normalizer) (string, bool) {
	switch n := n.(type) {
	case *Replace:
		if re, ok := n.matcher.(*onig.Regex); ok {
			if _, ok := scan.Lookup(re.String()); !ok {
				return re.String(), true
			}
		}
	case *Sequence:
		for _, c := range n.Normalizers {
			if p, ok := regexWithoutScanner(c); ok {
				return p, true
			}
		}
	}
	return "", false
}

// FuzzFastNormalizers compares the fast and general paths of every configuration on
// arbitrary text (valid UTF-8 or not).
func FuzzFastNormalizers(f *testing.F) {
	for _, s := range adversarialTexts[:40] {
		f.Add(s)
	}
	cases := loadFastCasesF(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range cases {
			if d := checkFast(c.n, s); d != "" {
				t.Errorf("%s: %s", c.name, d)
			}
		}
	})
}

// loadFastCasesF is loadFastCases for a fuzz target.
func loadFastCasesF(f *testing.F) []fastCase {
	return loadFastCases(f)
}

// BenchmarkFastNormalizers measures AppendNormalized against the general path on the
// shared speed texts (one call per text; MB/s of input). It needs FASTTOK_SHARED.
func BenchmarkFastNormalizers(b *testing.B) {
	if os.Getenv("FASTTOK_SHARED") == "" {
		b.Skip("FASTTOK_SHARED not set (the shared assets directory, e.g. /work/shared)")
	}
	norms := []fastCase{{"NFC", NFC{}}, {"NFD", NFD{}}, {"NFKC", NFKC{}}, {"NFKD", NFKD{}}, {"Lowercase", Lowercase{}},
		{"StripAccents", StripAccents{}}, {"Nmt", Nmt{}}, {"ByteLevel", ByteLevel{}}, {"Prepend", &Prepend{Prepend: "▁"}},
		{"Strip", &Strip{Left: true, Right: true}}}
	shared := sharedNormalizers(b)
	for _, name := range []string{"bert-base-uncased", "bert-base-chinese", "gemma", "clip", "hf-bert-wiki", "llama2", "chatglm",
		"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"} {
		n, err := tokenizer.ParseNormalizer(shared[name])
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		norms = append(norms, fastCase{name, n})
	}
	for _, file := range []string{"speed-en", "speed-multi"} {
		texts := sharedTexts(b, file)
		size := 0
		for _, s := range texts {
			size += len(s)
		}
		for _, c := range norms {
			b.Run(file+"/"+c.name+"/fast", func(b *testing.B) {
				fn := c.n.(tokenizer.FastNormalizer)
				dst := make([]byte, 0, 1<<20)
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					for _, s := range texts {
						var err error
						if dst, err = fn.AppendNormalized(dst[:0], s); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
			b.Run(file+"/"+c.name+"/general", func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					for _, s := range texts {
						n := tokenizer.NewNormalizedString(s)
						if err := c.n.Normalize(&n); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
