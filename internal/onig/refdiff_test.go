package onig

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestReferenceDiff compares random patterns against the reference (node + tokenizers@0.23.2).
// It runs only with FASTTOK_REF_DIFF=N (N patterns; FASTTOK_REF_SEED picks the seed).
func TestReferenceDiff(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FASTTOK_REF_DIFF"))
	if n <= 0 {
		t.Skip("set FASTTOK_REF_DIFF=N to compare N random patterns with the reference")
	}
	seed, _ := strconv.ParseInt(os.Getenv("FASTTOK_REF_SEED"), 10, 64)
	rnd := rand.New(rand.NewSource(seed))
	inputs := []string{"aaa bab  a", "Hello World foo_bar 123 x\n", "s S ſ k K ss ß ẞ ﬆ", "ab\ncd\r\nef\n",
		"漢字かなカナ한국어 😀❤️ #1 ©", "\r\n\r\n\u2028\u0085 e\u0301\u0308",
		"0xDEADbeef ²³ ١٢ Ⅻ", "a-b~c#d&e (x) [y]", "ééé e\u0301 😀👍🏽 🇫🇷", "  \t\u00a0\u3000x  ", ""}
	var patterns []string
	for i := 0; i < n; i++ {
		patterns = append(patterns, randPattern(rnd, 0))
	}
	referenceDiff(t, patterns, inputs)
}

// TestReferenceDiffCorpus compares the suite's patterns on the texts of
// $FASTTOK_SHARED/assets/texts/corpus.jsonl with the reference (FASTTOK_REF_CORPUS=1, or
// FASTTOK_REF_CORPUS=speed-multi.jsonl for the first 300 texts of that file).
func TestReferenceDiffCorpus(t *testing.T) {
	shared := os.Getenv("FASTTOK_SHARED")
	if os.Getenv("FASTTOK_REF_CORPUS") == "" || shared == "" {
		t.Skip("set FASTTOK_REF_CORPUS=1 and FASTTOK_SHARED to compare the suite's patterns on the corpus")
	}
	seen := map[string]bool{}
	var patterns, inputs []string
	read := func(path string, f func([]byte)) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(l) > 0 {
				f(l)
			}
		}
	}
	read(shared+"/assets/suites/split-regex-oracle/cases.jsonl", func(l []byte) {
		var c suiteCase
		if json.Unmarshal(l, &c) == nil && c.PatternType == "Regex" && c.ExpectedError == "" && !seen[c.Pattern] {
			seen[c.Pattern] = true
			patterns = append(patterns, c.Pattern)
		}
	})
	file := "corpus.jsonl"
	if v := os.Getenv("FASTTOK_REF_CORPUS"); strings.HasSuffix(v, ".jsonl") {
		file = v // another texts file; its first 300 texts
	}
	read(shared+"/assets/texts/"+file, func(l []byte) {
		var r struct{ Text string }
		if json.Unmarshal(l, &r) == nil && len(inputs) < 300 || file == "corpus.jsonl" {
			inputs = append(inputs, r.Text)
		}
	})
	referenceDiff(t, patterns, inputs)
}

