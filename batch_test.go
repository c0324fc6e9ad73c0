package fasttok_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/encjson"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

func smokeInputs(t testing.TB) []tokenizer.Input {
	var inputs []tokenizer.Input
	for _, line := range readLines(t, filepath.Join("cmd", "fasttok", "testdata", "smoke.jsonl")) {
		var r textRecord
		if err := jsonutil.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		in := tokenizer.Input{First: tokenizer.Sequence{Text: r.Text}}
		if r.Pair != nil {
			in.Second = &tokenizer.Sequence{Text: *r.Pair}
		}
		inputs = append(inputs, in)
	}
	// Repeat them so that every worker gets several chunks.
	var many []tokenizer.Input
	for i := 0; i < 40; i++ {
		many = append(many, inputs...)
	}
	return many
}

func loadScenario(t testing.TB, name string) *fasttok.Tokenizer {
	tok, err := fasttok.Load(filepath.Join("testdata", "scenarios", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// EncodeBatch gives, in input order, what EncodeInput gives one by one, whatever the
// number of workers; DecodeBatch likewise.
func TestEncodeBatchConcurrent(t *testing.T) {
	tok, err := fasttok.Load(filepath.Join("cmd", "fasttok", "gpt2.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := smokeInputs(t)
	var want []encjson.Record
	var ids [][]uint32
	for _, in := range inputs {
		e, err := tok.EncodeInput(in, tokenizer.EncodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, encjson.FromEncoding(e))
		ids = append(ids, e.IDs)
	}
	for _, workers := range []int{1, 2, 8} {
		got, err := tok.EncodeBatch(context.Background(), inputs, tokenizer.EncodeOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if d := encjson.Diff(encjson.FromEncoding(got[i]), want[i]); d != nil {
				t.Fatalf("workers %d, input %d: %s", workers, i, strings.Join(d, "; "))
			}
		}
		texts, err := tok.DecodeBatch(context.Background(), ids, false, workers)
		if err != nil {
			t.Fatal(err)
		}
		for i := range texts {
			if s, _ := tok.Decode(ids[i], false); s != texts[i] {
				t.Fatalf("workers %d: DecodeBatch[%d] = %q, want %q", workers, i, texts[i], s)
			}
		}
	}
}

func TestEncodeBatchCancelled(t *testing.T) {
	tok := loadScenario(t, "added-strip")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tok.EncodeBatch(ctx, smokeInputs(t), tokenizer.EncodeOptions{Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	out, err := tok.EncodeBatch(context.Background(), nil, tokenizer.EncodeOptions{})
	if err != nil || len(out) != 0 {
		t.Errorf("empty batch: %v, %v", out, err)
	}
}

// Padding over a batch: BatchLongest pads every encoding to the longest one.
func TestEncodeBatchPadding(t *testing.T) {
	tok := loadScenario(t, "added-strip").WithPadding(&tokenizer.PaddingParams{Direction: tokenizer.PadRight, PadToken: "[PAD]"})
	got, err := tok.EncodeBatchTexts(context.Background(), []string{"a", "a b c", "a b"}, tokenizer.EncodeOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var lens []int
	for _, e := range got {
		lens = append(lens, e.Len())
	}
	if !reflect.DeepEqual(lens, []int{3, 3, 3}) || !reflect.DeepEqual(got[0].AttentionMask, []uint32{1, 0, 0}) {
		t.Errorf("lengths %v, attention %v", lens, got[0].AttentionMask)
	}
}

// AppendIDsBatch gives, in order, the reference's ids of every text (gpt2 on the smoke
// texts, repeated so that every worker gets several chunks), after what dst held,
// whatever the number of workers.
func TestAppendIDsBatch(t *testing.T) {
	tok, err := fasttok.Load(filepath.Join("cmd", "fasttok", "gpt2.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	records := readLines(t, filepath.Join("cmd", "fasttok", "testdata", "smoke.jsonl"))
	golden := readLines(t, filepath.Join("cmd", "fasttok", "testdata", "gpt2.smoke.golden.jsonl"))
	if len(records) != len(golden) {
		t.Fatalf("%d records, %d golden lines", len(records), len(golden))
	}
	var (
		texts []string
		want  [][]uint32
	)
	for i, line := range records {
		var r textRecord
		if err := jsonutil.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if r.Pair != nil {
			continue
		}
		var g struct {
			IDs []uint32 `json:"ids"`
		}
		if err := jsonutil.Unmarshal(golden[i], &g); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, r.Text)
		want = append(want, g.IDs)
	}
	n := len(texts)
	for i := 0; i < 40*n; i++ {
		texts, want = append(texts, texts[i%n]), append(want, want[i%n])
	}
	prefix := []uint32{7, 8, 9}
	for _, workers := range []int{0, 1, 2, 3, 8} {
		dst := append(make([]uint32, 0, 4), prefix...)
		ids, ends, err := tok.AppendIDsBatch(context.Background(), dst, texts, tokenizer.EncodeOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if len(ends) != len(texts) || !reflect.DeepEqual(ids[:len(prefix)], prefix) {
			t.Fatalf("workers %d: %d ends for %d texts, ids start %v", workers, len(ends), len(texts), ids[:min(len(ids), len(prefix))])
		}
		start := len(prefix)
		for i, end := range ends {
			if got := ids[start:end]; !slices.Equal(got, want[i]) {
				t.Fatalf("workers %d, text %d (%q): ids %v, want %v", workers, i, texts[i], got, want[i])
			}
			start = end
		}
		if start != len(ids) {
			t.Fatalf("workers %d: the ends stop at %d of %d ids", workers, start, len(ids))
		}
	}
}

// With a padding set, AppendIDsBatch pads as EncodeBatch does: over the whole batch.
func TestAppendIDsBatchPadding(t *testing.T) {
	tok := loadScenario(t, "added-strip").WithPadding(&tokenizer.PaddingParams{Direction: tokenizer.PadRight, PadToken: "[PAD]"})
	texts := []string{"a", "a b c", "a b"}
	encs, err := tok.EncodeBatchTexts(context.Background(), texts, tokenizer.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids, ends, err := tok.AppendIDsBatch(context.Background(), nil, texts, tokenizer.EncodeOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var want []uint32
	var wantEnds []int
	for _, e := range encs {
		want = append(want, e.IDs...)
		wantEnds = append(wantEnds, len(want))
	}
	if !slices.Equal(ids, want) || !slices.Equal(ends, wantEnds) || ends[0] != 3 {
		t.Errorf("ids %v ends %v, want %v %v (every text padded to 3)", ids, ends, want, wantEnds)
	}
}

// A failing text is named by its index, dst comes back as it was given, and a
// cancelled context stops the batch.
func TestAppendIDsBatchErrors(t *testing.T) {
	tok, err := fasttok.Load(filepath.Join("cmd", "fasttok", "gpt2.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = strings.Repeat("some text ", i%7)
	}
	texts[217] = "bad \xff byte"
	dst := []uint32{1, 2}
	for _, workers := range []int{1, 2} {
		ids, ends, err := tok.AppendIDsBatch(context.Background(), dst, texts, tokenizer.EncodeOptions{Workers: workers})
		var bad *tokenizer.InvalidUTF8Error
		if !errors.As(err, &bad) || !strings.Contains(err.Error(), "input 217") {
			t.Errorf("workers %d: err = %v, want an *InvalidUTF8Error of input 217", workers, err)
		}
		if !slices.Equal(ids, dst) || ends != nil {
			t.Errorf("workers %d: got %v, %v with the error, want dst and no ends", workers, ids, ends)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, workers := range []int{1, 2} {
		if _, _, err := tok.AppendIDsBatch(ctx, nil, texts[:10], tokenizer.EncodeOptions{Workers: workers}); !errors.Is(err, context.Canceled) {
			t.Errorf("workers %d: err = %v, want context.Canceled", workers, err)
		}
	}
	ids, ends, err := tok.AppendIDsBatch(context.Background(), dst, nil, tokenizer.EncodeOptions{})
	if err != nil || !slices.Equal(ids, dst) || len(ends) != 0 {
		t.Errorf("empty batch: %v, %v, %v", ids, ends, err)
	}
}
