package fasttok_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
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
