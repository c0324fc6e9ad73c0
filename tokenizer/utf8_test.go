package tokenizer

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"unicode/utf8"
)

// testdata/lossy.jsonl pairs byte strings (hex) with Python 3.11's
// bytes.decode("utf-8", errors="replace") of them, re-encoded (made by the script in
// testdata/README.md).
func TestLossyString(t *testing.T) {
	f, err := os.Open("testdata/lossy.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var rec struct{ In, Out string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		in, _ := hex.DecodeString(rec.In)
		want, _ := hex.DecodeString(rec.Out)
		if got := LossyString(in); got != string(want) {
			t.Errorf("LossyString(%q) = %q, want %q", in, got, want)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d cases", n)
	}
}

func TestLossyInputKeepsCallerWords(t *testing.T) {
	words := []string{"ok", "a\xffb"}
	in := lossyInput(Input{First: Sequence{Words: words}})
	if words[1] != "a\xffb" {
		t.Fatalf("caller's slice changed: %q", words)
	}
	if in.First.Words[1] != "a\uFFFDb" {
		t.Fatalf("got %q", in.First.Words[1])
	}
}

func TestTextOf(t *testing.T) {
	_, err := textOf([]byte("ab\xe2\x82c"), false)
	var ue *InvalidUTF8Error
	if !errors.As(err, &ue) || ue.Offset != 2 {
		t.Fatalf("err = %v, want an InvalidUTF8Error at offset 2", err)
	}
	s, err := textOf([]byte("ab\xe2\x82c"), true)
	if err != nil || s != "ab\uFFFDc" {
		t.Fatalf("lossy: %q, %v", s, err)
	}
}

// lossyOracle is LossyString written from the definition of a maximal subpart: at a
// byte where no character starts, the longest prefix (up to 3 bytes) that some
// continuation bytes would complete into a character is one U+FFFD; else the byte
// alone is.
func lossyOracle(b []byte) string {
	var out []byte
	for i := 0; i < len(b); {
		if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		n := 1
		for p := min(3, len(b)-i); p > 1; p-- {
			if completable(b[i : i+p]) {
				n = p
				break
			}
		}
		out = append(out, "\uFFFD"...)
		i += n
	}
	return string(out)
}

// completable reports whether some continuation bytes after prefix make it one
// well-formed character.
func completable(prefix []byte) bool {
	for extra := 1; len(prefix)+extra <= 4; extra++ {
		buf := append(append([]byte(nil), prefix...), make([]byte, extra)...)
		var try func(k int) bool
		try = func(k int) bool {
			if k == len(buf) {
				r, size := utf8.DecodeRune(buf)
				return size == len(buf) && r != utf8.RuneError
			}
			for c := 0x80; c <= 0xBF; c++ {
				buf[k] = byte(c)
				if try(k + 1) {
					return true
				}
			}
			return false
		}
		if try(len(prefix)) {
			return true
		}
	}
	return false
}

func FuzzLossyString(f *testing.F) {
	for _, s := range []string{"", "abc", "\xe2\x82", "\xe2\x82\xac", "\xf0\x90\x80", "\xed\xa0\x80", "\xc0\xaf", "a\xffb\xf4\x90"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := LossyString(b)
		if !utf8.ValidString(got) {
			t.Fatalf("LossyString(%q) = %q: not valid UTF-8", b, got)
		}
		if want := lossyOracle(b); got != want {
			t.Fatalf("LossyString(%q) = %q, want %q", b, got, want)
		}
	})
}
