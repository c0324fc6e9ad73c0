package decoders

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/jsonutil"
	"github.com/fasttok/fasttok/internal/serde"
)

// BPEDecoder decodes the original BPE: the end-of-word suffix becomes a space (nothing
// on the last token). It is the reference's `BPEDecoder` (decoders/bpe.rs).
type BPEDecoder struct {
	Suffix string
}

// parseBPEDecoder reads {"type":"BPEDecoder","suffix":s}; suffix is required and the
// type is not checked (the reference's serde does not check it).
func parseBPEDecoder(data []byte) (*BPEDecoder, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	d := &BPEDecoder{}
	if _, err := serde.Field(o, "suffix", &d.Suffix, true, false); err != nil {
		return nil, err
	}
	return d, nil
}

// MarshalJSON writes the reference's serialization.
func (d *BPEDecoder) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "BPEDecoder").Add("suffix", d.Suffix)
	return o.MarshalJSON()
}

// DecodeChain replaces every occurrence of the suffix with a space, or with nothing in
// the last token.
func (d *BPEDecoder) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		repl := " "
		if i == len(tokens)-1 {
			repl = ""
		}
		out[i] = strings.ReplaceAll(t, d.Suffix, repl)
	}
	return out, nil
}

// WordPiece decodes WordPiece tokens: a token with the continuing-subword prefix is
// glued to the previous one, any other token after the first gets a space before it,
// and Cleanup removes tokenization artifacts (spaces before punctuation, split
// English contractions). It is the reference's `WordPiece` decoder (decoders/wordpiece.rs).
type WordPiece struct {
	Prefix  string
	Cleanup bool
}

// parseWordPiece reads {"type":"WordPiece","prefix":s,"cleanup":b}; both fields are
// required, the type is not checked.
func parseWordPiece(data []byte) (*WordPiece, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	d := &WordPiece{}
	if _, err := serde.Field(o, "prefix", &d.Prefix, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "cleanup", &d.Cleanup, true, false); err != nil {
		return nil, err
	}
	return d, nil
}

// MarshalJSON writes the reference's serialization.
func (d *WordPiece) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "WordPiece").Add("prefix", d.Prefix).Add("cleanup", d.Cleanup)
	return o.MarshalJSON()
}

// DecodeChain strips the prefix of continuing subwords and puts a space before the
// other tokens (but the first), then cleans each token up if asked.
func (d *WordPiece) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		if i != 0 {
			if rest, ok := strings.CutPrefix(t, d.Prefix); ok {
				t = rest
			} else {
				t = " " + t
			}
		}
		if d.Cleanup {
			t = cleanup(t)
		}
		out[i] = t
	}
	return out, nil
}

// cleanupSteps are the replacements of the reference's cleanup, in its order; each
// applies to the result of the previous one (so a strings.Replacer would not do).
var cleanupSteps = [...][2]string{
	{" .", "."},
	{" ?", "?"},
	{" !", "!"},
	{" ,", ","},
	{" ' ", "'"},
	{" n't", "n't"},
	{" 'm", "'m"},
	{" do not", " don't"},
	{" 's", "'s"},
	{" 've", "'ve"},
	{" 're", "'re"},
}

// cleanup removes the spaces that tokenization put before punctuation and inside
// English contractions, as the reference's `wordpiece::cleanup`.
func cleanup(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s // every step replaces something that starts with a space
	}
	for _, st := range cleanupSteps {
		if strings.Contains(s, st[0]) {
			s = strings.ReplaceAll(s, st[0], st[1])
		}
	}
	return s
}

// CTC decodes the output of a CTC (Connectionist Temporal Classification) model:
// repeated tokens are collapsed, the pad token removed, and with Cleanup the word
// delimiter becomes a space. It is the reference's `CTC` decoder (decoders/ctc.rs).
type CTC struct {
	PadToken           string
	WordDelimiterToken string
	Cleanup            bool
}

// parseCTC reads {"type":"CTC","pad_token":s,"word_delimiter_token":s,"cleanup":b};
// all fields are required, the type is not checked.
func parseCTC(data []byte) (*CTC, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	d := &CTC{}
	if _, err := serde.Field(o, "pad_token", &d.PadToken, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "word_delimiter_token", &d.WordDelimiterToken, true, false); err != nil {
		return nil, err
	}
	if _, err := serde.Field(o, "cleanup", &d.Cleanup, true, false); err != nil {
		return nil, err
	}
	return d, nil
}

// MarshalJSON writes the reference's serialization.
func (d *CTC) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "CTC").Add("pad_token", d.PadToken).
		Add("word_delimiter_token", d.WordDelimiterToken).Add("cleanup", d.Cleanup)
	return o.MarshalJSON()
}

