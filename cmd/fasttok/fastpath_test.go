package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// parseTextRecord accepts only what it decodes exactly as the full JSON decoder does.
func TestParseTextRecordMatchesDecoder(t *testing.T) {
	for _, c := range []struct {
		line string
		fast bool // whether the fast path takes it
	}{
		{`{"text":"hello"}`, true},
		{` { "text" : "hello world" } `, true},
		{"{\"text\":\"tab\\tnl\\ncr\\rq\\\"bs\\\\sl\\/b\\bf\\f\"}\r", true},
		{`{"text":"caf\u00e9 \u20AC \ud83d\ude00"}`, true},
		{`{"text":"café 日本 😀"}`, true},
		{`{"text":""}`, true},
		{`{"text":"\u0000x"}`, true},
		{`{"text":"a","pair":"b"}`, false},
		{`{"pair":"b","text":"a"}`, false},
		{`{"Text":"a"}`, false},
		{`{"te\u0078t":"a"}`, false},
		{`{"text":"lone \ud83d"}`, false},
		{`{"text":"lone \ude00 low"}`, false},
		{`{"text":"bad \ud83d\u0041"}`, false},
		{`{"text":"bad \x"}`, false},
		{`{"text":"bad \u12g4"}`, false},
		{"{\"text\":\"ctl \x01\"}", false},
		{"{\"text\":\"bad \xff utf8\"}", false},
		{"{\"text\":\"bad \\n \xc3 utf8\"}", false},
		{`{"text":null}`, false},
		{`{"text":1}`, false},
		{`{"text":"a"} x`, false},
		{`{"text":"a"`, false},
		{`{"text":"a`, false},
		{`{"text":"a\`, false},
		{`{"text":"a\u00`, false},
		{`{"text" "a"}`, false},
		{`["text"]`, false},
		{``, false},
	} {
		got, ok := parseTextRecord([]byte(c.line), nil)
		if ok != c.fast {
			t.Errorf("%q: fast path %v, want %v", c.line, ok, c.fast)
		}
		if !ok {
			continue
		}
		var rec struct {
			Text *string `json:"text"`
		}
		if err := jsonutil.Unmarshal([]byte(c.line), &rec); err != nil || rec.Text == nil {
			t.Errorf("%q: fast path took what the decoder rejects (%v)", c.line, err)
			continue
		}
		if got != *rec.Text {
			t.Errorf("%q: fast path %q, decoder %q", c.line, got, *rec.Text)
		}
	}
}

func TestAppendIDs(t *testing.T) {
	ids := []uint32{0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 128000, 999999,
		1000000, 9999999, 10000000, 99999999, 100000000, 999999999, 1000000000, 4294967295}
	var want []string
	for _, id := range ids {
		want = append(want, strconv.FormatUint(uint64(id), 10))
	}
	if got := string(appendIDs([]byte("x"), ids)); got != "x"+strings.Join(want, " ")+"\n" {
		t.Errorf("appendIDs = %q", got)
	}
	if got := string(appendIDs(nil, nil)); got != "\n" {
		t.Errorf("appendIDs(nil) = %q", got)
	}
}

func FuzzParseTextRecord(f *testing.F) {
	f.Add(`{"text":"caf\u00e9 \ud83d\ude00\n"}`)
	f.Fuzz(func(t *testing.T, line string) {
		got, ok := parseTextRecord([]byte(line), nil)
		if !ok {
			return
		}
		var rec struct {
			Text *string `json:"text"`
		}
		if err := jsonutil.Unmarshal([]byte(line), &rec); err != nil || rec.Text == nil || *rec.Text != got {
			t.Errorf("%q: fast path %q, decoder %v %v", line, got, rec.Text, err)
		}
		// Borrowing (a scratch buffer, dirty from an earlier record) gives the same.
		scratch := []byte("left over from the record before")
		if b, ok := parseTextRecord([]byte(line), &scratch); !ok || b != got {
			t.Errorf("%q: borrowing gives %q, %v; want %q", line, b, ok, got)
		}
	})
}

// Long texts, with each kind of special byte at each position of an 8-byte word.
func TestParseTextRecordLong(t *testing.T) {
	for pos := 0; pos < 24; pos++ {
		for _, special := range []string{`\"`, `\\`, `\n`, `\u00e9`, "\x01", "\x7f", "é", "\xff", "😀", `"`} {
			text := strings.Repeat("a", pos) + special + strings.Repeat("b", 17)
			line := `{"text":"` + text + `"}`
			got, ok := parseTextRecord([]byte(line), nil)
			var rec struct {
				Text *string `json:"text"`
			}
			err := jsonutil.Unmarshal([]byte(line), &rec)
			switch {
			case !ok && (special == `\"` || special == `\\` || special == `\n` || special == "é"):
				t.Errorf("%q: fast path refused it", line)
			case ok && (err != nil || rec.Text == nil || got != *rec.Text):
				t.Errorf("%q: fast path %q, decoder %v (%v)", line, got, rec.Text, err)
			}
		}
	}
}

// The workers' raw ids, formatted by the writer, are appendIDs's text.
func TestFormatRawIDs(t *testing.T) {
	recs := [][]uint32{{1, 22, 333}, nil, {4294967295}, {0, 0}}
	var raw, want []byte
	for _, r := range recs {
		raw = appendRawIDs(raw, r)
		want = appendIDs(want, r)
	}
	if got := formatRawIDs([]byte("x"), raw); string(got) != "x"+string(want) {
		t.Errorf("formatRawIDs = %q, want x%q", got, want)
	}
}

func TestAppendIDsDecimal(t *testing.T) {
	ids := []uint32{0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 10001, 99999, 100000, 123456, 1000000,
		9999999, 10000000, 99999999, 100000000, 100000001, 1234567890, 4294967295}
	for v := uint32(0); v < 20000; v += 7 {
		ids = append(ids, v)
	}
	var want strings.Builder
	for i, id := range ids {
		if i > 0 {
			want.WriteByte(' ')
		}
		want.WriteString(strconv.FormatUint(uint64(id), 10))
	}
	want.WriteByte('\n')
	if got := string(appendIDs([]byte("x"), ids)); got != "x"+want.String() {
		t.Fatalf("appendIDs differs from strconv")
	}
	if got := string(formatRawIDs(nil, appendRawIDs(nil, ids))); got != want.String() {
		t.Fatalf("formatRawIDs differs from strconv")
	}
}
