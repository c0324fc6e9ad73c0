package fasttok_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fasttok/fasttok"
)

// The reference's acceptance of nested JSON (serde_json's recursion limit) was measured
// with its Node binding (Tokenizer.fromString): a normalizer of 62 nested Sequence
// normalizers (126 levels in all) loads, 63 (128 levels) fails with "recursion limit
// exceeded"; likewise an array nested 125 deep in a model field (127 levels) loads, 126
// deep (128) fails.

// wordLevelJSON is a tokenizer.json with a WordLevel model of vocab, the given
// normalizer and added tokens (JSON texts), and extra model fields.
func wordLevelJSON(normalizer, addedTokens, padding, modelExtra string) string {
	if normalizer == "" {
		normalizer = "null"
	}
	if addedTokens == "" {
		addedTokens = "[]"
	}
	if padding == "" {
		padding = "null"
	}
	return `{"version":"1.0","truncation":null,"padding":` + padding + `,"added_tokens":` + addedTokens +
		`,"normalizer":` + normalizer + `,"pre_tokenizer":{"type":"WhitespaceSplit"},"post_processor":null,"decoder":null,` +
		`"model":{"type":"WordLevel","vocab":{"[UNK]":0,"a":1,"b":2}` + modelExtra + `,"unk_token":"[UNK]"}}`
}

// nestedNormalizer is k Sequence normalizers nested around a Lowercase.
func nestedNormalizer(k int) string {
	return strings.Repeat(`{"type":"Sequence","normalizers":[`, k) + `{"type":"Lowercase"}` + strings.Repeat(`]}`, k)
}

