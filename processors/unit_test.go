package processors

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The expectations in this file are those of the reference's unit tests
// (processors/*.rs, pre_tokenizers/byte_level.rs).

func enc(tokens ...tokenizer.Token) *tokenizer.Encoding { return tokenizer.FromTokens(tokens, 0) }

func tok(id uint32, v string, s, e int) tokenizer.Token {
	return tokenizer.Token{ID: id, Value: v, Offsets: tokenizer.Offsets{Start: s, End: e}}
}

// want is an expected Encoding; nil WordIDs means all none.
type want struct {
	ids, typeIDs, special, attention []uint32
	tokens                           []string
	offsets                          [][2]int
	seqIDs                           []int
	overflowing                      []want
}

func (w want) comparable() comparable {
	c := comparable{IDs: w.ids, TypeIDs: w.typeIDs, SpecialTokensMask: w.special, AttentionMask: w.attention,
		Tokens: w.tokens, Offsets: w.offsets, SequenceIDs: w.seqIDs}
	for range w.ids {
		c.WordIDs = append(c.WordIDs, -1)
	}
	for _, o := range w.overflowing {
		c.Overflowing = append(c.Overflowing, o.comparable())
	}
	return c
}

func mustParse(t *testing.T, js string) tokenizer.PostProcessor {
	t.Helper()
	p, err := tokenizer.ParsePostProcessor([]byte(js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return p
}

const bertTemplate = `{"type":"TemplateProcessing",` +
	`"single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],` +
	`"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],` +
	`"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[1],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[0],"tokens":["[SEP]"]}}}`

func check(t *testing.T, got *tokenizer.Encoding, w want) {
	t.Helper()
	if diff := cmp.Diff(w.comparable(), fromEncoding(got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestTemplateSerde(t *testing.T) {
	p := mustParse(t, bertTemplate)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != bertTemplate {
		t.Errorf("saved\n%s\nwant\n%s", b, bertTemplate)
	}
	if p.AddedTokens(false) != 2 || p.AddedTokens(true) != 3 {
		t.Errorf("AddedTokens = %d, %d; want 2, 3", p.AddedTokens(false), p.AddedTokens(true))
	}
}

func TestTemplateProcessing(t *testing.T) {
	p := mustParse(t, bertTemplate)
	e := func() *tokenizer.Encoding { return enc(tok(12, "Hello", 0, 5), tok(14, "there", 6, 11)) }
	pair := func() *tokenizer.Encoding { return enc(tok(15, "pair", 0, 4)) }
	got, err := process(p, []*tokenizer.Encoding{e()}, true)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{1, 12, 14, 0}, typeIDs: []uint32{0, 0, 0, 0}, special: []uint32{1, 0, 0, 1}, attention: []uint32{1, 1, 1, 1},
		tokens: []string{"[CLS]", "Hello", "there", "[SEP]"}, offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}},
		seqIDs: []int{-1, 0, 0, -1},
	})
	got, err = process(p, []*tokenizer.Encoding{e(), pair()}, true)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{1, 12, 14, 0, 15, 0}, typeIDs: []uint32{0, 0, 0, 0, 1, 1}, special: []uint32{1, 0, 0, 1, 0, 1},
		attention: []uint32{1, 1, 1, 1, 1, 1}, tokens: []string{"[CLS]", "Hello", "there", "[SEP]", "pair", "[SEP]"},
		offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 4}, {0, 0}}, seqIDs: []int{-1, 0, 0, -1, 1, -1},
	})
	// PARITY H.93: no special tokens, but the template's type ids.
	got, err = process(p, []*tokenizer.Encoding{e(), pair()}, false)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{12, 14, 15}, typeIDs: []uint32{0, 0, 1}, special: []uint32{0, 0, 0}, attention: []uint32{1, 1, 1},
		tokens: []string{"Hello", "there", "pair"}, offsets: [][2]int{{0, 5}, {6, 11}, {0, 4}}, seqIDs: []int{0, 0, 1},
	})
}

