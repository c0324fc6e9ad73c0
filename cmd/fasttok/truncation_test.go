package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/encjson"
)

// TestTruncationPaddingFlags runs `fasttok encode --truncation J --padding P --batch N`
// over the grid of ../../testdata/truncation (made with the reference's golden.js by
// make.py there) and wants golden.js's output byte for byte. Where golden.js prints
// {"error": ...} records, the run must fail after writing the records before them.
// Tokenizers of ../shared need FASTTOK_SHARED; the scenario ones do not.
func TestTruncationPaddingFlags(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "truncation")
	data, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Truncation json.RawMessage `json:"truncation"`
		Padding    json.RawMessage `json:"padding"`
		Batch      int             `json:"batch"`
		Special    *bool           `json:"special"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	texts := filepath.Join(dir, "texts.jsonl")
	files, _ := filepath.Glob(filepath.Join(dir, "*.golden.jsonl.gz"))
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, golden := range files {
		name := strings.TrimSuffix(filepath.Base(golden), ".golden.jsonl.gz")
		t.Run(name, func(t *testing.T) {
			tok := filepath.Join("..", "..", "testdata", "scenarios", name+".json")
			all := true // every case; for the big tokenizers (a load per run), every fourth one
			if _, err := os.Stat(tok); err != nil {
				all = false
				shared := os.Getenv("FASTTOK_SHARED")
				if shared == "" {
					t.Skip("FASTTOK_SHARED is not set: skipping a tokenizer of ../shared")
				}
				tok = filepath.Join(shared, "assets", "tokenizers", name+".json.gz")
			}
			rows := readGoldenRows(t, golden, len(cases))
			compared, failures := 0, 0
			for k, c := range cases {
				if !all && k%4 != 0 {
					continue
				}
				args := []string{"encode", "--tokenizer", tok, "--input", texts, "--workers", "2"}
				if c.Truncation != nil {
					args = append(args, "--truncation", compact(c.Truncation))
				}
				if c.Padding != nil {
					args = append(args, "--padding", compact(c.Padding))
				}
				if c.Batch > 0 {
					args = append(args, "--batch", strconv.Itoa(c.Batch))
				}
				if c.Special != nil && !*c.Special {
					args = append(args, "--no-special")
				}
				var stdout, stderr bytes.Buffer
				runErr := run(args, strings.NewReader(""), &stdout, &stderr)
				got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
				if stdout.Len() == 0 {
					got = nil
				}
				wantErr := false
				for i, row := range rows[k] {
					if row.err {
						wantErr = true
						if len(got) > i {
							t.Errorf("%s: case %d (%s): %d records written, want %d before the error", filepath.Base(golden), k, strings.Join(args[5:], " "), len(got), i)
						}
						break
					}
					compared++
					if i >= len(got) {
						failures++
						t.Errorf("%s:%d: case %d (%s): no record (error %v)", filepath.Base(golden), row.line, k, strings.Join(args[5:], " "), runErr)
						break
					}
					if msg := compareLine(got[i], row); msg != "" {
						failures++
						if failures <= 5 {
							t.Errorf("%s:%d: case %d (%s): %s", filepath.Base(golden), row.line, k, strings.Join(args[5:], " "), msg)
						}
					}
				}
				if wantErr && runErr == nil {
					t.Errorf("%s: case %d (%s): error = nil, want one", filepath.Base(golden), k, strings.Join(args[5:], " "))
				} else if !wantErr && runErr != nil {
					t.Errorf("%s: case %d (%s): error = %v, want none", filepath.Base(golden), k, strings.Join(args[5:], " "), runErr)
				}
			}
			t.Logf("%s: %d records compared, %d differ", filepath.Base(golden), compared, failures)
		})
	}
}

type goldenRow struct {
	line      int
	want      string // golden.js's record, as it prints it
	err       bool
	unchecked bool
}

func readGoldenRows(t *testing.T, path string, nCases int) [][]goldenRow {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]goldenRow, nCases)
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<28)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		var r struct {
			Case int `json:"case"`
			Want struct {
				Error     *string `json:"error"`
				Unchecked bool    `json:"overflow_unchecked"`
			} `json:"want"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Case < 0 || r.Case >= nCases {
			t.Fatalf("%s:%d: bad row (%v)", filepath.Base(path), n, err)
		}
		i := strings.Index(line, `"want":`)
		want := line[i+len(`"want":`) : len(line)-1]
		rows[r.Case] = append(rows[r.Case], goldenRow{line: n, want: want, err: r.Want.Error != nil, unchecked: r.Want.Unchecked})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// compareLine compares an output line with its golden record: byte for byte, or field
// by field without the overflowing windows when golden.js could not give them.
func compareLine(got string, row goldenRow) string {
	if !row.unchecked {
		if got == row.want {
			return ""
		}
		g, err1 := encjson.Parse([]byte(got))
		w, err2 := encjson.Parse([]byte(row.want))
		if err1 == nil && err2 == nil {
			if d := encjson.Diff(g, w); len(d) > 0 {
				return strings.Join(d, "; ")
			}
		}
		return fmt.Sprintf("output = %s, want %s", got, row.want)
	}
	g, err := encjson.Parse([]byte(got))
	if err != nil {
		return err.Error()
	}
	w, err := encjson.Parse([]byte(row.want))
	if err != nil {
		return err.Error()
	}
	g.Overflowing = nil
	return strings.Join(encjson.Diff(g, w), "; ")
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