// addedTokensJSON is the added_tokens section of n tokens "<tok0>"... from id 3.
func addedTokensJSON(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"content":"<tok%d>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":%t}`,
			i+3, i, i%2 == 0)
	}
	b.WriteByte(']')
	return b.String()
}

const smallBPE = `{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
"pre_tokenizer":null,"post_processor":null,"decoder":null,"model":{"type":"BPE","dropout":null,"unk_token":null,
"continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,
"vocab":{"a":0,"b":1,"c":2,"ab":3,"abc":4},"merges":["a b","ab c"]}}`

func gzipped(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadLimits(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("testdata", "example", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, bpeErr := fasttok.LoadBytesWithLimits([]byte(smallBPE), fasttok.Limits{MaxMerges: 1})
	bpeCounts := bpeErr != nil
	tests := []struct {
		name string
		data []byte
		lim  fasttok.Limits
		want string // the error; "" for none
		skip string // why the case cannot run, if it cannot
	}{
		{"file bytes", example, fasttok.Limits{MaxFileBytes: 1000},
			fmt.Sprintf("%d bytes exceed Limits.MaxFileBytes (1000)", len(example)), ""},
		{"file bytes gzip", gzipped(t, example), fasttok.Limits{MaxFileBytes: 1000},
			"more than 1000 bytes exceed Limits.MaxFileBytes (1000)", ""},
		{"file bytes exactly", example, fasttok.Limits{MaxFileBytes: int64(len(example))}, "", ""},
		{"file bytes gzip exactly", gzipped(t, example), fasttok.Limits{MaxFileBytes: int64(len(example))}, "", ""},
		{"vocab", example, fasttok.Limits{MaxVocab: 50},
			"model.vocab: 54 entries exceed Limits.MaxVocab (50)", ""},
		{"vocab gzip", gzipped(t, example), fasttok.Limits{MaxVocab: 50},
			"model.vocab: 54 entries exceed Limits.MaxVocab (50)", ""},
		{"vocab exactly", example, fasttok.Limits{MaxVocab: 54}, "", ""},
		{"merges", []byte(smallBPE), fasttok.Limits{MaxMerges: 1},
			"model.merges: 2 entries exceed Limits.MaxMerges (1)",
			map[bool]string{false: "the BPE model does not report its merges (NumMerges)"}[bpeCounts]},
		{"merges exactly", []byte(smallBPE), fasttok.Limits{MaxMerges: 2}, "", ""},
		{"added tokens", example, fasttok.Limits{MaxAddedTokens: 4},
			"added_tokens: 5 entries exceed Limits.MaxAddedTokens (4)", ""},
		{"added tokens exactly", example, fasttok.Limits{MaxAddedTokens: 5}, "", ""},
		{"huge limits", gzipped(t, example), fasttok.Limits{MaxFileBytes: math.MaxInt64, MaxVocab: math.MaxInt, MaxMerges: math.MaxInt,
			MaxAddedTokens: math.MaxInt, MaxDepth: math.MaxInt, MaxSequenceLength: math.MaxInt}, "", ""},
		{"no limits", example, fasttok.Limits{MaxFileBytes: -1, MaxVocab: -1, MaxMerges: -1, MaxAddedTokens: -1, MaxDepth: -1, MaxSequenceLength: -1}, "", ""},
		// Depth: the top-level object, the normalizer and 2 levels per Sequence.
		{"depth default 126", []byte(wordLevelJSON(nestedNormalizer(62), "", "", "")), fasttok.Limits{}, "", ""},
		{"depth default 128", []byte(wordLevelJSON(nestedNormalizer(63), "", "", "")), fasttok.Limits{},
			"128 levels of nesting exceed Limits.MaxDepth (127)", ""},
		{"depth default 128 gzip", gzipped(t, []byte(wordLevelJSON(nestedNormalizer(63), "", "", ""))), fasttok.Limits{},
			"128 levels of nesting exceed Limits.MaxDepth (127)", ""},
		{"depth model field 127", []byte(wordLevelJSON("", "", "", `,"x":`+strings.Repeat("[", 125)+strings.Repeat("]", 125))), fasttok.Limits{}, "", ""},
		{"depth small", []byte(wordLevelJSON(nestedNormalizer(5), "", "", "")), fasttok.Limits{MaxDepth: 10},
			"11 levels of nesting exceed Limits.MaxDepth (10)", ""},
		{"depth 10^5", []byte(wordLevelJSON(nestedNormalizer(100000), "", "", "")), fasttok.Limits{},
			"128 levels of nesting exceed Limits.MaxDepth (127)", ""},
		{"depth 10^5 gzip", gzipped(t, []byte(wordLevelJSON(nestedNormalizer(100000), "", "", ""))), fasttok.Limits{},
			"128 levels of nesting exceed Limits.MaxDepth (127)", ""},
		{"depth 10^5 arrays", []byte(wordLevelJSON("", "", "", `,"x":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000))), fasttok.Limits{},
			"128 levels of nesting exceed Limits.MaxDepth (127)", ""},
		{"padding fixed", []byte(wordLevelJSON("", "", `{"strategy":{"Fixed":1099511627776},"direction":"Right","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}`, "")),
			fasttok.Limits{}, "padding.strategy.Fixed: 1099511627776 tokens exceed Limits.MaxSequenceLength (16777216)", ""},
		{"padding multiple", []byte(wordLevelJSON("", "", `{"strategy":"BatchLongest","direction":"Right","pad_to_multiple_of":100,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}`, "")),
			fasttok.Limits{MaxSequenceLength: 64}, "padding.pad_to_multiple_of: 100 tokens exceed Limits.MaxSequenceLength (64)", ""},
		{"padding fixed allowed", []byte(wordLevelJSON("", "", `{"strategy":{"Fixed":512},"direction":"Right","pad_to_multiple_of":null,"pad_id":0,"pad_type_id":0,"pad_token":"[PAD]"}`, "")),
			fasttok.Limits{}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skip != "" {
				t.Skip(tc.skip)
			}
			start := time.Now()
			tok, err := fasttok.LoadBytesWithLimits(tc.data, tc.lim)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if tok == nil {
					t.Fatal("nil tokenizer")
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			var le *fasttok.LimitError
			if !errors.As(err, &le) {
				t.Errorf("error %q is not a *LimitError", err)
			}
		})
	}
}

func TestLoadWithLimitsFile(t *testing.T) {
	path := filepath.Join("testdata", "example", "tokenizer.json")
	_, err := fasttok.LoadWithLimits(path, fasttok.Limits{MaxFileBytes: 100})
	if err == nil || !strings.Contains(err.Error(), path+": ") || !strings.Contains(err.Error(), "exceed Limits.MaxFileBytes (100)") {
		t.Errorf("got %v", err)
	}
	for _, lim := range []fasttok.Limits{{}, {MaxFileBytes: math.MaxInt64}, {MaxFileBytes: -1}} {
		if _, err := fasttok.LoadWithLimits(path, lim); err != nil {
			t.Errorf("%+v: %v", lim, err)
		}
	}
	if _, err := fasttok.LoadReader(strings.NewReader(wordLevelJSON("", "", "", ""))); err != nil {
		t.Error(err)
	}
}

