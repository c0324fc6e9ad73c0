package scan

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"
)

// The reference itself, not regexp2: testdata/reference_digests.json holds, per pattern, the
// SHA-256 of the reference's matches (Split with behavior Removed and invert, whose pieces are
// exactly the matches of find_iter) on every valid UTF-8 text of adversarial(3000). Regenerate
// (needs node and the reference installed by /work/shared/reference/setup.sh) with:
//
//	FASTTOK_SCAN_GEN=1 FASTTOK_REF_DIR=/root/.cache/fasttok-ref go test -run TestReferenceDigests .
//
// WhitespacePreTokenizer is compared likewise with the reference's Whitespace pre-tokenizer.
// When regenerating, every text is also compared with the scanners one by one, and so are the
// texts of FASTTOK_SHARED if set (not recorded).

const refDigestFile = "testdata/reference_digests.json"

type refDigest struct {
	Texts  int    `json:"texts"`
	SHA256 string `json:"sha256"`
}

func referenceTexts() []string {
	var out []string
	for _, s := range adversarial(3000) {
		if utf8.ValidString(s) {
			out = append(out, s)
		}
	}
	return out
}

// digest hashes the matches of every text.
func digest(all [][][2]int) string {
	h := sha256.New()
	var buf [8]byte
	for _, spans := range all {
		binary.LittleEndian.PutUint64(buf[:], uint64(len(spans)))
		h.Write(buf[:])
		for _, sp := range spans {
			binary.LittleEndian.PutUint32(buf[:4], uint32(sp[0]))
			binary.LittleEndian.PutUint32(buf[4:], uint32(sp[1]))
			h.Write(buf[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestReferenceDigests(t *testing.T) {
	texts := referenceTexts()
	if os.Getenv("FASTTOK_SCAN_GEN") != "" {
		if os.Getenv("FASTTOK_SHARED") != "" {
			// Also compare all the shared texts with the reference (not recorded).
			var shared []string
			for _, f := range []string{"smoke.jsonl", "corpus.jsonl", "speed-en.jsonl", "speed-multi.jsonl"} {
				shared = append(shared, sharedTexts(t, f)...)
			}
			referenceRun(t, shared)
		}
		digests := referenceRun(t, texts)
		data, _ := json.MarshalIndent(digests, "", "  ")
		if err := os.WriteFile(refDigestFile, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(refDigestFile)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]refDigest
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for _, nm := range append(slices.Clone(named), struct{ name, pattern string }{"WhitespacePreTokenizer", ""}) {
		w, ok := want[nm.name]
		if !ok {
			t.Errorf("%s: no reference digest", nm.name)
			continue
		}
		if w.Texts != len(texts) {
			t.Fatalf("%s: digest made on %d texts, have %d", nm.name, w.Texts, len(texts))
		}
		f, _ := Lookup(nm.pattern)
		if nm.pattern == "" {
			f = WhitespacePreTokenizer
		}
		all := make([][][2]int, len(texts))
		for i, s := range texts {
			all[i] = f(nil, s)
		}
		if got := digest(all); got != w.SHA256 {
			t.Errorf("%s: matches differ from the reference's (regenerate with FASTTOK_SCAN_GEN=1 to see where)", nm.name)
		}
	}
}

const refJS = `
const path = require('path');
const { Tokenizer } = require(path.join(process.env.FASTTOK_REF_DIR, 'node_modules', 'tokenizers'));
const rl = require('readline').createInterface({ input: process.stdin });
let pt = null;
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.pattern !== undefined || m.pretok !== undefined) {
    const pre = m.pretok !== undefined ? JSON.parse(m.pretok) :
      {type:'Split',pattern:{Regex:m.pattern},behavior:'Removed',invert:true};
    pt = Tokenizer.fromString(JSON.stringify({version:'1.0',truncation:null,padding:null,added_tokens:[],
      normalizer:null,pre_tokenizer:pre,
      post_processor:null,decoder:null,model:{type:'WordLevel',vocab:{'[UNK]':0},unk_token:'[UNK]'}})).getPreTokenizer();
    return;
  }
  process.stdout.write(JSON.stringify(pt.preTokenizeString(m.text).map(p => p[1])) + '\n');
});
`

// referenceRun compares the scanners with the reference on texts and returns the digests of
// the reference's matches.
func referenceRun(t *testing.T, texts []string) map[string]refDigest {
	dir := os.Getenv("FASTTOK_REF_DIR")
	if dir == "" {
		t.Fatal("FASTTOK_REF_DIR is unset")
	}
	js := filepath.Join(t.TempDir(), "ref.js")
	if err := os.WriteFile(js, []byte(refJS), 0o644); err != nil {
		t.Fatal(err)
	}
	// Each pattern as a Split regex (Oniguruma), then the Whitespace pre-tokenizer itself
	// (Rust's regex crate), which must give the same pieces as the Whitespace scanner.
	runs := append(slices.Clone(named), struct{ name, pattern string }{"WhitespacePreTokenizer", Whitespace})
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for k, nm := range runs {
		if k == len(named) {
			enc.Encode(map[string]string{"pretok": `{"type":"Whitespace"}`})
		} else {
			enc.Encode(map[string]string{"pattern": nm.pattern})
		}
		for _, s := range texts {
			enc.Encode(map[string]string{"text": s})
		}
	}
	cmd := exec.Command("node", js)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	digests := map[string]refDigest{}
	for k, nm := range runs {
		f, _ := Lookup(nm.pattern)
		all := make([][][2]int, len(texts))
		bad := 0
		for i, s := range texts {
			if !sc.Scan() {
				t.Fatal("short node output")
			}
			var chars [][2]int
			if err := json.Unmarshal(sc.Bytes(), &chars); err != nil {
				t.Fatal(err)
			}
			// Char offsets to byte offsets.
			offs := []int{}
			for j := range s {
				offs = append(offs, j) // the binding's offsets count Unicode scalars
			}
			offs = append(offs, len(s))
			spans := [][2]int{}
			for _, c := range chars {
				spans = append(spans, [2]int{offs[c[0]], offs[c[1]]})
			}
			all[i] = spans
			if k == len(named) {
				f = WhitespacePreTokenizer
			}
			if got := f(nil, s); !slices.Equal(got, spans) && !(len(got) == 0 && len(spans) == 0) {
				if bad++; bad <= 10 {
					t.Errorf("%s on %q: got %v, reference %v", nm.name, s, got, spans)
				}
			}
		}
		for i := range all {
			if len(all[i]) == 0 {
				all[i] = nil
			}
		}
		digests[nm.name] = refDigest{len(texts), digest(all)}
		t.Logf("%s: %d texts, %d differ from the reference", nm.name, len(texts), bad)
	}
	return digests
}
