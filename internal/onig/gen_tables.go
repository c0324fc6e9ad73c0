//go:build ignore

// gen_tables.go generates tables_gen.go: the exact code point sets that the reference's
// Oniguruma (tokenizers 0.23.2 through its Node binding; Unicode 16) gives to every character
// property, POSIX bracket and class escape that package onig translates, stored as a difference
// against Go's unicode tables when one of those has the same name. Grapheme cluster break
// classes (for \X, which Oniguruma exposes no property for) come from the Unicode data files
// of Debian's unicode-data package.
//
// Run with: FASTTOK_REF_DIR=/root/.cache/fasttok-ref go run gen_tables.go
// (needs node, the reference installed by /work/shared/reference/setup.sh, and
// /usr/share/unicode from `apt-get install unicode-data`).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

const oracleJS = `
const path = require('path');
const dir = process.env.FASTTOK_REF_DIR || path.join(require('os').homedir(), '.cache', 'fasttok-ref');
const { Tokenizer } = require(path.join(dir, 'node_modules', 'tokenizers'));
function mk(p) {
  return Tokenizer.fromString(JSON.stringify({version:'1.0',truncation:null,padding:null,added_tokens:[],normalizer:null,
    pre_tokenizer:{type:'Split',pattern:{Regex:p},behavior:'Removed',invert:false},post_processor:null,decoder:null,
    model:{type:'WordLevel',vocab:{'[UNK]':0},unk_token:'[UNK]'}})).getPreTokenizer();
}
const queries = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const chunks = [];
for (let base = 0; base <= 0x10FFFF; base += 0x10000) {
  const cps = [];
  for (let c = base; c < base + 0x10000; c++) if (c < 0xD800 || c > 0xDFFF) cps.push(c);
  let s = '';
  for (let i = 0; i < cps.length; i += 4096) s += String.fromCodePoint(...cps.slice(i, i + 4096));
  chunks.push([cps, s]);
}
const out = {};
for (const q of queries) {
  let pt;
  try { pt = mk('(?:' + q.pattern + ')'); } catch (e) { out[q.key] = null; continue; }
  if (!q.members) { out[q.key] = []; continue; }
  const r = [];
  for (const [cps, s] of chunks) {
    const not = new Uint8Array(cps.length);
    for (const [, [a, b]] of pt.preTokenizeString(s)) for (let i = a; i < b; i++) not[i] = 1;
    for (let i = 0; i < cps.length; i++) if (!not[i]) {
      const c = cps[i];
      if (r.length && r[r.length - 1][1] === c - 1) r[r.length - 1][1] = c; else r.push([c, c]);
    }
  }
  out[q.key] = r;
}
process.stdout.write(JSON.stringify(out));
`

type query struct {
	Key     string `json:"key"`
	Pattern string `json:"pattern"`
	Members bool   `json:"members"`
}

type rng [2]rune

