package tokenizer_test

// The examples use ../testdata/example/tokenizer.json, a small BERT-like tokenizer
// (../testdata/example/make.js writes it). Their outputs are the reference's (Hugging
// Face tokenizers 0.23.2): ../testdata/example/README.md says how they were checked.

import (
	"context"
	"fmt"
	"log"

	"github.com/fasttok/fasttok"
	"github.com/fasttok/fasttok/tokenizer"
)

func exampleTokenizer() *tokenizer.Tokenizer {
	tok, err := fasttok.Load("../testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	return tok
}

func ExampleTokenizer_Encode() {
	tok := exampleTokenizer()
	enc, err := tok.Encode("Tokenizers are fast.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.IDs)
	fmt.Println(enc.Tokens)
	fmt.Println(enc.Offsets) // byte offsets into the text
	fmt.Println(enc.WordIDs) // -1: a special token
	// Output:
	// [2 29 30 31 21 28 7 3]
	// [[CLS] token ##izer ##s are fast . [SEP]]
	// [{0 0} {0 5} {5 9} {9 10} {11 14} {15 19} {19 20} {0 0}]
	// [-1 0 0 0 1 2 3 -1]
}

func ExampleTokenizer_EncodePair() {
	tok := exampleTokenizer()
	enc, err := tok.EncodePair("What is the capital of France?", "Paris is the capital of France.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.TypeIDs)
	fmt.Println(enc.SequenceIDs()) // -1: a special token
	// Output:
	// [[CLS] what is the capital of france ? [SEP] paris is the capital of france . [SEP]]
	// [0 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1]
	// [-1 0 0 0 0 0 0 0 -1 1 1 1 1 1 1 1 -1]
}

func ExampleTokenizer_EncodeInput() {
	tok := exampleTokenizer()
	text := "Café au lait"
	in := tokenizer.Input{First: tokenizer.Sequence{Text: text}}

	// Byte offsets (the default): "é" takes 2 bytes.
	enc, err := tok.EncodeInput(in, tokenizer.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens, enc.Offsets)
	o := enc.Offsets[1]
	fmt.Printf("%q\n", text[o.Start:o.End]) // offsets refer to the input, not the normalized text

	// Character offsets, as the Python and Node bindings report them; no special tokens.
	enc, err = tok.EncodeInput(in, tokenizer.EncodeOptions{Offsets: tokenizer.OffsetChars, NoSpecialTokens: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens, enc.Offsets)
	// Output:
	// [[CLS] cafe au lait [SEP]] [{0 0} {0 5} {6 8} {9 13} {0 0}]
	// "Café"
	// [cafe au lait] [{0 4} {5 7} {8 12}]
}

func ExampleTokenizer_EncodeBatch() {
	tok := exampleTokenizer()
	inputs := []tokenizer.Input{
		fasttok.Text("Hello, world!"),
		fasttok.Pair("How are you?", "I am fine."),
		fasttok.Text("The cat sat on the mat."),
	}
	// Encoded on all the CPUs (EncodeOptions.Workers), in input order; cancellable.
	encs, err := tok.EncodeBatch(context.Background(), inputs, tokenizer.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, enc := range encs {
		fmt.Println(enc.IDs)
	}
	// Output:
	// [2 18 6 19 5 3]
	// [2 20 21 22 8 3 23 24 25 7 3]
	// [2 12 13 14 15 12 16 7 3]
}

func ExampleTokenizer_Decode() {
	tok := exampleTokenizer()
	ids := []uint32{2, 37, 38, 39, 5, 3}
	withSpecial, err := tok.Decode(ids, false)
	if err != nil {
		log.Fatal(err)
	}
	text, err := tok.Decode(ids, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(withSpecial)
	fmt.Println(text)
	// Output:
	// [CLS] unbelievable! [SEP]
	// unbelievable!
}

func ExampleTokenizer_DecodeBatch() {
	tok := exampleTokenizer()
	texts, err := tok.DecodeBatch(context.Background(), [][]uint32{
		{2, 18, 6, 19, 5, 3},
		{2, 29, 30, 31, 21, 28, 7, 3},
	}, true, 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range texts {
		fmt.Println(s)
	}
	// Output:
	// hello, world!
	// tokenizers are fast.
}

func ExampleTokenizer_WithTruncation() {
	tok := exampleTokenizer()
	p := tokenizer.DefaultTruncation()
	p.MaxLength = 6 // special tokens included
	p.Stride = 1
	tok, err := tok.WithTruncation(&p)
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tok.Encode("The cat sat on the mat.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	for _, o := range enc.Overflowing { // what was cut off, Stride tokens overlapping
		fmt.Println(o.Tokens)
	}
	// Output:
	// [[CLS] the cat sat on [SEP]]
	// [[CLS] on the mat . [SEP]]
}

func ExampleTokenizer_WithPadding() {
	tok := exampleTokenizer()
	p := tokenizer.DefaultPadding() // BatchLongest, on the right, with [PAD] (id 0)
	p.PadToMultipleOf = 4
	tok = tok.WithPadding(&p)
	encs, err := tok.EncodeBatchTexts(context.Background(), []string{"Hello!", "How are you?"}, tokenizer.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, enc := range encs {
		fmt.Println(enc.IDs, enc.AttentionMask)
	}
	// Output:
	// [2 18 5 3 0 0 0 0] [1 1 1 1 0 0 0 0]
	// [2 20 21 22 8 3 0 0] [1 1 1 1 1 1 0 0]
}

func ExampleTokenizer_AppendIDs() {
	tok := exampleTokenizer()
	// The ids alone, appended to a buffer that is reused: the fast path for training
	// data. The same ids as Encode's.
	var buf []uint32
	for _, text := range []string{"Hello, world!", "I am fine."} {
		var err error
		buf, err = tok.AppendIDs(buf[:0], text, tokenizer.EncodeOptions{NoSpecialTokens: true})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(buf)
	}
	// Output:
	// [18 6 19 5]
	// [23 24 25 7]
}

func ExampleTokenizer_AppendIDsBatch() {
	tok := exampleTokenizer()
	texts := []string{"Hello, world!", "The cat sat on the mat."}
	// The ids of all the texts in one slice, encoded on all the CPUs (the work split
	// by bytes); ends[i] is where those of texts[i] end.
	ids, ends, err := tok.AppendIDsBatch(context.Background(), nil, texts, tokenizer.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	start := 0
	for _, end := range ends {
		fmt.Println(ids[start:end])
		start = end
	}
	// Output:
	// [2 18 6 19 5 3]
	// [2 12 13 14 15 12 16 7 3]
}

func ExampleTokenizer_Count() {
	tok := exampleTokenizer()
	n, err := tok.Count("The cat sat on the mat.", tokenizer.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
	// Output: 9
}

func ExampleTokenizer_NewDecodeStream() {
	tok := exampleTokenizer()
	// As a model generates ids one by one: each step prints the text it completes.
	stream := tok.NewDecodeStream(true)
	for _, id := range []uint32{2, 29, 30, 31, 21, 28, 7, 3} {
		text, ok, err := stream.Step(id)
		if err != nil {
			log.Fatal(err)
		}
		if ok {
			fmt.Printf("%q\n", text)
		}
	}
	// Output:
	// "token"
	// "izer"
	// "s"
	// " are"
	// " fast"
	// "."
}

func ExampleTokenizer_EncodeBytes() {
	tok := exampleTokenizer()
	b := []byte("caf\xe9 au lait") // Latin-1, not UTF-8
	_, err := tok.EncodeBytes(b, tokenizer.EncodeOptions{})
	fmt.Println(err)
	// Lossy: each invalid sequence becomes U+FFFD (3 bytes), and the offsets refer to
	// that text, "caf\uFFFD au lait".
	enc, err := tok.EncodeBytes(b, tokenizer.EncodeOptions{Lossy: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens, enc.Offsets)
	// Output:
	// input is not valid UTF-8 (first invalid byte at offset 3)
	// [[CLS] [UNK] au lait [SEP]] [{0 0} {0 3} {7 9} {10 14} {0 0}]
}
