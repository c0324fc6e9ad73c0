package wordcache

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// tokensOf is the made-up tokenization of a word: one token per 3 bytes, the ids a
// function of the word, so that any entry can be checked.
func tokensOf(word string) (ids, ends []uint32) {
	for end := 3; ; end += 3 {
		end = min(end, len(word))
		ids = append(ids, uint32(len(word))*1000+uint32(end)+uint32(word[end-1]))
		ends = append(ends, uint32(end))
		if end == len(word) {
			return ids, ends
		}
	}
}

func check(t *testing.T, word string, e *Entry) {
	t.Helper()
	ids, ends := tokensOf(word)
	if got := e.AppendIDs(nil); fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("%q: ids %v, want %v", word, got, ids)
	}
	for i := range ids {
		id, end, ok := e.Token(i)
		if !ok || id != ids[i] || uint32(end) != ends[i] {
			t.Errorf("%q: Token(%d) = %d, %d, %v; want %d, %d", word, i, id, end, ok, ids[i], ends[i])
		}
	}
	if _, _, ok := e.Token(len(ids)); ok {
		t.Errorf("%q: a token past the last", word)
	}
}

func TestCache(t *testing.T) {
	c := New(1 << 12) // no two of the words share their two slots, most likely
	words := []string{"a", "the", "Ġword", strings.Repeat("x", inlineKey), strings.Repeat("y", inlineKey+1),
		strings.Repeat("z", 3*inlineTokens+1), "é日本"}
	for _, w := range words {
		e, h := c.Get(w)
		if e != nil {
			t.Fatalf("%q: a hit in an empty cache", w)
		}
		ids, ends := tokensOf(w)
		c.Put(h, w, ids, ends)
		e, h2 := c.Get(w)
		if e == nil || h2 != h {
			t.Fatalf("%q: no hit after Put, or another hash", w)
		}
		check(t, w, e)
	}
	if e, _ := c.Get("absent"); e != nil {
		t.Error("a hit for a word never put")
	}
	c.Clear()
	if e, _ := c.Get("the"); e != nil {
		t.Error("a hit after Clear")
	}
	// Offsets past 16 bits are not kept inline.
	_, h := c.Get("big")
	c.Put(h, "big", []uint32{1}, []uint32{1 << 17})
	if e, _ := c.Get("big"); e != nil {
		t.Error("an entry with offsets past 16 bits was kept")
	}
}

// TestConcurrent has goroutines read and write a small cache (so that they fight
// over its slots): every hit must be the word's own entry. Run with -race.
func TestConcurrent(t *testing.T) {
	c := New(16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20000 {
				w := fmt.Sprintf("w%d", (i*7+g)%300)
				if i%5 == 0 {
					w = strings.Repeat(w, 8) // long entries
				}
				e, h := c.Get(w)
				if e != nil {
					check(t, w, e)
					continue
				}
				ids, ends := tokensOf(w)
				c.Put(h, w, ids, ends)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkGetHit(b *testing.B) {
	c := New(1 << 16)
	words := make([]string, 50000)
	for i := range words {
		words[i] = fmt.Sprintf("Ġw%d", i*7919)
		ids, ends := tokensOf(words[i])
		_, h := c.Get(words[i])
		c.Put(h, words[i], ids, ends)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c.Get(words[i%len(words)])
	}
}
