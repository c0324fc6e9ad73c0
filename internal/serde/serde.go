// Package serde reads the JSON objects of tokenizer.json components as the reference's
// Rust serde derives (and serde_json) read them: fields looked up by their exact name,
// unknown fields ignored, and errors worded as serde words them ("missing field `x`",
// "invalid type: integer `1`, expected a boolean", ...), each under the JSON path of
// the field it is about (tokenizer.WrapPath), so that fasttok accepts and rejects what
// the reference does and says why in the same words.
//
// The component packages (normalizers, pretokenizers, processors, decoders) share it.
package serde

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serdefmt"
	"github.com/fasttok/fasttok/tokenizer"
)

// Object is a component's JSON object with its fields still raw, looked up by their
// exact (case-sensitive) names as serde does.
type Object map[string]json.RawMessage

// ParseObject decodes data, which must be a JSON object.
func ParseObject(data []byte) (Object, error) {
	if jsonutil.IsNull(data) {
		return nil, errors.New("invalid type: null, expected a map")
	}
	if d := bytes.TrimSpace(data); d[0] != '{' {
		return nil, fmt.Errorf("invalid type: %s, expected a map", Unexpected(data))
	}
	var o Object
	if err := jsonutil.Unmarshal(data, &o); err != nil {
		return nil, err
	}
	return o, nil
}

// ParseTyped decodes data, a JSON object, and checks that its "type" is typ (see
// RequireType).
func ParseTyped(data []byte, typ string) (Object, error) {
	o, err := ParseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.RequireType(typ); err != nil {
		return nil, err
	}
	return o, nil
}

// RequireType checks that the object has "type": name, as the reference's components
// whose serde checks their tag do (impl_serde_type!, MustBe!, a custom Deserialize):
// one without "type" is rejected too.
func (o Object) RequireType(name string) error {
	raw, ok := o["type"]
	if !ok {
		return jsonutil.MissingField("type")
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected variant identifier", Unexpected(raw)), "type")
	}
	if s != name {
		return tokenizer.WrapPath(fmt.Errorf("unknown variant `%s`, expected `%s`", s, name), "type")
	}
	return nil
}

// Field decodes the field key into dst and reports whether it was present and not
// null. An absent field is an error when required (a field without a serde default);
// null is an error unless nullable (an Option in the reference), when dst is left as
// it is. A value of the wrong JSON type is reported as serde does ("invalid type:
// string \"x\", expected a boolean"); a dst that unmarshals itself (json.Unmarshaler,
// encoding.TextUnmarshaler) reports its own errors.
func Field[T any](o Object, key string, dst *T, required, nullable bool) (bool, error) {
	raw, ok := o[key]
	if !ok {
		if required {
			return false, jsonutil.MissingField(key)
		}
		return false, nil
	}
	if jsonutil.IsNull(raw) {
		if nullable {
			return false, nil
		}
		return false, tokenizer.WrapPath(fmt.Errorf("invalid type: null, expected %s", Expected(dst)), key)
	}
	if err := jsonutil.Unmarshal(raw, dst); err != nil {
		if !unmarshalsItself(dst) {
			err = fmt.Errorf("invalid type: %s, expected %s", Unexpected(raw), Expected(dst))
		}
		return false, tokenizer.WrapPath(err, key)
	}
	return true, nil
}

