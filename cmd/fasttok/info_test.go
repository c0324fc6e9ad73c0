package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

func runInfoCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runInfo(args, strings.NewReader(""), &out, &errb)
	if errb.Len() > 0 {
		t.Errorf("info %v wrote on stderr: %q", args, errb.String())
	}
	return out.String(), err
}

// infoReference is what --json must say of each tokenizer of the tests (the
// reference's vocabulary sizes and re-serialized sections, large values left out),
// made with
//
//	node testdata/info.reference.js embedded=gpt2.json.gz \
//	  NAME=$FASTTOK_SHARED/assets/tokenizers/NAME.json.gz ... > testdata/info.reference.json
//
// for the NAMEs all-MiniLM-L6-v2 bert-base-uncased t5-small llama3 xlnet-base-cased
// qwen3 hf-tokenizer-wiki clip.
func infoReference(t *testing.T) map[string]map[string]any {
	t.Helper()
	var m map[string]map[string]any
	if err := json.Unmarshal([]byte(readFile(t, "testdata/info.reference.json")), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkInfoJSON checks a --json output: one object on one line, with the fields the
// reference gives (want) and the tokenizer's source.
func checkInfoJSON(t *testing.T, name, source, out string, want map[string]any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	var got map[string]any
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%s: --json output: %v\n%s", name, err, out)
	}
	if dec.More() || !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("%s: --json output is not one object on a line", name)
	}
	if got["tokenizer"] != source {
		t.Errorf("%s: tokenizer %q, want %q", name, got["tokenizer"], source)
	}
	delete(got, "tokenizer")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: --json differs from the reference's (-reference +info):\n%s", name, diff)
	}
}

// The embedded tokenizer, described in text and in JSON.
func TestInfoEmbedded(t *testing.T) {
	out, err := runInfoCLI(t)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"tokenizer       embedded GPT-2\n",
		"model           BPE  dropout=null  unk_token=null  continuing_subword_prefix=\"\"  end_of_word_suffix=\"\"  fuse_unk=false  byte_fallback=false  ignore_merges=false  vocab=<50257 entries>  merges=<50000 entries>\n",
		"vocab size      50257 (50257 with added tokens)\n",
		"normalizer      none\n",
		"pre-tokenizer   ByteLevel  add_prefix_space=false  trim_offsets=true  use_regex=true\n",
		"added tokens    1 (1 special)\n                50256  \"<|endoftext|>\"  special  normalized\n",
		"truncation      none\npadding         none\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
	js, err := runInfoCLI(t, "--json")
	if err != nil {
		t.Fatal(err)
	}
	checkInfoJSON(t, "embedded", "embedded GPT-2", js, infoReference(t)["embedded"])
}

// Real tokenizers: Sequence trees, templates, patterns, added tokens, truncation and
// padding; --json against the reference.
func TestInfoShared(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "assets", "tokenizers")
	// The text form of a few.
	texts := map[string][]string{
		"bert-base-uncased": {
			"post-processor  TemplateProcessing  single=\"[CLS]:0 $A:0 [SEP]:0\"  pair=\"[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1\"  special_tokens=<2 entries>\n",
			"added tokens    5 (5 special)\n                  0  \"[PAD]\"  special\n                100  \"[UNK]\"  special\n",
		},
		"xlnet-base-cased": {
			"normalizer      Sequence\n                ├─ Replace  pattern=String(\"``\")  content=\"\\\"\"\n",
		},
		"llama3": {
			"vocab size      128000 (128256 with added tokens)\n",
			"pre-tokenizer   Sequence\n                ├─ Split  pattern=Regex(`(?i:'s|'t|'re|'ve|'m|'ll|'d)|",
			"                └─ ByteLevel  add_prefix_space=false  trim_offsets=true  use_regex=false\n",
			"                128009  \"<|eot_id|>\"  special\n",
		},
		"t5-small": {
			"normalizer      Precompiled  precompiled_charsmap=<316720-character string>\n",
		},
		"all-MiniLM-L6-v2": {
			"truncation      direction=\"Right\"  max_length=256  strategy=\"LongestFirst\"  stride=0\n",
			"padding         strategy=\"BatchLongest\"  direction=\"Right\"  pad_to_multiple_of=null  pad_id=0  pad_type_id=0  pad_token=\"[PAD]\"\n",
		},
	}
	for name, want := range infoReference(t) {
		if name == "embedded" {
			continue
		}
		path := filepath.Join(dir, name+".json.gz")
		if texts[name] == nil {
			js, err := runInfoCLI(t, "--tokenizer", path, "--json")
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			checkInfoJSON(t, name, path, js, want)
			continue
		}
		// Both forms from one load (the command line's parsing is TestInfoArgs').
		tok, err := loadTokenizer(path)
		if err != nil {
			t.Fatal(err)
		}
		info, err := describeTokenizer(tok)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		info.source = path
		js, err := info.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkInfoJSON(t, name, path, string(js)+"\n", want)
		out := string(info.appendText(nil))
		for _, w := range texts[name] {
			if !strings.Contains(out, w) {
				t.Errorf("%s: info lacks %q:\n%.3000s", name, w, out)
			}
		}
	}
}

func TestInfoArgs(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"--bogus"}, true, "bogus"},
		{[]string{"a", "b"}, true, `unexpected argument "b"`},
		{[]string{"--tokenizer", "a", "b"}, true, "two tokenizers"},
		{[]string{filepath.Join(dir, "missing.json")}, false, "missing.json"},
	} {
		_, err := runInfoCLI(t, c.args...)
		var ue usageError
		if err == nil || errors.As(err, &ue) != c.usage || !strings.Contains(err.Error(), c.want) {
			t.Errorf("info %q = %v, want a usage error (%v) with %q", c.args, err, c.usage, c.want)
		}
	}
	// The tokenizer as the argument, flags after it.
	out, err := runInfoCLI(t, "nonexistent-model-name", "--json")
	if err == nil || !strings.Contains(err.Error(), "nonexistent-model-name") {
		t.Errorf("info of a missing model = %v, %q", err, out)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"model": {"type": "Nope"}}`), 0o644)
	if _, err := runInfoCLI(t, bad, "--json"); err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("info of an invalid tokenizer = %v", err)
	}
}
