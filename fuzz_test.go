package fasttok_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

// The fuzz targets of the public API (issue #12). Each checks properties that hold for
// any tokenizer and any input, not only the absence of panics:
//
//	FuzzLoad       bytes → LoadBytes: an error or a tokenizer, whose ToJSON reloads to the
//	               same ToJSON (or, for files the reference does not save as it reads
//	               either, settles after one more round), and which encodes and decodes a
//	               fixed text without panicking.
//	FuzzEncode     bytes → EncodeBytes/AppendIDsBytes on one tokenizer of each model family:
//	               the UTF-8 error and its offset, Lossy ≡ LossyString, the APIs agree,
//	               offsets are in range and ordered, EncodeBatch agrees, decode works (and
//	               round-trips for byte-level BPE).
//	FuzzDecodeIDs  bytes → ids (some out of range) → Decode, DecodeBatch, DecodeStream.
//	FuzzTruncation text × truncation and padding settings, single and pair: windows.
//	FuzzPipeline   normalizers, pre-tokenizers and decoders combined from the components'
//	               test data around the models: well-formed encodings, fast paths agree.
//
// A watchdog (FASTTOK_FUZZ_HANG) turns an input that runs too long into a crasher.
// Seeds live in testdata/fuzz/FuzzXxx (testdata/make-fuzz-seeds.py makes FuzzLoad's from
// the shared tokenizer files); the small WordPiece and Unigram tokenizers in
// testdata/tokenizers are made by testdata/make-small-tokenizers.py. With FASTTOK_SHARED
// set, FuzzEncode, FuzzDecodeIDs and FuzzTruncation also run a few real tokenizers of
// ../shared (FASTTOK_FUZZ_TOKENIZERS=name,name... chooses them).

// hangLimit is how long one fuzz input may take before the watchdog crashes the run
// (FASTTOK_FUZZ_HANG, a Go duration; 10s by default: the machines are shared).
var hangLimit = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FASTTOK_FUZZ_HANG")); err == nil && d > 0 {
		return d
	}
	return 10 * time.Second
}()

// watchdog panics (from its own goroutine, which stops the fuzzing process: the engine
// then keeps the input as a crasher) when stop is not called within hangLimit. Go's
// fuzzing has no time limit per input: without it a hang only shows as "execs: N
// (0/sec)".
func watchdog(target string, input []byte) (stop func() bool) {
	start := time.Now()
	return time.AfterFunc(hangLimit, func() {
		panic(fmt.Sprintf("%s: one input has run for %v (more than FASTTOK_FUZZ_HANG=%v): %q",
			target, time.Since(start).Round(time.Millisecond), hangLimit, clip(input)))
	}).Stop
}

// fuzzTokenizer is one tokenizer under fuzzing.
type fuzzTokenizer struct {
	name string
	tok  *fasttok.Tokenizer
	// byteLevel: decode(encode(s)) == s for every valid s.
	byteLevel bool
}

var fuzzTokenizersOnce struct {
	sync.Once
	list []fuzzTokenizer
	err  error
}

// fuzzTokenizers returns the tokenizers of FuzzEncode and FuzzDecodeIDs, loaded once.
func fuzzTokenizers(t testing.TB) []fuzzTokenizer {
	t.Helper()
	o := &fuzzTokenizersOnce
	o.Do(func() {
		files := []struct {
			name, path string
			byteLevel  bool
		}{
			{"bpe-gpt2", filepath.Join("cmd", "fasttok", "gpt2.json.gz"), true},
			{"wordpiece-small", filepath.Join("testdata", "tokenizers", "wordpiece-small.json.gz"), false},
			{"unigram-small", filepath.Join("testdata", "tokenizers", "unigram-small.json.gz"), false},
			{"wordlevel", filepath.Join("testdata", "scenarios", "added-normalized.json"), false},
		}
		if shared := os.Getenv("FASTTOK_SHARED"); shared != "" {
			dir := filepath.Join(shared, "assets", "tokenizers")
			names := []string{"llama2", "bert-base-uncased", "t5-small", "roberta-base"}
			if list := os.Getenv("FASTTOK_FUZZ_TOKENIZERS"); list != "" {
				names = strings.Split(list, ",")
			}
			for _, name := range names {
				files = append(files, struct {
					name, path string
					byteLevel  bool
				}{name, filepath.Join(dir, name+".json.gz"), false})
			}
		}
		for _, f := range files {
			tok, err := fasttok.Load(f.path)
			if err != nil {
				o.err = err
				return
			}
			// Byte-level: a ByteLevel decoder and no normalizer (GPT-2, RoBERTa, Whisper...).
			byteLevel := f.byteLevel || isNil(tok.Normalizer()) && fmt.Sprintf("%T", tok.Decoder()) == "*decoders.ByteLevel"
			o.list = append(o.list, fuzzTokenizer{f.name, tok, byteLevel})
		}
	})
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.list
}

// fuzzText is the fixed text FuzzLoad encodes with every tokenizer that loads.
const fuzzText = "Hello, wörld! It's 12345 \t\n 中文字 <s> [CLS] ▁x <|endoftext|> é"

