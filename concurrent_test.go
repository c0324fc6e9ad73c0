package fasttok_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

// TestConcurrentCachesAndStreams runs, for a tokenizer of each model family, several
// goroutines at once on one *Tokenizer: encoding (which fills the models' shared word
// caches), the ids-only path and a DecodeStream per goroutine. Each goroutine's
// results must equal those of a sequential run; .ci/run runs it under -race.
func TestConcurrentCachesAndStreams(t *testing.T) {
	paths := map[string]string{
		"BPE":       filepath.Join("cmd", "fasttok", "gpt2.json.gz"),
		"WordPiece": filepath.Join("testdata", "tokenizers", "wordpiece-small.json.gz"),
		"Unigram":   filepath.Join("testdata", "tokenizers", "unigram-small.json.gz"),
		"WordLevel": filepath.Join("testdata", "scenarios", "added-strip.json"),
	}
	inputs := smokeInputs(t)
	var texts []string
	for i, in := range inputs {
		// Distinct words per copy, so that the goroutines keep adding to the caches.
		texts = append(texts, fmt.Sprintf("%s w%dx%d", in.First.Text, i, i*7))
	}
	for family, path := range paths {
		t.Run(family, func(t *testing.T) {
			tok, err := fasttok.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			type result struct {
				ids    [][]uint32
				stream []string
			}
			run := func(offset int) (r result) {
				for k := range texts {
					text := texts[(k+offset)%len(texts)]
					enc, err := tok.Encode(text)
					if err != nil {
						t.Error(err)
						return
					}
					ids, err := tok.AppendIDs(nil, text, tokenizer.EncodeOptions{})
					if err != nil || fmt.Sprint(ids) != fmt.Sprint(enc.IDs) {
						t.Errorf("AppendIDs(%q) = %v, %v; Encode gives %v", text, ids, err, enc.IDs)
						return
					}
					ds := tok.NewDecodeStream(false)
					var sb strings.Builder
					for _, id := range ids {
						chunk, ok, err := ds.Step(id)
						if err != nil {
							t.Error(err)
							return
						}
						if ok {
							sb.WriteString(chunk)
						}
					}
					r.ids = append(r.ids, ids)
					r.stream = append(r.stream, sb.String())
				}
				return r
			}
			const goroutines = 4
			want := make([]result, goroutines)
			for g := range want {
				want[g] = run(g * 37)
			}
			tok, err = fasttok.Load(path) // fresh caches
			if err != nil {
				t.Fatal(err)
			}
			got := make([]result, goroutines)
			var wg sync.WaitGroup
			for g := 0; g < goroutines; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[g] = run(g * 37)
				}()
			}
			wg.Wait()
			for g := range got {
				if fmt.Sprint(got[g]) != fmt.Sprint(want[g]) {
					t.Fatalf("goroutine %d: concurrent results differ from the sequential ones", g)
				}
			}
		})
	}
}
