package tokenizer

import (
	"fmt"
	"strings"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// Tokenizer is a whole tokenization pipeline: added tokens, normalizer, pre-tokenizer,
// model, post-processor and decoder, with truncation and padding (the reference's
// `TokenizerImpl`). A Tokenizer is immutable once built and safe for concurrent use;
// the With* methods return modified copies.
type Tokenizer struct {
	normalizer    Normalizer
	preTokenizer  PreTokenizer
	model         Model
	postProcessor PostProcessor
	decoder       Decoder
	added         AddedVocabulary
	truncation    *TruncationParams
	padding       *PaddingParams
}

// New returns a Tokenizer around model, with no other component.
func New(model Model) *Tokenizer { return &Tokenizer{model: model} }

func (t *Tokenizer) clone() *Tokenizer {
	c := *t
	return &c
}

// Model returns the tokenizer's model.
func (t *Tokenizer) Model() Model { return t.model }

// Normalizer returns the tokenizer's normalizer, or nil.
func (t *Tokenizer) Normalizer() Normalizer { return t.normalizer }

// PreTokenizer returns the tokenizer's pre-tokenizer, or nil.
func (t *Tokenizer) PreTokenizer() PreTokenizer { return t.preTokenizer }

// PostProcessor returns the tokenizer's post-processor, or nil.
func (t *Tokenizer) PostProcessor() PostProcessor { return t.postProcessor }

// Decoder returns the tokenizer's decoder, or nil.
func (t *Tokenizer) Decoder() Decoder { return t.decoder }

// AddedVocabulary returns the tokenizer's added tokens. It must not be modified.
func (t *Tokenizer) AddedVocabulary() *AddedVocabulary { return &t.added }

// Truncation returns the truncation parameters, or nil when truncation is off.
func (t *Tokenizer) Truncation() *TruncationParams {
	if t.truncation == nil {
		return nil
	}
	p := *t.truncation
	return &p
}

// Padding returns the padding parameters, or nil when padding is off.
func (t *Tokenizer) Padding() *PaddingParams {
	if t.padding == nil {
		return nil
	}
	p := *t.padding
	return &p
}

// WithNormalizer returns a copy of t with normalizer n (nil for none). The normalized
// forms of the added tokens are recomputed.
func (t *Tokenizer) WithNormalizer(n Normalizer) (*Tokenizer, error) {
	c := t.clone()
	c.normalizer = n
	var err error
	c.added, err = t.added.withNormalizer(n)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// WithPreTokenizer returns a copy of t with pre-tokenizer p (nil for none).
func (t *Tokenizer) WithPreTokenizer(p PreTokenizer) *Tokenizer {
	c := t.clone()
	c.preTokenizer = p
	return c
}

// WithPostProcessor returns a copy of t with post-processor p (nil for none).
func (t *Tokenizer) WithPostProcessor(p PostProcessor) *Tokenizer {
	c := t.clone()
	c.postProcessor = p
	return c
}

// WithDecoder returns a copy of t with decoder d (nil for none).
func (t *Tokenizer) WithDecoder(d Decoder) *Tokenizer {
	c := t.clone()
	c.decoder = d
	return c
}

// WithTruncation returns a copy of t that truncates as p says (nil: no truncation), as
// the reference's with_truncation: it fails when p.Stride exceeds the room a single
// sequence has (p.MaxLength less the post-processor's special tokens), or on negative
// or unknown values.
//
// Encoding then follows the reference 0.23: each sequence is tokenized only until it
// has p.MaxLength tokens (counted from its end with TruncateLeft; the first sequence of
// a pair is tokenized in full with OnlySecond), so word ids count the pieces kept, and
// the result is truncated to p.MaxLength tokens, special tokens included. The
// encoding's Overflowing holds every window (p.Stride tokens overlapping) of the fully
// encoded sequences, as the reference 0.22 gave them (or, when those cannot be
// truncated as p says, the windows of the limited ones, as 0.23 gives them). Inputs that cannot be truncated
// (OnlySecond without a pair, a sequence too short to lose enough tokens, a stride
// not below the room left) make Encode fail.
func (t *Tokenizer) WithTruncation(p *TruncationParams) (*Tokenizer, error) {
	c := t.clone()
	if p == nil {
		c.truncation = nil
		return c, nil
	}
	if err := p.validate(t.addedTokensCount(false)); err != nil {
		return nil, err
	}
	q := *p
	c.truncation = &q
	return c, nil
}

// WithPadding returns a copy of t that pads as p says (nil: no padding): EncodeInput
// pads each encoding (and its overflowing windows) to p.Length (Fixed) or to its own
// length (BatchLongest), rounded up to a multiple of p.PadToMultipleOf when that is
// positive; EncodeBatch pads all the encodings of the batch to the same length.
func (t *Tokenizer) WithPadding(p *PaddingParams) *Tokenizer {
	c := t.clone()
	if p == nil {
		c.padding = nil
		return c
	}
	q := *p
	c.padding = &q
	return c
}

// WithSections returns a copy of t with the truncation and padding given as
// tokenizer.json sections (JSON objects, or null to disable; a nil slice keeps t's),
// read and accepted as loading a tokenizer.json does: unlike WithTruncation, a stride
// that leaves no room is accepted here, and fails only the inputs that need it.
func (t *Tokenizer) WithSections(truncation, padding []byte) (*Tokenizer, error) {
	c := t.clone()
	if truncation != nil {
		c.truncation = nil
		if !jsonutil.IsNull(truncation) {
			var p TruncationParams
			if err := p.UnmarshalJSON(truncation); err != nil {
				return nil, WrapPath(err, "truncation")
			}
			c.truncation = &p
		}
	}
	if padding != nil {
		c.padding = nil
		if !jsonutil.IsNull(padding) {
			var p PaddingParams
			if err := p.UnmarshalJSON(padding); err != nil {
				return nil, WrapPath(err, "padding")
			}
			c.padding = &p
		}
	}
	return c, nil
}

// WithAddedTokens returns a copy of t with tokens added (see AddedVocabulary.AddTokens).
func (t *Tokenizer) WithAddedTokens(tokens ...AddedToken) (*Tokenizer, error) {
	c := t.clone()
	c.added = t.added.clone()
	if _, err := c.added.AddTokens(tokens, c.model, c.normalizer); err != nil {
		return nil, err
	}
	return c, nil
}

// WithEncodeSpecialTokens returns a copy of t that does (true) or does not (false, the
// default) encode special tokens found in texts as text rather than as special tokens.
func (t *Tokenizer) WithEncodeSpecialTokens(on bool) *Tokenizer {
	c := t.clone()
	c.added = t.added.clone()
	c.added.encodeSpecialTokens = on
	return c
}

// VocabSize returns the size of the vocabulary, with the added tokens or without.
func (t *Tokenizer) VocabSize(withAdded bool) int {
	n := t.model.VocabSize()
	if !withAdded {
		return n
	}
	for content := range t.added.tokenToID {
		if _, ok := t.model.TokenToID(content); !ok {
			n++
		}
	}
	return n
}

// Vocab returns the vocabulary, with the added tokens or without.
func (t *Tokenizer) Vocab(withAdded bool) map[string]uint32 {
	v := t.model.Vocab()
	if withAdded {
		for k, id := range t.added.tokenToID {
			v[k] = id
		}
	}
	return v
}

// TokenToID returns the id of token (an added token or one of the model's).
func (t *Tokenizer) TokenToID(token string) (uint32, bool) {
	if id, ok := t.added.tokenToID[token]; ok {
		return id, true
	}
	return t.model.TokenToID(token)
}

// IDToToken returns the token of id (an added token or one of the model's).
func (t *Tokenizer) IDToToken(id uint32) (string, bool) {
	if s, ok := t.added.decodeToken(id); ok {
		return s, true
	}
	return t.model.IDToToken(id)
}

// Sequence is one side of an input: a text, or a text already split into words
// (pre-tokenized: each word is normalized and pre-tokenized alone, and word ids follow
// the words).
type Sequence struct {
	Text string
	// Words, when not nil, is the pre-tokenized sequence, and Text is ignored.
	Words []string
}

// Input is what Encode takes: one sequence, or a pair.
type Input struct {
	First Sequence
	// Second is the pair's second sequence, or nil for a single sequence.
	Second *Sequence
}

// EncodeOptions are the options of one Encode call. The zero value adds the special
// tokens and reports byte offsets.
type EncodeOptions struct {
	// NoSpecialTokens: do not add the post-processor's special tokens (the reference's
	// add_special_tokens=false).
	NoSpecialTokens bool
	// Offsets says what offsets count: bytes (default) or characters.
	Offsets OffsetType
	// Workers is the number of goroutines of the batch calls (GOMAXPROCS when 0). Above
	// 1, AppendIDs and Count also encode the parts of a text of 1 MiB or more on that
	// many goroutines (see AppendIDs).
	Workers int
	// Lossy encodes text that is not valid UTF-8 as its LossyString (each maximal
	// invalid subsequence replaced by U+FFFD) instead of failing with an
	// *InvalidUTF8Error. Offsets then refer to the replaced text.
	Lossy bool
}

// Encode encodes text with the special tokens; offsets are in bytes.
func (t *Tokenizer) Encode(text string) (*Encoding, error) {
	return t.EncodeInput(Input{First: Sequence{Text: text}}, EncodeOptions{})
}

// EncodePair encodes a pair of texts with the special tokens; offsets are in bytes.
func (t *Tokenizer) EncodePair(text, pair string) (*Encoding, error) {
	return t.EncodeInput(Input{First: Sequence{Text: text}, Second: &Sequence{Text: pair}}, EncodeOptions{})
}

// EncodeInput encodes one input as opts say (the reference's encode and
// encode_char_offsets).
//
// The input must be valid UTF-8 (else an *InvalidUTF8Error), unless opts.Lossy.
func (t *Tokenizer) EncodeInput(in Input, opts EncodeOptions) (*Encoding, error) {
	if opts.Lossy {
		in = lossyInput(in)
	}
	if err := checkSequence(in.First); err != nil {
		return nil, err
	}
	if in.Second != nil {
		if err := checkSequence(*in.Second); err != nil {
			return nil, fmt.Errorf("pair: %w", err)
		}
	}
	add := !opts.NoSpecialTokens
	if t.truncation == nil {
		enc, pair, _, err := t.encodeSequences(in, opts.Offsets, nil)
		if err != nil {
			return nil, err
		}
		return t.PostProcess(enc, pair, add)
	}
	// With truncation, the reference (0.23) tokenizes each sequence only until it has
	// max_length tokens (see encodeSequences), and truncates what that gives: that is the
	// main encoding. Its overflowing windows though are those of the fully encoded
	// sequences (the long-standing 0.22 semantics, which 0.23 lost: huggingface/tokenizers
	// issue 2091), so when the limit dropped anything, the input is encoded again in full
	// for them.
	enc, pair, cut, err := t.encodeSequences(in, opts.Offsets, t.truncation)
	if err != nil {
		return nil, err
	}
	if !cut {
		return t.PostProcess(enc, pair, add)
	}
	main, err := t.postProcess(enc, pair, add, false)
	if err != nil {
		return nil, err
	}
	if enc, pair, _, err = t.encodeSequences(in, opts.Offsets, nil); err != nil {
		return nil, err
	}
	// When the full sequences cannot be truncated (e.g. OnlyFirst with a first sequence
	// shorter than the full second one needs) while the limited ones could, the main
	// encoding keeps the windows the reference 0.23 gives.
	if full, err := t.postProcess(enc, pair, add, false); err == nil {
		main.Overflowing = full.Overflowing
	}
	if t.padding != nil {
		if err := PadEncodings([]*Encoding{main}, t.padding); err != nil {
			return nil, err
		}
	}
	return main, nil
}

// encodeSequences encodes the sequences of in (pair is nil for a single sequence).
// With trunc, each is tokenized only until it has trunc.MaxLength tokens, as the
// reference's do_tokenize (all but the first sequence with OnlySecond); cut reports
// whether that left any piece out.
func (t *Tokenizer) encodeSequences(in Input, ot OffsetType, trunc *TruncationParams) (enc, pair *Encoding, cut bool, err error) {
	limit := -1
	if trunc != nil && trunc.Strategy != OnlySecond {
		limit = trunc.MaxLength
	}
	enc, cut, err = t.encodeSequence(in.First, 0, ot, limit, trunc)
	if err != nil || in.Second == nil {
		return enc, nil, cut, err
	}
	// The second sequence has type id 1. With a post-processor, PostProcess gives the
	// main encodings their type ids anyway; the windows that truncation cuts off keep
	// the type ids of encoding, and there the overflow semantics fasttok follows
	// (golden.js --overflow-v022: each sequence encoded alone, then post-processed)
	// gives 0.
	typeID := uint32(1)
	if t.postProcessor != nil {
		typeID = 0
	}
	if trunc != nil {
		limit = trunc.MaxLength
	}
	var cut2 bool
	if pair, cut2, err = t.encodeSequence(*in.Second, typeID, ot, limit, trunc); err != nil {
		return nil, nil, false, err
	}
	return enc, pair, cut || cut2, nil
}

// encodeSequence encodes one sequence; limit >= 0 stops the tokenization of each text
// at that many tokens (from the end with trunc.Direction Left).
func (t *Tokenizer) encodeSequence(seq Sequence, typeID uint32, ot OffsetType, limit int, trunc *TruncationParams) (*Encoding, bool, error) {
	if seq.Words == nil {
		return t.encodeText(seq.Text, -1, typeID, ot, limit, trunc)
	}
	encs := make([]*Encoding, 0, len(seq.Words))
	cut := false
	for i, w := range seq.Words {
		e, c, err := t.encodeText(w, i, typeID, ot, limit, trunc)
		if err != nil {
			return nil, false, err
		}
		cut = cut || c
		encs = append(encs, e)
	}
	return MergeEncodings(encs, false), cut, nil
}

func (t *Tokenizer) encodeText(text string, wordIdx int, typeID uint32, ot OffsetType, limit int, trunc *TruncationParams) (*Encoding, bool, error) {
	p, err := t.added.ExtractAndNormalize(t.normalizer, text)
	if err != nil {
		return nil, false, err
	}
	if t.preTokenizer != nil {
		if err := t.preTokenizer.PreTokenize(p); err != nil {
			return nil, false, err
		}
	}
	tokenize := func(n *NormalizedString) ([]Token, error) {
		return t.model.Tokenize(n.Normalized())
	}
	cut := false
	if limit >= 0 {
		n := len(p.Splits())
		if err := p.TokenizeWithLimit(tokenize, limit, trunc.Direction); err != nil {
			return nil, false, err
		}
		cut = len(p.Splits()) < n
	} else if err := p.TokenizeModel(t.model); err != nil {
		return nil, false, err
	}
	enc, err := p.IntoEncoding(wordIdx, typeID, ot)
	return enc, cut, err
}

func (t *Tokenizer) addedTokensCount(isPair bool) int {
	if t.postProcessor == nil {
		return 0
	}
	return t.postProcessor.AddedTokens(isPair)
}

// PostProcess truncates, post-processes and pads the encodings of one input (pair may
// be nil), as the reference's post_process: truncation takes the post-processor's
// special tokens into account when addSpecialTokens (and, as the reference built
// without overflow checks, does not truncate at all when max_length is below their
// number); what it cuts off goes to the result's Overflowing, each window
// post-processed like the main encoding.
func (t *Tokenizer) PostProcess(enc, pair *Encoding, addSpecialTokens bool) (*Encoding, error) {
	return t.postProcess(enc, pair, addSpecialTokens, true)
}

func (t *Tokenizer) postProcess(enc, pair *Encoding, addSpecialTokens, pad bool) (*Encoding, error) {
	if t.truncation != nil {
		params := *t.truncation
		truncate := true
		if n := t.addedTokensCount(pair != nil); addSpecialTokens && n > 0 {
			// The reference subtracts in usize: below n, max_length wraps around to a
			// length that nothing reaches.
			truncate = params.MaxLength >= n
			params.MaxLength -= n
		}
		if truncate {
			var err error
			if enc, pair, err = TruncateEncodings(enc, pair, &params); err != nil {
				return nil, err
			}
		}
	}
	var final *Encoding
	if t.postProcessor != nil {
		encs := []*Encoding{enc}
		if pair != nil {
			encs = append(encs, pair)
		}
		for i, e := range encs {
			e.SetSequenceID(i)
			for _, o := range e.Overflowing {
				o.SetSequenceID(i)
			}
			for j := range e.TypeIDs {
				e.TypeIDs[j] = uint32(i)
			}
		}
		out, err := t.postProcessor.ProcessEncodings(encs, addSpecialTokens)
		if err != nil {
			return nil, err
		}
		if len(out) == 1 && len(out[0].Overflowing) == 0 && out[0].Len() > 0 {
			final = out[0] // a new Encoding already: merging would only copy it
		} else {
			final = MergeEncodings(out, false)
		}
	} else if pair != nil {
		enc.SetSequenceID(0)
		pair.SetSequenceID(1)
		final = MergeEncodings([]*Encoding{enc, pair}, false)
	} else {
		final = enc
	}
	if pad && t.padding != nil {
		if err := PadEncodings([]*Encoding{final}, t.padding); err != nil {
			return nil, err
		}
	}
	return final, nil
}

// Decode turns ids back into text (the reference's decode): ids are looked up among the
// added tokens then in the model (unknown ids are skipped), special tokens are dropped
// when skipSpecialTokens, and the decoder (or a space join without one) makes the text.
func (t *Tokenizer) Decode(ids []uint32, skipSpecialTokens bool) (string, error) {
	tokens := make([]string, 0, len(ids))
	for _, id := range ids {
		s, ok := t.IDToToken(id)
		if !ok {
			continue
		}
		if skipSpecialTokens && t.added.special[s] {
			continue
		}
		tokens = append(tokens, s)
	}
	if t.decoder == nil {
		return strings.Join(tokens, " "), nil
	}
	pieces, err := t.decoder.DecodeChain(tokens)
	if err != nil {
		return "", err
	}
	return strings.Join(pieces, ""), nil
}
