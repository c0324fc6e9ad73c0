package fasttok_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/internal/encjson"
	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// The truncation and padding grid of testdata/truncation (made by make.py there with the
// reference's golden.js): every case of cases.json (truncation x padding x batch x
// special tokens) over texts.jsonl, for each tokenizer with a NAME.golden.jsonl.gz.
// Tokenizers of ../shared need FASTTOK_SHARED; the scenario ones do not. Failures print
// `NAME.golden.jsonl.gz:LINE: field = got, want`.

// truncationCase is one case of testdata/truncation/cases.json. Truncation and Padding
// are nil when the case leaves the tokenizer's own section, JSON null to disable.
type truncationCase struct {
	Truncation json.RawMessage `json:"truncation"`
	Padding    json.RawMessage `json:"padding"`
	Batch      int             `json:"batch"`
	Special    *bool           `json:"special"`
}

// gridRow is one line of a NAME.golden.jsonl.gz.
type gridRow struct {
	Case   int             `json:"case"`
	Record int             `json:"record"`
	Want   json.RawMessage `json:"want"`
	Line   int             `json:"-"`
	// Unchecked is set when golden.js could not give the overflowing windows.
	Unchecked bool `json:"-"`
}

const truncationDir = "testdata/truncation"

func readTruncationGrid(t testing.TB) ([]truncationCase, []textRecord) {
	data, err := os.ReadFile(filepath.Join(truncationDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []truncationCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	var texts []textRecord
	for i, line := range readLines(t, filepath.Join(truncationDir, "texts.jsonl")) {
		var r textRecord
		if err := jsonutil.Unmarshal(line, &r); err != nil {
			t.Fatalf("texts.jsonl:%d: %v", i+1, err)
		}
		texts = append(texts, r)
	}
	return cases, texts
}

// readGridRows returns the rows of a golden file, by case.
func readGridRows(t testing.TB, path string, nCases, nTexts int) [][]gridRow {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]gridRow, nCases)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for n := 1; sc.Scan(); n++ {
		var r gridRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", filepath.Base(path), n, err)
		}
		r.Line = n
		var flag struct {
			Unchecked bool `json:"overflow_unchecked"`
		}
		_ = json.Unmarshal(r.Want, &flag)
		r.Unchecked = flag.Unchecked
		if r.Case < 0 || r.Case >= nCases || r.Record != len(rows[r.Case]) {
			t.Fatalf("%s:%d: case %d record %d out of order", filepath.Base(path), n, r.Case, r.Record)
		}
		rows[r.Case] = append(rows[r.Case], r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for k, rs := range rows {
		if len(rs) != nTexts {
			t.Fatalf("%s: case %d has %d records for %d texts", filepath.Base(path), k, len(rs), nTexts)
		}
	}
	return rows
}

// gridTokenizers returns the tokenizers with a golden file: name -> tokenizer.json path
// ("" when it needs FASTTOK_SHARED, which is unset).
func gridTokenizers(t testing.TB) map[string]string {
	files, err := filepath.Glob(filepath.Join(truncationDir, "*.golden.jsonl.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files in %s", truncationDir)
	}
	shared := os.Getenv("FASTTOK_SHARED")
	out := map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".golden.jsonl.gz")
		scenario := filepath.Join("testdata", "scenarios", name+".json")
		switch {
		case fileExists(scenario):
			out[name] = scenario
		case shared != "":
			out[name] = filepath.Join(shared, "assets", "tokenizers", name+".json.gz")
		default:
			out[name] = ""
		}
	}
	return out
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// withDefaults fills a section as golden.js does (Object.assign over the reference's
// defaults); null stays null.
func withDefaults(section json.RawMessage, defaults map[string]any) (json.RawMessage, error) {
	if section == nil || bytes.Equal(bytes.TrimSpace(section), []byte("null")) {
		return section, nil
	}
	var user map[string]json.RawMessage
	if err := json.Unmarshal(section, &user); err != nil {
		return nil, err
	}
	merged := map[string]any{}
	for k, v := range defaults {
		merged[k] = v
	}
	for k, v := range user {
		merged[k] = v
	}
	return json.Marshal(merged)
}

