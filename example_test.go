package fasttok_test

// The examples use testdata/example/tokenizer.json, a small BERT-like tokenizer
// (testdata/example/make.js writes it). Their outputs are the reference's (Hugging
// Face tokenizers 0.23.2): testdata/example/README.md says how they were checked.

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/fasttok/fasttok"
)

// The whole API in a few lines: load, encode, read ids, tokens and offsets, decode.
func Example() {
	tok, err := fasttok.Load("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tok.Encode("Hello, world!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.IDs)
	fmt.Println(enc.Tokens)
	fmt.Println(enc.Offsets)
	text, err := tok.Decode(enc.IDs, true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(text)
	// Output:
	// [2 18 6 19 5 3]
	// [[CLS] hello , world ! [SEP]]
	// [{0 0} {0 5} {5 6} {7 12} {12 13} {0 0}]
	// hello, world!
}

func ExampleLoad() {
	// A tokenizer.json, or a tokenizer.json.gz.
	tok, err := fasttok.Load("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.VocabSize(true))
	// Output: 54
}

func ExampleLoadBytes() {
	data, err := os.ReadFile("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	tok, err := fasttok.LoadBytes(data)
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tok.Encode("The cat sat on the mat.")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	// Output: [[CLS] the cat sat on the mat . [SEP]]
}

func ExampleLoadWithLimits() {
	// A server loading files from anywhere can tighten the limits.
	_, err := fasttok.LoadWithLimits("testdata/example/tokenizer.json", fasttok.Limits{MaxVocab: 50})
	fmt.Println(err)
	// Output: testdata/example/tokenizer.json: model.vocab: 54 entries exceed Limits.MaxVocab (50)
}

func ExampleFromPretrained() {
	// FromPretrained reads the local Hugging Face cache; here a made-up one, laid out as
	// huggingface_hub lays it out.
	cache, err := os.MkdirTemp("", "hub")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(cache)
	repo := filepath.Join(cache, "models--fasttok--example")
	hash := "0123456789abcdef0123456789abcdef01234567"
	data, err := os.ReadFile("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	os.MkdirAll(filepath.Join(repo, "refs"), 0o755)
	os.WriteFile(filepath.Join(repo, "refs", "main"), []byte(hash), 0o644)
	os.MkdirAll(filepath.Join(repo, "snapshots", hash), 0o755)
	os.WriteFile(filepath.Join(repo, "snapshots", hash, "tokenizer.json"), data, 0o644)
	old, had := os.LookupEnv("HF_HUB_CACHE")
	os.Setenv("HF_HUB_CACHE", cache)
	defer func() {
		if had {
			os.Setenv("HF_HUB_CACHE", old)
		} else {
			os.Unsetenv("HF_HUB_CACHE")
		}
	}()

	tok, err := fasttok.FromPretrained("fasttok/example")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tok.Encode("How are you?")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)

	_, err = fasttok.FromPretrained("fasttok/missing")
	fmt.Println(err != nil)
	// Output:
	// [[CLS] how are you ? [SEP]]
	// true
}

func ExamplePair() {
	tok, err := fasttok.Load("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	enc, err := tok.EncodeInput(fasttok.Pair("Where is Tokyo?", "Tokyo is in Japan."), fasttok.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.TypeIDs)
	// Output:
	// [[CLS] where is tokyo ? [SEP] tokyo is in japan . [SEP]]
	// [0 0 0 0 0 0 1 1 1 1 1 1]
}

func ExampleLoadReader() {
	f, err := os.Open("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	tok, err := fasttok.LoadReader(f)
	if err != nil {
		log.Fatal(err)
	}
	n, err := tok.Count("I am fine.", fasttok.EncodeOptions{NoSpecialTokens: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
	// Output: 4
}

func ExampleResolvePretrained() {
	restore := exampleHubCache("fasttok/example") // a made-up cache, as in ExampleFromPretrained
	defer restore()

	path, err := fasttok.ResolvePretrained("fasttok/example")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(filepath.Dir(path)), filepath.Base(path))

	// Nothing is downloaded: a model that is not in the cache is an error listing where
	// it looked.
	_, err = fasttok.ResolvePretrained("fasttok/missing@v2")
	fmt.Println(errors.Is(err, fasttok.ErrNotCached))
	// Output:
	// 0123456789abcdef0123456789abcdef01234567 tokenizer.json
	// true
}

// exampleHubCache makes a Hugging Face hub cache holding testdata/example/tokenizer.json
// as the model repo, points HF_HUB_CACHE at it, and returns what undoes both.
func exampleHubCache(repo string) (restore func()) {
	cache, err := os.MkdirTemp("", "hub")
	if err != nil {
		log.Fatal(err)
	}
	dir := filepath.Join(cache, "models--"+strings.ReplaceAll(repo, "/", "--"))
	hash := "0123456789abcdef0123456789abcdef01234567"
	data, err := os.ReadFile("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "refs"), 0o755)
	os.WriteFile(filepath.Join(dir, "refs", "main"), []byte(hash), 0o644)
	os.MkdirAll(filepath.Join(dir, "snapshots", hash), 0o755)
	os.WriteFile(filepath.Join(dir, "snapshots", hash, "tokenizer.json"), data, 0o644)
	old, had := os.LookupEnv("HF_HUB_CACHE")
	os.Setenv("HF_HUB_CACHE", cache)
	return func() {
		if had {
			os.Setenv("HF_HUB_CACHE", old)
		} else {
			os.Unsetenv("HF_HUB_CACHE")
		}
		os.RemoveAll(cache)
	}
}

func ExampleWords() {
	tok, err := fasttok.Load("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	// Text already split into words: each word is normalized, pre-tokenized and
	// tokenized alone, and the word ids follow the words given.
	enc, err := tok.EncodeInput(fasttok.Words("My", "name", "is", "Tokyo."), fasttok.EncodeOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Tokens)
	fmt.Println(enc.WordIDs)
	// Output:
	// [[CLS] my name is tokyo . [SEP]]
	// [-1 0 1 2 3 3 -1]
}

func ExampleLoadBytesWithLimits() {
	data, err := os.ReadFile("testdata/example/tokenizer.json")
	if err != nil {
		log.Fatal(err)
	}
	lim := fasttok.DefaultLimits()
	lim.MaxAddedTokens = 4
	_, err = fasttok.LoadBytesWithLimits(data, lim)
	fmt.Println(err)
	var le *fasttok.LimitError
	if errors.As(err, &le) {
		fmt.Println(le.Limit, le.Value, le.Max)
	}
	// Output:
	// added_tokens: 5 entries exceed Limits.MaxAddedTokens (4)
	// MaxAddedTokens 5 4
}
