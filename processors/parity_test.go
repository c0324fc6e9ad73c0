package processors

import (
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
	"github.com/google/go-cmp/cmp"
)

// TestParityH94And95 checks the offsets trimming examples of PARITY-CHECKLIST.md H.94
// (RobertaProcessing keeps the one leading space it added when add_prefix_space) and
// H.95 (ByteLevel: `Ġa` [0,2] → [1,2], all-space tokens collapse at their end: `Ġ` → [3,3]).
func TestParityH94And95(t *testing.T) {
	roberta := mustParse(t, `{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":true}`)
	got, err := process(roberta, []*tokenizer.Encoding{enc(tok(5, "Ġa", 0, 2))}, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]tokenizer.Offsets{{}, {Start: 0, End: 2}, {}}, got.Offsets); diff != "" {
		t.Errorf("H.94 (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]uint32{0, 0, 0}, got.TypeIDs); diff != "" {
		t.Errorf("H.94 type ids (-want +got)\n%s", diff)
	}
	bl := mustParse(t, `{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}`)
	got, err = process(bl, []*tokenizer.Encoding{enc(tok(5, "Ġa", 0, 2), tok(6, "Ġ", 2, 3))}, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]tokenizer.Offsets{{Start: 1, End: 2}, {Start: 3, End: 3}}, got.Offsets); diff != "" {
		t.Errorf("H.95 (-want +got)\n%s", diff)
	}
}

// TestParityH98: the Overflowing encodings are processed too (each gets its special
// tokens), by Bert, Roberta and (through the merge) TemplateProcessing.
func TestParityH98(t *testing.T) {
	for _, js := range []string{
		`{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`,
		`{"type":"RobertaProcessing","sep":["[SEP]",102],"cls":["[CLS]",101],"trim_offsets":false,"add_prefix_space":false}`,
		bertTemplate,
	} {
		p := mustParse(t, js)
		e := enc(tok(12, "Hello", 0, 5))
		e.Overflowing = []*tokenizer.Encoding{enc(tok(13, "you", 6, 9))}
		got, err := process(p, []*tokenizer.Encoding{e}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Overflowing) != 1 || len(got.Overflowing[0].IDs) != 3 || got.Overflowing[0].SpecialTokensMask[0] != 1 {
			t.Errorf("%s: overflowing %+v", js, got.Overflowing)
		}
	}
}

func BenchmarkTemplatePair(b *testing.B) {
	p, err := tokenizer.ParsePostProcessor([]byte(bertTemplate))
	if err != nil {
		b.Fatal(err)
	}
	toks := []tokenizer.Token{{ID: 1, Value: "a"}, {ID: 2, Value: "b"}, {ID: 3, Value: "c"}, {ID: 4, Value: "d"}}
	for b.Loop() {
		encs := []*tokenizer.Encoding{tokenizer.FromTokens(toks, 0), tokenizer.FromTokens(toks, 1)}
		_, _ = process(p, encs, true)
	}
}

func BenchmarkBertPair(b *testing.B) {
	p, err := tokenizer.ParsePostProcessor([]byte(`{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`))
	if err != nil {
		b.Fatal(err)
	}
	toks := []tokenizer.Token{{ID: 1, Value: "a"}, {ID: 2, Value: "b"}, {ID: 3, Value: "c"}, {ID: 4, Value: "d"}}
	for b.Loop() {
		encs := []*tokenizer.Encoding{tokenizer.FromTokens(toks, 0), tokenizer.FromTokens(toks, 1)}
		_, _ = process(p, encs, true)
	}
}