var (
	truncationDefaults = map[string]any{"direction": "Right", "max_length": 512, "strategy": "LongestFirst", "stride": 0}
	paddingDefaults    = map[string]any{"strategy": "BatchLongest", "direction": "Right", "pad_to_multiple_of": nil,
		"pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"}
)

// caseTokenizer returns base configured as c says, through the Go API: WithTruncation
// (validated as the reference's with_truncation) and WithPadding.
func caseTokenizer(t *testing.T, base *fasttok.Tokenizer, c truncationCase) *fasttok.Tokenizer {
	tok := base
	if c.Truncation != nil {
		raw, err := withDefaults(c.Truncation, truncationDefaults)
		if err != nil {
			t.Fatal(err)
		}
		var p *tokenizer.TruncationParams
		if !jsonutil.IsNull(raw) {
			p = new(tokenizer.TruncationParams)
			if err := json.Unmarshal(raw, p); err != nil {
				t.Fatalf("truncation %s: %v", raw, err)
			}
		}
		if tok, err = tok.WithTruncation(p); err != nil {
			// The reference's with_truncation refuses it too; golden.js (which loads
			// the section without that check) tells what each input then gives.
			tok, err = base.WithSections(raw, nil)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if c.Padding != nil {
		raw, err := withDefaults(c.Padding, paddingDefaults)
		if err != nil {
			t.Fatal(err)
		}
		var p *tokenizer.PaddingParams
		if !jsonutil.IsNull(raw) {
			p = new(tokenizer.PaddingParams)
			if err := json.Unmarshal(raw, p); err != nil {
				t.Fatalf("padding %s: %v", raw, err)
			}
		}
		tok = tok.WithPadding(p)
	}
	return tok
}

func textInput(r textRecord) tokenizer.Input {
	in := tokenizer.Input{First: tokenizer.Sequence{Text: r.Text}}
	if r.Pair != nil {
		in.Second = &tokenizer.Sequence{Text: *r.Pair}
	}
	return in
}

// compareGridRecord compares one result with its golden row; it returns the failure
// message or "".
func compareGridRecord(enc *tokenizer.Encoding, err error, row gridRow) string {
	want, perr := encjson.Parse(row.Want)
	if perr != nil {
		return perr.Error()
	}
	if want.Error != "" {
		if err == nil {
			return fmt.Sprintf("error = nil, want %q", want.Error)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("error = %v, want none", err)
	}
	got := encjson.FromEncoding(enc)
	if row.Unchecked {
		got.Overflowing = nil
	}
	if d := encjson.Diff(got, want); len(d) > 0 {
		return strings.Join(d, "; ")
	}
	return ""
}

func TestTruncationPaddingGrid(t *testing.T) {
	cases, texts := readTruncationGrid(t)
	inputs := make([]tokenizer.Input, len(texts))
	for i, r := range texts {
		inputs[i] = textInput(r)
	}
	tokenizers := gridTokenizers(t)
	names := make([]string, 0, len(tokenizers))
	for name := range tokenizers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := tokenizers[name]
		t.Run(name, func(t *testing.T) {
			if path == "" {
				t.Skip("FASTTOK_SHARED is not set: skipping a tokenizer of ../shared")
			}
			base, err := fasttok.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			golden := name + ".golden.jsonl.gz"
			rows := readGridRows(t, filepath.Join(truncationDir, golden), len(cases), len(texts))
			failures, compared := 0, 0
			fail := func(row gridRow, k int, msg string) {
				failures++
				if failures <= maxFailures {
					t.Errorf("%s:%d: (case %d %s) %s", golden, row.Line, k, caseString(cases[k]), msg)
				}
			}
			for k, c := range cases {
				tok := caseTokenizer(t, base, c)
				opts := tokenizer.EncodeOptions{Offsets: tokenizer.OffsetChars, NoSpecialTokens: c.Special != nil && !*c.Special}
				if c.Batch <= 0 {
					for i, in := range inputs {
						enc, err := tok.EncodeInput(in, opts)
						compared++
						if msg := compareGridRecord(enc, err, rows[k][i]); msg != "" {
							fail(rows[k][i], k, msg)
						}
					}
					continue
				}
				for lo := 0; lo < len(inputs); lo += c.Batch {
					hi := min(lo+c.Batch, len(inputs))
					encs, err := tok.EncodeBatch(context.Background(), inputs[lo:hi], opts)
					for i := lo; i < hi; i++ {
						var enc *tokenizer.Encoding
						if err == nil {
							enc = encs[i-lo]
						}
						compared++
						if msg := compareGridRecord(enc, err, rows[k][i]); msg != "" {
							fail(rows[k][i], k, msg)
						}
					}
				}
			}
			if failures > maxFailures {
				t.Errorf("%s: %d failures over %d records (first %d shown)", golden, failures, compared, maxFailures)
			}
			t.Logf("%s: %d records compared, %d differ", golden, compared, failures)
		})
	}
}

func caseString(c truncationCase) string {
	s := fmt.Sprintf("truncation=%s padding=%s", orKeep(c.Truncation), orKeep(c.Padding))
	if c.Batch > 0 {
		s += fmt.Sprintf(" batch=%d", c.Batch)
	}
	if c.Special != nil && !*c.Special {
		s += " no-special"
	}
	return s
}

func orKeep(raw json.RawMessage) string {
	if raw == nil {
		return "(kept)"
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// TestWithTruncationValidation checks that WithTruncation accepts and refuses what the
// reference's with_truncation does (testdata/truncation/with_truncation.json, made by
// make.py with the Node binding's setTruncation).
func TestWithTruncationValidation(t *testing.T) {
	shared := sharedDir(t)
	data, err := os.ReadFile(filepath.Join(truncationDir, "with_truncation.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Tokenizer string `json:"tokenizer"`
		MaxLength int    `json:"max_length"`
		Stride    int    `json:"stride"`
		OK        bool   `json:"ok"`
	}
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	loaded := map[string]*fasttok.Tokenizer{}
	for _, r := range rows {
		tok := loaded[r.Tokenizer]
		if tok == nil {
			if tok, err = fasttok.Load(filepath.Join(shared, "assets", "tokenizers", r.Tokenizer+".json.gz")); err != nil {
				t.Fatal(err)
			}
			loaded[r.Tokenizer] = tok
		}
		p := tokenizer.DefaultTruncation()
		p.MaxLength, p.Stride = r.MaxLength, r.Stride
		got, err := tok.WithTruncation(&p)
		if (err == nil) != r.OK {
			t.Errorf("%s: WithTruncation(max_length %d, stride %d) error = %v, want ok = %v", r.Tokenizer, r.MaxLength, r.Stride, err, r.OK)
			continue
		}
		if err == nil {
			if tr := got.Truncation(); tr == nil || *tr != p {
				t.Errorf("%s: Truncation() = %v, want %v", r.Tokenizer, tr, p)
			}
			if off, _ := got.WithTruncation(nil); off.Truncation() != nil {
				t.Errorf("%s: WithTruncation(nil).Truncation() = %v, want nil", r.Tokenizer, off.Truncation())
			}
		}
	}
	for _, p := range []tokenizer.TruncationParams{{MaxLength: -1}, {MaxLength: 8, Stride: -1}, {MaxLength: 8, Strategy: 7}, {MaxLength: 8, Direction: 5}} {
		if _, err := tokenizer.New(nil).WithTruncation(&p); err == nil {
			t.Errorf("WithTruncation(%+v) error = nil, want one", p)
		}
	}
}