func FuzzLoad(f *testing.F) {
	// Small complete files of the repository; testdata/fuzz/FuzzLoad adds sections of
	// the shared real files (cut vocabularies) and broken variants.
	for _, p := range []string{
		"tokenizer/testdata/pipeline_tokenizer.json",
		"tokenizer/testdata/pipeline2_Contiguous.json",
		"testdata/scenarios/added-strip.json",
		"testdata/scenarios/added-ids-reassigned.json",
		"testdata/truncation/with_truncation.json",
	} {
		data, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog("FuzzLoad", data)()
		tok, err := fasttok.LoadBytes(data)
		if err != nil {
			if tok != nil {
				t.Fatalf("LoadBytes returned a tokenizer and the error %v", err)
			}
			if err.Error() == "" {
				t.Fatal("LoadBytes returned an empty error")
			}
			return
		}
		if tok == nil {
			t.Fatal("LoadBytes returned neither a tokenizer nor an error")
		}
		checkSaveRoundTrip(t, tok)
		// Encoding must not panic (errors such as a missing unk token are legitimate).
		// Fixed padding to a huge length would allocate that many tokens: skip those
		// (issue #12's resource limits are tokenizer/limits.go's business).
		if p := tok.Padding(); p != nil && (p.Length > 1<<12 || p.PadToMultipleOf > 1<<12) {
			return
		}
		if tr := tok.Truncation(); tr != nil && tr.MaxLength > 1<<20 {
			return
		}
		for _, opts := range []tokenizer.EncodeOptions{{}, {NoSpecialTokens: true}} {
			enc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: fuzzText}}, opts)
			if err != nil {
				continue
			}
			checkEncodingShape(t, enc)
			if _, err := tok.Decode(enc.IDs, false); err != nil {
				// Decoders may refuse tokens (the reference's do too); it must not panic.
				continue
			}
		}
	})
}

// checkSaveRoundTrip checks that what fasttok writes of tok, it reads back to the same
// file.
func checkSaveRoundTrip(t *testing.T, tok *fasttok.Tokenizer) {
	j1, err := tok.ToJSON(false)
	if err != nil {
		// Only components that cannot be written (none among the registered ones)
		// may refuse.
		t.Fatalf("ToJSON of a loaded tokenizer: %v", err)
	}
	tok2, err := fasttok.LoadBytes(j1)
	if err != nil {
		if sharesIDs(tok.Vocab(false)) {
			// Two tokens with one id: the save keeps one of them (fasttok the
			// smallest, the reference one in hash order), and a merge of the other
			// no longer loads. The reference's own save of such a file fails to
			// load the same way (seed 3fff69ac1b6dd5ce, checked with its save).
			return
		}
		t.Fatalf("reloading ToJSON's output: %v\n%s", err, clip(j1))
	}
	j2, err := tok2.ToJSON(false)
	if err != nil {
		t.Fatalf("ToJSON of the reloaded tokenizer: %v", err)
	}
	if !bytes.Equal(j1, j2) {
		// A file the reference itself does not save as it reads (two tokens with
		// one id: the save keeps one, and the added tokens' ids then move; seed
		// 02196c5a1f93bd57, checked with the reference's save) must settle after
		// one more round.
		tok3, err := fasttok.LoadBytes(j2)
		if err != nil {
			t.Fatalf("reloading the second ToJSON: %v\n%s", err, clip(j2))
		}
		j3, err := tok3.ToJSON(false)
		if err != nil || !bytes.Equal(j2, j3) {
			t.Fatalf("ToJSON does not round-trip (%v):\nfirst  %s\nsecond %s\nthird  %s", err, clip(j1), clip(j2), clip(j3))
		}
	}
}

// sharesIDs reports whether two tokens of vocab have the same id.
func sharesIDs(vocab map[string]uint32) bool {
	seen := make(map[uint32]bool, len(vocab))
	for _, id := range vocab {
		if seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

// clip shortens b for a failure message.
func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// checkEncodingShape checks that all the slices of enc have the same length.
func checkEncodingShape(t *testing.T, enc *tokenizer.Encoding) {
	t.Helper()
	n := len(enc.IDs)
	if len(enc.TypeIDs) != n || len(enc.Tokens) != n || len(enc.Offsets) != n || len(enc.WordIDs) != n ||
		len(enc.SpecialTokensMask) != n || len(enc.AttentionMask) != n {
		t.Fatalf("encoding slices differ in length: ids %d, type ids %d, tokens %d, offsets %d, word ids %d, special mask %d, attention %d",
			n, len(enc.TypeIDs), len(enc.Tokens), len(enc.Offsets), len(enc.WordIDs),
			len(enc.SpecialTokensMask), len(enc.AttentionMask))
	}
}

// firstInvalid returns the offset of the first byte of b that does not start a valid
// UTF-8 sequence, or -1.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func FuzzEncode(f *testing.F) {
	for _, s := range []string{
		"", " ", "Hello world", "Hello, wörld! It's 12345 \t\n 中文字", "  leading and trailing  ",
		"<|endoftext|>a<s>b</s>[CLS] [SEP] [MASK]", "▁x ▁ ▁▁", "ÉTÉ été ǅa \u0301A ﬁ ℌ ⅷ",
		"😀👍🏽🇫🇷\u200d", "\x00\x01\x7f\u0085\u00a0\u2028\u3000", "\xff", "a\xc3", "\xe2\x82x", "\xed\xa0\x80",
		"\xf4\x90\x80\x80z", strings.Repeat("ab", 300), "x y\r\nz\n\n\n",
	} {
		f.Add([]byte(s))
	}
	toks := fuzzTokenizers(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		defer watchdog("FuzzEncode", b)()
		for _, ft := range toks {
			checkEncodeBytes(t, ft, b)
		}
	})
}

