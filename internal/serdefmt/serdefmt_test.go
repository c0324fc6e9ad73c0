package serdefmt

import (
	"math"
	"testing"
)

// The expected strings are what the reference (tokenizers 0.23.2, serde_json) wrote
// when saving a Unigram model with these scores (models/unigram/testdata/README.md).
func TestAppendFloat64(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {-0.5, "-0.5"}, {-3, "-3.0"}, {123, "123.0"},
		{-1.2345678901234567e-7, "-1.2345678901234566e-7"}, {1e16, "1e+16"}, {1.25e16, "1.25e+16"},
		{9999999999999998.0, "9999999999999998.0"}, {123456789012345.6, "123456789012345.6"},
		{0.00001, "0.00001"}, {0.000001, "1e-6"}, {-1e-5, "-0.00001"}, {1.5e300, "1.5e+300"},
		{5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"}, {0.1, "0.1"},
		{-12.34567, "-12.34567"}, {0.0001234, "0.0001234"},
	} {
		if got := string(AppendFloat64(nil, tc.f)); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, tc := range []struct{ s, want string }{
		{"b\"\u2028\n\u0001", "\"b\\\"\u2028\\n\\u0001\""},
		{"a\\b\t\r\b\f\x1f\x7fé<>&", "\"a\\\\b\\t\\r\\b\\f\\u001f\x7fé<>&\""},
	} {
		if got := string(AppendString(nil, tc.s)); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.s, got, tc.want)
		}
	}
}

func TestAppendOrderedVocab(t *testing.T) {
	got := string(AppendOrderedVocab(nil, map[uint32]string{2: "There", 0: "Hi"}))
	if want := `{"Hi":0,"There":2}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// Values and the reference's re-serialization of them (t5-small's scores, loaded and
// saved by the reference): serde_json's parse is not always correctly rounded.
func TestParseFloat64(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"-2.0122928619384766", "-2.012292861938477"},
		{"-3.9598512649536133", "-3.9598512649536137"},
		{"-9.032341957092285", "-9.032341957092283"},
		{"-7.4370903968811035", "-7.437090396881104"},
		{"-12.130167007446289", "-12.130167007446287"},
		{"0", "0.0"}, {"-0", "-0.0"}, {"-0.0", "-0.0"}, {"123", "123.0"}, {"1e16", "1e+16"},
		{"0.00001", "0.00001"}, {"1E-6", "1e-6"}, {"5e-324", "5e-324"},
	} {
		f, err := ParseFloat64(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got := string(AppendFloat64(nil, f)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "1e400", "1x", "+1"} {
		if _, err := ParseFloat64(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if f, err := ParseFloat64("1e-400"); err != nil || f != 0 {
		t.Errorf("1e-400: %v %v", f, err)
	}
}
