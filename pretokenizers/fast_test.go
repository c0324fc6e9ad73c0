package pretokenizers

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/scan"
	"github.com/fasttok/fasttok/tokenizer"
)

// The ids-only path (fast.go) is checked against the general path: the pieces of
// AppendPieces must be the splits' Normalized() of PreTokenize (empty ones dropped),
// and AtStart must say whether the split's original range starts at offset 0 of the
// input.

// fastConfig is a pre-tokenizer under test.
type fastConfig struct {
	name string
	pt   tokenizer.PreTokenizer
}

// extraFastConfigs are the configurations tested besides testdata/configs.jsonl and
// the real tokenizers: zero-width regex matches and other patterns under every
// behaviour, replacements that are ASCII or spaces, and Sequences where a piece that
// does not start at byte 0 of its parent still begins the input (after a prepended
// character or the mapped bytes of a multi-byte character), which Metaspace's
// "first" scheme sees.
func extraFastConfigs() []string {
	var out []string
	behaviors := []string{"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"}
	regexes := []string{``, `a*`, `\b`, `\s+|[.,!?]`, `\p{N}{1,3}`, `'s|'t| ?\p{L}+`, `(?=[A-Z])`, `.`,
		gpt2Pattern,
		`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`}
	literals := []string{" ", "", "ab", "▁", "aa", "\n", "<!dummy-prefix!>"}
	for _, b := range behaviors {
		for _, inv := range []bool{false, true} {
			for _, r := range regexes {
				pat, _ := json.Marshal(map[string]string{"Regex": r})
				out = append(out, fmt.Sprintf(`{"type":"Split","pattern":%s,"behavior":%q,"invert":%v}`, pat, b, inv))
			}
			for _, l := range literals {
				pat, _ := json.Marshal(map[string]string{"String": l})
				out = append(out, fmt.Sprintf(`{"type":"Split","pattern":%s,"behavior":%q,"invert":%v}`, pat, b, inv))
			}
		}
		out = append(out, fmt.Sprintf(`{"type":"Punctuation","behavior":%q}`, b))
	}
	for _, rep := range []string{"▁", "_", " ", "a", "\ufffd", "é"} {
		for _, scheme := range []string{"first", "never", "always"} {
			for _, split := range []bool{false, true} {
				out = append(out, fmt.Sprintf(`{"type":"Metaspace","replacement":%q,"prepend_scheme":%q,"split":%v}`, rep, scheme, split))
			}
		}
	}
	for _, d := range []string{"\ufffd", " ", "é", "▁", "\n"} {
		out = append(out, fmt.Sprintf(`{"type":"CharDelimiterSplit","delimiter":%q}`, d))
	}
	for _, n := range []int{1, 2, 7} {
		out = append(out, fmt.Sprintf(`{"type":"FixedLength","length":%d}`, n))
	}
	const (
		msFirst       = `{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":true}`
		msFirstNo     = `{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}`
		msAlwaysNo    = `{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":false}`
		blPrefix      = `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":false}`
		blPrefixRegex = `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true}`
		blPlain       = `{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false}`
		chars         = `{"type":"Split","pattern":{"Regex":"."},"behavior":"Isolated","invert":false}`
	)
	seq := func(children ...string) string {
		return `{"type":"Sequence","pretokenizers":[` + strings.Join(children, ",") + `]}`
	}
	out = append(out,
		seq(blPrefix, `{"type":"FixedLength","length":1}`, msFirstNo),
		seq(blPrefix, chars, msFirst),
		seq(blPlain, chars, msFirst),
		seq(blPlain, `{"type":"FixedLength","length":1}`, msFirstNo),
		seq(blPrefixRegex, msFirst),
		seq(msAlwaysNo, `{"type":"Split","pattern":{"String":"▁"},"behavior":"Isolated","invert":false}`, msFirst),
		seq(msAlwaysNo, chars, msFirstNo),
		seq(msFirstNo, `{"type":"Punctuation"}`, msFirst),
		seq(msFirst, `{"type":"FixedLength","length":1}`, msFirstNo),
		seq(`{"type":"Whitespace"}`, blPrefix, seq(`{"type":"Digits","individual_digits":true}`, msFirst)),
		seq(seq(), seq(seq(`{"type":"UnicodeScripts"}`)), `{"type":"BertPreTokenizer"}`),
		seq(`{"type":"Metaspace","replacement":" ","prepend_scheme":"always","split":false}`, `{"type":"WhitespaceSplit"}`, msFirst),
		seq(`{"type":"Digits","individual_digits":false}`, blPrefixRegex, `{"type":"Punctuation","behavior":"MergedWithNext"}`),
		// A slicing child fused with a final plain ByteLevel.
		seq(`{"type":"Split","pattern":{"Regex":"\\s+|[.,!?]"},"behavior":"Removed","invert":false}`, blPlain),
		seq(`{"type":"Split","pattern":{"Regex":"\\s+|[.,!?]"},"behavior":"Removed","invert":true}`, blPlain),
		seq(`{"type":"Split","pattern":{"Regex":"\\s+|[.,!?]"},"behavior":"MergedWithNext","invert":false}`, blPlain),
		seq(`{"type":"Split","pattern":{"String":" "},"behavior":"MergedWithPrevious","invert":false}`, blPlain),
		seq(`{"type":"Whitespace"}`, blPlain),
		seq(msAlwaysNo, chars, blPlain),
		seq(msAlwaysNo, `{"type":"Split","pattern":{"Regex":"a*"},"behavior":"Isolated","invert":false}`, blPlain),
		seq(blPlain, `{"type":"Digits","individual_digits":true}`, blPlain),
	)
	return out
}

