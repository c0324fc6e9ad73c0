package fasttok_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/fasttok/fasttok"
)

// TestScenarios runs the small tokenizers of testdata/scenarios (NAME.json) on their
// inputs (NAME.input.jsonl) and compares with the reference's outputs made by
// testdata/make-scenarios.sh: NAME.golden.jsonl, NAME.nospecial.golden.jsonl and
// NAME.decode.golden.jsonl. These need no ../shared.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatal("no scenarios under testdata/scenarios")
	}
	for _, f := range files {
		name := strings.TrimSuffix(f, ".json")
		t.Run(filepath.Base(name), func(t *testing.T) {
			tok, err := fasttok.Load(f)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			checkEncode(t, tok, name+".input.jsonl", name+".golden.jsonl", false)
			checkEncode(t, tok, name+".input.jsonl", name+".nospecial.golden.jsonl", true)
			checkDecode(t, tok, name+".decode.golden.jsonl")
		})
	}
}
