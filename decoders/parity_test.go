package decoders

import (
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestParityK checks the decoder items of PARITY-CHECKLIST.md (section K) with the
// reference outputs recorded there.
func TestParityK(t *testing.T) {
	llama := `{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},` +
		`{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}`
	for _, c := range []struct {
		item, decoder string
		tokens        []string
		want          string
	}{
		{"108", `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`, []string{"Ġh", "Ã©", "ðŁĺ", "Ģ", "xx\u00ff"}, " hé😀xx\uFFFD"},
		{"108", `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`, []string{"Ã"}, "\uFFFD"},
		{"109", `{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}`, []string{"▁Hey", "▁", "▁friend"}, "Hey  friend"},
		{"109", `{"type":"Metaspace","replacement":"▁","prepend_scheme":"never","split":true}`, []string{"▁Hey", "▁", "▁friend"}, " Hey  friend"},
		{"110", `{"type":"WordPiece","prefix":"##","cleanup":true}`, []string{"hello", "##world", ",", "do", "n't", ".", "i", "'m"}, "helloworld, don't. i'm"},
		{"111", `{"type":"BPEDecoder","suffix":"</w>"}`, []string{"hel", "lo</w>", "wor", "ld</w>"}, "hello world"},
		{"112", `{"type":"CTC","pad_token":"<pad>","word_delimiter_token":"|","cleanup":true}`,
			[]string{"<pad>", "h", "e", "e", "l", "l", "<pad>", "l", "o", "o", "|", "w"}, "hello w"},
		{"113", `{"type":"ByteFallback"}`, []string{"<0x61>", "<0xC3>", "<0xA9>", "<0xE2>", "x", "<0xFF>"}, "\uFFFD\uFFFD\uFFFD\uFFFDx\uFFFD"},
		{"114", `{"type":"Strip","content":"▁","start":1,"stop":0}`, []string{"▁▁a", "▁b"}, "▁ab"},
		{"115", llama, []string{"▁Hey", "<0x21>", "▁", "▁you"}, "Hey!  you"},
	} {
		d, err := tokenizer.ParseDecoder([]byte(c.decoder))
		if err != nil {
			t.Fatalf("K.%s %s: %v", c.item, c.decoder, err)
		}
		got, err := Decode(d, c.tokens)
		if err != nil {
			t.Errorf("K.%s: %v", c.item, err)
		} else if got != c.want {
			t.Errorf("K.%s %q: %q, want %q", c.item, c.tokens, got, c.want)
		}
	}
	// K.116: without a decoder, tokens are joined with spaces.
	if got, _ := Decode(nil, []string{"a", "b"}); got != "a b" {
		t.Errorf("K.116: %q, want %q", got, "a b")
	}
}

// TestStripPanicsBecomeErrors: where the reference's Strip decoder panics (aborting the
// Node binding), fasttok returns an error.
func TestStripPanicsBecomeErrors(t *testing.T) {
	for _, c := range []struct {
		s     Strip
		token string
	}{
		{Strip{Content: ' ', Start: 1, Stop: 1}, " "},
		{Strip{Content: 'y', Start: 0, Stop: 3}, "yy"},
		{Strip{Content: 'y', Start: 0, Stop: 1}, ""},
	} {
		if _, err := c.s.DecodeChain([]string{c.token}); err == nil {
			t.Errorf("%+v on %q: no error", c.s, c.token)
		}
	}
	if got, err := (&Strip{Content: 'y', Start: 0, Stop: 3}).DecodeChain([]string{"ayy"}); err != nil || got[0] != "a" {
		t.Errorf("got %q, %v; want a", got, err)
	}
}

func BenchmarkByteLevelDecode(b *testing.B) {
	d := NewByteLevel()
	tokens := []string{"Hello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?", "ĠðŁĺ", "Ģ"}
	for b.Loop() {
		_, _ = Decode(d, tokens)
	}
}

func BenchmarkLlamaDecode(b *testing.B) {
	d, err := tokenizer.ParseDecoder([]byte(`{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},` +
		`{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}`))
	if err != nil {
		b.Fatal(err)
	}
	tokens := []string{"▁Hello", "▁my", "▁friend", ",", "▁how", "▁is", "▁your", "▁day", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>"}
	for b.Loop() {
		_, _ = Decode(d, tokens)
	}
}
