package strtab

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	var tab Table
	if k := tab.Put("", 7); k != "" {
		t.Fatalf("Put(\"\") returned %q", k)
	}
	want := map[string]uint32{}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		k := fmt.Sprint(r.IntN(30000))
		if i%7 == 0 {
			k = strings.Repeat("x", r.IntN(3))
		}
		if i == 5 {
			k = strings.Repeat("long", blockSize/4+1) // a key of its own block
		}
		if got := tab.Put(k, uint32(i)); got != k {
			t.Fatalf("Put returned %.20q, want %.20q", got, k)
		}
		want[k] = uint32(i)
	}
	if tab.Len() != len(want) {
		t.Fatalf("Len %d, want %d", tab.Len(), len(want))
	}
	for k, v := range want {
		if got, ok := tab.Get(k); !ok || got != v {
			t.Fatalf("Get(%.20q) = %d, %v; want %d", k, got, ok, v)
		}
		if got, ok := tab.GetBytes([]byte(k)); !ok || got != v {
			t.Fatalf("GetBytes(%.20q) = %d, %v; want %d", k, got, ok, v)
		}
		if got, ok := tab.GetAt(k, tab.Ahead(k)); !ok || got != v {
			t.Fatalf("GetAt(%.20q, Ahead) = %d, %v; want %d", k, got, ok, v)
		}
	}
	for _, k := range []string{"-1", "30001", "xxx", "a", "not a key of the table"} {
		if _, ok := tab.Get(k); ok {
			t.Fatalf("Get(%q) found", k)
		}
		if _, ok := tab.GetAt(k, tab.Ahead(k)); ok {
			t.Fatalf("GetAt(%q, Ahead) found", k)
		}
	}
	got := tab.Map()
	if len(got) != len(want) {
		t.Fatalf("Map has %d keys, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("Map()[%.20q] = %d, want %d", k, got[k], v)
		}
	}
	var empty Table
	if _, ok := empty.GetAt("a", empty.Ahead("a")); ok {
		t.Fatal("GetAt on the empty table found a key")
	}
	if _, ok := empty.Get(""); ok || empty.Len() != 0 {
		t.Fatal("the zero Table is not empty")
	}
	var nilTab *Table
	if _, ok := nilTab.Get("a"); ok || nilTab.Len() != 0 {
		t.Fatal("a nil Table is not empty")
	}
}

// TestPutAll checks PutAll against a map: repeated keys keep their last value, short
// and long keys, fewer keys than its prefetch distance, into an empty table or one
// that already holds keys.
func TestPutAll(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 3, putAhead, 5000} {
		for _, prefill := range []int{0, 100} {
			var tab Table
			want := map[string]uint32{}
			for i := range prefill {
				k := fmt.Sprint(r.IntN(2*n + 10))
				tab.Put(k, uint32(i))
				want[k] = uint32(i)
			}
			keys := make([]string, n)
			vals := make([]uint32, n)
			for i := range keys {
				keys[i] = strings.Repeat("k", r.IntN(12)) + fmt.Sprint(r.IntN(n/2+1))
				vals[i] = uint32(1000 + i)
				want[keys[i]] = vals[i]
			}
			tab.PutAll(keys, vals)
			if tab.Len() != len(want) {
				t.Fatalf("n %d, prefill %d: Len %d, want %d", n, prefill, tab.Len(), len(want))
			}
			for k, v := range want {
				if got, ok := tab.Get(k); !ok || got != v {
					t.Fatalf("n %d, prefill %d: Get(%q) = %d, %v; want %d", n, prefill, k, got, ok, v)
				}
			}
			if _, ok := tab.Get("absent"); ok {
				t.Fatal("Get(absent) found")
			}
		}
	}
}

// realVocab reads llama3's vocabulary (FASTTOK_SHARED), for the benchmarks.
func realVocab(b *testing.B) map[string]uint32 {
	shared := os.Getenv("FASTTOK_SHARED")
	if shared == "" {
		b.Skip("FASTTOK_SHARED is not set")
	}
	f, err := os.Open(filepath.Join(shared, "assets/tokenizers/llama3.json.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var doc struct {
		Model struct{ Vocab map[string]uint32 } `json:"model"`
	}
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		b.Fatal(err)
	}
	return doc.Model.Vocab
}

func lookupKeys(v map[string]uint32) []string {
	keys := make([]string, 0, len(v)+len(v)/2)
	for k := range v {
		keys = append(keys, strings.Clone(k)) // not the map's own bytes
		if len(keys)%2 == 0 {
			keys = append(keys, k+"zq") // misses
		}
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

func BenchmarkGetMap(b *testing.B) {
	v := realVocab(b)
	keys := lookupKeys(v)
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if _, ok := v[keys[i%len(keys)]]; ok {
			n++
		}
	}
}

func BenchmarkGetTable(b *testing.B) {
	v := realVocab(b)
	keys := lookupKeys(v)
	t := New(len(v))
	for k, id := range v {
		t.Put(k, id)
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		if _, ok := t.Get(keys[i%len(keys)]); ok {
			n++
		}
	}
}

func BenchmarkBuildMap(b *testing.B) {
	v := realVocab(b)
	keys := lookupKeys(v)[:len(v)]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := make(map[string]uint32, len(keys))
		for j, k := range keys {
			m[k] = uint32(j)
		}
	}
}

func BenchmarkBuildTable(b *testing.B) {
	v := realVocab(b)
	keys := lookupKeys(v)[:len(v)]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := New(len(keys))
		for j, k := range keys {
			t.Put(k, uint32(j))
		}
	}
}

// textWords returns the words of speed-en.jsonl, each with GPT-2's "Ġ" for its
// leading space, as a byte-level BPE looks them up.
func textWords(b *testing.B) []string {
	data, err := os.ReadFile(filepath.Join(os.Getenv("FASTTOK_SHARED"), "assets/texts/speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	for _, w := range strings.Fields(string(data)) {
		words = append(words, "Ġ"+w)
		if len(words) == 1<<20 {
			break
		}
	}
	return words
}

func BenchmarkTextMap(b *testing.B) {
	v := realVocab(b)
	words := textWords(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = v[words[i%len(words)]]
	}
}

func BenchmarkTextTable(b *testing.B) {
	v := realVocab(b)
	words := textWords(b)
	t := New(len(v))
	for k, id := range v {
		t.Put(k, id)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = t.Get(words[i%len(words)])
	}
}