// slowOnly hides a pre-tokenizer's fast path, for Sequence's fallback.
type slowOnly struct{ tokenizer.PreTokenizer }

// fastConfigs returns the configurations under test: testdata/configs.jsonl (those
// that load), extraFastConfigs, a few built in Go (nil and general-path-only children
// of a Sequence), and with FASTTOK_SHARED the pre_tokenizer of every real tokenizer.
func fastConfigs(t testing.TB) []fastConfig {
	t.Helper()
	var out []fastConfig
	type config struct {
		Name         string          `json:"name"`
		PreTokenizer json.RawMessage `json:"pre_tokenizer"`
	}
	for _, c := range readJSONL[config](t, filepath.Join("testdata", "configs.jsonl")) {
		if pt, err := tokenizer.ParsePreTokenizer(c.PreTokenizer); err == nil {
			out = append(out, fastConfig{c.Name, pt})
		}
	}
	for i, c := range extraFastConfigs() {
		pt, err := tokenizer.ParsePreTokenizer([]byte(c))
		if err != nil {
			t.Fatalf("extra config %d %s: %v", i, c, err)
		}
		out = append(out, fastConfig{fmt.Sprintf("extra-%d %s", i, c), pt})
	}
	msFirst := NewMetaspace('▁', First, true)
	out = append(out,
		fastConfig{"go-seq-nil", &Sequence{PreTokenizers: []tokenizer.PreTokenizer{nil, &Whitespace{}, nil}}},
		fastConfig{"go-seq-all-nil", &Sequence{PreTokenizers: []tokenizer.PreTokenizer{nil}}},
		fastConfig{"go-seq-slow", &Sequence{PreTokenizers: []tokenizer.PreTokenizer{
			slowOnly{&Punctuation{Behavior: tokenizer.Isolated}}, msFirst, slowOnly{&Digits{IndividualDigits: true}}}}},
		fastConfig{"go-seq-slow-first", &Sequence{PreTokenizers: []tokenizer.PreTokenizer{
			&WhitespaceSplit{}, slowOnly{msFirst}}}},
	)
	if shared := os.Getenv("FASTTOK_SHARED"); shared != "" {
		files, _ := filepath.Glob(filepath.Join(shared, "assets", "tokenizers", "*.json.gz"))
		sort.Strings(files)
		for _, f := range files {
			raw := preTokenizerOf(t, f)
			if raw == nil {
				continue
			}
			pt, err := tokenizer.ParsePreTokenizer(raw)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, fastConfig{filepath.Base(f), pt})
		}
	}
	return out
}

