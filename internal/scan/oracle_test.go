package scan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// The oracle: each pattern compiled by regexp2, after spelling out every class escape as an
// explicit class built from tables.go (the sets the reference's Oniguruma uses; regexp2 would
// use Go's Unicode 15 tables and .NET's \s) and the case-insensitive contractions as the
// explicit alternatives Oniguruma's Unicode case folding gives (checked against the
// reference: only U+017F folds onto one of their letters).

// classRanges returns the characters whose flags satisfy keep, as the inside of a regexp2
// character class.
func classRanges(keep func(uint8) bool) string {
	return runeRanges(func(r rune) bool { return keep(classOf(r)) })
}

// runeRanges returns the characters that satisfy keep as the inside of a regexp2 character
// class.
func runeRanges(keep func(rune) bool) string {
	var b strings.Builder
	lit := func(r rune) {
		switch r {
		case '\\', ']', '[', '^', '-':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !keep(r) || r >= 0xd800 && r <= 0xdfff {
			continue
		}
		lo := r
		for r+1 <= utf8.MaxRune && keep(r+1) && !(r+1 >= 0xd800 && r+1 <= 0xdfff) {
			r++
		}
		lit(lo)
		if r > lo {
			b.WriteByte('-')
			lit(r)
		}
	}
	return b.String()
}

var (
	escOnce sync.Once
	escapes map[string]string // class escape → inside of a class
)

func classEscapes() map[string]string {
	escOnce.Do(func() {
		has := func(m uint8) func(uint8) bool { return func(f uint8) bool { return f&m != 0 } }
		escapes = map[string]string{
			`\p{L}`: classRanges(has(fL)),
			`\p{N}`: classRanges(has(fN)),
			`\p{M}`: classRanges(has(fM)),
			`\p{P}`: classRanges(has(fP)),
			`\p{S}`: classRanges(has(fS)),
			`\s`:    classRanges(has(fWS)),
			`\w`:    runeRanges(func(r rune) bool { return wordOf(r)&wWord != 0 }),
			// Lu ∪ Lt and Ll are what the two letter classes add to Lm ∪ Lo ∪ M.
			`\p{Lu}`: classRanges(func(f uint8) bool { return f&fU != 0 && f&fW == 0 }),
			`\p{Lt}`: "",
			`\p{Ll}`: classRanges(func(f uint8) bool { return f&fW != 0 && f&fU == 0 }),
			`\p{Lm}`: classRanges(func(f uint8) bool { return f&fU != 0 && f&fW != 0 && f&fM == 0 }),
			`\p{Lo}`: "",
		}
	})
	return escapes
}

const foldedContractions = `(?:'[sSſ]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])`

// oraclePattern rewrites pattern for regexp2 as described above.
func oraclePattern(pattern string) string {
	esc := classEscapes()
	p := strings.ReplaceAll(pattern, `(?i:'s|'t|'re|'ve|'m|'ll|'d)`, foldedContractions)
	// Oniguruma's [^\w\s] is not the complement of \w ∪ \s (see gen_tables.go).
	p = strings.ReplaceAll(p, `[^\w\s]`, "["+runeRanges(func(r rune) bool { return wordOf(r)&wOther != 0 })+"]")
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			name := p[i : i+2]
			if p[i+1] == 'p' {
				name = p[i : strings.IndexByte(p[i:], '}')+i+1]
			}
			if set, ok := esc[name]; ok {
				if inClass {
					b.WriteString(set)
				} else {
					b.WriteString("[" + set + "]")
				}
			} else if name == `\S` && !inClass {
				b.WriteString("[^" + esc[`\s`] + "]")
			} else {
				b.WriteString(name)
			}
			i += len(name) - 1
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var (
	oracleMu sync.Mutex
	oracles  = map[string]*regexp2.Regexp{}
)

func oracle(t testing.TB, pattern string) *regexp2.Regexp {
	oracleMu.Lock()
	defer oracleMu.Unlock()
	if re, ok := oracles[pattern]; ok {
		return re
	}
	re, err := regexp2.Compile(oraclePattern(pattern), regexp2.None)
	if err != nil {
		t.Fatalf("oracle for %q: %v", pattern, err)
	}
	oracles[pattern] = re
	return re
}

// oracleFind returns regexp2's matches of re in s as byte spans.
func oracleFind(t testing.TB, re *regexp2.Regexp, s string) [][2]int {
	// Byte offset of every rune index, reading s as []rune(s) does.
	offs := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		offs = append(offs, i)
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	offs = append(offs, len(s))
	var out [][2]int
	m, err := re.FindStringMatch(s)
	for ; m != nil && err == nil; m, err = re.FindNextMatch(m) {
		out = append(out, [2]int{offs[m.Index], offs[m.Index+m.Length]})
	}
	if err != nil {
		t.Fatalf("regexp2: %v", err)
	}
	return out
}

// named lists the scanners under test.
var named = []struct{ name, pattern string }{
	{"GPT2", GPT2}, {"GPT2Tiktoken", GPT2Tiktoken}, {"CL100K", CL100K}, {"Qwen2", Qwen2},
	{"MiniCPM", MiniCPM}, {"O200K", O200K}, {"Tekken", Tekken}, {"DeepSeekDigits", DeepSeekDigits},
	{"DeepSeekCJK", DeepSeekCJK}, {"DeepSeekMain", DeepSeekMain},
	{"DeepSeekMainEscaped", DeepSeekMainEscaped}, {"CLIP", CLIP}, {"Falcon3Digits", Falcon3Digits},
	{"Spaces", Spaces}, {"MultiSpace", MultiSpace}, {"Digits", Digits}, {"Digit", Digit},
	{"Whitespace", Whitespace},
}

// compare reports a difference between the scanner of pattern and the oracle on s.
func compare(t testing.TB, pattern, s string) bool {
	t.Helper()
	f, ok := Lookup(pattern)
	if !ok {
		t.Fatalf("no scanner for %q", pattern)
	}
	got := f(nil, s)
	want := oracleFind(t, oracle(t, pattern), s)
	if !slices.Equal(got, want) {
		t.Errorf("pattern %.40q on %q:\n got %v\nwant %v\n got %q\nwant %q", pattern, s, got, want,
			pieces(s, got), pieces(s, want))
		return false
	}
	return true
}

func pieces(s string, spans [][2]int) []string {
	var out []string
	for _, sp := range spans {
		out = append(out, s[sp[0]:sp[1]])
	}
	return out
}

// atoms are the building blocks of the adversarial texts: every category boundary the
// patterns care about.
func atoms() []string {
	a := []string{
		"a", "z", "A", "Z", "hello", "World", "HELLO", "é", "É", "ß", "ſ", "ǅ", "ǈ", "ʰ", "ˆ", "ª", "ᵃ",
		"中", "文字", "一", "龥", "龦", "ぁ", "ゟ", "゠", "カタカナ", "ヿ", "ㇰ", "한국어", "ก", "ไทย", "ע", "عربي",
		"и", "Ж", "Ω", "ω", "ᾈ", "ᾀ", "𝐀", "𝐚", "𐐀", "𐐨", "𞤀", "𞤢", "ꟊ", "\U000105C0", "\u1C89",
		"\u0301", "\u0300", "e\u0301", "\u0903", "\u20DD", "\u0897", "\U00010D69", "\u0345",
		"0", "7", "42", "123", "1234", "١٢٣", "४", "５", "½", "²", "Ⅻ", "〇", "𝟘", "\U00010D40", "፩",
		" ", "  ", "   ", "\t", "\n", "\r", "\r\n", "\n\n", "\r\r\n", "\v", "\f", "\u0085", "\u00a0",
		"\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u180e",
		"\u200b", "\ufeff", "\u001c", "\u001f", "\x00", "\x7f",
		"'", "'s", "'S", "'ſ", "'t", "'T", "'re", "'RE", "'Re", "'rE", "'ve", "'VE", "'m", "'M",
		"'ll", "'LL", "'lL", "'d", "'D", "'k", "'K", "'\u212a", "'x", "’s", "''", "'r", "'l", "'v",
		"!", "\"", "#", "$", "%", "&", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=",
		">", "?", "@", "[", "\\", "]", "^", "_", "`", "{", "|", "}", "~", "...", "//", "!!",
		"¿", "«", "»", "—", "“", "”", "…", "。", "、", "，", "€", "©", "∑", "→", "😀", "👍🏽",
		"\u200d", "🇫🇷", "\u2427", "\u1B4E", "\ufffd", "\uf8ff", "\U000E0001", "\U0010FFFF",
		"<|startoftext|>", "<|endoftext|>", "<|end", "<|",
		"\xff", "\xc5", "\xc5\xbf", "\xed\xa0\x80", "\xe4\xb8", "\x80", "\xf4\x90\x80\x80",
	}
	return a
}

// adversarial returns the deterministic adversarial texts: every atom, every pair of atoms,
// and random atom sequences.
func adversarial(nRandom int) []string {
	a := atoms()
	var out []string
	out = append(out, "")
	out = append(out, a...)
	for _, x := range a {
		for _, y := range a {
			out = append(out, x+y)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Random code points of every class combination (every script's letters, marks, digits...).
	byClass := map[uint8][]rune{}
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r < 0xd800 || r > 0xdfff {
			byClass[classOf(r)] = append(byClass[classOf(r)], r)
		}
	}
	var keys []uint8
	for k := range byClass {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for range nRandom {
		var b strings.Builder
		for k := 1 + rng.IntN(12); k > 0; k-- {
			switch rng.IntN(4) {
			case 0:
				b.WriteString(a[rng.IntN(len(a))])
			default:
				rs := byClass[keys[rng.IntN(len(keys))]]
				b.WriteRune(rs[rng.IntN(len(rs))])
			}
		}
		out = append(out, b.String())
	}
	for range nRandom {
		var b strings.Builder
		for k := 1 + rng.IntN(10); k > 0; k-- {
			b.WriteString(a[rng.IntN(len(a))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestAdversarial(t *testing.T) {
	texts := adversarial(3000)
	if testing.Short() {
		texts = texts[:3000]
	}
	for _, nm := range named {
		t.Run(nm.name, func(t *testing.T) {
			fails := 0
			for _, s := range texts {
				if !compare(t, nm.pattern, s) {
					if fails++; fails > 10 {
						t.Fatal("too many failures")
					}
				}
			}
			t.Logf("%d texts compared", len(texts))
		})
	}
}

// TestWhitespacePreTokenizerOracle compares WhitespacePreTokenizer with regexp2 running
// \w+|[^\w\s]+ with the regex crate's classes spelled out.
func TestWhitespacePreTokenizerOracle(t *testing.T) {
	word := runeRanges(func(r rune) bool { return wordOf(r)&wRegexWord != 0 })
	other := runeRanges(func(r rune) bool { return wordOf(r)&wRegexOther != 0 })
	re := regexp2.MustCompile("["+word+"]+|["+other+"]+", regexp2.None)
	texts := adversarial(3000)
	if testing.Short() {
		texts = texts[:3000]
	}
	for _, s := range texts {
		if got, want := WhitespacePreTokenizer(nil, s), oracleFind(t, re, s); !slices.Equal(got, want) {
			t.Fatalf("on %q: got %v, want %v", s, got, want)
		}
	}
}

// sharedTexts reads the text (and pair) fields of a jsonl file of FASTTOK_SHARED.
func sharedTexts(t testing.TB, name string) []string {
	dir := os.Getenv("FASTTOK_SHARED")
	if dir == "" {
		t.Skip("FASTTOK_SHARED is unset")
	}
	f, err := os.Open(filepath.Join(dir, "assets", "texts", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var rec struct {
			Text string  `json:"text"`
			Pair *string `json:"pair"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, rec.Text)
		if rec.Pair != nil {
			out = append(out, *rec.Pair)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSharedTexts(t *testing.T) {
	// The speed files take regexp2 tens of seconds: only their first texts are compared unless
	// FASTTOK_SCAN_FULL is set.
	files := []string{"smoke.jsonl", "corpus.jsonl", "speed-en.jsonl", "speed-multi.jsonl"}
	for _, file := range files {
		texts := sharedTexts(t, file)
		if strings.HasPrefix(file, "speed") && os.Getenv("FASTTOK_SCAN_FULL") == "" {
			if testing.Short() {
				continue
			}
			texts = texts[:min(len(texts), 8)]
		}
		for _, nm := range named {
			t.Run(file+"/"+nm.name, func(t *testing.T) {
				t.Parallel()
				n := 0
				for _, s := range texts {
					n += len(s)
					if !compare(t, nm.pattern, s) {
						t.FailNow()
					}
				}
				t.Logf("%d texts, %d bytes compared", len(texts), n)
			})
		}
	}
}

// TestSplitOracleSuite checks the scanners against the reference's own outputs in
// suites/split-regex-oracle, rebuilding each case's pieces from the scanner's matches with
// the case's behavior and invert flag the way tokenizers' NormalizedString::split does.
func TestSplitOracleSuite(t *testing.T) {
	dir := os.Getenv("FASTTOK_SHARED")
	if dir == "" {
		t.Skip("FASTTOK_SHARED is unset")
	}
	f, err := os.Open(filepath.Join(dir, "assets", "suites", "split-regex-oracle", "cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	covered := map[string]int{}
	for sc.Scan() {
		var c struct {
			ID       string
			Pattern  string
			PType    string `json:"patternType"`
			Behavior string
			Invert   bool
			Input    string
			Expected *[][2]int `json:"expectedByteOffsets"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		fn, ok := Lookup(c.Pattern)
		if !ok || c.PType != "Regex" || c.Expected == nil {
			continue
		}
		covered[c.Pattern]++
		got := splitPieces(fn(nil, c.Input), len(c.Input), c.Behavior, c.Invert)
		if !slices.Equal(got, *c.Expected) {
			t.Errorf("%s (%q): got %v, want %v", c.ID, c.Input, got, *c.Expected)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	total := 0
	for p, n := range covered {
		total += n
		t.Logf("%4d cases for %.60q", n, p)
	}
	t.Logf("%d cases over %d patterns", total, len(covered))
}

// splitPieces turns matches into the non-empty pieces kept by NormalizedString::split.
func splitPieces(matches [][2]int, n int, behavior string, invert bool) [][2]int {
	type seg struct {
		off   [2]int
		match bool
	}
	var segs []seg
	if n == 0 {
		segs = []seg{{[2]int{0, 0}, false}}
	}
	prev := 0
	for _, m := range matches {
		if m[0] != prev {
			segs = append(segs, seg{[2]int{prev, m[0]}, false})
		}
		segs = append(segs, seg{m, true})
		prev = m[1]
	}
	if n > 0 && prev != n {
		segs = append(segs, seg{[2]int{prev, n}, false})
	}
	if invert {
		for i := range segs {
			segs[i].match = !segs[i].match
		}
	}
	var out []seg // match here means "remove"
	switch behavior {
	case "Isolated":
		for _, s := range segs {
			out = append(out, seg{s.off, false})
		}
	case "Removed":
		out = segs
	case "Contiguous", "MergedWithPrevious":
		prevMatch := false
		for _, s := range segs {
			merge := s.match == prevMatch
			if behavior == "MergedWithPrevious" {
				merge = s.match && !prevMatch
			}
			if merge && len(out) > 0 {
				out[len(out)-1].off[1] = s.off[1]
			} else {
				out = append(out, seg{s.off, false})
			}
			prevMatch = s.match
		}
	case "MergedWithNext":
		prevMatch := false
		for i := len(segs) - 1; i >= 0; i-- {
			s := segs[i]
			if s.match && !prevMatch && len(out) > 0 {
				out[len(out)-1].off[0] = s.off[0]
			} else {
				out = append(out, seg{s.off, false})
			}
			prevMatch = s.match
		}
		slices.Reverse(out)
	default:
		panic(fmt.Sprintf("unknown behavior %q", behavior))
	}
	res := [][2]int{}
	for _, s := range out {
		if !s.match && s.off[1] > s.off[0] {
			res = append(res, s.off)
		}
	}
	return res
}
