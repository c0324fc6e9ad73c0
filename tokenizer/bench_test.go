package tokenizer

import (
	"strings"
	"testing"
	"unicode"
)

var benchText = strings.Repeat("The quick brown fox, jumps over the lazy dog! ", 25)

func benchPipeline(b *testing.B, text string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		n := NewNormalizedString(text)
		n.Lowercase()
		p := PreTokenizedFromNormalized(n)
		_ = p.Split(func(_ int, n *NormalizedString) ([]NormalizedString, error) {
			return n.Split(FuncPattern(unicode.IsSpace), Removed)
		})
		_ = p.Tokenize(func(n *NormalizedString) ([]Token, error) {
			return []Token{{Value: "x", Offsets: Offsets{0, n.Len()}}}, nil
		})
		_, _ = p.IntoEncoding(-1, 0, OffsetChars)
	}
}

func BenchmarkPipelineASCII(b *testing.B) { benchPipeline(b, benchText) }

func BenchmarkPipelineUnicode(b *testing.B) {
	benchPipeline(b, strings.Repeat("Über große Straßen, ÉLÉGANT 野口 İstanbul! ", 25))
}

func BenchmarkTransformNFD(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		n := NewNormalizedString("élégant élégant élégant élégant")
		var ch []Change
		for _, c := range n.Normalized() {
			if c == 'é' {
				ch = append(ch, Change{'e', 0}, Change{'\u0301', 1})
			} else {
				ch = append(ch, Change{c, 0})
			}
		}
		n.Transform(ch, 0)
	}
}
