// Package pretokenizers implements the pre-tokenizers of tokenizer.json (the
// reference's pre_tokenizers module): ByteLevel, Split, Metaspace, Whitespace,
// WhitespaceSplit, Punctuation, Digits, Sequence, BertPreTokenizer, UnicodeScripts,
// CharDelimiterSplit and FixedLength. Importing it registers each with
// tokenizer.RegisterPreTokenizer under its tokenizer.json "type"; each also writes
// the reference's serialization with MarshalJSON.
//
// Every pre-tokenizer splits through PreTokenizedString.Split and
// NormalizedString.Split/Slice, so the offsets of the pieces in the original text stay
// exact. The character classes are the reference's: Rust's char::is_numeric and the
// `regex` crate's \w of Unicode 16, and the old tables of the `unicode_categories` crate
// for punctuation (tables_gen.go, probed from the reference).
//
// Every pre-tokenizer also implements tokenizer.FastPreTokenizer (fast.go), the
// ids-only path: the same pieces' text, written on reused buffers without alignments,
// with no allocation in steady state. Metaspace and Sequence implement
// tokenizer.StartSensitive.
package pretokenizers

import (
	"github.com/fasttok/fasttok/tokenizer"

	"github.com/fasttok/fasttok/internal/serde"
)

//go:generate go run gen_tables.go

func init() {
	register := tokenizer.RegisterPreTokenizer
	register("ByteLevel", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseByteLevel(d) })
	register("Split", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseSplit(d) })
	register("Metaspace", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseMetaspace(d) })
	register("Whitespace", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseWhitespace(d) })
	register("WhitespaceSplit", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseWhitespaceSplit(d) })
	register("Punctuation", func(d []byte) (tokenizer.PreTokenizer, error) { return ParsePunctuation(d) })
	register("Digits", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseDigits(d) })
	register("Sequence", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseSequence(d) })
	register("BertPreTokenizer", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseBertPreTokenizer(d) })
	register("UnicodeScripts", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseUnicodeScripts(d) })
	register("FixedLength", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseFixedLength(d) })
	// The reference's CharDelimiterSplit is tagged "CharDelimiterSplit" (its struct
	// name) although its variant in the pre-tokenizer enum is "Delimiter": a
	// "Delimiter" tag is therefore always rejected, and "CharDelimiterSplit" is found
	// by the untagged fallback.
	register("CharDelimiterSplit", func(d []byte) (tokenizer.PreTokenizer, error) { return ParseCharDelimiterSplit(d) })
	register("Delimiter", func(d []byte) (tokenizer.PreTokenizer, error) {
		// parseObject rejects the tag as the reference does.
		if _, err := serde.ParseTyped(d, "CharDelimiterSplit"); err != nil {
			return nil, err
		}
		return ParseCharDelimiterSplit(d)
	})
}