func main() {
	ucd := "/usr/share/unicode"
	var qs []query
	add := func(key, pat string, members bool) { qs = append(qs, query{key, pat, members}) }

	// Property names: general categories and scripts with their aliases, binary properties.
	type alias struct{ name, canon string }
	var aliases []alias
	canon := map[string]bool{}
	for _, line := range readLines(filepath.Join(ucd, "PropertyValueAliases.txt")) {
		f := fields(line)
		if len(f) < 3 || (f[0] != "gc" && f[0] != "sc") {
			continue
		}
		c := f[2]
		if f[0] == "gc" {
			c = f[1]
		}
		if c == "Cs" || c == "Unknown" || c == "Zzzz" || c == "Cn" {
			continue
		}
		if !canon[c] {
			canon[c] = true
			add(c, `\p{`+c+`}`, true)
		}
		for _, n := range f[1:] {
			if n != c {
				aliases = append(aliases, alias{n, c})
				add("alias:"+n, `\p{`+n+`}`, false)
			}
		}
	}
	for _, file := range []string{"PropList.txt", "DerivedCoreProperties.txt", "emoji/emoji-data.txt"} {
		for _, line := range readLines(filepath.Join(ucd, file)) {
			f := fields(line)
			if len(f) >= 2 && !canon[f[1]] {
				canon[f[1]] = true
				add(f[1], `\p{`+f[1]+`}`, true)
			}
		}
	}
	for _, n := range []string{"Alnum", "Alpha", "ASCII", "Blank", "Cntrl", "Digit", "Graph", "Lower",
		"Print", "Punct", "Space", "Upper", "XDigit", "Word", "Any", "Assigned", "Cn"} {
		add(n, `\p{`+n+`}`, true)
	}
	for _, n := range []string{"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
		"print", "punct", "space", "upper", "xdigit", "word"} {
		add("posix:"+n, `[[:`+n+`:]]`, true)
	}
	// Blocks: Oniguruma's \p{In_Block_Name}; members from Blocks.txt, accepted names only.
	blocks := map[string]rng{}
	for _, line := range readLines(filepath.Join(ucd, "Blocks.txt")) {
		f := fields(line)
		if len(f) < 2 {
			continue
		}
		lo, hi := parseRange(f[0])
		name := "In_" + strings.NewReplacer(" ", "_", "-", "_").Replace(f[1])
		blocks[name] = rng{lo, hi}
		add("block:"+name, `\p{`+name+`}`, false)
	}
	for _, e := range []string{"w", "d", "s", "h"} {
		add("esc:"+e, `\`+e, true)
		add("cls:"+e, `[\`+e+`]`, true)
	}
	// Standalone \w and \p{Word} differ from their class forms in Latin-1 (² ³ ¹ ¼ ½ ¾).
	add("cls:word", `[\p{Word}]`, true)

	js, err := os.CreateTemp("", "onig-oracle-*.js")
	check(err)
	defer os.Remove(js.Name())
	_, err = js.WriteString(oracleJS)
	check(err)
	check(js.Close())
	in, err := json.Marshal(qs)
	check(err)
	cmd := exec.Command("node", js.Name())
	cmd.Stdin = bytes.NewReader(in)

	cmd.Stderr = os.Stderr
	outJSON, err := cmd.Output()
	check(err)
	var res map[string]*[][2]int
	check(json.Unmarshal(outJSON, &res))

	// Case pairs newer than Go's tables: the (?i) orbit of every letter that Go's L lacks.
	var newLetters []rune
	if l := res["L"]; l != nil {
		var set []rng
		for _, p := range *l {
			set = append(set, rng{rune(p[0]), rune(p[1])})
		}
		for _, r := range diff(normalize(set), fromTable(unicode.L)) {
			for c := r[0]; c <= r[1]; c++ {
				newLetters = append(newLetters, c)
			}
		}
	}
	var fq []query
	for _, c := range newLetters {
		fq = append(fq, query{fmt.Sprintf("%x", c), fmt.Sprintf(`(?i)\x{%x}`, c), true})
	}
	fin, err := json.Marshal(fq)
	check(err)
	cmd = exec.Command("node", js.Name())
	cmd.Stdin = bytes.NewReader(fin)
	cmd.Stderr = os.Stderr
	foldJSON, err := cmd.Output()
	check(err)
	var folds map[string]*[][2]int
	check(json.Unmarshal(foldJSON, &folds))

	var b bytes.Buffer
	b.WriteString("// Code generated by gen_tables.go from the reference's Oniguruma; DO NOT EDIT.\n\npackage onig\n\n")
	b.WriteString("// propData maps a normalized property key to its code points.\nvar propData = map[string]propEntry{\n")
	keys := make([]string, 0, len(res))
	for k, v := range res {
		if v != nil && !strings.HasPrefix(k, "alias:") && !strings.HasPrefix(k, "block:") {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
		}
		return keys[i] < keys[j]
	})
	same := map[string]string{} // literal → first key with it
	dup := map[string]string{}  // key → key with the same set
	for _, k := range keys {
		var set []rng
		for _, p := range *res[k] {
			set = append(set, rng{rune(p[0]), rune(p[1])})
		}
		if k == "Any" || k == "Cn" {
			set = withSurrogates(set, k == "Any")
		}
		base := ""
		name := k
		if name == "Assigned" {
			name = ""
		}
		if t := goTable(name); t != nil {
			base = name
			gs := fromTable(t)
			if k != "Any" {
				set = withSurrogates(set, false)
			}
			addR, delR := diff(set, gs), diff(gs, set)
			sig := base + lit(addR) + lit(delR)
			if first, ok := same[sig]; ok {
				dup[normKey(k)] = normKey(first)
				continue
			}
			same[sig] = k
			fmt.Fprintf(&b, "\t%q: {base: %q, add: %s, del: %s},\n", normKey(k), base, lit(addR), lit(delR))
			continue
		}
		if first, ok := same[lit(set)]; ok {
			dup[normKey(k)] = normKey(first)
			continue
		}
		same[lit(set)] = k
		fmt.Fprintf(&b, "\t%q: {add: %s},\n", normKey(k), lit(set))
	}
	var bk []string
	for name := range blocks {
		if v := res["block:"+name]; v != nil {
			bk = append(bk, name)
		}
	}
	sort.Strings(bk)
	for _, name := range bk {
		r := blocks[name]
		fmt.Fprintf(&b, "\t%q: {add: []rune{0x%x, 0x%x}},\n", normKey(name), r[0], r[1])
	}
	b.WriteString("}\n\n// propAlias maps a normalized property alias to its propData key.\nvar propAlias = map[string]string{\n")
	seen := map[string]bool{}
	var dk []string
	for k := range dup {
		dk = append(dk, k)
	}
	sort.Strings(dk)
	for _, k := range dk {
		seen[k] = true
		fmt.Fprintf(&b, "\t%q: %q,\n", k, dup[k])
	}
	for _, a := range aliases {
		if v, ok := res["alias:"+a.name]; !ok || v == nil || res[a.canon] == nil {
			continue
		}
		k := normKey(a.name)
		if seen[k] || k == normKey(a.canon) {
			continue
		}
		seen[k] = true
		c := normKey(a.canon)
		if d, ok := dup[c]; ok {
			c = d
		}
		fmt.Fprintf(&b, "\t%q: %q,\n", k, c)
	}
	b.WriteString("}\n\n// gcbData is the Grapheme_Cluster_Break property (Unicode data files), for \\X.\nvar gcbData = map[string][]rune{\n")
	gcb := map[string][]rng{}
	for _, line := range readLines(filepath.Join(ucd, "auxiliary/GraphemeBreakProperty.txt")) {
		f := fields(line)
		if len(f) < 2 {
			continue
		}
		lo, hi := parseRange(f[0])
		gcb[f[1]] = append(gcb[f[1]], rng{lo, hi})
	}
	var gk []string
	for k := range gcb {
		gk = append(gk, k)
	}
	sort.Strings(gk)
	for _, k := range gk {
		fmt.Fprintf(&b, "\t%q: %s,\n", k, lit(normalize(gcb[k])))
	}
	b.WriteString("}\n\n// extraFolds lists case folding orbits (code points equal under (?i)) of letters newer\n// than Go's unicode tables.\nvar extraFolds = [][]rune{\n")
	seenOrbit := map[string]bool{}
	for _, c := range newLetters {
		v := folds[fmt.Sprintf("%x", c)]
		if v == nil {
			continue
		}
		var orbit []string
		for _, p := range *v {
			for x := p[0]; x <= p[1]; x++ {
				orbit = append(orbit, fmt.Sprintf("0x%x", x))
			}
		}
		if len(orbit) < 2 || seenOrbit[strings.Join(orbit, ",")] {
			continue
		}
		seenOrbit[strings.Join(orbit, ",")] = true
		fmt.Fprintf(&b, "\t{%s},\n", strings.Join(orbit, ", "))
	}
	b.WriteString("}\n\n// fullFolds maps each code point with a multi-character full case folding (CaseFolding.txt\n// status F) to it.\nvar fullFolds = map[rune]string{\n")
	for _, line := range readLines(filepath.Join(ucd, "CaseFolding.txt")) {
		f := fields(line)
		if len(f) < 3 || f[1] != "F" {
			continue
		}
		c, _ := parseRange(f[0])
		var to []rune
		for _, h := range strings.Fields(f[2]) {
			v, _ := parseRange(h)
			to = append(to, v)
		}
		fmt.Fprintf(&b, "\t0x%x: %q,\n", c, string(to))
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	check(err)
	check(os.WriteFile("tables_gen.go", src, 0o644))
}

func withSurrogates(set []rng, in bool) []rng {
	var out []rng
	for _, r := range set {
		out = append(out, r)
	}
	if in {
		out = append(out, rng{0xD800, 0xDFFF})
	}
	return normalize(out)
}

func goTable(name string) *unicode.RangeTable {
	if name == "" {
		return nil
	}
	if t := unicode.Categories[name]; t != nil {
		return t
	}
	if t := unicode.Scripts[name]; t != nil {
		return t
	}
	return unicode.Properties[name]
}

func fromTable(t *unicode.RangeTable) []rng {
	var out []rng
	for _, r := range t.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			out = append(out, rng{c, c})
		}
	}
	for _, r := range t.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			out = append(out, rng{c, c})
		}
	}
	return normalize(out)
}

func normalize(in []rng) []rng {
	sort.Slice(in, func(i, j int) bool { return in[i][0] < in[j][0] })
	var out []rng
	for _, r := range in {
		if n := len(out); n > 0 && r[0] <= out[n-1][1]+1 {
			if r[1] > out[n-1][1] {
				out[n-1][1] = r[1]
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// diff returns a − b.
func diff(a, b []rng) []rng {
	var out []rng
	j := 0
	for _, r := range a {
		lo := r[0]
		for j < len(b) && b[j][1] < lo {
			j++
		}
		k := j
		for lo <= r[1] {
			if k >= len(b) || b[k][0] > r[1] {
				out = append(out, rng{lo, r[1]})
				break
			}
			if b[k][0] > lo {
				out = append(out, rng{lo, b[k][0] - 1})
			}
			lo = b[k][1] + 1
			k++
		}
	}
	return out
}

func lit(set []rng) string {
	if len(set) == 0 {
		return "nil"
	}
	var b strings.Builder
	b.WriteString("[]rune{")
	for i, r := range set {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "0x%x, 0x%x", r[0], r[1])
	}
	b.WriteString("}")
	return b.String()
}

func normKey(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c != ' ' && c != '_' && c != '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func parseRange(s string) (rune, rune) {
	lo, hi, ok := strings.Cut(s, "..")
	a, err := strconv.ParseUint(lo, 16, 32)
	check(err)
	if !ok {
		return rune(a), rune(a)
	}
	b, err := strconv.ParseUint(hi, 16, 32)
	check(err)
	return rune(a), rune(b)
}

func fields(line string) []string {
	line, _, _ = strings.Cut(line, "#")
	if strings.TrimSpace(line) == "" {
		return nil
	}
	f := strings.Split(line, ";")
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f
}

func readLines(path string) []string {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	check(sc.Err())
	return out
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
