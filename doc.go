// Package fasttok loads Hugging Face tokenizer.json files and encodes and decodes text
// exactly as the Rust tokenizers library (0.23.2) does — the same ids, tokens,
// offsets, type ids, word ids and masks, byte for byte — in pure Go, faster.
//
// # Quick start
//
//	tok, err := fasttok.Load("tokenizer.json") // or .json.gz, or fasttok.FromPretrained("gpt2")
//	if err != nil {
//		return err
//	}
//	enc, err := tok.Encode("Hello, world!")
//	if err != nil {
//		return err
//	}
//	fmt.Println(enc.IDs, enc.Tokens, enc.Offsets)
//	text, err := tok.Decode(enc.IDs, true) // true: skip the special tokens
//
// Pairs: EncodePair; several inputs on all the CPUs: EncodeBatch and DecodeBatch; the
// ids alone, fast and without garbage: AppendIDs and Count, and AppendIDsBatch for
// many texts on all the CPUs; streaming generation: NewDecodeStream; truncation and
// padding: WithTruncation and WithPadding. These are
// methods of Tokenizer (an alias of tokenizer.Tokenizer), documented with runnable
// examples in package github.com/fasttok/fasttok/tokenizer.
//
// # The pipeline
//
// As in the reference, encoding goes through up to five components, each read from its
// section of tokenizer.json; decoding goes back from ids to text:
//
//	"Hello, world!"
//	    │
//	    ▼  added tokens      special and user tokens ("[CLS]", "<|endoftext|>") are
//	    │                    matched first and never split
//	    ▼  normalizer        NFC, Lowercase, Replace, Precompiled...: the text changes,
//	    │                    each character remembers where it came from
//	    ▼  pre-tokenizer     ByteLevel, Metaspace, Split (regex), Whitespace...: words
//	    │
//	    ▼  model             BPE, WordPiece, Unigram, WordLevel: tokens of each word
//	    │
//	    ▼  post-processor    template ("[CLS] $A [SEP]"), truncation, padding
//	    │
//	    ▼  Encoding          IDs, Tokens, Offsets, TypeIDs, WordIDs, masks, Overflowing
//
//	ids ─► tokens (added tokens, then the model's) ─► decoder ─► text
//
// # Concurrency
//
// A *Tokenizer is immutable once loaded and safe for concurrent use by any number of
// goroutines (the models' caches are safe too). The With* methods (WithTruncation,
// WithPadding, WithAddedTokens...) return modified copies and leave the receiver as it
// was. EncodeBatch, AppendIDsBatch and DecodeBatch run on EncodeOptions.Workers
// goroutines (GOMAXPROCS when 0), the work cut into chunks of about equal bytes, return
// their results in input order whatever the number of workers (the
// same results as encoding each input alone, then padding them together), stop at the
// first error, which names its input's index, and stop early when their context is
// cancelled. A DecodeStream holds the state of one stream: use one per goroutine.
//
// # Offsets
//
// Offsets are [Start, End) spans of the input text given to Encode, never of the
// normalized text: a token made from normalized characters points at the input
// characters they came from ("Café" lowercased and stripped of its accent to "cafe"
// is still [0,5) in bytes). They are byte offsets by default, so that
// text[o.Start:o.End] is the token's text; EncodeOptions{Offsets: OffsetChars} counts
// characters (Unicode scalar values) instead, as the Python and Node bindings report
// them. An added token's offsets cover what it matched, including the whitespace its
// lstrip or rstrip took; the special tokens a post-processor inserts ([CLS], [SEP]) and
// padding have the offsets (0, 0). In a pair, each sequence's offsets refer to its own
// text (Encoding.SequenceIDs tells which).
//
// # Invalid UTF-8
//
// Go strings may hold any bytes; the reference only takes valid UTF-8. Encoding a text
// that is not valid UTF-8 fails with an *InvalidUTF8Error naming the offset of the first
// invalid byte, never silently changes it. With EncodeOptions.Lossy, each maximal
// invalid subsequence is replaced by U+FFFD first (as Python's
// bytes.decode(errors="replace") and Rust's String::from_utf8_lossy do), and the offsets
// then refer to that replaced text. EncodeBytes and AppendIDsBytes take []byte input
// with the same rules. Decode always returns valid UTF-8 (byte-level tokens that do not
// form whole characters decode to U+FFFD, as in the reference).
//
// # Limits
//
// Load, LoadBytes and FromPretrained accept any tokenizer.json the reference accepts,
// within DefaultLimits: the file's size (1 GiB once decompressed), the vocabulary (4Mi
// tokens), BPE merges (4Mi), added tokens (1Mi) and JSON nesting (127 levels, where
// the reference's serde_json stops). A file beyond them fails fast with a *LimitError
// naming its JSON path, such as
//
//	model.vocab: 5000000 entries exceed Limits.MaxVocab (4194304)
//
// LoadWithLimits and LoadBytesWithLimits take other limits. Padding to more than 16Mi
// tokens fails (it would allocate gigabytes); truncation to any max_length allocates
// nothing. Load errors name the file and the JSON path of what is wrong
// (`pre_tokenizer.pretokenizers[1].pattern: ...`); no input makes fasttok panic.
//
// Importing this package registers every component, so that any tokenizer.json loads;
// it re-exports the tokenizer package's main names.
package fasttok