func checkEncodeBytes(t *testing.T, ft fuzzTokenizer, b []byte) {
	t.Helper()
	tok := ft.tok
	s := string(b)
	if bad := firstInvalid(b); bad >= 0 {
		// Invalid UTF-8: an *InvalidUTF8Error naming the first invalid byte, from every
		// entry point; with Lossy, the encoding of LossyString(b).
		var ue *tokenizer.InvalidUTF8Error
		_, err := tok.EncodeBytes(b, tokenizer.EncodeOptions{})
		if !errors.As(err, &ue) || ue.Offset != bad {
			t.Fatalf("%s: EncodeBytes(%q) error = %v, want an InvalidUTF8Error at %d", ft.name, b, err, bad)
		}
		ids, err := tok.AppendIDsBytes([]uint32{7}, b, tokenizer.EncodeOptions{})
		if !errors.As(err, &ue) || ue.Offset != bad {
			t.Fatalf("%s: AppendIDsBytes(%q) error = %v, want an InvalidUTF8Error at %d", ft.name, b, err, bad)
		}
		if !slices.Equal(ids, []uint32{7}) {
			t.Fatalf("%s: AppendIDsBytes changed dst on error: %v", ft.name, ids)
		}
		if _, err := tok.Encode(s); !errors.As(err, &ue) || ue.Offset != bad {
			t.Fatalf("%s: Encode(%q) error = %v, want an InvalidUTF8Error at %d", ft.name, b, err, bad)
		}
		if _, err := tok.Count(s, tokenizer.EncodeOptions{}); !errors.As(err, &ue) || ue.Offset != bad {
			t.Fatalf("%s: Count(%q) error = %v, want an InvalidUTF8Error at %d", ft.name, b, err, bad)
		}
		s = tokenizer.LossyString(b)
		if !utf8.ValidString(s) || !strings.Contains(s, "\uFFFD") {
			t.Fatalf("LossyString(%q) = %q: not valid UTF-8 or no U+FFFD", b, s)
		}
		lossy := tokenizer.EncodeOptions{Lossy: true}
		got, err1 := tok.EncodeBytes(b, lossy)
		want, err2 := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, tokenizer.EncodeOptions{})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s: EncodeBytes(%q, Lossy) error %v, encoding its LossyString: %v", ft.name, b, err1, err2)
		}
		if err1 == nil && (!slices.Equal(got.IDs, want.IDs) || !slices.Equal(got.Offsets, want.Offsets)) {
			t.Fatalf("%s: EncodeBytes(%q, Lossy) = %v %v, encoding LossyString: %v %v", ft.name, b,
				got.IDs, got.Offsets, want.IDs, want.Offsets)
		}
		ids, err = tok.AppendIDsBytes(nil, b, lossy)
		if err1 == nil && (err != nil || !slices.Equal(ids, want.IDs)) {
			t.Fatalf("%s: AppendIDsBytes(%q, Lossy) = %v, %v; want %v", ft.name, b, ids, err, want.IDs)
		}
	}
	// s is valid UTF-8 from here on.
	for _, opts := range []tokenizer.EncodeOptions{{}, {NoSpecialTokens: true}} {
		enc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, opts)
		if err != nil {
			// The four tokenizers encode any valid text (unk tokens, byte fallback or
			// byte-level alphabets).
			t.Fatalf("%s: Encode(%q): %v", ft.name, s, err)
		}
		checkEncodingShape(t, enc)
		if eb, err := tok.EncodeBytes([]byte(s), opts); err != nil || !slices.Equal(eb.IDs, enc.IDs) ||
			!slices.Equal(eb.Offsets, enc.Offsets) {
			t.Fatalf("%s: EncodeBytes(%q) differs from Encode: %v", ft.name, s, err)
		}
		ids, err := tok.AppendIDs([]uint32{42}, s, opts)
		if err != nil || ids[0] != 42 || !slices.Equal(ids[1:], enc.IDs) {
			t.Fatalf("%s: AppendIDs(%q) = %v, %v; Encode ids %v", ft.name, s, ids, err, enc.IDs)
		}
		if ids, err := tok.AppendIDsBytes(nil, []byte(s), opts); err != nil || !slices.Equal(ids, enc.IDs) {
			t.Fatalf("%s: AppendIDsBytes(%q) = %v, %v; Encode ids %v", ft.name, s, ids, err, enc.IDs)
		}
		if n, err := tok.Count(s, opts); err != nil || n != len(enc.IDs) {
			t.Fatalf("%s: Count(%q) = %d, %v; Encode has %d ids", ft.name, s, n, err, len(enc.IDs))
		}
		checkOffsets(t, ft.name, enc, s, "")
		// Character offsets are the byte offsets counted in characters.
		opts.Offsets = tokenizer.OffsetChars
		cenc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, opts)
		if err != nil || !slices.Equal(cenc.IDs, enc.IDs) {
			t.Fatalf("%s: Encode(%q) with character offsets: %v", ft.name, s, err)
		}
		for i, o := range enc.Offsets {
			want := tokenizer.Offsets{Start: utf8.RuneCountInString(s[:o.Start]), End: utf8.RuneCountInString(s[:o.End])}
			if cenc.Offsets[i] != want {
				t.Fatalf("%s: %q token %d %q: character offsets %v, byte offsets %v (want %v)", ft.name, s, i,
					enc.Tokens[i], cenc.Offsets[i], o, want)
			}
		}
		for _, skip := range []bool{false, true} {
			text, err := tok.Decode(enc.IDs, skip)
			if err != nil {
				t.Fatalf("%s: Decode(Encode(%q)): %v", ft.name, s, err)
			}
			if !utf8.ValidString(text) {
				t.Fatalf("%s: Decode(Encode(%q)) = %q: not valid UTF-8", ft.name, s, text)
			}
			if ft.byteLevel && opts.NoSpecialTokens && !skip && text != s && !hasAddedToken(tok, s) {
				t.Fatalf("%s: Decode(Encode(%q)) = %q", ft.name, s, text)
			}
		}
	}
	// A pair: the text cut in two at a character boundary.
	cut := len(s) / 2
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	first, second := s[:cut], s[cut:]
	enc, err := tok.EncodePair(first, second)
	if err != nil {
		t.Fatalf("%s: EncodePair(%q, %q): %v", ft.name, first, second, err)
	}
	checkEncodingShape(t, enc)
	checkOffsets(t, ft.name, enc, first, second)
	// EncodeBatch (two workers) gives what EncodeInput gives, in order.
	inputs := []tokenizer.Input{{First: tokenizer.Sequence{Text: s}}, {First: tokenizer.Sequence{Text: second}},
		{First: tokenizer.Sequence{Text: first}, Second: &tokenizer.Sequence{Text: second}}}
	batch, err := tok.EncodeBatch(context.Background(), inputs, tokenizer.EncodeOptions{Workers: 2})
	if err != nil || len(batch) != len(inputs) {
		t.Fatalf("%s: EncodeBatch(%q): %d encodings, %v", ft.name, s, len(batch), err)
	}
	for i, in := range inputs {
		want, err := tok.EncodeInput(in, tokenizer.EncodeOptions{})
		if err != nil || !slices.Equal(batch[i].IDs, want.IDs) || !slices.Equal(batch[i].Offsets, want.Offsets) {
			t.Fatalf("%s: EncodeBatch(%q)[%d] = %v, EncodeInput %v (%v)", ft.name, s, i, batch[i].IDs, want.IDs, err)
		}
	}
}

