package tokenizer

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/fasttok/fasttok/internal/jsonutil"
)

// The component packages (normalizers, pretokenizers, models/..., processors, decoders)
// register a constructor for each `type` of tokenizer.json they implement; loading
// looks the constructors up here. Importing github.com/fasttok/fasttok registers all of
// them.

type registry[T any] struct {
	kind      string
	mu        sync.RWMutex
	factories map[string]func([]byte) (T, error)
	// untagged is the order in which the reference tries the variants of a component
	// that has no "type" field (its `*Untagged` enums).
	untagged []string
	// unknownAsUntagged: a "type" the reference does not know is tried as if there were
	// none (normalizers, pre-tokenizers and decoders: their tagged helper falls back to
	// the untagged enum, whose variants check their own "type").
	unknownAsUntagged bool
	// ignoreType: the reference reads this kind by shape alone (post-processors: an
	// untagged enum whose variants check their own "type" where they have one).
	ignoreType bool
}

func (r *registry[T]) register(typ string, f func([]byte) (T, error)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.factories == nil {
		r.factories = map[string]func([]byte) (T, error){}
	}
	r.factories[typ] = f
}

func (r *registry[T]) lookup(typ string) (func([]byte) (T, error), bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	f, ok := r.factories[typ]
	return f, ok
}

func (r *registry[T]) known() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.factories))
	for n := range r.factories {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (r *registry[T]) parse(data []byte) (T, error) {
	var zero T
	if jsonutil.IsNull(data) {
		return zero, nil
	}
	var head struct {
		Type *string `json:"type"`
	}
	if err := jsonutil.Unmarshal(data, &head); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			if typ.Field == "type" {
				return zero, WrapPath(fmt.Errorf("want a string, got a JSON %s", typ.Value), "type")
			}
			return zero, fmt.Errorf("want a JSON object (a %s with its \"type\"), got a JSON %s", r.kind, typ.Value)
		}
		return zero, err
	}
	if head.Type != nil && !r.ignoreType {
		f, ok := r.lookup(*head.Type)
		if !ok && r.unknownAsUntagged {
			if v, err := r.parseUntagged(data); err == nil {
				return v, nil
			}
		}
		if !ok {
			return zero, WrapPath(fmt.Errorf("unknown %s type %q (known: %s)", r.kind, *head.Type, r.known()), "type")
		}
		return f(data)
	}
	return r.parseUntagged(data)
}

// parseUntagged tries each variant in the reference's order; the first that fits wins.
func (r *registry[T]) parseUntagged(data []byte) (T, error) {
	var zero T
	var errs []error
	for _, name := range r.untagged {
		f, ok := r.lookup(name)
		if !ok {
			continue
		}
		v, err := f(data)
		if err == nil {
			return v, nil
		}
		errs = append(errs, fmt.Errorf("as %s: %w", name, err))
	}
	return zero, fmt.Errorf("%s without \"type\" matches none of its variants: %w", r.kind, errors.Join(errs...))
}

var (
	normalizerRegistry = registry[Normalizer]{kind: "normalizer", unknownAsUntagged: true, untagged: []string{
		"BertNormalizer", "Strip", "StripAccents", "NFC", "NFD", "NFKC", "NFKD", "Sequence",
		"Lowercase", "Nmt", "Precompiled", "Replace", "Prepend", "ByteLevel"}}
	preTokenizerRegistry = registry[PreTokenizer]{kind: "pre_tokenizer", unknownAsUntagged: true, untagged: []string{
		"BertPreTokenizer", "ByteLevel", "Delimiter", "Metaspace", "Whitespace", "Sequence",
		"Split", "Punctuation", "WhitespaceSplit", "Digits", "UnicodeScripts", "FixedLength"}}
	modelRegistry = registry[Model]{kind: "model", untagged: []string{
		"BPE", "WordPiece", "WordLevel", "Unigram"}}
	postProcessorRegistry = registry[PostProcessor]{kind: "post_processor", ignoreType: true, untagged: []string{
		"RobertaProcessing", "BertProcessing", "ByteLevel", "TemplateProcessing", "Sequence"}}
	decoderRegistry = registry[Decoder]{kind: "decoder", unknownAsUntagged: true, untagged: []string{
		"BPEDecoder", "ByteLevel", "WordPiece", "Metaspace", "CTC", "Sequence", "Replace",
		"Fuse", "Strip", "ByteFallback"}}
)

// RegisterNormalizer registers the constructor of the normalizer whose tokenizer.json
// "type" is typ. The constructor gets the component's whole JSON object.
func RegisterNormalizer(typ string, f func(data []byte) (Normalizer, error)) {
	normalizerRegistry.register(typ, f)
}

// RegisterPreTokenizer registers the constructor of a pre-tokenizer type.
func RegisterPreTokenizer(typ string, f func(data []byte) (PreTokenizer, error)) {
	preTokenizerRegistry.register(typ, f)
}

// RegisterModel registers the constructor of a model type.
func RegisterModel(typ string, f func(data []byte) (Model, error)) {
	modelRegistry.register(typ, f)
}

// RegisterPostProcessor registers the constructor of a post-processor type.
func RegisterPostProcessor(typ string, f func(data []byte) (PostProcessor, error)) {
	postProcessorRegistry.register(typ, f)
}

// RegisterDecoder registers the constructor of a decoder type.
func RegisterDecoder(typ string, f func(data []byte) (Decoder, error)) {
	decoderRegistry.register(typ, f)
}

// ParseNormalizer builds a normalizer from its JSON (nil for null). Sequence components
// use it for their children; errors carry the JSON path inside data.
func ParseNormalizer(data []byte) (Normalizer, error) { return normalizerRegistry.parse(data) }

// ParsePreTokenizer builds a pre-tokenizer from its JSON (nil for null).
func ParsePreTokenizer(data []byte) (PreTokenizer, error) { return preTokenizerRegistry.parse(data) }

// ParseModel builds a model from its JSON.
func ParseModel(data []byte) (Model, error) { return modelRegistry.parse(data) }

// ParsePostProcessor builds a post-processor from its JSON (nil for null).
func ParsePostProcessor(data []byte) (PostProcessor, error) {
	return postProcessorRegistry.parse(data)
}

// ParseDecoder builds a decoder from its JSON (nil for null).
func ParseDecoder(data []byte) (Decoder, error) { return decoderRegistry.parse(data) }
