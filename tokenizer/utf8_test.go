package tokenizer

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"
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
