package jsonutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScannerString(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{`"abc"`, "abc", true},
		{` "a\"b\\c\/d\b\f\n\r\t"`, "a\"b\\c/d\b\f\n\r\t", true},
		{`"\u00e9\u0120x"`, "éĠx", true},
		{`"\ud83d\ude00"`, "😀", true},
		{`"é"`, "é", true},
		{`"\ud800"`, "", false},  // lone surrogate: left to the full decoder
		{`"\udc00x"`, "", false}, // lone trailing surrogate
		{"\"a\tb\"", "", false},  // control character
		{"\"\xff\"", "", false},  // invalid UTF-8
		{`"\x"`, "", false},      // bad escape
		{`"abc`, "", false},      // unterminated
		{`abc`, "", false},       // not a string
		{`"\u12"`, "", false},    // short escape
		{`"a\u0041\u00e9"`, "aAé", true},
	}
	for _, c := range cases {
		s := Scanner{Data: []byte(c.in)}
		var scratch []byte
		got, ok := s.String(&scratch)
		if ok != c.ok || ok && string(got) != c.want {
			t.Errorf("String(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
		if ok {
			var std string
			if err := json.Unmarshal([]byte(c.in), &std); err != nil || std != string(got) {
				t.Errorf("String(%q) = %q; encoding/json says %q (%v)", c.in, got, std, err)
			}
		}
	}
}

func TestScannerUint32(t *testing.T) {
	cases := []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"0", 0, true}, {"42,", 42, true}, {"4294967295}", 4294967295, true},
		{"4294967296", 0, false}, {"-1", 0, false}, {"01", 0, false}, {"1.0", 0, false},
		{"1e3", 0, false}, {"", 0, false}, {"x", 0, false},
	}
	for _, c := range cases {
		s := Scanner{Data: []byte(c.in)}
		got, ok := s.Uint32()
		if ok != c.ok || got != c.want {
			t.Errorf("Uint32(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestScannerSkip(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{`{"a":[1,"]}",{"b":null}]} ,`, `{"a":[1,"]}",{"b":null}]}`, true},
		{`"x\"y",`, `"x\"y"`, true},
		{` 12.5e3}`, `12.5e3`, true},
		{`null,`, `null`, true},
		{`[1,2}`, ``, false},
		{`{"a":1`, ``, false},
		{`}`, ``, false},
	}
	// On an arriving text, Skip waits for the whole value and the byte after it: a
	// value longer than skipAhead, and a number cut at skipAhead.
	long := "[" + strings.Repeat(`"abc",`, 3*skipAhead/6) + "1]"
	pad := strings.Repeat(" ", skipAhead-1)
	cases = append(cases, []struct {
		in, want string
		ok       bool
	}{
		{long + ",", long, true},
		{long, long, true},
		{pad + "12345,", "12345", true},
		{pad + "12345", "12345", true},
		{pad + "[1,2", "", false},
	}...)
	for _, c := range cases {
		s := Scanner{Data: []byte(c.in)}
		got, ok := s.Skip()
		if ok != c.ok || ok && string(got) != c.want {
			t.Errorf("Skip(%.40q) = %.40q, %v; want %.40q, %v", c.in, got, ok, c.want, c.ok)
		}
		data := []byte(c.in)
		st := Scanner{More: func(n int) []byte { return data[:min(n, len(data))] }}
		st.Data = st.More(1)
		got, ok = st.Skip()
		if ok != c.ok || ok && string(got) != c.want {
			t.Errorf("streaming Skip(%.40q) = %.40q, %v; want %.40q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestStream(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 50000)
	fail := errors.New("fill failed")
	for _, hint := range []int{0, 10, len(data), len(data) + 1, 2 * len(data)} {
		for _, wantErr := range []error{nil, fail} {
			st := NewStream(hint)
			// Fill a byte at a time, growing the buffer as append does.
			go st.FillFunc(func(buf []byte, publish func([]byte)) ([]byte, error) {
				for _, c := range data {
					buf = append(buf, c)
					if len(buf)%997 == 0 {
						publish(buf)
					}
				}
				return buf, wantErr
			})
			part := st.Wait(1000)
			if len(part) < 1000 || !bytes.Equal(part, data[:len(part)]) {
				t.Fatalf("hint %d: Wait(1000) = %d bytes", hint, len(part))
			}
			all, err := st.Result()
			if err != wantErr || !bytes.Equal(all, data) {
				t.Fatalf("hint %d: Result = %d bytes, %v", hint, len(all), err)
			}
			if got := st.Wait(len(data) + 10); len(got) != len(data) {
				t.Fatalf("hint %d: Wait past the end = %d bytes", hint, len(got))
			}
		}
	}
}

// TestScannerStringPositions puts each kind of byte that ends or changes the scan of a
// string (a quote, an escape, a control character, a multi-byte or invalid UTF-8
// sequence) at every offset of a string longer than the 8-byte words String scans.
func TestScannerStringPositions(t *testing.T) {
	for _, ins := range []string{`\"`, `\\`, `\n`, `\u00e9`, "\t", "é", "\xff", "Ġ", "\x7f", "\x1f"} {
		for at := 0; at <= 20; at++ {
			body := strings.Repeat("a", at) + ins + strings.Repeat("b", 20-at)
			in := `"` + body + `" ,`
			s := Scanner{Data: []byte(in)}
			var scratch []byte
			got, ok := s.String(&scratch)
			var std string
			err := json.Unmarshal([]byte(in[:len(body)+2]), &std)
			// String refuses invalid UTF-8, which encoding/json replaces.
			if ok != (err == nil && utf8.ValidString(body)) || ok && (string(got) != std || s.Pos != len(body)+2) {
				t.Errorf("String(%q) = %q, %v at %d; encoding/json: %q, %v", in, got, ok, s.Pos, std, err)
			}
		}
	}
}

// FuzzScannerString checks that what String accepts is a JSON string, and that its
// value is encoding/json's.
func FuzzScannerString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\u0120x"`, `"\ud83d\ude00"`, `"ĠĠĠĠthe quick brown fox"`, "\"a\tb\"", `"0123456789abcdef\u0041"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Scanner{Data: data}
		var scratch []byte
		got, ok := s.String(&scratch)
		if !ok {
			return
		}
		var std string
		if err := json.Unmarshal(bytes.TrimSpace(data[:s.Pos]), &std); err != nil || std != string(got) {
			t.Fatalf("String(%q) = %q; encoding/json says %q (%v)", data[:s.Pos], got, std, err)
		}
	})
}
