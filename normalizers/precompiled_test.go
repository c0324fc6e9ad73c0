package normalizers

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/fasttok/fasttok/tokenizer"
)

// findPrecompiled returns the first Precompiled normalizer of a normalizer tree.
func findPrecompiled(raw json.RawMessage) json.RawMessage {
	var n struct {
		Type        string            `json:"type"`
		Normalizers []json.RawMessage `json:"normalizers"`
	}
	if json.Unmarshal(raw, &n) != nil {
		return nil
	}
	if n.Type == "Precompiled" {
		return raw
	}
	for _, c := range n.Normalizers {
		if p := findPrecompiled(c); p != nil {
			return p
		}
	}
	return nil
}

// loadSharedPrecompiled returns the Precompiled normalizer of a shared tokenizer.json.gz.
func loadSharedPrecompiled(t testing.TB, name string) *Precompiled {
	raw := findPrecompiled(testutil.TokenizerSection(t, name, "normalizer"))
	if raw == nil {
		t.Fatalf("%s has no Precompiled normalizer", name)
	}
	p, err := ParsePrecompiled(raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p
}

// precompiledCanon normalizes text with p and returns the canonical form of
// gen_golden.js precompiled: the normalized text, "\0", and for each normalized
// character the range of original characters it comes from.
func precompiledCanon(t testing.TB, p *Precompiled, text string) (string, error) {
	n := tokenizer.NewNormalizedString(text)
	if err := p.Normalize(&n); err != nil {
		return "", err
	}
	s := n.Normalized()
	if plain, err := p.Transform(text); err != nil || plain != s {
		t.Errorf("Transform(%q) = %q, %v; Normalize gave %q", text, plain, err, s)
	}
	var b strings.Builder
	b.WriteString(s)
	b.WriteByte(0)
	for i, c := range s {
		o, ok := n.ConvertOffsets(tokenizer.Normalized, tokenizer.Offsets{Start: i, End: i + utf8.RuneLen(c)})
		if !ok {
			return "", fmt.Errorf("ConvertOffsets(%d) failed", i)
		}
		fmt.Fprintf(&b, "%d,%d;", utf8.RuneCountInString(text[:o.Start]), utf8.RuneCountInString(text[:o.End]))
	}
	return b.String(), nil
}

// TestPrecompiledGolden compares the normalized text and its alignments with the
// reference's on the smoke and corpus texts, for the charsmaps of three real
// tokenizers (testdata/precompiled.*.golden, see testdata/README.md).
func TestPrecompiledGolden(t *testing.T) {
	texts := testutil.GoldenTexts(t)
	for _, name := range []string{"t5-small", "xlnet-base-cased", "ortx-nmt-unigram"} {
		p := loadSharedPrecompiled(t, name)
		data, err := os.ReadFile(filepath.Join("testdata", "precompiled."+name+".golden"))
		if err != nil {
			t.Fatal(err)
		}
		golden := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(golden) != len(texts) {
			t.Fatalf("%s: %d golden lines for %d texts", name, len(golden), len(texts))
		}
		bad := 0
		for i, text := range texts {
			canon, err := precompiledCanon(t, p, text)
			h := sha256.Sum256([]byte(canon))
			got := hex.EncodeToString(h[:8])
			if err != nil {
				got = "error " + err.Error()
			}
			if got != golden[i] {
				bad++
				if bad <= 3 {
					t.Errorf("%s text %d %q: got %s, want %s\n%q", name, i, text, got, golden[i], canon)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d/%d texts differ", name, bad, len(texts))
		}
	}
}

// Cases of spm_precompiled's own tests (normalize_string with nmt_nfkc), checked
// against the reference with t5-small's charsmap (testdata/precompiled_cases.js).
func TestPrecompiledCases(t *testing.T) {
	p := loadSharedPrecompiled(t, "t5-small")
	for _, tc := range []struct{ in, want string }{
		{"เขาไม่ได้พูดสักคำ", "เขาไม\u0e48ได\u0e49พ\u0e39ดส\u0e31กค\u0e4dา"},
		{"ड़ी दुख", "ड\u093cी द\u0941ख"},
		{"\u0627\u0653", "آ"},
		{"𝔾𝕠\u200d", "Go "},
		{"™\x1eg", "TMg"},
	} {
		got, err := p.Transform(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Transform(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestPrecompiledReplace checks the changes of the reference's `replace` helper
// (normalizers/precompiled.rs expansion_followed_by_removal).
func TestPrecompiledReplace(t *testing.T) {
	var changes []Change
	changes = appendReplace(changes, "™", "TM")
	changes = appendReplace(changes, "\x1e", "")
	changes = append(changes, Change{Rune: 'g'})
	want := []Change{{Rune: 'T'}, {Rune: 'M', Delta: 0}, {Rune: 'g'}}
	// "™"→"TM": diff +1, so M is inserted (+1); then the removal of \x1e puts -1 on it.
	want[1].Delta = 1 - 1
	if fmt.Sprint(changes) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", changes, want)
	}
	n := tokenizer.NewNormalizedString("™\x1eg")
	n.Transform(changes, 0)
	if n.Normalized() != "TMg" {
		t.Errorf("got %q", n.Normalized())
	}
}

func TestPrecompiledJSON(t *testing.T) {
	// A tiny charsmap: empty trie (0 units) can be loaded, as in the reference, but
	// normalizing with it fails (the reference panics).
	empty := base64.StdEncoding.EncodeToString([]byte{0, 0, 0, 0})
	p, err := ParsePrecompiled([]byte(`{"type":"Precompiled","precompiled_charsmap":"` + empty + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.MarshalJSON()
	if want := `{"type":"Precompiled","precompiled_charsmap":"` + empty + `"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	n := tokenizer.NewNormalizedString("a")
	if err := p.Normalize(&n); err == nil {
		t.Error("no error with an empty trie")
	}
	for _, tc := range []struct{ json, err string }{
		{`{"type":"Precompiled","precompiled_charsmap":""}`, "Cannot parse precompiled_charsmap"},
		{`{"type":"Precompiled","precompiled_charsmap":"AAE="}`, "Cannot parse precompiled_charsmap"},
		{`{"type":"Precompiled","precompiled_charsmap":"!!"}`, "precompiled_charsmap"},
		{`{"type":"Precompiled"}`, "missing field `precompiled_charsmap`"},
		{`{"precompiled_charsmap":"AAAAAA=="}`, "missing field `type`"},
	} {
		if _, err := ParsePrecompiled([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.json, err, tc.err)
		}
	}
	// Trie size larger than the data.
	var bad [8]byte
	binary.LittleEndian.PutUint32(bad[:], 16)
	if _, err := NewPrecompiled(bad[:]); err == nil {
		t.Error("no error for a truncated trie")
	}
}

// FuzzPrecompiled checks that no charsmap or text makes the normalizer panic.
func FuzzPrecompiled(f *testing.F) {
	f.Add([]byte{4, 0, 0, 0, 0, 1, 0, 0, 'a', 0}, "a")
	f.Add([]byte{8, 0, 0, 0, 0x00, 0x04, 0, 0, 0x61, 0x01, 0, 0, 'x'}, "abc")
	f.Fuzz(func(t *testing.T, charsmap []byte, text string) {
		p, err := NewPrecompiled(charsmap)
		if err != nil {
			return
		}
		n := tokenizer.NewNormalizedString(text)
		_ = p.Normalize(&n)
		_, _ = p.Transform(text)
	})
}

func BenchmarkPrecompiled(b *testing.B) {
	p := loadSharedPrecompiled(b, "t5-small")
	data, err := os.ReadFile(filepath.Join(testutil.SharedDir(b), "assets/texts/speed-en.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	size := 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		var r struct{ Text string }
		if json.Unmarshal(line, &r) == nil && r.Text != "" {
			texts = append(texts, r.Text)
			size += len(r.Text)
			if size > 1<<20 {
				break
			}
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			n := tokenizer.NewNormalizedString(s)
			if err := p.Normalize(&n); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestPrecompiledTricky compares normalized texts and alignments with the reference's
// on hand-picked inputs: graphemes of several characters, removals at the start (the
// reference loses their alignment), expansions, emoji sequences
// (testdata/precompiled_tricky.jsonl, made by testdata/precompiled_tricky.js).
func TestPrecompiledTricky(t *testing.T) {
	data, err := os.ReadFile("testdata/precompiled_tricky.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	cache := map[string]*Precompiled{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r struct {
			Name, Text, Normalized string
			Offsets                [][2]int
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		p := cache[r.Name]
		if p == nil {
			p = loadSharedPrecompiled(t, r.Name)
			cache[r.Name] = p
		}
		n := tokenizer.NewNormalizedString(r.Text)
		if err := p.Normalize(&n); err != nil {
			t.Fatal(err)
		}
		var offs [][2]int
		s := n.Normalized()
		for i, c := range s {
			o, ok := n.ConvertOffsets(tokenizer.Normalized, tokenizer.Offsets{Start: i, End: i + utf8.RuneLen(c)})
			if !ok {
				t.Fatalf("%q: ConvertOffsets failed", r.Text)
			}
			offs = append(offs, [2]int{utf8.RuneCountInString(r.Text[:o.Start]), utf8.RuneCountInString(r.Text[:o.End])})
		}
		if s != r.Normalized || fmt.Sprint(offs) != fmt.Sprint(r.Offsets) {
			t.Errorf("%s %q: got %q %v, want %q %v", r.Name, r.Text, s, offs, r.Normalized, r.Offsets)
		}
	}
}