func TestTemplateProcessingOverflowing(t *testing.T) {
	p := mustParse(t, bertTemplate)
	e := func() *tokenizer.Encoding {
		e := enc(tok(12, "Hello", 0, 5), tok(14, "there", 6, 11))
		e.Overflowing = []*tokenizer.Encoding{enc(tok(13, "you", 12, 15))}
		return e
	}
	pair := func() *tokenizer.Encoding {
		e := enc(tok(15, "pair", 0, 4), tok(16, "with", 5, 9))
		e.Overflowing = []*tokenizer.Encoding{enc(tok(17, "info", 10, 14))}
		return e
	}
	got, err := process(p, []*tokenizer.Encoding{e()}, true)
	if err != nil {
		t.Fatal(err)
	}
	ones := func(n int) []uint32 {
		return filled(n, uint32(1))
	}
	check(t, got, want{
		ids: []uint32{1, 12, 14, 0}, typeIDs: []uint32{0, 0, 0, 0}, special: []uint32{1, 0, 0, 1}, attention: ones(4),
		tokens: []string{"[CLS]", "Hello", "there", "[SEP]"}, offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}},
		seqIDs: []int{-1, 0, 0, -1},
		overflowing: []want{{
			ids: []uint32{1, 13, 0}, typeIDs: []uint32{0, 0, 0}, special: []uint32{1, 0, 1}, attention: ones(3),
			tokens: []string{"[CLS]", "you", "[SEP]"}, offsets: [][2]int{{0, 0}, {12, 15}, {0, 0}}, seqIDs: []int{-1, 0, -1},
		}},
	})
	got, err = process(p, []*tokenizer.Encoding{e(), pair()}, true)
	if err != nil {
		t.Fatal(err)
	}
	youInfo := want{
		ids: []uint32{1, 13, 0, 17, 0}, typeIDs: []uint32{0, 0, 0, 0, 1}, special: []uint32{1, 0, 1, 0, 1}, attention: ones(5),
		tokens: []string{"[CLS]", "you", "[SEP]", "info", "[SEP]"}, offsets: [][2]int{{0, 0}, {12, 15}, {0, 0}, {10, 14}, {0, 0}},
		seqIDs: []int{-1, 0, -1, 1, -1},
	}
	check(t, got, want{
		ids: []uint32{1, 12, 14, 0, 15, 16, 0}, typeIDs: []uint32{0, 0, 0, 0, 1, 1, 1}, special: []uint32{1, 0, 0, 1, 0, 0, 1},
		attention: ones(7), tokens: []string{"[CLS]", "Hello", "there", "[SEP]", "pair", "with", "[SEP]"},
		offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 4}, {5, 9}, {0, 0}}, seqIDs: []int{-1, 0, 0, -1, 1, 1, -1},
		overflowing: []want{
			{
				ids: []uint32{1, 13, 0, 15, 16, 0}, typeIDs: []uint32{0, 0, 0, 1, 1, 1}, special: []uint32{1, 0, 1, 0, 0, 1},
				attention: ones(6), tokens: []string{"[CLS]", "you", "[SEP]", "pair", "with", "[SEP]"},
				offsets: [][2]int{{0, 0}, {12, 15}, {0, 0}, {0, 4}, {5, 9}, {0, 0}}, seqIDs: []int{-1, 0, -1, 1, 1, -1},
				overflowing: []want{youInfo},
			},
			youInfo,
			{
				ids: []uint32{1, 12, 14, 0, 17, 0}, typeIDs: []uint32{0, 0, 0, 0, 0, 1}, special: []uint32{1, 0, 0, 1, 0, 1},
				attention: ones(6), tokens: []string{"[CLS]", "Hello", "there", "[SEP]", "info", "[SEP]"},
				offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {10, 14}, {0, 0}}, seqIDs: []int{-1, 0, 0, -1, 1, -1},
				overflowing: []want{youInfo},
			},
		},
	})
}

// A template naming a missing special token loads (the reference does not validate
// it) and adds nothing for it; adding it fails (where the reference panics).
func TestTemplateMissingSpecialToken(t *testing.T) {
	p := mustParse(t, `{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"B","type_id":0}}],"pair":[{"Sequence":{"id":"A","type_id":0}}],"special_tokens":{}}`)
	if n := p.AddedTokens(false); n != 0 {
		t.Errorf("AddedTokens(false) = %d, want 0", n)
	}
	_, err := p.ProcessEncodings([]*tokenizer.Encoding{enc(tok(1, "a", 0, 1))}, true)
	if err == nil || !strings.Contains(err.Error(), "[CLS]") {
		t.Errorf("err = %v, want the missing [CLS]", err)
	}
	// Sequence B of a single input: the reference panics (index out of bounds).
	if _, err := p.ProcessEncodings([]*tokenizer.Encoding{enc(tok(1, "a", 0, 1))}, false); err == nil {
		t.Error("template using B on one sequence: no error")
	}
	if _, err := p.ProcessEncodings(nil, false); err == nil {
		t.Error("no encodings: no error")
	}
}