// checkOffsets checks that the offsets of every token of enc are in range of its
// sequence's text (first, or second for sequence 1), on character boundaries, and
// ordered within each sequence; special tokens added by the post-processor have none.
func checkOffsets(t *testing.T, name string, enc *tokenizer.Encoding, first, second string) {
	t.Helper()
	seqs := enc.SequenceIDs()
	if len(seqs) != len(enc.IDs) {
		t.Fatalf("%s: %d sequence ids for %d tokens", name, len(seqs), len(enc.IDs))
	}
	prev := map[int]tokenizer.Offsets{}
	for i, o := range enc.Offsets {
		if enc.SpecialTokensMask[i] == 1 {
			if o != (tokenizer.Offsets{}) {
				t.Fatalf("%s: %q|%q: special token %d %q has offsets %v", name, first, second, i, enc.Tokens[i], o)
			}
			continue
		}
		text := first
		switch seqs[i] {
		case 0:
		case 1:
			text = second
		default:
			t.Fatalf("%s: %q|%q: token %d %q has sequence id %d", name, first, second, i, enc.Tokens[i], seqs[i])
		}
		if o.Start < 0 || o.Start > o.End || o.End > len(text) {
			t.Fatalf("%s: %q|%q: token %d %q: offsets %v out of range [0, %d]", name, first, second, i,
				enc.Tokens[i], o, len(text))
		}
		if o.Start < len(text) && !utf8.RuneStart(text[o.Start]) || o.End < len(text) && !utf8.RuneStart(text[o.End]) {
			t.Fatalf("%s: %q|%q: token %d %q: offsets %v not on character boundaries", name, first, second, i,
				enc.Tokens[i], o)
		}
		if p, ok := prev[seqs[i]]; ok && (o.Start < p.Start || o.End < p.End) {
			t.Fatalf("%s: %q|%q: token %d %q: offsets %v after %v", name, first, second, i, enc.Tokens[i], o, p)
		}
		prev[seqs[i]] = o
	}
}

// hasAddedToken reports whether s contains an added token (whose lstrip/rstrip may eat
// the spaces around it: decoding does not give them back).
func hasAddedToken(tok *fasttok.Tokenizer, s string) bool {
	for _, a := range tok.AddedVocabulary().Tokens() {
		if a.Content != "" && strings.Contains(s, a.Content) {
			return true
		}
	}
	return false
}

// idsOf reads ids from fuzz bytes, three bytes an id: mostly ids of the vocabulary (and
// a few past it), and, when the third byte is 0xFF, ids near the top of uint32.
func idsOf(b []byte, vocab int) []uint32 {
	var ids []uint32
	for ; len(b) >= 3; b = b[3:] {
		v := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
		if b[2] == 0xFF {
			ids = append(ids, ^uint32(b[0]))
			continue
		}
		ids = append(ids, v%uint32(vocab+16))
	}
	return ids
}