// adversarialTexts are hand-written hard inputs.
var adversarialTexts = []string{
	"", " ", "  ", "\t", "\n", "\r\n", "a", "é", "▁", "▁▁ ▁", "  ▁  ", "▁a", " a", "a ", "ab", "aa", "aaa",
	// Whitespace of every kind, and characters that are not Rust whitespace.
	"a\tb\nc\vd\fe\rf g\u0085h\u00a0i\u1680j\u2000k\u2001l\u2002m\u2003n\u2004o\u2005p\u2006q\u2007r\u2008s\u2009t\u200au\u2028v\u2029w\u202fx\u205fy\u3000z",
	"\x1c\x1d\x1e\x1f a\u200bb\u200cc\u200dd\ufeffe\u180ef",
	" \t\n\v\f\r\u0085\u00a0\u3000",
	// CR/LF mixes.
	"a\r\nb\n\rc\r\r\n\nd\r", "\r\n\r\n", "line1\nline2\r\n\r\nline3 \n \n", " \n", "x  \n\n  y", "  \r\n  ",
	// Punctuation of many scripts, symbols.
	"¡¿«»‹›„“”‘’‚—–‐‑‒―…‰′″‴※‼⁇⁈⁉、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〰〽゠・﹏",
	"！＂＃％＆＇（）＊，－．／：；？＠［＼］＿｛｝｡｢｣､･؟،؛۔।॥৷৽๏๚๛༄༅་።፣፤፥፦፧፨᙮᠀᠁᠂᠃᠄᠅᠆᠇᠈᠉᠊",
	"$+<=>^`|~¢£¤¥¦§¨©¬®¯°±´¶·¸×÷ a⹏b ⸻ ꛳ 𑁇 𖺗",
	"Hey, y'all_x 12! (a.b) [c] {d} \"e\" 'f' a--b a...b",
	// Digits of many scripts, numbers.
	"0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९০১২৩৪৫৬৭৮৯௦௧௨௩௪௫௬௭௮௯๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９",
	"𝟎𝟏𝟐 ⅠⅡⅢⅳ ½¼¾ ²³¹ ①②③ ⑴⒈ 𐄇 1,234.56 3.14e-10 12345678901234567890 a1b22c333d4444",
	// Combining marks, clusters, emoji.
	"e\u0301 a\u0300\u0301\u0302 \u0301start \u0301", "क्षि नमस्ते", "👩‍👩‍👧‍👦 🇫🇷 👍🏽 ❤️", "ǅ ᾈ ß ẞ İ ı ŉ",
	// Special characters.
	"\ufffd\ufffd a\ufffdb", "\ufeffBOM", "\ue000\U000f0000", "\ufffe\uffff", "\U0010ffff", "\x00a\x00", "\x01\x07\x7f",
	// Scripts.
	"日本語のテキストカタカナーひらがな漢字", "どこで生れ。Yes ہ", "Hello世界مرحباשלוםПриветΓειά σας", " どこ ー カタカナ",
	"ภาษาไทย ລາວ ខ្មែរ 한국어 ᄀᄁ",
	// Apostrophes and contractions.
	"I'm here'll 've 'S 'Ś ’s don't DON'T 'LL", "'s", "'", "''", "a's'", " 's",
	// Special-token-looking text, meta characters.
	"<|endoftext|><|startoftext|>", "<!dummy-prefix!>x<!dummy-prefix!>", "a.+b a.+", "abab aab aaab",
	// Mixes with leading replacement or space characters.
	"▁Hello ▁world▁", " ▁ ", "▁ ▁", "\u2581\u2581", "_a _b_", "\ufffd \ufffd",
	"The quick brown fox jumps over the lazy dog, isn't it? 12345 Ünïcödé café — 日本語のテキスト. ",
}

// readTexts returns testdata/texts.jsonl, the adversarial texts, random mixes of
// them, and when shared and FASTTOK_SHARED is set smoke.jsonl and corpus.jsonl.
func readTexts(t testing.TB, shared bool) []string {
	t.Helper()
	type text struct {
		Text string `json:"text"`
	}
	var out []string
	for _, r := range readJSONL[text](t, filepath.Join("testdata", "texts.jsonl")) {
		out = append(out, r.Text)
	}
	out = append(out, adversarialTexts...)
	// Random mixes of short pieces of the adversarial texts.
	rng := rand.New(rand.NewPCG(1, 2))
	var atoms []string
	for _, s := range adversarialTexts {
		runes := []rune(s)
		for i := 0; i < len(runes); i += 3 {
			atoms = append(atoms, string(runes[i:min(len(runes), i+1+rng.IntN(4))]))
		}
	}
	for range 400 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(atoms[rng.IntN(len(atoms))])
		}
		out = append(out, b.String())
	}
	if dir := os.Getenv("FASTTOK_SHARED"); shared && dir != "" {
		for _, name := range []string{"smoke.jsonl", "corpus.jsonl"} {
			for _, r := range readJSONL[text](t, filepath.Join(dir, "assets", "texts", name)) {
				out = append(out, r.Text)
			}
		}
	}
	return out
}

