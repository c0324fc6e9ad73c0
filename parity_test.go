package fasttok_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/encjson"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// The parity suite: every record of ../shared/assets/golden (the reference's outputs,
// format in its README) for every tokenizer of ../shared/assets/tokenizers. It needs
// FASTTOK_SHARED (set by .ci/run) and is skipped without it. Failures print
// `NAME.KIND.jsonl:LINE: field = got, want`, at most maxFailures per file.

const maxFailures = 5

func sharedDir(t testing.TB) string {
	dir := os.Getenv("FASTTOK_SHARED")
	if dir == "" {
		t.Skip("FASTTOK_SHARED is not set: skipping the parity suite against ../shared")
	}
	return dir
}

func goldenNames(t testing.TB, shared string) []string {
	files, err := filepath.Glob(filepath.Join(shared, "assets", "tokenizers", "*.json.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tokenizers under %s/assets/tokenizers", shared)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json.gz"))
	}
	sort.Strings(names)
	return names
}

func readLines(t testing.TB, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	return lines
}

type textRecord struct {
	Text string  `json:"text"`
	Pair *string `json:"pair"`
}

func TestParity(t *testing.T) {
	shared := sharedDir(t)
	for _, name := range goldenNames(t, shared) {
		t.Run(name, func(t *testing.T) {
			tok, err := fasttok.Load(filepath.Join(shared, "assets", "tokenizers", name+".json.gz"))
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			golden := filepath.Join(shared, "assets", "golden")
			texts := filepath.Join(shared, "assets", "texts")
			t.Run("smoke", func(t *testing.T) {
				checkEncode(t, tok, filepath.Join(texts, "smoke.jsonl"), filepath.Join(golden, name+".smoke.jsonl"), false)
			})
			t.Run("smoke.nospecial", func(t *testing.T) {
				checkEncode(t, tok, filepath.Join(texts, "smoke.jsonl"), filepath.Join(golden, name+".smoke.nospecial.jsonl"), true)
			})
			t.Run("corpus", func(t *testing.T) {
				checkEncode(t, tok, filepath.Join(texts, "corpus.jsonl"), filepath.Join(golden, name+".corpus.jsonl"), false)
			})
			t.Run("decode", func(t *testing.T) {
				checkDecode(t, tok, filepath.Join(golden, name+".decode.jsonl"))
			})
		})
	}
}

func checkEncode(t *testing.T, tok *fasttok.Tokenizer, textsPath, goldenPath string, noSpecial bool) {
	inputs := readLines(t, textsPath)
	wants := readLines(t, goldenPath)
	base := filepath.Base(goldenPath)
	if len(inputs) != len(wants) {
		t.Fatalf("%s: %d records for %d inputs", base, len(wants), len(inputs))
	}
	failures := 0
	fail := func(line int, msg string) {
		failures++
		if failures <= maxFailures {
			t.Errorf("%s:%d: %s", base, line, msg)
		}
	}
	for i := range inputs {
		var in textRecord
		if err := jsonutil.Unmarshal(inputs[i], &in); err != nil {
			t.Fatalf("%s:%d: %v", filepath.Base(textsPath), i+1, err)
		}
		want, err := encjson.Parse(wants[i])
		if err != nil {
			t.Fatalf("%s:%d: %v", base, i+1, err)
		}
		input := tokenizer.Input{First: tokenizer.Sequence{Text: in.Text}}
		if in.Pair != nil {
			input.Second = &tokenizer.Sequence{Text: *in.Pair}
		}
		enc, err := tok.EncodeInput(input, tokenizer.EncodeOptions{NoSpecialTokens: noSpecial, Offsets: tokenizer.OffsetChars})
		if want.Error != "" {
			if err == nil {
				fail(i+1, fmt.Sprintf("error = nil, want %q", want.Error))
			}
			continue
		}
		if err != nil {
			fail(i+1, fmt.Sprintf("error = %v, want none", err))
			continue
		}
		if d := encjson.Diff(encjson.FromEncoding(enc), want); len(d) > 0 {
			fail(i+1, strings.Join(d, "; "))
		}
		if in.Pair == nil {
			// The ids-only path must give the same ids.
			opts := tokenizer.EncodeOptions{NoSpecialTokens: noSpecial}
			ids, err := tok.AppendIDs(nil, in.Text, opts)
			if err != nil || !slices.Equal(ids, want.IDs) {
				fail(i+1, fmt.Sprintf("AppendIDs = %v (err %v), want %v", ids, err, want.IDs))
			}
			if n, err := tok.Count(in.Text, opts); err != nil || n != len(want.IDs) {
				fail(i+1, fmt.Sprintf("Count = %d (err %v), want %d", n, err, len(want.IDs)))
			}
		}
	}
	if failures > maxFailures {
		t.Errorf("%s: %d failures over %d records (first %d shown)", base, failures, len(inputs), maxFailures)
	}
}

func checkDecode(t *testing.T, tok *fasttok.Tokenizer, goldenPath string) {
	base := filepath.Base(goldenPath)
	failures := 0
	for i, line := range readLines(t, goldenPath) {
		var rec struct {
			IDs             []uint32 `json:"ids"`
			Text            string   `json:"text"`
			TextSkipSpecial string   `json:"text_skip_special"`
		}
		if err := jsonutil.Unmarshal(line, &rec); err != nil {
			t.Fatalf("%s:%d: %v", base, i+1, err)
		}
		for _, c := range []struct {
			skip bool
			want string
		}{{false, rec.Text}, {true, rec.TextSkipSpecial}} {
			got, err := tok.Decode(rec.IDs, c.skip)
			if err != nil || got != c.want {
				failures++
				if failures <= maxFailures {
					t.Errorf("%s:%d: decode(skip_special=%v) = %q (err %v), want %q", base, i+1, c.skip, got, err, c.want)
				}
			}
		}
	}
	if failures > maxFailures {
		t.Errorf("%s: %d decodes differ (first %d shown)", base, failures, maxFailures)
	}
}