// referenceDiff runs every pattern on every input here and in the reference, and compares the
// Isolated and Removed Split pieces (or the errors).
func referenceDiff(t *testing.T, patterns, inputs []string) {
	n := len(patterns)
	type job struct{ pattern, input string }
	var jobs []job
	for _, p := range patterns {
		for _, in := range inputs {
			jobs = append(jobs, job{p, in})
		}
	}
	var in bytes.Buffer
	for _, j := range jobs {
		b, _ := json.Marshal(map[string]string{"pattern": j.pattern, "input": j.input})
		in.Write(b)
		in.WriteByte('\n')
	}
	cmd := exec.Command("node", "testdata/ref_split.js")
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	fail, slow := 0, 0
	failed := map[string]bool{}
	for i := 0; sc.Scan(); i++ {
		j := jobs[i]
		if failed[j.pattern] {
			continue
		}
		var want struct {
			Error             string
			Isolated, Removed [][2]int
		}
		if err := json.Unmarshal(sc.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		re, err := compileWithTimeout(j.pattern, time.Second)
		var got string
		switch {
		case err != nil && want.Error != "":
			continue
		case err != nil:
			got = "error " + err.Error()
		case want.Error != "":
			got = "no error"
		default:
			if os.Getenv("FASTTOK_REF_TRACE") != "" {
				t.Logf("matching %q on %q", j.pattern, j.input)
			}
			m, err := re.FindMatches(j.input)
			if err != nil && strings.Contains(err.Error(), "timeout") {
				slow++
				failed[j.pattern] = true
				t.Logf("skipped (too slow for regexp2): pattern=%q input=%q", j.pattern, j.input)
				continue
			}
			if err != nil {
				got = err.Error()
				break
			}
			iso, rem := splitPieces(m, "Isolated", false), splitPieces(m, "Removed", false)
			if fmt.Sprint(iso) == fmt.Sprint(nz(want.Isolated)) && fmt.Sprint(rem) == fmt.Sprint(nz(want.Removed)) {
				continue
			}
			got = fmt.Sprint(pieceStrings(j.input, iso), pieceStrings(j.input, rem))
		}
		fail++
		failed[j.pattern] = true
		if fail <= 25 {
			t.Errorf("pattern=%q input=%q got %s, want %s%v %v", j.pattern, j.input, got, want.Error,
				pieceStrings(j.input, want.Isolated), pieceStrings(j.input, want.Removed))
		}
	}
	t.Logf("%d of %d patterns differ (%d skipped as too slow)", fail, n, slow)
}

// compileWithTimeout is CompileNoScanner, uncached, with a regexp2 match timeout: random
// patterns can backtrack catastrophically where Oniguruma's optimizations (e.g. a required
// literal missing from the text) stop early, and those are skipped.
func compileWithTimeout(pattern string, d time.Duration) (*Regex, error) {
	tr, err := translate(pattern)
	if err != nil {
		return nil, err
	}
	re, err := compileRegexp2(tr)
	if err != nil {
		return nil, &Error{Msg: err.Error()}
	}
	re.MatchTimeout = d
	return &Regex{pattern: pattern, re: re}, nil
}

func nz(x [][2]int) [][2]int {
	if x == nil {
		return [][2]int{}
	}
	return x
}

var (
	fragAtoms = []string{"a", "b", "s", "ß", "K", "é", " ", `\n`, "x", "1", `\.`, "-", "'",
		"[a-c]", "[^a]", `\w`, `\W`, `\d`, `\D`, `\s`, `\S`, `\h`, `\p{L}`, `\p{N}`, `\p{P}`, `\p{Lu}`, `[[:punct:]]`,
		`[\w&&\D]`, `[a[b]]`, ".", `[^\s\p{L}]`, `\X`, `[ß]`, `\p{Emoji}`, `[[:alpha:]]`, `\p{Han}`, `[\p{L}&&[^a-z]]`,
		`\x{1F600}`, `\R`, `\N`, `[^[:space:]]`, `\p{^N}`, `[\W\d]`, `[^\w\s]`, `[-a]`, `[a-]`, `\u00e9`, `\303\251`,
		`[\p{Lu}\p{M}]`, `\p{Latin}`, `\p{Common}`, `\p{Emoji_Presentation}`, `\p{Extended_Pictographic}`, `[^\p{P}]`,
		`(a)\1`, `(?<n>b)\k<n>`, `(?i)`, `(?-i)`, `(?m:.)`, `\G`, `(?x: a )`, `\p{^Lu}`, `[^[:^alpha:]]`, `\p{Zs}`}
	fragAnchors = []string{"^", "$", `\b`, `\B`, `\A`, `\z`, `\Z`}
	fragQuants  = []string{"*", "+", "?", "{1,2}", "{,2}", "*?", "+?", "*+", "++", "?+", "{2}?", "{2}", "{2,}", "??"}
)

func randPattern(r *rand.Rand, depth int) string {
	var b strings.Builder
	alts := 1
	if r.Intn(3) == 0 {
		alts = 2 + r.Intn(2)
	}
	for a := 0; a < alts; a++ {
		if a > 0 {
			b.WriteByte('|')
		}
		for k := 1 + r.Intn(2); k > 0; k-- {
			switch x := r.Intn(10); {
			case x < 6 || depth > 0:
				b.WriteString(fragAtoms[r.Intn(len(fragAtoms))])
			case x < 7:
				b.WriteString(fragAnchors[r.Intn(len(fragAnchors))])
				continue
			default:
				open := []string{"(", "(?:", "(?>", "(?=", "(?!", "(?i:", "(?<="}[r.Intn(7)]
				inner := randPattern(r, depth+1)
				if open == "(?<=" {
					inner = fragAtoms[r.Intn(len(fragAtoms))]
				}
				b.WriteString(open + inner + ")")
			}
			if r.Intn(2) == 0 {
				b.WriteString(fragQuants[r.Intn(len(fragQuants))])
			}
		}
	}
	return b.String()
}