// generalPieces runs pt's general path on s, s beginning the input when atStart
// (else it is the slice [1:] of "x"+s, so that its original offset is 1).
func generalPieces(pt tokenizer.PreTokenizer, s string, atStart bool) ([]string, []bool, error) {
	n := tokenizer.NewNormalizedString(s)
	if !atStart {
		whole := tokenizer.NewNormalizedString("x" + s)
		var ok bool
		if n, ok = whole.Slice(tokenizer.Normalized, tokenizer.Offsets{Start: 1, End: 1 + len(s)}); !ok {
			return nil, nil, fmt.Errorf("cannot slice %q", s)
		}
	}
	p := tokenizer.PreTokenizedFromNormalized(n)
	if err := pt.PreTokenize(p); err != nil {
		return nil, nil, err
	}
	var values []string
	var starts []bool
	for _, sp := range p.Splits() {
		if v := sp.Normalized.Normalized(); v != "" {
			values = append(values, v)
			starts = append(starts, sp.Normalized.OffsetsOriginal().Start == 0)
		}
	}
	return values, starts, nil
}

// fastPieces runs pt's AppendPieces on s, after the pieces already in p (which it
// empties first when reset).
func fastPieces(pt tokenizer.FastPreTokenizer, p *tokenizer.Pieces, s string, atStart bool) ([]string, []bool, error) {
	before := p.Len()
	if err := pt.AppendPieces(p, s, atStart); err != nil {
		return nil, nil, err
	}
	var values []string
	var starts []bool
	for i := before; i < p.Len(); i++ {
		values = append(values, string(p.Piece(i)))
		starts = append(starts, p.AtStart[i])
	}
	if len(p.AtStart) != len(p.Ends) {
		return nil, nil, fmt.Errorf("%d AtStart for %d pieces", len(p.AtStart), len(p.Ends))
	}
	return values, starts, nil
}

// compareFast compares the two paths of pt on s, both atStart values; p is scratch.
func compareFast(t testing.TB, c fastConfig, p *tokenizer.Pieces, s string) {
	t.Helper()
	fp, ok := c.pt.(tokenizer.FastPreTokenizer)
	if !ok {
		t.Fatalf("%s: %T is not a FastPreTokenizer", c.name, c.pt)
	}
	for _, atStart := range []bool{true, false} {
		want, wantStarts, wantErr := generalPieces(c.pt, s, atStart)
		got, gotStarts, gotErr := fastPieces(fp, p, s, atStart)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("%s on %q (atStart %v): error %v, general path %v", c.name, s, atStart, gotErr, wantErr)
		}
		if !slices.Equal(got, want) || !slices.Equal(gotStarts, wantStarts) {
			t.Fatalf("%s on %q (atStart %v):\n got %q %v\nwant %q %v", c.name, s, atStart, got, gotStarts, want, wantStarts)
		}
		// Keep p growing up to a point, to check that pieces are appended after the
		// ones already there.
		if p.Len() > 64 {
			p.Reset()
		}
	}
}

// TestFastMatchesGeneral compares AppendPieces with PreTokenize on every
// configuration and text (the extra Split and Metaspace variants on the hand-written
// texts only, not on the shared corpus, to keep the test short).
func TestFastMatchesGeneral(t *testing.T) {
	configs := fastConfigs(t)
	local := readTexts(t, false)
	all := readTexts(t, true)
	cases := 0
	var p tokenizer.Pieces
	for _, c := range configs {
		texts := all
		if strings.HasPrefix(c.name, "extra-") && !strings.Contains(c.name, "Sequence") {
			texts = local
		}
		for _, s := range texts {
			compareFast(t, c, &p, s)
			cases += 2
		}
	}
	t.Logf("%d configurations, %d texts (%d without the shared ones): %d cases", len(configs), len(all), len(local), cases)
}

// TestFastSubstrings compares the two paths on a random substring of each text (as
// the pieces between added tokens), at character boundaries, for the configurations
// that are not extra variants.
func TestFastSubstrings(t *testing.T) {
	configs := fastConfigs(t)
	texts := readTexts(t, true)
	rng := rand.New(rand.NewPCG(3, 4))
	var p tokenizer.Pieces
	cases := 0
	for _, s := range texts {
		if len(s) < 2 {
			continue
		}
		a, b := rng.IntN(len(s)), rng.IntN(len(s)+1)
		if a > b {
			a, b = b, a
		}
		for a > 0 && !utf8.RuneStart(s[a]) {
			a--
		}
		for b < len(s) && !utf8.RuneStart(s[b]) {
			b++
		}
		for _, c := range configs {
			if strings.HasPrefix(c.name, "extra-") && !strings.Contains(c.name, "Sequence") {
				continue
			}
			compareFast(t, c, &p, s[a:b])
			cases += 2
		}
	}
	t.Logf("%d cases", cases)
}

