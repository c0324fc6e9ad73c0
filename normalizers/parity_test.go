package normalizers

import (
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestParityChecklist checks the PARITY-CHECKLIST items of sections C and D
// (/work/shared/reference/PARITY-CHECKLIST.md) one by one: the expected output written in
// the checklist must be the reference's (looked up in testdata/cases.jsonl.gz, made by
// gen_cases.js) and ours. Offsets (items 32, 36, 37, 39) are checked for every case by
// TestReferenceCases.
func TestParityChecklist(t *testing.T) {
	ref := map[[2]string]refCase{}
	for _, c := range readJSONL[refCase](t, "cases.jsonl.gz") {
		ref[[2]string{c.Name, c.Text}] = c
	}
	items := []struct {
		item             string
		name, text, want string
	}{
		{"33 prepend on empty is a no-op", "prepend", "", ""},
		{"38 lowercase without final sigma", "lowercase", "İSTANBUL ΣΑΣ ẞ", "i̇stanbul σασ ß"},
		{"40 NFKC: U+1FBF0 (Unicode 13) unchanged", "nfkc", "🯰🯹", "🯰🯹"},
		{"40 NFKC: ﬁ① → fi1", "nfkc", "ﬁ①", "fi1"},
		{"41 everything filtered gives an empty text", "bert", "\u0000", ""},
		{"42 BertNormalizer", "bert", "Héllo\x00\u00ad\t你好\u200b x", "hello  你  好  x"},
		{"43 strip_accents null follows lowercase false", "bert_cased", "Héllo", "Héllo"},
		{"44 StripAccents alone keeps precomposed é", "strip_accents", "éñ", "éñ"},
		{"44 StripAccents after NFD", "nfd_strip_accents", "éñ", "en"},
		{"45 Strip uses char::is_whitespace", "strip", "  \u3000 a \n", "a"},
		{"46 Replace String, all occurrences", "replace_space", "a b  c", "a▁b▁▁c"},
		{"46 Replace Regex", "replace_regex_spaces", "a b  c", "a b c"},
		{"47 Nmt", "nmt", "a\u0001b\u200bc\u00a0d", "ab c\u00a0d"},
		{"49 ByteLevel", "byte_level", "é ", "Ã©Ġ"},
		{"50 Sequence in order", "nfkc_lower", "ﬁ① ΣΑΣ", "fi1 σασ"},
	}
	for _, it := range items {
		c, ok := ref[[2]string{it.name, it.text}]
		if !ok {
			t.Errorf("item %s: no reference case %s(%q) in testdata", it.item, it.name, it.text)
			continue
		}
		if c.Normalized != it.want {
			t.Errorf("item %s: the reference gives %q, the checklist says %q", it.item, c.Normalized, it.want)
		}
		norm, err := tokenizer.ParseNormalizer(c.Normalizer)
		if err != nil {
			t.Fatalf("item %s: %v", it.item, err)
		}
		n := tokenizer.NewNormalizedString(it.text)
		if err := norm.Normalize(&n); err != nil {
			t.Fatal(err)
		}
		if got := n.Normalized(); got != it.want {
			t.Errorf("item %s: %s(%q) = %q, want %q", it.item, it.name, it.text, got, it.want)
		}
	}
}
