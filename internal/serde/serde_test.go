package serde

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// refCase is a line of testdata/cases.jsonl (see testdata/README.md).
type refCase struct {
	Kind  string  `json:"kind"`
	Value string  `json:"value"`
	Error *string `json:"error"`
}

// decodeAs reads the field "f" of {"f": value} as the field of the kind does.
func decodeAs(kind string, o Object) error {
	switch kind {
	case "bool":
		var b bool
		_, err := Field(o, "f", &b, true, false)
		return err
	case "string":
		var s string
		_, err := Field(o, "f", &s, true, false)
		return err
	case "sequence":
		var raws []json.RawMessage
		_, err := Field(o, "f", &raws, true, false)
		return err
	case "option_bool":
		var b *bool
		_, err := Field(o, "f", &b, false, true)
		return err
	case "char":
		_, err := Char(o, "f")
		return err
	case "usize":
		_, err := Uint(o, "f", math.MaxUint64, "usize")
		return err
	case "pattern":
		_, _, err := Pattern(o, "f")
		return err
	case "behavior":
		name, _, err := Enum(o, "f", true)
		if err != nil {
			return err
		}
		_, err = tokenizer.ParseSplitDelimiterBehavior(name)
		return tokenizer.WrapPath(err, "f")
	}
	panic("unknown kind " + kind)
}

// TestReference checks Field, Char, Uint and Enum against the reference: the same
// values accepted, the others refused with the reference's message.
func TestReference(t *testing.T) {
	f, err := os.Open("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var c refCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		n++
		o, err := ParseObject([]byte(`{"f":` + c.Value + `}`))
		if err != nil {
			t.Fatalf("%s: %v", c.Value, err)
		}
		err = decodeAs(c.Kind, o)
		switch {
		case c.Error == nil && err != nil:
			t.Errorf("%s %s: %v, the reference accepts it", c.Kind, c.Value, err)
		case c.Error != nil && err == nil:
			t.Errorf("%s %s: accepted, the reference says %q", c.Kind, c.Value, *c.Error)
		case c.Error != nil:
			var pe *tokenizer.PathError
			if !errors.As(err, &pe) || (pe.Path != "f" && !strings.HasPrefix(pe.Path, "f.")) {
				t.Errorf("%s %s: error %q is not about field f", c.Kind, c.Value, err)
				continue
			}
			if got := pe.Err.Error(); got != *c.Error {
				t.Errorf("%s %s:\n got %s\nwant %s", c.Kind, c.Value, got, *c.Error)
			}
		}
	}
	if err := sc.Err(); err != nil || n == 0 {
		t.Fatalf("read %d cases: %v", n, err)
	}
}

func TestPatternJSON(t *testing.T) {
	for _, tc := range []struct {
		p       string
		isRegex bool
		want    string
	}{{"a", false, `{"String":"a"}`}, {`\s+`, true, `{"Regex":"\\s+"}`}} {
		b, err := PatternJSON(tc.p, tc.isRegex).MarshalJSON()
		if err != nil || string(b) != tc.want {
			t.Errorf("PatternJSON(%q, %v) = %s, %v; want %s", tc.p, tc.isRegex, b, err, tc.want)
		}
	}
}

func TestParseObject(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{`{"a":1}`, ""},
		{` {} `, ""},
		{`null`, "invalid type: null, expected a map"},
		{``, "invalid type: null, expected a map"},
		{`[1]`, "invalid type: sequence, expected a map"},
		{`"x"`, `invalid type: string "x", expected a map`},
		{`5`, "invalid type: integer `5`, expected a map"},
	} {
		_, err := ParseObject([]byte(tc.in))
		if got := errString(err); got != tc.err {
			t.Errorf("ParseObject(%s): %q, want %q", tc.in, got, tc.err)
		}
	}
}