// TestFastZeroLength checks FixedLength{0}: an error on both paths.
func TestFastZeroLength(t *testing.T) {
	var p tokenizer.Pieces
	for _, s := range []string{"", "abc"} {
		if err := (&FixedLength{}).AppendPieces(&p, s, true); err == nil {
			t.Errorf("FixedLength{0} on %q: no error", s)
		}
	}
	if err := (&Split{}).AppendPieces(&p, "abc", true); err == nil {
		t.Error("Split{} (not compiled): no error")
	}
}

// TestFastStartSensitive checks StartSensitive.
func TestFastStartSensitive(t *testing.T) {
	for _, tc := range []struct {
		pt   tokenizer.StartSensitive
		want bool
	}{
		{NewMetaspace('▁', First, true), true},
		{NewMetaspace('▁', Always, true), false},
		{NewMetaspace('▁', Never, false), false},
		{&Sequence{PreTokenizers: []tokenizer.PreTokenizer{&WhitespaceSplit{}, NewMetaspace('▁', Always, true)}}, false},
		{&Sequence{PreTokenizers: []tokenizer.PreTokenizer{&WhitespaceSplit{}, NewMetaspace('▁', First, true)}}, true},
		{&Sequence{PreTokenizers: []tokenizer.PreTokenizer{&Sequence{PreTokenizers: []tokenizer.PreTokenizer{NewMetaspace('▁', First, false)}}}}, true},
		{&Sequence{PreTokenizers: []tokenizer.PreTokenizer{nil, slowOnly{&Whitespace{}}}}, true},
		{&Sequence{}, false},
	} {
		if got := tc.pt.StartSensitive(); got != tc.want {
			t.Errorf("%#v: StartSensitive %v, want %v", tc.pt, got, tc.want)
		}
	}
}

// TestFastTables checks the assumption of appendByteLevel: every byte outside
// '!'..'~' is a two-byte character.
func TestFastTables(t *testing.T) {
	for b := 0; b < 256; b++ {
		want := bytesOfByteLevel(byte(b))
		if got := string(appendByteLevel(nil, string([]byte{byte(b)}))); got != want {
			t.Errorf("byte %#x: %q, want %q", b, got, want)
		}
	}
}

func bytesOfByteLevel(b byte) string {
	p := tokenizer.NewPreTokenizedString(string([]byte{b}))
	bl, _ := NewByteLevel(false, false, false)
	_ = bl.PreTokenize(p)
	if len(p.Splits()) != 1 {
		return ""
	}
	return p.Splits()[0].Normalized.Normalized()
}

// TestFastAllocs checks that AppendPieces allocates nothing in steady state.
func TestFastAllocs(t *testing.T) {
	text := "The quick brown fox jumps over the lazy dog, isn't it? 12345 Ünïcödé café — 日本語のテキスト. \n\n  Hello  world!"
	configs := fastConfigs(t)
	var p tokenizer.Pieces
	for _, c := range configs {
		if strings.Contains(c.name, "go-seq-slow") {
			continue // the general path of a child allocates
		}
		if sp, ok := c.pt.(*Split); ok && !hasScanner(sp) {
			continue // regexp2 allocates
		}
		if sq, ok := c.pt.(*Sequence); ok && !seqNoAlloc(sq) {
			continue
		}
		fp := c.pt.(tokenizer.FastPreTokenizer)
		allocs := testing.AllocsPerRun(20, func() {
			p.Reset()
			_ = fp.AppendPieces(&p, text, true)
			_ = fp.AppendPieces(&p, text, false)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run", c.name, allocs)
		}
	}
}

// hasScanner reports whether sp's matching needs no regexp2 (a literal, or a
// hand-written scanner).
func hasScanner(sp *Split) bool {
	if sp.rx == nil {
		return true
	}
	_, ok := scan.Lookup(sp.rx.String())
	return ok
}

func seqNoAlloc(sq *Sequence) bool {
	for _, pt := range sq.PreTokenizers {
		switch c := pt.(type) {
		case *Split:
			if !hasScanner(c) {
				return false
			}
		case *Sequence:
			if !seqNoAlloc(c) {
				return false
			}
		case slowOnly:
			return false
		}
	}
	return true
}

// FuzzFastPreTokenizers compares the two paths on arbitrary valid UTF-8 for every
// configuration of fastConfigs; on invalid UTF-8 the fast path must not panic.
func FuzzFastPreTokenizers(f *testing.F) {
	for _, s := range adversarialTexts {
		f.Add(s)
	}
	configs := fastConfigs(f)
	var p tokenizer.Pieces
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			for _, c := range configs {
				p.Reset()
				_ = c.pt.(tokenizer.FastPreTokenizer).AppendPieces(&p, s, true)
			}
			return
		}
		for _, c := range configs {
			compareFast(t, c, &p, s)
		}
	})
}