// unmarshalsItself reports whether dst, or what it points to, decodes itself.
func unmarshalsItself(dst any) bool {
	for t := reflect.TypeOf(dst); t != nil && t.Kind() == reflect.Pointer; t = t.Elem() {
		if t.Implements(unmarshalerType) || t.Implements(textUnmarshalerType) {
			return true
		}
	}
	return false
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Char decodes the required field key, a string of exactly one character (a Rust
// `char`).
func Char(o Object, key string) (rune, error) {
	raw, ok := o[key]
	if !ok {
		return 0, jsonutil.MissingField(key)
	}
	var s string
	if jsonutil.IsNull(raw) || jsonutil.Unmarshal(raw, &s) != nil {
		return 0, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected a character", Unexpected(raw)), key)
	}
	r, size := utf8.DecodeRuneInString(s)
	if s == "" || size != len(s) {
		return 0, tokenizer.WrapPath(fmt.Errorf("invalid value: string %s, expected a character", Quote(s)), key)
	}
	return r, nil
}

// Uint decodes the required field key, an unsigned integer at most maxValue that the
// reference reads as the Rust type typeName ("u32", "usize"); null is an error (see
// ParseUint).
func Uint(o Object, key string, maxValue uint64, typeName string) (uint64, error) {
	raw, ok := o[key]
	if !ok {
		return 0, jsonutil.MissingField(key)
	}
	v, err := ParseUint(raw, maxValue, typeName)
	return v, tokenizer.WrapPath(err, key)
}

// ParseUint parses raw as an unsigned integer at most maxValue that the reference reads
// as the Rust type typeName. As serde_json, it takes integers only: a float is refused
// even when integral ("2.0", "1e0"), and so are "-0" and integers beyond 64 bits, which
// serde_json reads as floats.
func ParseUint(raw []byte, maxValue uint64, typeName string) (uint64, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, fmt.Errorf("invalid type: %s, expected %s", Unexpected(raw), typeName)
	}
	switch n := parseNumber(s); n.kind {
	case numUint:
		if n.u > maxValue {
			return 0, fmt.Errorf("invalid value: integer `%d`, expected %s", n.u, typeName)
		}
		return n.u, nil
	case numInt:
		return 0, fmt.Errorf("invalid value: integer `%d`, expected %s", n.i, typeName)
	default:
		return 0, fmt.Errorf("invalid type: %s, expected %s", n.unexpected(), typeName)
	}
}

// Enum decodes the field key, a unit variant of an enum, and returns the variant's
// name (to be checked by the caller) and whether the field was there. As serde, it
// takes the name as a string, or as a map of one key whose value is null
// ({"Isolated": null}).
func Enum(o Object, key string, required bool) (string, bool, error) {
	raw, ok := o[key]
	if !ok {
		if required {
			return "", false, jsonutil.MissingField(key)
		}
		return "", false, nil
	}
	name, err := parseEnum(raw)
	if err != nil {
		return "", false, tokenizer.WrapPath(err, key)
	}
	return name, true, nil
}

func parseEnum(raw json.RawMessage) (string, error) {
	var s string
	if !jsonutil.IsNull(raw) && jsonutil.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var m map[string]json.RawMessage
	if d := bytes.TrimSpace(raw); len(d) == 0 || d[0] != '{' || jsonutil.Unmarshal(raw, &m) != nil {
		return "", fmt.Errorf("invalid type: %s, expected string or map", Unexpected(raw))
	}
	if len(m) != 1 {
		return "", errors.New("invalid value: map, expected map with a single key")
	}
	for name, v := range m {
		if !jsonutil.IsNull(v) {
			return "", fmt.Errorf("invalid type: %s, expected unit", Unexpected(v))
		}
		return name, nil
	}
	return "", nil // unreachable: m has one key
}

// Pattern decodes the required field key, a pattern of the reference's Replace and
// Split components (its `ReplacePattern` and `SplitPattern` enums): {"String": s} (a
// literal) or {"Regex": r}. It returns s or r and whether it is a regex.
func Pattern(o Object, key string) (string, bool, error) {
	raw, ok := o[key]
	if !ok {
		return "", false, jsonutil.MissingField(key)
	}
	p, isRegex, err := parsePattern(raw)
	return p, isRegex, tokenizer.WrapPath(err, key)
}

func parsePattern(raw json.RawMessage) (string, bool, error) {
	var name string
	if !jsonutil.IsNull(raw) && jsonutil.Unmarshal(raw, &name) == nil {
		if name == "String" || name == "Regex" {
			return "", false, errors.New("invalid type: unit variant, expected newtype variant")
		}
		return "", false, fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", name)
	}
	var m map[string]json.RawMessage
	if d := bytes.TrimSpace(raw); len(d) == 0 || d[0] != '{' || jsonutil.Unmarshal(raw, &m) != nil {
		return "", false, fmt.Errorf("invalid type: %s, expected string or map", Unexpected(raw))
	}
	if len(m) != 1 {
		return "", false, errors.New("invalid value: map, expected map with a single key")
	}
	for name, v := range m {
		if name != "String" && name != "Regex" {
			return "", false, fmt.Errorf("unknown variant `%s`, expected `String` or `Regex`", name)
		}
		var p string
		if jsonutil.IsNull(v) || jsonutil.Unmarshal(v, &p) != nil {
			return "", false, tokenizer.WrapPath(fmt.Errorf("invalid type: %s, expected a string", Unexpected(v)), name)
		}
		return p, name == "Regex", nil
	}
	return "", false, nil // unreachable: m has one key
}

// PatternJSON is the serialization of a pattern (see Pattern): {"String": p} or
// {"Regex": p}.
func PatternJSON(pattern string, isRegex bool) *jsonutil.Object {
	var o jsonutil.Object
	if isRegex {
		return o.Add("Regex", pattern)
	}
	return o.Add("String", pattern)
}

// Components decodes the required field key, a list of components each built by
// parse (tokenizer.ParseDecoder, ...). A null child is the error errNull (parse returns
// nil for null); a child's error is reported under key[i].
func Components[C any](o Object, key string, parse func([]byte) (C, error), errNull error) ([]C, error) {
	var raws []json.RawMessage
	if _, err := Field(o, key, &raws, true, false); err != nil {
		return nil, err
	}
	out := make([]C, 0, len(raws))
	for i, raw := range raws {
		if jsonutil.IsNull(raw) {
			return nil, tokenizer.WrapIndex(errNull, key, i)
		}
		c, err := parse(raw)
		if err != nil {
			return nil, tokenizer.WrapIndex(err, key, i)
		}
		out = append(out, c)
	}
	return out, nil
}

// ParseSequence reads a Sequence component, {"type": "Sequence", key: [...]}, both
// fields required, its children built by parse as Components does.
func ParseSequence[C any](data []byte, key string, parse func([]byte) (C, error), errNull error) ([]C, error) {
	o, err := ParseTyped(data, "Sequence")
	if err != nil {
		return nil, err
	}
	return Components(o, key, parse, errNull)
}

// MarshalList writes {"type": typ, key: items} (items as [] when nil), the reference's
// serialization of its Sequence components.
func MarshalList[C any](typ, key string, items []C) ([]byte, error) {
	if items == nil {
		items = []C{}
	}
	var o jsonutil.Object
	o.Add("type", typ).Add(key, items)
	return o.MarshalJSON()
}

// Unexpected describes a JSON value as serde_json's errors do (serde's `Unexpected`):
// "null", "boolean `true`", "integer `-1`", "floating point `2.0`", "string \"x\"",
// "sequence", "map". Numbers are classified and floats printed as serde_json parses
// and prints them ("1e0" is "floating point `1.0`", "-0" a float too).
func Unexpected(raw []byte) string {
	d := bytes.TrimSpace(raw)
	if len(d) == 0 || !json.Valid(d) {
		return "value"
	}
	switch d[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean `" + string(d) + "`"
	case '"':
		var s string
		if json.Unmarshal(d, &s) != nil {
			return "value"
		}
		return "string " + Quote(s)
	case '[':
		return "sequence"
	case '{':
		return "map"
	}
	return parseNumber(string(d)).unexpected()
}

// Expected names what a value of dst's type is, as serde's messages do: "a string", "a
// boolean", "an integer", "a sequence", "a map", else "a value". A pointer (an Option
// in the reference) names what it points to.
func Expected(dst any) string {
	t := reflect.TypeOf(dst)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a value"
	}
	if t == reflect.TypeFor[json.RawMessage]() {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Slice, reflect.Array:
		return "a sequence"
	case reflect.Map:
		return "a map"
	}
	return "a value"
}

