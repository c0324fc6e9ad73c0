package wordpiece

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchWords returns the words (whitespace-separated, ASCII-lowercased) of the first
// MiB of speed-en.jsonl, and their total size.
func benchWords(b *testing.B) ([]string, int) {
	data, err := os.ReadFile(filepath.Join(sharedDir(b), "assets/texts/speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	size := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		var r struct{ Text string }
		if json.Unmarshal(line, &r) != nil {
			continue
		}
		for _, w := range strings.Fields(transformText(r.Text, "lower")) {
			words = append(words, w)
			size += len(w)
		}
		if size > 1<<20 {
			break
		}
	}
	return words, size
}

func BenchmarkTokenize(b *testing.B) {
	w, err := Parse(loadModelJSON(b, "bert-base-uncased"))
	if err != nil {
		b.Fatal(err)
	}
	words, size := benchWords(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, word := range words {
			if _, err := w.Tokenize(word); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkAppendIDs(b *testing.B) {
	w, err := Parse(loadModelJSON(b, "bert-base-uncased"))
	if err != nil {
		b.Fatal(err)
	}
	words, size := benchWords(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	ids := make([]uint32, 0, 1024)
	for b.Loop() {
		for _, word := range words {
			ids, err = w.AppendIDs(ids[:0], word)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
