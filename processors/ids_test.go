package processors

import (
	"slices"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestSingleIDs checks SingleIDs against ProcessEncodings on a single sequence, for
// every processor of the package's test cases built from JSON.
func TestSingleIDs(t *testing.T) {
	configs := []string{
		`{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}`,
		`{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`,
		`{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":true}`,
		`{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],"pair":[],"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[101],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[102,103],"tokens":["[SEP]","[X]"]}}}`,
		`{"type":"TemplateProcessing","single":[{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"<eos>","type_id":0}}],"pair":[],"special_tokens":{"<eos>":{"id":"<eos>","ids":[1],"tokens":["<eos>"]}}}`,
		`{"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],"pair":[],"special_tokens":{"<|begin_of_text|>":{"id":"<|begin_of_text|>","ids":[128000],"tokens":["<|begin_of_text|>"]}}}]}`,
	}
	for _, c := range configs {
		p, err := tokenizer.ParsePostProcessor([]byte(c))
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		sp, ok := p.(tokenizer.SingleIDsProcessor)
		if !ok {
			t.Fatalf("%T does not implement SingleIDsProcessor", p)
		}
		for _, add := range []bool{true, false} {
			pre, suf, ok := sp.SingleIDs(add)
			if !ok {
				t.Fatalf("%s: SingleIDs(%v) not ok", c, add)
			}
			e := tokenizer.FromTokens([]tokenizer.Token{{ID: 7, Value: "a", Offsets: tokenizer.Offsets{Start: 0, End: 1}},
				{ID: 8, Value: "b", Offsets: tokenizer.Offsets{Start: 1, End: 2}}}, 0)
			e.SetSequenceID(0)
			out, err := p.ProcessEncodings([]*tokenizer.Encoding{e}, add)
			if err != nil {
				t.Fatal(err)
			}
			want := tokenizer.MergeEncodings(out, false).IDs
			got := slices.Concat(pre, []uint32{7, 8}, suf)
			if !slices.Equal(got, want) {
				t.Errorf("%s add=%v: SingleIDs gives %v, ProcessEncodings %v", c, add, got, want)
			}
		}
	}
}
