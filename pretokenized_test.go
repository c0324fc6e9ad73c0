package fasttok_test

import (
	"reflect"
	"testing"

	"github.com/fasttok/fasttok/tokenizer"
)

// TestPreTokenizedInput: the reference's own test of pre-tokenized input
// (bindings/python/tests/bindings/test_tokenizer.py, test_encode_formats, on BERT's
// vocabulary): each word is encoded alone, word ids follow the words, and offsets are
// relative to each word. (The Node binding that golden.js drives cannot take
// pre-tokenized input, so these expectations are the Python test's.)
func TestPreTokenizedInput(t *testing.T) {
	tok := benchTokenizer(t, "bert-base-uncased")
	words := []string{"my", "name", "is", "john"}
	enc, err := tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Words: words}}, tokenizer.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"[CLS]", "my", "name", "is", "john", "[SEP]"}; !reflect.DeepEqual(enc.Tokens, want) {
		t.Errorf("tokens = %v, want %v", enc.Tokens, want)
	}
	if want := []int{-1, 0, 1, 2, 3, -1}; !reflect.DeepEqual(enc.WordIDs, want) {
		t.Errorf("word ids = %v, want %v", enc.WordIDs, want)
	}
	if want := []tokenizer.Offsets{{End: 0}, {End: 2}, {End: 4}, {End: 2}, {End: 4}, {End: 0}}; !reflect.DeepEqual(enc.Offsets, want) {
		t.Errorf("offsets = %v, want %v", enc.Offsets, want)
	}
	enc, err = tok.EncodeInput(tokenizer.Input{First: tokenizer.Sequence{Words: words}, Second: &tokenizer.Sequence{Words: []string{"pair"}}}, tokenizer.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"[CLS]", "my", "name", "is", "john", "[SEP]", "pair", "[SEP]"}; !reflect.DeepEqual(enc.Tokens, want) {
		t.Errorf("pair tokens = %v, want %v", enc.Tokens, want)
	}
}
