package decoders

import (
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// FuzzDecoder checks that no decoder JSON nor token list makes loading or decoding panic.
func FuzzDecoder(f *testing.F) {
	for _, s := range []string{
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`,
		`{"type":"Metaspace","replacement":"▁","prepend_scheme":"first","split":false}`,
		`{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},{"type":"ByteFallback"},{"type":"Fuse"},{"type":"Strip","content":" ","start":1,"stop":0}]}`,
		`{"type":"CTC","pad_token":"<pad>","word_delimiter_token":"|","cleanup":true}`,
		`{"type":"WordPiece","prefix":"##","cleanup":true}`,
		`{"type":"Strip","content":"a","start":2,"stop":2}`,
		`{"type":"Replace","pattern":{"Regex":"a*"},"content":"x"}`,
		`{"suffix":"</w>"}`,
	} {
		f.Add(s, "<0xE2>", "Ġa\u00ff", " do n't")
	}
	f.Fuzz(func(t *testing.T, js, a, b, c string) {
		d, err := tokenizer.ParseDecoder([]byte(js))
		if err != nil || d == nil {
			return
		}
		_, _ = Decode(d, []string{a, b, c})
		_, _ = Decode(d, []string{c})
	})
}
