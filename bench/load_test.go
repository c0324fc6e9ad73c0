package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"testing"
	"time"

	"github.com/fasttok/fasttok"
)

func loadRaw(b *testing.B, name string) []byte {
	data, err := os.ReadFile("/work/shared/assets/tokenizers/" + name + ".json.gz")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func benchLoad(b *testing.B, name string) {
	data := loadRaw(b, name)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := fasttok.LoadBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}
func benchGunzip(b *testing.B, name string) {
	data := loadRaw(b, name)
	for i := 0; i < b.N; i++ {
		zr, _ := gzip.NewReader(bytes.NewReader(data))
		io.Copy(io.Discard, zr)
	}
}
func BenchmarkLoadLlama3(b *testing.B)   { benchLoad(b, "llama3") }
func BenchmarkLoadO200k(b *testing.B)    { benchLoad(b, "gpt4o-o200k") }
func BenchmarkLoadGemma3(b *testing.B)   { benchLoad(b, "gemma3") }
func BenchmarkLoadGpt2(b *testing.B)     { benchLoad(b, "gpt2") }
func BenchmarkLoadBert(b *testing.B)     { benchLoad(b, "bert-base-uncased") }
func BenchmarkLoadT5(b *testing.B)       { benchLoad(b, "t5-small") }
func BenchmarkGunzipLlama3(b *testing.B) { benchGunzip(b, "llama3") }

func TestLoadPhases(t *testing.T) {
	if os.Getenv("FASTTOK_PHASES") == "" {
		t.Skip("set FASTTOK_PHASES=1")
	}
	for _, name := range []string{"llama3", "gpt4o-o200k", "gpt2"} {
		data, _ := os.ReadFile("/work/shared/assets/tokenizers/" + name + ".json.gz")
		var plain []byte
		bestGz, bestPlain, bestAll := time.Hour, time.Hour, time.Hour
		for i := 0; i < 8; i++ {
			s := time.Now()
			zr, _ := gzip.NewReader(bytes.NewReader(data))
			plain, _ = io.ReadAll(zr)
			bestGz = min(bestGz, time.Since(s))
			s = time.Now()
			fasttok.LoadBytes(plain)
			bestPlain = min(bestPlain, time.Since(s))
			s = time.Now()
			fasttok.LoadBytes(data)
			bestAll = min(bestAll, time.Since(s))
		}
		t.Logf("%s: gunzip %v, load plain %v, load gz %v", name, bestGz, bestPlain, bestAll)
	}
}
