package scripts

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	// The reference's own unit test (scripts.rs test_unicode_script).
	tests := []struct {
		r    rune
		want Script
	}{
		{'京', Han}, {'太', Han}, {'い', Hiragana}, {'グ', Katakana}, {'ー', Common},
		{'a', Latin}, {'A', Latin}, {'0', Common}, {'$', Common}, {'@', Common},
		{'-', Common}, {' ', Common}, {'�', Common},
		{0x0860, Any},    // Syriac Supplement, Unicode 10
		{0x1F6F9, Any},   // Unicode 11 emoji
		{0x11D00, Any},   // Masaram Gondi, Unicode 10
		{0x104B0, Osage}, // Unicode 9
		{0x10FFFF, Any},  // noncharacter
		{-1, Any},        // not a character
		{0x110000, Any},  // past Unicode
		{0x0301, Inherited},
	}
	for _, tt := range tests {
		if got := Of(tt.r); got != tt.want {
			t.Errorf("Of(%U) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

// TestAgainstReferenceTable compares every code point with the reference's generated
// table, pre_tokenizers/unicode_scripts/scripts.rs, when its source is at hand
// (FASTTOK_REF_SRC=/work/ref/tokenizers/src).
func TestAgainstReferenceTable(t *testing.T) {
	dir := os.Getenv("FASTTOK_REF_SRC")
	if dir == "" {
		t.Skip("FASTTOK_REF_SRC not set")
	}
	f, err := os.Open(filepath.Join(dir, "pre_tokenizers", "unicode_scripts", "scripts.rs"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byName := map[string]Script{}
	for s := range names {
		byName[strings.ReplaceAll(names[s], "_", "")] = Script(s)
	}
	arm := regexp.MustCompile(`^\s*0x([0-9A-F]+)(?:\.\.=0x([0-9A-F]+))? => Script::(\w+),`)
	ref := make([]Script, 0x110000)
	set := make([]bool, 0x110000)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		m := arm.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		lo, _ := strconv.ParseUint(m[1], 16, 32)
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.ParseUint(m[2], 16, 32)
		}
		s, ok := byName[m[3]]
		if !ok {
			t.Fatalf("unknown script %s", m[3])
		}
		for c := lo; c <= hi; c++ {
			if !set[c] { // first arm wins
				ref[c], set[c] = s, true
			}
		}
		n++
	}
	if n < 1000 {
		t.Fatalf("only %d arms parsed", n)
	}
	bad := 0
	for c := rune(0); c < 0x110000; c++ {
		if got := Of(c); got != ref[c] {
			if bad < 20 {
				t.Errorf("Of(%U) = %v, reference %v", c, got, ref[c])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d code points differ", bad)
	}
}

// TestTableSorted checks what the binary search of Of relies on.
func TestTableSorted(t *testing.T) {
	for i, e := range table {
		if e.lo > e.hi || i > 0 && table[i-1].hi >= e.lo {
			t.Fatalf("entry %d %X-%X out of order", i, e.lo, e.hi)
		}
		if e.script == Any || int(e.script) >= len(names) {
			t.Fatalf("entry %d: bad script %d", i, e.script)
		}
	}
}