func TestBertProcessing(t *testing.T) {
	p := mustParse(t, `{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}`)
	if p.AddedTokens(false) != 2 || p.AddedTokens(true) != 3 {
		t.Errorf("AddedTokens = %d, %d; want 2, 3", p.AddedTokens(false), p.AddedTokens(true))
	}
	e := func() *tokenizer.Encoding { return enc(tok(12, "Hello", 0, 5), tok(14, "there", 6, 11)) }
	pair := func() *tokenizer.Encoding { return enc(tok(15, "pair", 0, 4)) }
	got, err := process(p, []*tokenizer.Encoding{e()}, true)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{101, 12, 14, 102}, typeIDs: []uint32{0, 0, 0, 0}, special: []uint32{1, 0, 0, 1}, attention: []uint32{1, 1, 1, 1},
		tokens: []string{"[CLS]", "Hello", "there", "[SEP]"}, offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}},
		seqIDs: []int{-1, 0, 0, -1},
	})
	got, err = process(p, []*tokenizer.Encoding{e(), pair()}, true)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{101, 12, 14, 102, 15, 102}, typeIDs: []uint32{0, 0, 0, 0, 1, 1}, special: []uint32{1, 0, 0, 1, 0, 1},
		attention: []uint32{1, 1, 1, 1, 1, 1}, tokens: []string{"[CLS]", "Hello", "there", "[SEP]", "pair", "[SEP]"},
		offsets: [][2]int{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 4}, {0, 0}}, seqIDs: []int{-1, 0, 0, -1, 1, -1},
	})
	got, err = process(p, []*tokenizer.Encoding{e(), pair()}, false)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{
		ids: []uint32{12, 14, 15}, typeIDs: []uint32{0, 0, 1}, special: []uint32{0, 0, 0}, attention: []uint32{1, 1, 1},
		tokens: []string{"Hello", "there", "pair"}, offsets: [][2]int{{0, 5}, {6, 11}, {0, 4}}, seqIDs: []int{0, 0, 1},
	})
}

func TestByteLevelTrimsOffsets(t *testing.T) {
	p := mustParse(t, `{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true}`)
	start := func() *tokenizer.Encoding {
		return enc(tok(0, "Ġ", 0, 1), tok(0, "ĠĠĠĠHelloĠĠ", 0, 11), tok(0, "ĠĠHello", 11, 18),
			tok(0, "HelloĠĠ", 18, 25), tok(0, "ĠĠĠĠ", 25, 29))
	}
	toks := []string{"Ġ", "ĠĠĠĠHelloĠĠ", "ĠĠHello", "HelloĠĠ", "ĠĠĠĠ"}
	offs := [][2]int{{0, 0}, {4, 9}, {13, 18}, {18, 23}, {29, 29}}
	zeros := make([]uint32, 5)
	got, err := process(p, []*tokenizer.Encoding{start()}, false)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{ids: zeros, typeIDs: zeros, special: zeros, attention: filled(5, uint32(1)), tokens: toks,
		offsets: offs, seqIDs: filled(5, 0)})
	got, err = process(p, []*tokenizer.Encoding{start(), start()}, false)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, want{ids: make([]uint32, 10), typeIDs: append(make([]uint32, 5), filled(5, uint32(1))...),
		special: make([]uint32, 10), attention: filled(10, uint32(1)), tokens: append(toks, toks...),
		offsets: append(offs, offs...), seqIDs: append(filled(5, 0), filled(5, 1)...)})

	// is_pretokenized: tokens starting at offset 0 keep their one (added) space.
	e := enc(tok(0, "Ġl", 0, 1), tok(0, "ove", 1, 4), tok(0, "Ġl", 0, 1), tok(0, "ove", 1, 4))
	trimOffsets(e, true)
	if diff := cmp.Diff([]tokenizer.Offsets{{Start: 0, End: 1}, {Start: 1, End: 4}, {Start: 0, End: 1}, {Start: 1, End: 4}}, e.Offsets); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// Roberta and Bert are tried before the others whatever the "type" says.
func TestUntaggedDispatch(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0]}`, "*processors.BertProcessing"},
		{`{"sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":true}`, "*processors.RobertaProcessing"},
		{`{"type":"ByteLevel","sep":["a",1],"cls":["b",2],"trim_offsets":false,"add_prefix_space":false}`, "*processors.RobertaProcessing"},
	} {
		p := mustParse(t, c.json)
		if got := typeName(p); got != c.want {
			t.Errorf("%s: %s, want %s", c.json, got, c.want)
		}
	}
	if _, err := tokenizer.ParsePostProcessor([]byte(`{"type":"RobertaProcessing","sep":["</s>",2]}`)); err == nil {
		t.Error("Roberta without cls: no error")
	}
}

func typeName(p tokenizer.PostProcessor) string {
	switch p.(type) {
	case *RobertaProcessing:
		return "*processors.RobertaProcessing"
	case *BertProcessing:
		return "*processors.BertProcessing"
	case *ByteLevel:
		return "*processors.ByteLevel"
	case *TemplateProcessing:
		return "*processors.TemplateProcessing"
	case *Sequence:
		return "*processors.Sequence"
	}
	return "?"
}
