// Package decoders implements the decoders of tokenizer.json (the reference's
// decoders/*, plus the decoder sides of the ByteLevel and Metaspace pre-tokenizers and
// of the Replace normalizer): they turn tokens back into text.
//
// Each type implements tokenizer.Decoder and registers its constructor, under its
// tokenizer.json "type", in this package's init. Every constructor accepts exactly what
// the reference's serde accepts, and MarshalJSON writes what the reference writes.
package decoders

import (
	"strings"

	"github.com/fasttok/fasttok/tokenizer"
)

// Decode runs the decoder chain of d over tokens and joins the pieces into the decoded
// text, as the reference's `Decoder::decode`. A nil d joins the tokens with spaces, as
// a tokenizer without decoder does.
func Decode(d tokenizer.Decoder, tokens []string) (string, error) {
	if d == nil {
		return strings.Join(tokens, " "), nil
	}
	pieces, err := d.DecodeChain(tokens)
	if err != nil {
		return "", err
	}
	if len(pieces) == 1 {
		return pieces[0], nil
	}
	return strings.Join(pieces, ""), nil
}

func init() {
	register("BPEDecoder", parseBPEDecoder)
	register("ByteLevel", parseByteLevel)
	register("WordPiece", parseWordPiece)
	register("Metaspace", parseMetaspace)
	register("CTC", parseCTC)
	register("Sequence", parseSequence)
	register("Replace", parseReplace)
	register("Fuse", parseFuse)
	register("Strip", parseStrip)
	register("ByteFallback", parseByteFallback)
}

// register registers parse as the constructor of typ (a failed parse gives a nil
// Decoder, not a typed nil).
func register[T tokenizer.Decoder](typ string, parse func([]byte) (T, error)) {
	tokenizer.RegisterDecoder(typ, func(data []byte) (tokenizer.Decoder, error) {
		d, err := parse(data)
		if err != nil {
			return nil, err
		}
		return d, nil
	})
}