func FuzzDecodeIDs(f *testing.F) {
	for _, s := range []string{"", "\x00\x00\x00", "\x01\x02\x03\x04\x05\x06", "\x00\x00\xff", "\xfe\xff\xff\x10\x00\x00",
		"\xe4\x00\x00\xb8\x00\x00\xad\x00\x00", "\xff\xff\xfe\xff\xff\xfe\x00\x01\x00"} {
		f.Add([]byte(s))
	}
	toks := fuzzTokenizers(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 3*512 {
			return
		}
		defer watchdog("FuzzDecodeIDs", b)()
		for _, ft := range toks {
			checkDecodeIDs(t, ft, idsOf(b, ft.tok.VocabSize(true)))
		}
	})
}

func checkDecodeIDs(t *testing.T, ft fuzzTokenizer, ids []uint32) {
	t.Helper()
	tok := ft.tok
	var known, nonSpecial []uint32
	for _, id := range ids {
		tk, ok := tok.IDToToken(id)
		if !ok {
			continue
		}
		known = append(known, id)
		if !tok.AddedVocabulary().IsSpecial(tk) {
			nonSpecial = append(nonSpecial, id)
		}
	}
	for _, skip := range []bool{false, true} {
		text, err := tok.Decode(ids, skip)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%s: Decode(%v): empty error", ft.name, ids)
			}
			continue
		}
		if !utf8.ValidString(text) {
			t.Fatalf("%s: Decode(%v) = %q: not valid UTF-8", ft.name, ids, text)
		}
		// Unknown ids are skipped, as the reference skips them; skipping the special
		// tokens is decoding without them.
		want := known
		if skip {
			want = nonSpecial
		}
		if t2, err := tok.Decode(want, false); err != nil || t2 != text {
			t.Fatalf("%s: Decode(%v, %v) = %q; the known ids %v give %q, %v", ft.name, ids, skip, text, want, t2, err)
		}
		// DecodeBatch agrees with Decode.
		half := ids[:len(ids)/2]
		batch, err := tok.DecodeBatch(context.Background(), [][]uint32{ids, half}, skip, 2)
		wantHalf, err2 := tok.Decode(half, skip)
		if err != nil || err2 != nil || batch[0] != text || batch[1] != wantHalf {
			t.Fatalf("%s: DecodeBatch(%v, %v) = %q, %v; Decode gives %q, %q (%v)", ft.name, ids, skip, batch, err,
				text, wantHalf, err2)
		}
		// DecodeStream: whenever it returns text, all it returned so far is the decode
		// of the ids fed so far (when that is valid text).
		st := tok.NewDecodeStream(skip)
		var got strings.Builder
		for k, id := range ids {
			chunk, ok, err := st.Step(id)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("%s: DecodeStream step %d: empty error", ft.name, k)
				}
				break
			}
			if !ok {
				continue
			}
			got.WriteString(chunk)
			full, _ := tok.Decode(ids[:k+1], skip)
			// (Where bytes do not make valid UTF-8, the stream's windows legitimately
			// differ from the whole: a byte-fallback space already given stays given when
			// the next id makes it part of an invalid sequence, which Decode turns into
			// U+FFFD; the reference's step_decode_stream does the same, seed
			// b324a24ef258cc84.)
			if got.String() != full && !strings.ContainsRune(full, utf8.RuneError) {
				t.Fatalf("%s: DecodeStream(%v, skip %v) after %d ids gave %q, Decode gives %q", ft.name, ids, skip,
					k+1, got.String(), full)
			}
		}
	}
}

// FuzzTruncation encodes arbitrary text with arbitrary truncation (and sometimes fixed
// padding) settings, on one sequence or a pair, on each family's tokenizer:
// WithTruncation refuses what the
// reference refuses, encoding errors only where the reference fails (fasttok errs
// where the reference panics: a stride at or above the room left once the special
// tokens are counted), and otherwise encoding never panics, no window is longer than
// max_length (single sequences), padding makes every window at least its length, AppendIDs and Count agree
// with Encode, and, on a single sequence without special tokens, the main window and
// the overflowing ones are the full encoding's windows (stride tokens repeated).
func FuzzTruncation(f *testing.F) {
	f.Add([]byte("Hello world, this is a longer text to cut into windows."), uint8(5), uint8(1), uint8(0), false)
	f.Add([]byte("a b c d e f g h i j k l m n o p"), uint8(4), uint8(3), uint8(0x13), true)
	f.Add([]byte("中文字 and émigré text"), uint8(1), uint8(0), uint8(0x21), false)
	f.Add([]byte("x"), uint8(0), uint8(0), uint8(0x06), true)
	toks := fuzzTokenizers(f)
	f.Fuzz(func(t *testing.T, b []byte, maxLen, stride, flags uint8, pad bool) {
		if len(b) > 1024 || !utf8.Valid(b) {
			return
		}
		defer watchdog("FuzzTruncation", b)()
		params := &tokenizer.TruncationParams{
			MaxLength: int(maxLen % 40),
			Stride:    int(stride % 8),
			Strategy:  tokenizer.TruncationStrategy(flags % 3),
			Direction: tokenizer.TruncationDirection((flags / 3) % 2),
		}
		for _, ft := range toks {
			checkTruncation(t, ft, string(b), params, pad, flags&0x40 != 0)
		}
	})
}

