// Package fasttok loads Hugging Face tokenizer.json files and encodes and decodes text
// exactly as the Rust tokenizers library (0.23.2) does, in pure Go.
//
// The pipeline, as in the reference:
//
//	text ─► added tokens ─► normalizer ─► pre-tokenizer ─► model ─► post-processor ─► Encoding
//	         (special and       (NFC,        (ByteLevel,      (BPE,      (template,
//	          user tokens)       Lowercase…)  Split, Metaspace…) WordPiece,  truncation,
//	                                                           Unigram…)   padding)
//
//	ids ─► tokens ─► decoder ─► text
//
// A *Tokenizer is immutable once loaded and safe for concurrent use by many goroutines.
// Offsets are byte offsets into the input by default; EncodeOptions.Offsets asks for
// character (Unicode scalar value) offsets, as the Python and Node bindings report them.
//
// This package registers every component (importing it is enough to load any
// tokenizer.json) and re-exports the tokenizer package's main names.
package fasttok

import (
	"github.com/fasttok/fasttok/tokenizer"

	// The components register their tokenizer.json constructors.
	_ "github.com/fasttok/fasttok/decoders"
	_ "github.com/fasttok/fasttok/models/bpe"
	_ "github.com/fasttok/fasttok/models/unigram"
	_ "github.com/fasttok/fasttok/models/wordlevel"
	_ "github.com/fasttok/fasttok/models/wordpiece"
	_ "github.com/fasttok/fasttok/normalizers"
	_ "github.com/fasttok/fasttok/pretokenizers"
	_ "github.com/fasttok/fasttok/processors"
)

// Tokenizer is a loaded tokenization pipeline; see tokenizer.Tokenizer.
type Tokenizer = tokenizer.Tokenizer

// Encoding is the result of encoding one input; see tokenizer.Encoding.
type Encoding = tokenizer.Encoding

// Load loads a tokenizer.json file (plain or gzip-compressed).
func Load(path string) (*Tokenizer, error) { return tokenizer.FromFile(path) }

// LoadBytes loads a tokenizer.json (plain or gzip-compressed) from memory.
func LoadBytes(data []byte) (*Tokenizer, error) { return tokenizer.FromBytes(data) }