func TestRequireType(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{`{"type":"Sequence"}`, ""},
		{`{}`, "missing field `type`"},
		{`{"type":null}`, "type: invalid type: null, expected variant identifier"},
		{`{"type":5}`, "type: invalid type: integer `5`, expected variant identifier"},
		{`{"type":"Fuse"}`, "type: unknown variant `Fuse`, expected `Sequence`"},
	} {
		o, err := ParseObject([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := errString(o.RequireType("Sequence")); got != tc.err {
			t.Errorf("RequireType(%s): %q, want %q", tc.in, got, tc.err)
		}
	}
}

func TestField(t *testing.T) {
	o := Object{"s": json.RawMessage(`"x"`), "n": json.RawMessage(`null`)}
	var s string
	if ok, err := Field(o, "s", &s, true, false); !ok || err != nil || s != "x" {
		t.Errorf("present: %v %v %q", ok, err, s)
	}
	if ok, err := Field(o, "absent", &s, false, false); ok || err != nil {
		t.Errorf("absent, optional: %v %v", ok, err)
	}
	if _, err := Field(o, "absent", &s, true, false); errString(err) != "missing field `absent`" {
		t.Errorf("absent, required: %v", err)
	}
	p := new(string)
	if ok, err := Field(o, "n", &p, false, true); ok || err != nil || p == nil {
		t.Errorf("null, nullable: %v %v %v (dst must be left as it is)", ok, err, p)
	}
	var behavior tokenizer.SplitDelimiterBehavior
	o["b"] = json.RawMessage(`"Nope"`)
	_, err := Field(o, "b", &behavior, true, false)
	if want := "b: unknown variant `Nope`, expected one of `Removed`, `Isolated`, `MergedWithPrevious`, `MergedWithNext`, `Contiguous`"; errString(err) != want {
		t.Errorf("self-unmarshaling dst: %q, want its own error %q", errString(err), want)
	}
}

func TestUintMax(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{`4294967295`, ""},
		{`4294967296`, "invalid value: integer `4294967296`, expected u32"},
		{` 7 `, ""},
	} {
		_, err := ParseUint([]byte(tc.in), math.MaxUint32, "u32")
		if got := errString(err); got != tc.err {
			t.Errorf("ParseUint(%s): %q, want %q", tc.in, got, tc.err)
		}
	}
	if _, err := Uint(Object{}, "x", 10, "usize"); errString(err) != "missing field `x`" {
		t.Errorf("absent: %v", err)
	}
}

func TestComponents(t *testing.T) {
	errNull := errors.New("null child")
	parse := func(b []byte) (string, error) {
		if string(b) == `"bad"` {
			return "", errors.New("bad child")
		}
		return string(b), nil
	}
	for _, tc := range []struct{ in, want, err string }{
		{`{"type":"Sequence","l":[1,2]}`, "[1 2]", ""},
		{`{"type":"Sequence","l":[]}`, "[]", ""},
		{`{"type":"Sequence"}`, "", "missing field `l`"},
		{`{"l":[]}`, "", "missing field `type`"},
		{`{"type":"Sequence","l":[1,null]}`, "", "l[1]: null child"},
		{`{"type":"Sequence","l":[1,"bad"]}`, "", "l[1]: bad child"},
		{`{"type":"Sequence","l":{}}`, "", "l: invalid type: map, expected a sequence"},
	} {
		got, err := ParseSequence([]byte(tc.in), "l", parse, errNull)
		if errString(err) != tc.err {
			t.Errorf("%s: error %q, want %q", tc.in, errString(err), tc.err)
		}
		if err == nil && fmt.Sprint(got) != tc.want {
			t.Errorf("%s: %v, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMarshalList(t *testing.T) {
	for _, tc := range []struct {
		items []int
		want  string
	}{
		{nil, `{"type":"Sequence","l":[]}`},
		{[]int{1, 2}, `{"type":"Sequence","l":[1,2]}`},
	} {
		b, err := MarshalList("Sequence", "l", tc.items)
		if err != nil || string(b) != tc.want {
			t.Errorf("MarshalList(%v) = %s, %v; want %s", tc.items, b, err, tc.want)
		}
	}
}

func TestExpected(t *testing.T) {
	var (
		s   string
		ps  *string
		b   bool
		u   uint32
		l   []json.RawMessage
		m   map[string]json.RawMessage
		raw json.RawMessage
		st  struct{}
	)
	for _, tc := range []struct {
		dst  any
		want string
	}{
		{&s, "a string"}, {&ps, "a string"}, {&b, "a boolean"}, {&u, "an integer"},
		{&l, "a sequence"}, {&m, "a map"}, {&raw, "a value"}, {&st, "a value"}, {nil, "a value"},
	} {
		if got := Expected(tc.dst); got != tc.want {
			t.Errorf("Expected(%T) = %q, want %q", tc.dst, got, tc.want)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