func checkTruncation(t *testing.T, ft fuzzTokenizer, s string, params *tokenizer.TruncationParams, pad, pair bool) {
	t.Helper()
	tok, err := ft.tok.WithTruncation(params)
	if err != nil {
		if params.Stride == 0 || !strings.Contains(err.Error(), "stride") {
			t.Fatalf("%s: WithTruncation(%+v): %v", ft.name, *params, err)
		}
		return
	}
	if pad {
		p := tokenizer.DefaultPadding()
		p.Strategy, p.Length = tokenizer.Fixed, params.MaxLength
		tok = tok.WithPadding(&p)
	}
	in := tokenizer.Input{First: tokenizer.Sequence{Text: s}}
	if pair {
		cut := len(s) / 2
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		in = tokenizer.Input{First: tokenizer.Sequence{Text: s[:cut]}, Second: &tokenizer.Sequence{Text: s[cut:]}}
	}
	for _, opts := range []tokenizer.EncodeOptions{{}, {NoSpecialTokens: true}} {
		enc, err := tok.EncodeInput(in, opts)
		if err != nil {
			// The reference's truncation errors (a sequence too short for OnlyFirst /
			// OnlySecond, a missing second sequence).
			// fasttok's error where the reference panics: a stride not below the room
			// left once the special tokens are counted.
			if !strings.HasPrefix(err.Error(), "Truncation error: ") && !strings.HasPrefix(err.Error(), "truncation: `stride`") {
				t.Fatalf("%s: EncodeInput(%q, %+v, pad %v): %v", ft.name, s, *params, pad, err)
			}
			continue
		}
		added := tok.PostProcessor()
		nAdded := 0
		if added != nil && !opts.NoSpecialTokens {
			nAdded = added.AddedTokens(pair)
		}
		windows := append([]*tokenizer.Encoding{enc}, enc.Overflowing...)
		for i, w := range windows {
			checkEncodingShape(t, w)
			// (With no room left for the sequence, max_length ≤ the special tokens, the
			// reference moves the whole sequence to one overflowing window; a pair's
			// windows combine those of both sequences and may be longer.)
			if !pair && params.MaxLength > nAdded && w.Len() > params.MaxLength {
				t.Fatalf("%s: %q %+v: window %d has %d tokens", ft.name, s, *params, i, w.Len())
			}
			if pad && w.Len() < params.MaxLength {
				t.Fatalf("%s: %q %+v padded: window %d has %d tokens", ft.name, s, *params, i, w.Len())
			}
		}
		if !pair {
			ids, err := tok.AppendIDs(nil, s, opts)
			if err != nil || !slices.Equal(ids, enc.IDs) {
				t.Fatalf("%s: %q %+v: AppendIDs = %v (%v), Encode %v", ft.name, s, *params, ids, err, enc.IDs)
			}
			if n, err := tok.Count(s, opts); err != nil || n != len(enc.IDs) {
				t.Fatalf("%s: %q %+v: Count = %d (%v), Encode has %d", ft.name, s, *params, n, err, len(enc.IDs))
			}
		}
		if pair || pad || !opts.NoSpecialTokens || params.MaxLength == 0 || params.Stride >= params.MaxLength {
			// (stride = max_length: the reference, and fasttok, keep the main window
			// and make no overflowing ones.)
			continue
		}
		// The windows of the full encoding: step max_length - stride, from the start
		// (Right) or the end (Left).
		full, err := ft.tok.EncodeInput(in, opts)
		if err != nil {
			t.Fatal(err)
		}
		want := fullWindows(full.IDs, params)
		if len(want) != len(windows) {
			t.Fatalf("%s: %q %+v: %d windows, want %d", ft.name, s, *params, len(windows), len(want))
		}
		for i, w := range windows {
			if !slices.Equal(w.IDs, want[i]) {
				t.Fatalf("%s: %q %+v: window %d = %v, want %v (full %v)", ft.name, s, *params, i, w.IDs, want[i], full.IDs)
			}
		}
	}
}

// fullWindows cuts ids into the windows truncation makes of one sequence: max_length
// tokens each, consecutive windows sharing stride tokens, from the start (Right) or
// from the end (Left, the main window being the last tokens).
func fullWindows(ids []uint32, p *tokenizer.TruncationParams) [][]uint32 {
	if len(ids) <= p.MaxLength {
		return [][]uint32{ids}
	}
	step := p.MaxLength - p.Stride
	var out [][]uint32
	if p.Direction == tokenizer.TruncateRight {
		for start := 0; ; start += step {
			end := min(start+p.MaxLength, len(ids))
			out = append(out, ids[start:end])
			if end == len(ids) {
				break
			}
		}
		return out
	}
	for end := len(ids); ; end -= step {
		start := max(end-p.MaxLength, 0)
		out = append(out, ids[start:end])
		if start == 0 {
			break
		}
	}
	return out
}

// pipelinePools are the component configurations FuzzPipeline combines: the valid ones of
// the components' own test data (normalizers/testdata/serde.jsonl "saved",
// pretokenizers/testdata/configs.jsonl, decoders/testdata/decode_cases.jsonl) and a
// few more.
var pipelinePools struct {
	sync.Once
	normalizers, preTokenizers, decoders []string
	err                                  error
}

