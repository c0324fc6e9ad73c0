package main

import (
	"bytes"
	"compress/gzip"
	"github.com/fasttok/fasttok/internal/inflate"

	kgzip "github.com/klauspost/compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fasttok/fasttok"
)

// The load benchmarks read the shared tokenizers (FASTTOK_SHARED):
//
//	FASTTOK_SHARED=/work/shared go test -run XXX -bench Load ./bench/

func readTokenizer(tb testing.TB, name string) []byte {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		tb.Skip("FASTTOK_SHARED not set")
	}
	data, err := os.ReadFile(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func benchLoad(b *testing.B, name string) {
	data := readTokenizer(b, name)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := fasttok.LoadBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadLlama3(b *testing.B) { benchLoad(b, "llama3") }
func BenchmarkLoadO200k(b *testing.B)  { benchLoad(b, "gpt4o-o200k") }
func BenchmarkLoadGemma3(b *testing.B) { benchLoad(b, "gemma3") }
func BenchmarkLoadGpt2(b *testing.B)   { benchLoad(b, "gpt2") }
func BenchmarkLoadBert(b *testing.B)   { benchLoad(b, "bert-base-uncased") }
func BenchmarkLoadT5(b *testing.B)     { benchLoad(b, "t5-small") }

// BenchmarkGunzipLlama3 is the floor of loading llama3: decompressing it.
func BenchmarkGunzipLlama3(b *testing.B) {
	data := readTokenizer(b, "llama3")
	for i := 0; i < b.N; i++ {
		zr, _ := gzip.NewReader(bytes.NewReader(data))
		io.Copy(io.Discard, zr)
	}
}

// TestLoadPhases logs the best of 8 times to gunzip, to load the plain JSON and to
// load the .gz of a few tokenizers (FASTTOK_PHASES=1).
func TestLoadPhases(t *testing.T) {
	if os.Getenv("FASTTOK_PHASES") == "" {
		t.Skip("set FASTTOK_PHASES=1")
	}
	for _, name := range []string{"llama3", "gpt4o-o200k", "gpt2"} {
		data := readTokenizer(t, name)
		var plain []byte
		bestGz, bestPlain, bestAll := time.Hour, time.Hour, time.Hour
		for i := 0; i < 8; i++ {
			s := time.Now()
			zr, _ := gzip.NewReader(bytes.NewReader(data))
			plain, _ = io.ReadAll(zr)
			bestGz = min(bestGz, time.Since(s))
			s = time.Now()
			if _, err := fasttok.LoadBytes(plain); err != nil {
				t.Fatal(err)
			}
			bestPlain = min(bestPlain, time.Since(s))
			s = time.Now()
			if _, err := fasttok.LoadBytes(data); err != nil {
				t.Fatal(err)
			}
			bestAll = min(bestAll, time.Since(s))
		}
		t.Logf("%s: gunzip %v, load plain %v, load gz %v", name, bestGz, bestPlain, bestAll)
	}
}

// BenchmarkGunzipKlauspostLlama3 is BenchmarkGunzipLlama3 with the gzip reader the
// loader uses (github.com/klauspost/compress/gzip).
func BenchmarkGunzipKlauspostLlama3(b *testing.B) {
	data := readTokenizer(b, "llama3")
	for i := 0; i < b.N; i++ {
		zr, _ := kgzip.NewReader(bytes.NewReader(data))
		io.Copy(io.Discard, zr)
	}
}

// BenchmarkGunzipInflateLlama3 is BenchmarkGunzipLlama3 with the loader's own
// decompressor (internal/inflate), into a buffer of the text's size.
func BenchmarkGunzipInflateLlama3(b *testing.B) {
	data := readTokenizer(b, "llama3")
	buf := make([]byte, 0, 10<<20)
	for b.Loop() {
		if _, err := inflate.Gunzip(buf, data, -1, nil); err != nil {
			b.Fatal(err)
		}
	}
}