// BenchmarkFast measures AppendPieces and PreTokenize on
// $FASTTOK_SHARED/assets/texts/speed-en.jsonl for the real tokenizers' pre-tokenizers.
func BenchmarkFast(b *testing.B) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED not set")
	}
	type text struct {
		Text string `json:"text"`
	}
	var texts []string
	total := 0
	for _, r := range readJSONL[text](b, filepath.Join(shared, "assets", "texts", "speed-en.jsonl")) {
		texts = append(texts, r.Text)
		total += len(r.Text)
	}
	configs := []fastConfig{}
	for _, name := range []string{"gpt2", "llama3", "gpt4o-o200k", "bert-base-uncased", "t5-small", "mistral-7b-v0.1",
		"ortx-nmt-unigram", "hf-bert-wiki", "gemma3", "chatglm", "falcon"} {
		raw := preTokenizerOf(b, filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
		pt, err := tokenizer.ParsePreTokenizer(raw)
		if err != nil {
			b.Fatal(err)
		}
		configs = append(configs, fastConfig{name, pt})
	}
	for _, c := range []string{
		`{"type":"WhitespaceSplit"}`, `{"type":"Punctuation"}`, `{"type":"Digits","individual_digits":true}`,
		`{"type":"UnicodeScripts"}`, `{"type":"CharDelimiterSplit","delimiter":" "}`, `{"type":"FixedLength"}`,
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":false}`,
	} {
		pt, err := tokenizer.ParsePreTokenizer([]byte(c))
		if err != nil {
			b.Fatal(err)
		}
		var typ struct{ Type string }
		_ = json.Unmarshal([]byte(c), &typ)
		configs = append(configs, fastConfig{typ.Type, pt})
	}
	for _, c := range configs {
		b.Run(c.name+"/fast", func(b *testing.B) {
			fp := c.pt.(tokenizer.FastPreTokenizer)
			var p tokenizer.Pieces
			b.SetBytes(int64(total))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for _, s := range texts {
					p.Reset()
					if err := fp.AppendPieces(&p, s, true); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportCPU(b, cpu, total)
		})
		b.Run(c.name+"/general", func(b *testing.B) {
			b.SetBytes(int64(total))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for _, s := range texts {
					p := tokenizer.NewPreTokenizedString(s)
					if err := c.pt.PreTokenize(p); err != nil {
						b.Fatal(err)
					}
				}
			}
			reportCPU(b, cpu, total)
		})
	}
}

// cpuTime returns the CPU time used by the process so far: on the shared machine the
// benchmarks report MB per CPU second ("cpuMB/s") besides the wall-clock MB/s.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration, size int) {
	if d := cpuTime() - start; d > 0 && start > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/d.Seconds()/1e6, "cpuMB/s")
	}
}

// TestFastConcurrent runs AppendPieces of the same pre-tokenizers from several
// goroutines (run it with -race): the scratch buffers are per call.
func TestFastConcurrent(t *testing.T) {
	configs := fastConfigs(t)
	texts := adversarialTexts
	want := make([][][]string, len(configs))
	for i, c := range configs {
		var p tokenizer.Pieces
		for _, s := range texts {
			p.Reset()
			got, _, _ := fastPieces(c.pt.(tokenizer.FastPreTokenizer), &p, s, true)
			want[i] = append(want[i], got)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var p tokenizer.Pieces
			for k := range 3 {
				for i, c := range configs {
					for j, s := range texts {
						if (i+j+k+g)%3 != 0 {
							continue
						}
						p.Reset()
						got, _, _ := fastPieces(c.pt.(tokenizer.FastPreTokenizer), &p, s, true)
						if !slices.Equal(got, want[i][j]) {
							t.Errorf("%s on %q: %q, want %q", c.name, s, got, want[i][j])
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
}
