package processors

import (
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// FuzzPostProcessor checks that no post-processor JSON makes loading or processing panic.
func FuzzPostProcessor(f *testing.F) {
	for _, s := range []string{
		bertTemplate,
		`{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`,
		`{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":true}`,
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`,
		`{"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true},{"type":"TemplateProcessing","single":[{"Sequence":{"id":"B","type_id":0}}],"pair":[],"special_tokens":{"a":{"id":"a","ids":[1],"tokens":[]}}}]}`,
	} {
		f.Add(s, "Ġa ĠĠ b\t", true, true)
	}
	f.Fuzz(func(t *testing.T, js, text string, pair, special bool) {
		p, err := tokenizer.ParsePostProcessor([]byte(js))
		if err != nil || p == nil {
			return
		}
		var toks []tokenizer.Token
		for i, r := range text {
			toks = append(toks, tokenizer.Token{ID: uint32(r), Value: text[i:], Offsets: tokenizer.Offsets{Start: i, End: len(text)}})
		}
		a := tokenizer.FromTokens(toks, 0)
		a.Overflowing = []*tokenizer.Encoding{tokenizer.FromTokens(toks[:len(toks)/2], 0)}
		encs := []*tokenizer.Encoding{a}
		if pair {
			encs = append(encs, tokenizer.FromTokens(toks, 1))
		}
		_, _ = process(p, encs, special)
		_ = p.AddedTokens(pair)
	})
}