// DecodeChain drops consecutive duplicates, removes the pad token from each token and,
// with Cleanup, cleans it up and turns the word delimiter into a space; tokens left
// empty are dropped. (Without Cleanup the delimiter stays, as in the reference.)
func (d *CTC) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, 0, len(tokens))
	for i, t := range tokens {
		if i > 0 && t == tokens[i-1] {
			continue
		}
		t = strings.ReplaceAll(t, d.PadToken, "")
		if d.Cleanup {
			t = strings.ReplaceAll(cleanup(t), d.WordDelimiterToken, " ")
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// Fuse joins all the tokens into one. It is the reference's `Fuse` (decoders/fuse.rs).
type Fuse struct{}

// parseFuse reads {"type":"Fuse"}; the type is required.
func parseFuse(data []byte) (*Fuse, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.RequireType("Fuse"); err != nil {
		return nil, err
	}
	return &Fuse{}, nil
}

// MarshalJSON writes the reference's serialization.
func (d *Fuse) MarshalJSON() ([]byte, error) { return []byte(`{"type":"Fuse"}`), nil }

// DecodeChain returns the tokens joined into one piece.
func (d *Fuse) DecodeChain(tokens []string) ([]string, error) {
	return []string{strings.Join(tokens, "")}, nil
}

// Strip removes up to Start occurrences of Content from the start of each token and up
// to Stop from its end. It is the reference's `Strip` decoder (decoders/strip.rs).
type Strip struct {
	Content     rune
	Start, Stop int
}

// parseStrip reads {"type":"Strip","content":c,"start":n,"stop":n}; all fields are
// required (content is one character), the type is not checked.
func parseStrip(data []byte) (*Strip, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	c, err := serde.Char(o, "content")
	if err != nil {
		return nil, err
	}
	start, err := serde.Uint(o, "start", math.MaxInt, "usize")
	if err != nil {
		return nil, err
	}
	stop, err := serde.Uint(o, "stop", math.MaxInt, "usize")
	if err != nil {
		return nil, err
	}
	return &Strip{Content: c, Start: int(start), Stop: int(stop)}, nil
}

// MarshalJSON writes the reference's serialization.
func (d *Strip) MarshalJSON() ([]byte, error) {
	var o jsonutil.Object
	o.Add("type", "Strip").Add("content", string(d.Content)).Add("start", d.Start).Add("stop", d.Stop)
	return o.MarshalJSON()
}

// DecodeChain strips each token. Where the reference panics (a token made only of
// Content and shorter than what Start and Stop would strip from both ends), it returns
// an error.
func (d *Strip) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		s, err := d.strip(t)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (d *Strip) strip(t string) (string, error) {
	// Leading: count up to Start leading Content characters, in bytes.
	startCut, startChars := 0, 0
	for startChars < d.Start && startCut < len(t) {
		r, size := utf8.DecodeRuneInString(t[startCut:])
		if r != d.Content {
			break
		}
		startCut += size
		startChars++
	}
	// Trailing: the reference walks back Stop characters; past the first character
	// it indexes out of bounds.
	stopCut, stopChars := len(t), 0
	for stopChars < d.Stop {
		if stopCut == 0 {
			return "", fmt.Errorf("strip decoder: cannot strip %d %q from the end of %q", d.Stop, d.Content, t)
		}
		r, size := utf8.DecodeLastRuneInString(t[:stopCut])
		if r != d.Content {
			break
		}
		stopCut -= size
		stopChars++
	}
	if startCut > stopCut {
		return "", fmt.Errorf("strip decoder: cannot strip %q from both ends of %q", d.Content, t)
	}
	return t[startCut:stopCut], nil
}

// ByteFallback turns the byte tokens `<0xXX>` back into bytes: each run of them that
// is valid UTF-8 becomes its text, an invalid run becomes one U+FFFD per byte. It is
// the reference's `ByteFallback` decoder (decoders/byte_fallback.rs).
type ByteFallback struct{}

// parseByteFallback reads {"type":"ByteFallback"}; the type is required.
func parseByteFallback(data []byte) (*ByteFallback, error) {
	o, err := serde.ParseObject(data)
	if err != nil {
		return nil, err
	}
	if err := o.RequireType("ByteFallback"); err != nil {
		return nil, err
	}
	return &ByteFallback{}, nil
}

// MarshalJSON writes the reference's serialization.
func (d *ByteFallback) MarshalJSON() ([]byte, error) { return []byte(`{"type":"ByteFallback"}`), nil }

// DecodeChain replaces the runs of byte tokens.
func (d *ByteFallback) DecodeChain(tokens []string) ([]string, error) {
	out := make([]string, 0, len(tokens))
	var run []byte
	flush := func() {
		if len(run) == 0 {
			return
		}
		if utf8.Valid(run) {
			out = append(out, string(run))
		} else {
			for range run {
				out = append(out, "\uFFFD")
			}
		}
		run = run[:0]
	}
	for _, t := range tokens {
		if b, ok := byteToken(t); ok {
			run = append(run, b)
			continue
		}
		flush()
		out = append(out, t)
	}
	flush()
	return out, nil
}

// byteToken parses a byte token `<0xXX>`: six bytes, the two in the middle read as
// Rust's u8::from_str_radix(_, 16) reads them (which also takes a '+' sign: `<0x+A>`).
func byteToken(t string) (byte, bool) {
	if len(t) != 6 || t[0] != '<' || t[1] != '0' || t[2] != 'x' || t[5] != '>' {
		return 0, false
	}
	h, l := t[3], t[4]
	if h == '+' {
		v, ok := hexDigit(l)
		return v, ok
	}
	hv, ok1 := hexDigit(h)
	lv, ok2 := hexDigit(l)
	return hv<<4 | lv, ok1 && ok2
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