// Quote quotes s as Rust's Debug for str does (serde's messages use it): `"`, `\` and
// \t, \r, \n, \0 escaped with a backslash, other control, format, separator (but the
// space), private-use, unassigned and grapheme-extending characters as \u{hex}.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		case 0:
			b.WriteString(`\0`)
		default:
			if unicode.IsPrint(r) && !unicode.In(r, unicode.Mn, unicode.Me, unicode.Other_Grapheme_Extend) {
				b.WriteRune(r)
				continue
			}
			b.WriteString(`\u{`)
			b.WriteString(strconv.FormatUint(uint64(r), 16))
			b.WriteByte('}')
		}
	}
	b.WriteByte('"')
	return b.String()
}

type numKind uint8

const (
	numUint numKind = iota
	numInt
	numFloat
)

// number is a JSON number as serde_json parses it: a u64, a negative i64, or an f64
// (a fraction or exponent, "-0", or an integer beyond 64 bits).
type number struct {
	kind numKind
	u    uint64
	i    int64
	f    float64
	text string
}

func parseNumber(s string) number {
	if !strings.ContainsAny(s, ".eE") && s != "-0" {
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return number{kind: numUint, u: u}
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil && i < 0 {
			return number{kind: numInt, i: i}
		}
	}
	f, err := serdefmt.ParseFloat64(s)
	if err != nil {
		return number{kind: numFloat, text: s}
	}
	return number{kind: numFloat, f: f}
}

func (n number) unexpected() string {
	switch n.kind {
	case numUint:
		return "integer `" + strconv.FormatUint(n.u, 10) + "`"
	case numInt:
		return "integer `" + strconv.FormatInt(n.i, 10) + "`"
	}
	if n.text != "" {
		return "floating point `" + n.text + "`"
	}
	return "floating point `" + string(serdefmt.AppendFloat64(nil, n.f)) + "`"
}