func pipelineComponents(t testing.TB) (norms, pres, decs []string) {
	p := &pipelinePools
	p.Do(func() {
		read := func(path, field string) []string {
			data, err := os.ReadFile(filepath.FromSlash(path))
			if err != nil {
				p.err = err
				return nil
			}
			seen := map[string]bool{}
			var out []string
			for _, line := range bytes.Split(data, []byte("\n")) {
				var rec map[string]json.RawMessage
				if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &rec) != nil || rec[field] == nil {
					continue
				}
				if s := string(rec[field]); !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
			return out
		}
		p.normalizers = append(read("normalizers/testdata/serde.jsonl", "saved"),
			`{"type":"Replace","pattern":{"String":"a"},"content":""}`,
			`{"type":"Replace","pattern":{"Regex":"(?i)[aeiou]"},"content":"XY"}`,
			`{"type":"Strip","strip_left":true,"strip_right":true}`,
			`{"type":"Prepend","prepend":"▁"}`)
		p.preTokenizers = read("pretokenizers/testdata/configs.jsonl", "pre_tokenizer")
		p.decoders = read("decoders/testdata/decode_cases.jsonl", "decoder")
		// Only the configurations that load (the test data has refused ones too).
		keep := func(pool []string, parse func([]byte) error) []string {
			var out []string
			for _, c := range pool {
				if parse([]byte(c)) == nil {
					out = append(out, c)
				}
			}
			return out
		}
		p.normalizers = keep(p.normalizers, func(b []byte) error { _, err := tokenizer.ParseNormalizer(b); return err })
		p.preTokenizers = keep(p.preTokenizers, func(b []byte) error { _, err := tokenizer.ParsePreTokenizer(b); return err })
		p.decoders = keep(p.decoders, func(b []byte) error { _, err := tokenizer.ParseDecoder(b); return err })
		if len(p.normalizers) == 0 || len(p.preTokenizers) == 0 || len(p.decoders) == 0 {
			p.err = fmt.Errorf("component pools: %d normalizers, %d pre-tokenizers, %d decoders", len(p.normalizers),
				len(p.preTokenizers), len(p.decoders))
		}
	})
	if p.err != nil {
		t.Fatal(p.err)
	}
	return p.normalizers, p.preTokenizers, p.decoders
}

// FuzzPipeline combines the normalizers, pre-tokenizers and decoders the fuzz bytes choose
// (up to three of each, in Sequences) around the models of FuzzEncode, and encodes
// arbitrary text with them: where the combination encodes, the encoding is well formed
// (offsets in range, on character boundaries, ordered; character offsets are the byte
// offsets counted in characters), the ids-only path (AppendIDs, Count: the fast paths)
// gives Encode's ids, decoding works, and the components saved (MarshalJSON) and read
// back encode the same.
func FuzzPipeline(f *testing.F) {
	f.Add([]byte{1, 0, 1, 3, 1, 5, 0}, "Hello, wörld! It's 12345 \t\n 中文字 ÉTÉ")
	f.Add([]byte{3, 7, 8, 9, 2, 10, 20, 2, 1, 2, 1}, "  a  b\u00a0c  ")
	f.Add([]byte{2, 4, 12, 1, 40, 1, 9, 2}, "ǅa \u0301A ﬁ ⅷ 😀👍🏽 <s>[CLS]")
	norms, pres, decs := pipelineComponents(f)
	toks := fuzzTokenizers(f)
	f.Fuzz(func(t *testing.T, cfg []byte, text string) {
		if len(text) > 1024 || len(cfg) > 32 {
			return
		}
		defer watchdog("FuzzPipeline", append(append([]byte(nil), cfg...), text...))()
		r := &cfgReader{b: cfg}
		base := toks[r.next()%4] // the four in-repository tokenizers
		pick := func(pool []string, field string) []byte {
			n := r.next() % 4
			if n == 0 {
				return nil
			}
			var parts []string
			for range n {
				parts = append(parts, pool[r.next()%len(pool)])
			}
			if n == 1 {
				return []byte(parts[0])
			}
			return []byte(`{"type":"Sequence","` + field + `":[` + strings.Join(parts, ",") + `]}`)
		}
		normJSON := pick(norms, "normalizers")
		preJSON := pick(pres, "pretokenizers")
		decJSON := pick(decs, "decoders")
		tok := base.tok
		if normJSON != nil {
			n, err := tokenizer.ParseNormalizer(normJSON)
			if err != nil {
				t.Fatalf("normalizer %s: %v", normJSON, err)
			}
			if tok, err = tok.WithNormalizer(n); err != nil {
				return // added tokens that the normalizer changes: refused, as the reference
			}
		}
		if preJSON != nil {
			p, err := tokenizer.ParsePreTokenizer(preJSON)
			if err != nil {
				t.Fatalf("pre-tokenizer %s: %v", preJSON, err)
			}
			tok = tok.WithPreTokenizer(p)
		}
		if decJSON != nil {
			d, err := tokenizer.ParseDecoder(decJSON)
			if err != nil {
				t.Fatalf("decoder %s: %v", decJSON, err)
			}
			tok = tok.WithDecoder(d)
		}
		s := tokenizer.LossyString([]byte(text))
		what := fmt.Sprintf("%s + normalizer %s + pre-tokenizer %s + decoder %s on %q", base.name, normJSON, preJSON, decJSON, s)
		enc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, tokenizer.EncodeOptions{})
		if err != nil {
			// Models may refuse what a pre-tokenizer makes of the text (an unknown
			// token without unk); the ids-only path must refuse it too.
			if _, err2 := tok.AppendIDs(nil, s, tokenizer.EncodeOptions{}); err2 == nil {
				t.Fatalf("%s: Encode: %v, but AppendIDs succeeds", what, err)
			}
			return
		}
		checkEncodingShape(t, enc)
		checkOffsets(t, what, enc, s, "")
		ids, err := tok.AppendIDs(nil, s, tokenizer.EncodeOptions{})
		if err != nil || !slices.Equal(ids, enc.IDs) {
			t.Fatalf("%s: AppendIDs = %v (%v), Encode %v", what, ids, err, enc.IDs)
		}
		if n, err := tok.Count(s, tokenizer.EncodeOptions{}); err != nil || n != len(enc.IDs) {
			t.Fatalf("%s: Count = %d (%v), Encode has %d ids", what, n, err, len(enc.IDs))
		}
		cenc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, tokenizer.EncodeOptions{Offsets: tokenizer.OffsetChars})
		if err != nil || !slices.Equal(cenc.IDs, enc.IDs) {
			t.Fatalf("%s: with character offsets: %v", what, err)
		}
		for i, o := range enc.Offsets {
			want := tokenizer.Offsets{Start: utf8.RuneCountInString(s[:o.Start]), End: utf8.RuneCountInString(s[:o.End])}
			if cenc.Offsets[i] != want {
				t.Fatalf("%s: token %d %q: character offsets %v, byte offsets %v", what, i, enc.Tokens[i], cenc.Offsets[i], o)
			}
		}
		if text, err := tok.Decode(enc.IDs, false); err == nil && !utf8.ValidString(text) {
			t.Fatalf("%s: Decode = %q: not valid UTF-8", what, text)
		}
		// The text cut in two, as a pair.
		cut := len(s) / 2
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if penc, err := tok.EncodePair(s[:cut], s[cut:]); err == nil {
			checkEncodingShape(t, penc)
			checkOffsets(t, what+" (as a pair)", penc, s[:cut], s[cut:])
		}
		// The components saved (MarshalJSON) and read back encode the same (the whole
		// tokenizer's ToJSON would be slow: gpt2's vocabulary).
		tok2 := base.tok
		for _, c := range []struct {
			comp any
			set  func(data []byte) error
		}{
			{tok.Normalizer(), func(data []byte) error {
				n, err := tokenizer.ParseNormalizer(data)
				if err == nil {
					tok2, err = tok2.WithNormalizer(n)
				}
				return err
			}},
			{tok.PreTokenizer(), func(data []byte) error {
				p, err := tokenizer.ParsePreTokenizer(data)
				if err == nil {
					tok2 = tok2.WithPreTokenizer(p)
				}
				return err
			}},
		} {
			if isNil(c.comp) {
				continue
			}
			data, err := json.Marshal(c.comp)
			if err != nil {
				t.Fatalf("%s: saving %T: %v", what, c.comp, err)
			}
			if err := c.set(data); err != nil {
				t.Fatalf("%s: reading back %s: %v", what, data, err)
			}
		}
		enc2, err := tok2.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Text: s}}, tokenizer.EncodeOptions{})
		if err != nil || !slices.Equal(enc2.IDs, enc.IDs) || !slices.Equal(enc2.Offsets, enc.Offsets) {
			t.Fatalf("%s: with its components saved and read back: %v %v (%v), before %v %v", what, enc2.IDs,
				enc2.Offsets, err, enc.IDs, enc.Offsets)
		}
	})
}