// Padding to a huge length fails with an error instead of allocating it; truncating
// to a huge length allocates nothing and changes nothing.
func TestHugeLengths(t *testing.T) {
	tok, err := fasttok.Load(filepath.Join("testdata", "example", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := tok.Encode("Hello, world!")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []fasttok.PaddingParams{
		{Strategy: fasttok.Fixed, Length: 1 << 40, PadToken: "[PAD]"},
		{Strategy: fasttok.BatchLongest, PadToMultipleOf: 1 << 40, PadToken: "[PAD]"},
		{Strategy: fasttok.Fixed, Length: 1<<62 + 1, PadToMultipleOf: 1 << 62, PadToken: "[PAD]"},
		{Strategy: fasttok.Fixed, Length: 1<<24 - 1, PadToMultipleOf: 1<<23 + 1, PadToken: "[PAD]"},
	} {
		padded := tok.WithPadding(&p)
		if _, err := padded.Encode("Hello, world!"); err == nil || !strings.Contains(err.Error(), "Limits.MaxSequenceLength") {
			t.Errorf("padding %+v: got %v", p, err)
		}
		if _, err := padded.EncodeBatch(context.Background(), []fasttok.Input{fasttok.Text("a"), fasttok.Text("b")}, fasttok.EncodeOptions{}); err == nil {
			t.Errorf("padding %+v: batch: no error", p)
		}
	}
	for _, strategy := range []fasttok.TruncationStrategy{fasttok.LongestFirst, fasttok.OnlyFirst, fasttok.OnlySecond} {
		for _, maxLen := range []int{1 << 40, int(^uint(0) >> 1)} {
			p := fasttok.TruncationParams{MaxLength: maxLen, Strategy: strategy, Stride: 2}
			tt, err := tok.WithTruncation(&p)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtimeMem
			before.read()
			enc, err := tt.EncodePair("Hello, world!", "How are you?")
			after.read()
			if err != nil {
				t.Fatalf("truncation %d %v: %v", maxLen, strategy, err)
			}
			want, _ := tok.EncodePair("Hello, world!", "How are you?")
			if fmt.Sprint(enc.IDs) != fmt.Sprint(want.IDs) || len(enc.Overflowing) != 0 {
				t.Errorf("truncation %d %v: got %v (%d windows), want %v", maxLen, strategy, enc.IDs, len(enc.Overflowing), want.IDs)
			}
			if d := after.total - before.total; d > 1<<20 {
				t.Errorf("truncation %d %v: allocated %d bytes", maxLen, strategy, d)
			}
			if strategy != fasttok.OnlySecond {
				if enc, err := tt.Encode("Hello, world!"); err != nil || fmt.Sprint(enc.IDs) != fmt.Sprint(plain.IDs) {
					t.Errorf("truncation %d %v: single: %v, %v", maxLen, strategy, enc, err)
				}
			}
		}
	}
}

// 10^5 added tokens load and encode in about linear time.
func TestManyAddedTokens(t *testing.T) {
	run := func(n int) time.Duration {
		data := []byte(wordLevelJSON("", addedTokensJSON(n), "", ""))
		var text strings.Builder
		for i := 0; i < 2000; i++ {
			fmt.Fprintf(&text, "a <tok%d> b<tok%d>", (i*7919)%n, (i*104729)%n)
		}
		start := time.Now()
		tok, err := fasttok.LoadBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := tok.Encode(text.String())
		if err != nil {
			t.Fatal(err)
		}
		d := time.Since(start)
		if len(enc.IDs) != 2000*4 {
			t.Fatalf("%d added tokens: %d ids, want %d", n, len(enc.IDs), 2000*4)
		}
		return d
	}
	run(1000) // warm up
	small, large := run(10000), run(100000)
	t.Logf("10^4 added tokens: %v; 10^5: %v", small, large)
	// Linear is 10x; quadratic would be 100x. Loose bounds for a shared machine.
	if large > 40*small+200*time.Millisecond || large > 20*time.Second {
		t.Errorf("10^5 added tokens took %v, 10^4 took %v: not linear", large, small)
	}
}

// Every real tokenizer loads within DefaultLimits.
func TestDefaultLimitsRealFiles(t *testing.T) {
	shared := sharedDir(t)
	for _, name := range goldenNames(t, shared) {
		if _, err := fasttok.LoadWithLimits(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"), fasttok.DefaultLimits()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// runtimeMem reads the bytes allocated so far.
type runtimeMem struct{ total uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}
