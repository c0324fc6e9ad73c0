// Package normalizers implements the normalizers of tokenizer.json ("normalizer"
// section): NFC, NFD, NFKC, NFKD, Lowercase, Replace, Prepend, Strip, StripAccents,
// ByteLevel, Sequence, Nmt and BertNormalizer, exactly as the reference tokenizers
// 0.23 (normalizers/*.rs). Each one edits the text through tokenizer.NormalizedString so
// that the alignments to the original text stay exact, and each writes its reference
// serialization with MarshalJSON.
//
// Importing the package registers the normalizers with tokenizer.RegisterNormalizer.
package normalizers

import (
	"github.com/fasttok/fasttok/tokenizer"

	"github.com/fasttok/fasttok/internal/serde"
)

func init() {
	unit := func(name string, n tokenizer.Normalizer) {
		tokenizer.RegisterNormalizer(name, func(data []byte) (tokenizer.Normalizer, error) {
			o, err := serde.ParseObject(data)
			if err != nil {
				return nil, err
			}
			if err := o.RequireType(name); err != nil {
				return nil, err
			}
			return n, nil
		})
	}
	unit("NFC", NFC{})
	unit("NFD", NFD{})
	unit("NFKC", NFKC{})
	unit("NFKD", NFKD{})
	unit("Lowercase", Lowercase{})
	unit("Nmt", Nmt{})
	unit("StripAccents", StripAccents{})
	unit("ByteLevel", ByteLevel{})
	bert := func(data []byte) (tokenizer.Normalizer, error) { return parseBert(data) }
	// The reference's tag of BertNormalizer is "Bert"; it writes "BertNormalizer", which
	// it reads back through its untagged fallback.
	tokenizer.RegisterNormalizer("Bert", bert)
	tokenizer.RegisterNormalizer("BertNormalizer", bert)
	tokenizer.RegisterNormalizer("Strip", func(data []byte) (tokenizer.Normalizer, error) { return parseStrip(data) })
	tokenizer.RegisterNormalizer("Replace", func(data []byte) (tokenizer.Normalizer, error) { return parseReplace(data) })
	tokenizer.RegisterNormalizer("Prepend", func(data []byte) (tokenizer.Normalizer, error) { return parsePrepend(data) })
	tokenizer.RegisterNormalizer("Sequence", func(data []byte) (tokenizer.Normalizer, error) { return parseSequence(data) })
}

// wholeRange reports whether Transform on n covers its whole normalized text, so that
// skipping a transformation that changes no character gives what the reference gives
// (it does not when the first normalized bytes align to nothing in the original).
func wholeRange(n *tokenizer.NormalizedString) bool {
	if n.IsIdentity() || n.Len() == 0 {
		return true
	}
	o, ok := n.ConvertOffsets(tokenizer.Normalized, tokenizer.Offsets{Start: 0, End: 1})
	return !ok || o.Start != o.End
}