// isNil reports whether x is nil or a nil pointer, map, slice or func.
func isNil(x any) bool {
	if x == nil {
		return true
	}
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// cfgReader reads choices from fuzz bytes (zeros when they run out).
type cfgReader struct {
	b []byte
	i int
}

func (r *cfgReader) next() int {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return int(r.b[r.i-1])
}

// FuzzAppendIDsBatch: a batch's ids are, text by text and in order, those of AppendIDs,
// whatever the number of workers; a batch fails with the first text that fails alone.
func FuzzAppendIDsBatch(f *testing.F) {
	tok, err := fasttok.Load(filepath.Join("cmd", "fasttok", "gpt2.json.gz"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Hello world\x00It's 12345\x00\x00 中文字 <|endoftext|>", uint8(2))
	f.Add("a\x00b\xff\x00c", uint8(3))
	f.Add(strings.Repeat("some words and more\x00", 300), uint8(0))
	f.Fuzz(func(t *testing.T, joined string, flags uint8) {
		texts := strings.Split(joined, "\x00")
		opts := tokenizer.EncodeOptions{Workers: int(flags % 5), Lossy: flags&8 != 0, NoSpecialTokens: flags&16 != 0}
		var want [][]uint32
		failed := -1
		for i, text := range texts {
			ids, err := tok.AppendIDs(nil, text, opts)
			if err != nil {
				failed = i
				break
			}
			want = append(want, ids)
		}
		dst := []uint32{42}
		ids, ends, err := tok.AppendIDsBatch(context.Background(), dst, texts, opts)
		if failed >= 0 {
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("input %d:", failed)) {
				t.Fatalf("text %d fails alone; the batch's error: %v", failed, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("AppendIDsBatch: %v", err)
		}
		if len(ends) != len(texts) || len(ids) == 0 || ids[0] != 42 {
			t.Fatalf("%d ends for %d texts; ids %v", len(ends), len(texts), ids)
		}
		start := 1
		for i, end := range ends {
			if !slices.Equal(ids[start:end], want[i]) {
				t.Fatalf("workers %d, text %d %q: %v, want %v", opts.Workers, i, texts[i], ids[start:end], want[i])
			}
			start = end
		}
		if start != len(ids) {
			t.Fatalf("the ends stop at %d of %d ids", start, len(ids))
		}
	})
}
