package onig

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestEdgeCases checks translation edge cases against testdata/edge_cases.jsonl, made by the
// reference (see testdata/gen_edge.js): Isolated and Removed Split pieces, or the error.
func TestEdgeCases(t *testing.T) {
	f, err := os.Open("testdata/edge_cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line, fail := 0, 0
	for sc.Scan() {
		line++
		var c struct {
			Pattern  string   `json:"pattern"`
			Input    string   `json:"input"`
			Error    string   `json:"error"`
			Isolated [][2]int `json:"isolated"`
			Removed  [][2]int `json:"removed"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("edge_cases.jsonl:%d: %v", line, err)
		}
		report := func(got, want any) {
			fail++
			if fail <= 10 {
				t.Errorf("edge_cases.jsonl:%d: pattern=%q input=%q got %v, want %v", line, c.Pattern, c.Input, got, want)
			}
		}
		re, err := Compile(c.Pattern)
		if c.Error != "" {
			if err == nil {
				report("no error", c.Error)
			} else if !strings.HasPrefix(c.Error, err.Error()) {
				report(err, c.Error)
			}
			continue
		}
		if err != nil {
			report(err, "no error")
			continue
		}
		m, err := re.FindMatches(c.Input)
		if err != nil {
			report(err, "no error")
			continue
		}
		checkCover(t, c.Input, m)
		for _, b := range []struct {
			name string
			want [][2]int
		}{{"Isolated", c.Isolated}, {"Removed", c.Removed}} {
			got := splitPieces(m, b.name, false)
			if b.want == nil {
				b.want = [][2]int{}
			}
			if fmt.Sprint(got) != fmt.Sprint(b.want) {
				report(fmt.Sprintf("%s %v", b.name, pieceStrings(c.Input, got)), pieceStrings(c.Input, b.want))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// checkCover checks that matches cover s in order.
func checkCover(t *testing.T, s string, m []tokenizer.Match) {
	t.Helper()
	prev := 0
	for _, x := range m {
		if x.Start != prev || x.End < x.Start || (!x.IsMatch && x.End == x.Start && s != "") {
			t.Fatalf("FindMatches(%q) = %v: not a covering", s, m)
		}
		prev = x.End
	}
	if prev != len(s) || len(m) == 0 {
		t.Fatalf("FindMatches(%q) = %v: does not cover the text", s, m)
	}
}
