package onig

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// suiteCase is one line of suites/split-regex-oracle/cases.jsonl.
type suiteCase struct {
	ID                  string          `json:"id"`
	Pattern             string          `json:"pattern"`
	PatternType         string          `json:"patternType"`
	Behavior            string          `json:"behavior"`
	Invert              bool            `json:"invert"`
	Input               string          `json:"input"`
	Expected            [][2]any        `json:"expected"`
	ExpectedByteOffsets [][2]int        `json:"expectedByteOffsets"`
	ExpectedError       string          `json:"expectedError"`
	Raw                 json.RawMessage `json:"-"`
}

// splitPieces applies the reference's NormalizedString::split behavior to a pattern's matches
// and drops empty pieces (as PreTokenizedString::split does).
func splitPieces(matches []tokenizer.Match, behavior string, invert bool) [][2]int {
	type piece struct {
		start, end int
		remove     bool
	}
	var ps []piece
	prev := false
	for _, m := range matches {
		isMatch := m.IsMatch != invert
		switch behavior {
		case "Isolated":
			ps = append(ps, piece{m.Start, m.End, false})
		case "Removed":
			ps = append(ps, piece{m.Start, m.End, isMatch})
		case "Contiguous":
			if isMatch == prev && len(ps) > 0 {
				ps[len(ps)-1].end = m.End
			} else {
				ps = append(ps, piece{m.Start, m.End, false})
			}
		case "MergedWithPrevious":
			if isMatch && !prev && len(ps) > 0 {
				ps[len(ps)-1].end = m.End
			} else {
				ps = append(ps, piece{m.Start, m.End, false})
			}
		}
		prev = isMatch
	}
	if behavior == "MergedWithNext" {
		prev = false
		for i := len(matches) - 1; i >= 0; i-- {
			m := matches[i]
			isMatch := m.IsMatch != invert
			if isMatch && !prev && len(ps) > 0 {
				ps[len(ps)-1].start = m.Start
			} else {
				ps = append(ps, piece{m.Start, m.End, false})
			}
			prev = isMatch
		}
		for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
			ps[i], ps[j] = ps[j], ps[i]
		}
	}
	out := [][2]int{}
	for _, p := range ps {
		if !p.remove && p.end > p.start {
			out = append(out, [2]int{p.start, p.end})
		}
	}
	return out
}

func TestSplitRegexOracleSuite(t *testing.T) {
	t.Run("Compile", func(t *testing.T) { runSuite(t, Compile) })
	t.Run("CompileNoScanner", func(t *testing.T) { runSuite(t, CompileNoScanner) })
}

// runSuite checks every case of the split-regex-oracle suite with patterns compiled by compile.
func runSuite(t *testing.T, compile func(string) (*Regex, error)) {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		t.Skip("FASTTOK_SHARED not set: skipping the split-regex-oracle suite")
	}
	path := filepath.Join(shared, "assets/suites/split-regex-oracle/cases.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	compiled := map[string]*Regex{}
	compileErr := map[string]error{}
	line, pass, fail := 0, 0, 0
	for sc.Scan() {
		line++
		var c suiteCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("cases.jsonl:%d: %v", line, err)
		}
		pat := c.Pattern
		if c.PatternType == "String" {
			pat = QuoteMeta(pat)
		}
		re, ok := compiled[pat]
		err, seen := compileErr[pat]
		if !ok && !seen {
			re, err = compile(pat)
			compiled[pat], compileErr[pat] = re, err
		}
		report := func(got, want string) {
			fail++
			if fail <= 10 {
				t.Errorf("cases.jsonl:%d: id=%s pattern=%q input=%q got %s, want %s", line, c.ID, c.Pattern, c.Input, got, want)
			}
		}
		if c.ExpectedError != "" {
			if err == nil {
				report("no error", fmt.Sprintf("error %q", c.ExpectedError))
			} else if !strings.HasPrefix(c.ExpectedError, err.Error()) {
				report(fmt.Sprintf("error %q", err), fmt.Sprintf("error %q", c.ExpectedError))
			} else {
				pass++
			}
			continue
		}
		if err != nil {
			report(fmt.Sprintf("error %q", err), "no error")
			continue
		}
		matches, err := re.FindMatches(c.Input)
		if err != nil {
			report(fmt.Sprintf("error %q", err), "no error")
			continue
		}
		got := splitPieces(matches, c.Behavior, c.Invert)
		want := c.ExpectedByteOffsets
		if want == nil {
			want = [][2]int{}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			report(fmt.Sprint(pieceStrings(c.Input, got)), fmt.Sprint(pieceStrings(c.Input, want)))
			continue
		}
		for i, e := range c.Expected {
			if s, _ := e[0].(string); s != c.Input[want[i][0]:want[i][1]] {
				report(fmt.Sprintf("piece %q", c.Input[want[i][0]:want[i][1]]), fmt.Sprintf("piece %q", s))
			}
		}
		pass++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("split-regex-oracle: %d passed, %d failed of %d", pass, fail, line)
}

func pieceStrings(s string, spans [][2]int) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = fmt.Sprintf("%q%v", s[sp[0]:sp[1]], sp)
	}
	return out
}
