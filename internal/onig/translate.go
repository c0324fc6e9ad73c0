package onig

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Error is an invalid Oniguruma pattern. Its text starts like the reference's
// ("Oniguruma error: ...").
type Error struct {
	Msg string // Oniguruma's message, e.g. "empty range in char class"
}

// Error returns "Oniguruma error: " followed by the message.
func (e *Error) Error() string { return "Oniguruma error: " + e.Msg }

// flags are the Ruby-syntax options in effect.
type flags struct {
	ignoreCase bool // (?i)
	dotAll     bool // (?m): '.' also matches '\n'
	extended   bool // (?x)
}

// translator turns an Oniguruma (Ruby syntax) pattern into a regexp2 pattern with the same
// matches.
type translator struct {
	src     []rune
	pos     int
	out     []byte
	named   bool // the pattern has named groups: plain groups do not capture
	ncap    int  // capture groups opened so far
	total   int  // capture groups in the whole pattern
	wordSet []byte
	// classDepth is the nesting depth of the class being parsed.
	classDepth int
	// seqAnchor (set by parseSeq) tells the alternative just parsed is a lone anchor;
	// altAnchor (set by parseAlt) that one of the alternatives just parsed is.
	seqAnchor, altAnchor bool
	// behind and behindNeg count the (negative) look-behinds being parsed.
	behind, behindNeg int
}

// translate converts pattern to regexp2 syntax.
func translate(pattern string) (string, error) {
	t := &translator{src: []rune(pattern)}
	t.prescan()
	if err := t.parseAlt(flags{}, 0); err != nil {
		return "", err
	}
	if t.pos < len(t.src) {
		return "", &Error{"unmatched close parenthesis"}
	}
	return string(t.out), nil
}

// prescan counts capture groups and finds named groups.
func (t *translator) prescan() {
	s := t.src
	inClass := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case inClass > 0:
			if c == '[' {
				inClass++
			} else if c == ']' {
				inClass--
			}
		case c == '[':
			inClass = 1
			if i+1 < len(s) && s[i+1] == '^' {
				i++
			}
			if i+1 < len(s) && s[i+1] == ']' {
				i++
			}
		case c == '(':
			if i+1 < len(s) && s[i+1] == '?' {
				if i+3 < len(s) && (s[i+2] == '<' && s[i+3] != '=' && s[i+3] != '!' || s[i+2] == '\'') {
					t.named = true
					t.total++
				}
				continue
			}
			t.total++
		}
	}
	if t.named {
		// Only named groups capture.
		t.total = 0
		for i := 0; i+3 < len(s); i++ {
			if s[i] == '\\' {
				i++
				continue
			}
			if s[i] == '(' && s[i+1] == '?' && (s[i+2] == '<' && s[i+3] != '=' && s[i+3] != '!' || s[i+2] == '\'') {
				t.total++
			}
		}
	}
}

func (t *translator) eof() bool  { return t.pos >= len(t.src) }
func (t *translator) peek() rune { return t.src[t.pos] }
func (t *translator) peekAt(i int) rune {
	if t.pos+i < len(t.src) {
		return t.src[t.pos+i]
	}
	return -1
}

// parseAlt parses alternatives up to a ')' (not consumed) or the end.
func (t *translator) parseAlt(f flags, depth int) error {
	if depth > 1000 {
		return &Error{"parse depth limit over"}
	}
	anchorAlt := false
	for {
		if err := t.parseSeq(&f, depth); err != nil {
			return err
		}
		anchorAlt = anchorAlt || t.seqAnchor
		if t.eof() || t.peek() == ')' {
			t.altAnchor = anchorAlt
			return nil
		}
		// '|'
		t.pos++
		t.out = append(t.out, '|')
	}
}

// parseSeq parses one alternative: atoms with quantifiers, up to '|', ')' or the end.
func (t *translator) parseSeq(f *flags, depth int) error {
	atomStart := -1 // start in t.out of the last quantifiable atom
	quantified := false
	natoms, lastKind := 0, atomNone
	defer func() { t.seqAnchor = natoms == 1 && lastKind == atomAnchor }()
	var run []rune // pending literal string under (?i)
	flush := func(all bool) {
		if len(run) == 0 {
			return
		}
		n := len(run)
		if !all {
			n--
		}
		t.out = appendFoldRun(t.out, run[:n])
		if !all {
			atomStart, quantified = len(t.out), false
			t.out = appendFoldChar(t.out, run[n])
		}
		run = run[:0]
	}
	defer flush(true)
	for !t.eof() {
		c := t.peek()
		if c == '|' || c == ')' {
			return nil
		}
		if f.extended {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				t.pos++
				continue
			}
			if c == '#' {
				for !t.eof() && t.peek() != '\n' {
					t.pos++
				}
				continue
			}
		}
		if f.ignoreCase {
			if lit, ok, err := t.tryLiteral(f); err != nil {
				return err
			} else if ok {
				run = append(run, lit)
				natoms++
				continue
			}
		}
		switch c {
		case '*', '+', '?', '{':
			if len(run) > 0 {
				if _, _, _, ok := t.interval(); c != '{' || ok {
					flush(false)
				}
			}
			ok, err := t.quantifier(f, &atomStart, &quantified)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
			// A '{' that is no interval is a literal.
			t.pos++
			if f.ignoreCase {
				run = append(run, '{')
				continue
			}
			atomStart = len(t.out)
			quantified = false
			t.out = appendLiteral(t.out, '{')
			continue
		}
		flush(true)
		start := len(t.out)
		q, err := t.atom(f, depth)
		if err != nil {
			return err
		}
		if q != atomNone {
			natoms++
			lastKind = q
		}
		switch q {
		case atomQuantifiable:
			atomStart, quantified = start, false
		case atomAnchor:
			atomStart = -2
		default:
			atomStart = -1
		}
	}
	return nil
}

// quantifier parses a quantifier at t.pos; ok is false for a '{' that is no interval.
func (t *translator) quantifier(f *flags, atomStart *int, quantified *bool) (bool, error) {
	c := t.peek()
	var q string
	interval := false
	fixed := false
	swapped := false
	switch c {
	case '*', '+', '?':
		t.pos++
		q = string(c)
	case '{':
		lo, hi, n, ok := t.interval()
		if !ok {
			return false, nil
		}
		if lo > 100000 || hi > 100000 {
			return false, &Error{"too big number for repeat range"}
		}
		t.pos += n
		interval = true
		if hi >= 0 && lo > hi {
			// Ruby syntax: x{n,m} with n > m is the possessive x{m,n}.
			lo, hi = hi, lo
			swapped = true
		}
		switch {
		case hi == lo:
			q = "{" + strconv.Itoa(lo) + "}"
			fixed = true
		case hi < 0:
			q = "{" + strconv.Itoa(lo) + ",}"
		default:
			q = "{" + strconv.Itoa(lo) + "," + strconv.Itoa(hi) + "}"
		}
	}
	if *atomStart == -2 {
		return false, &Error{"target of repeat operator is invalid"}
	}
	if *atomStart < 0 {
		return false, &Error{"target of repeat operator is not specified"}
	}
	if *quantified {
		t.wrap(*atomStart, "(?:", ")")
	}
	lazy, possessive := false, swapped
	if !t.eof() && !swapped {
		switch t.peek() {
		case '?':
			if !fixed { // Ruby syntax: x{n}? is (?:x{n})?
				lazy = true
				t.pos++
			}
		case '+':
			if !interval { // Ruby syntax: x{n,m}+ is (?:x{n,m})+
				possessive = true
				t.pos++
			}
		}
	}
	t.out = append(t.out, q...)
	if lazy {
		t.out = append(t.out, '?')
	}
	if possessive {
		t.wrap(*atomStart, "(?>", ")")
	}
	*quantified = true
	_ = f
	return true, nil
}

// interval parses {n}, {n,}, {,m}, {n,m} at t.pos (which is '{'): hi < 0 means no upper bound.
func (t *translator) interval() (lo, hi, n int, ok bool) {
	i := t.pos + 1
	num := func() (int, bool) {
		st := i
		v := 0
		for i < len(t.src) && t.src[i] >= '0' && t.src[i] <= '9' {
			if v < 1<<20 {
				v = v*10 + int(t.src[i]-'0')
			}
			i++
		}
		return v, i > st
	}
	lo, hasLo := num()
	hi = lo
	if i < len(t.src) && t.src[i] == ',' {
		i++
		var hasHi bool
		hi, hasHi = num()
		if !hasHi {
			hi = -1
			if !hasLo {
				return 0, 0, 0, false
			}
		}
		if !hasLo {
			lo = 0
		}
	} else if !hasLo {
		return 0, 0, 0, false
	}
	if i >= len(t.src) || t.src[i] != '}' {
		return 0, 0, 0, false
	}
	return lo, hi, i + 1 - t.pos, true
}

// wrap surrounds t.out[from:] with open and close.
func (t *translator) wrap(from int, open, close string) {
	t.out = append(t.out, open...)
	copy(t.out[from+len(open):], t.out[from:len(t.out)-len(open)])
	copy(t.out[from:], open)
	t.out = append(t.out, close...)
}

// atomKind tells what a quantifier may do after an atom.
type atomKind int

const (
	atomNone         atomKind = iota // nothing to repeat (a comment, an option switch)
	atomQuantifiable                 // may be repeated
	atomAnchor                       // an anchor or look-around: repeating it is an error
)

// atom translates one atom.
func (t *translator) atom(f *flags, depth int) (atomKind, error) {
	c := t.peek()
	switch c {
	case '(':
		return t.group(f, depth)
	case '[':
		neg := t.peekAt(1) == '^'
		s, err := t.class(f, depth)
		if err != nil {
			return atomNone, err
		}
		if f.ignoreCase && !neg {
			t.out = appendFoldClass(t.out, s)
		} else {
			t.out = appendSet(t.out, s)
		}
		return atomQuantifiable, nil
	case '.':
		t.pos++
		if f.dotAll {
			t.out = appendSet(t.out, rset{{0, maxRune}})
		} else {
			t.out = append(t.out, `[^\n]`...)
		}
		return atomQuantifiable, nil
	case '^':
		// Oniguruma: the start of the text, or after a '\n' that does not end the text.
		t.pos++
		t.out = append(t.out, `(?:\A|(?<=\n)(?!\z))`...)
		return atomAnchor, nil
	case '$':
		t.pos++
		t.out = append(t.out, `(?m:$)`...)
		return atomAnchor, nil
	case '\\':
		return t.escape(f)
	}
	t.pos++
	t.literal(f, c)
	return atomQuantifiable, nil
}

// literal appends the code point c, with its case fold equivalents under (?i).
func (t *translator) literal(f *flags, c rune) {
	if f.ignoreCase && hasFold(c) {
		t.out = appendSet(t.out, rset{{c, c}}.foldClose())
		return
	}
	t.out = appendLiteral(t.out, c)
}

// group translates a parenthesized group at t.pos.
func (t *translator) group(f *flags, depth int) (atomKind, error) {
	t.pos++ // (
	inner := *f
	if t.eof() {
		return atomNone, &Error{"end pattern with unmatched parenthesis"}
	}
	kind := atomQuantifiable
	plain := false // a (?:…) group
	if t.peek() != '?' {
		if t.named {
			t.out = append(t.out, "(?:"...)
		} else {
			if t.behindNeg > 0 {
				return atomNone, &Error{"invalid pattern in look-behind"}
			}
			t.ncap++
			t.out = append(t.out, '(')
		}
	} else {
		t.pos++
		switch t.peekAt(0) {
		case ':':
			t.pos++
			t.out = append(t.out, "(?:"...)
			plain = true
		case '=', '!':
			if t.behind > 0 {
				return atomNone, &Error{"invalid pattern in look-behind"}
			}
			t.out = append(t.out, '(', '?', byte(t.peek()))
			t.pos++
		case '>':
			t.pos++
			t.out = append(t.out, "(?>"...)
		case '#':
			for !t.eof() && t.peek() != ')' {
				t.pos++
			}
			if t.eof() {
				return atomNone, &Error{"end pattern in group"}
			}
			t.pos++
			return atomNone, nil
		case '<', '\'':
			open := t.peek()
			if open == '<' && (t.peekAt(1) == '=' || t.peekAt(1) == '!') {
				neg := t.peekAt(1) == '!'
				t.out = append(t.out, '(', '?', '<', byte(t.peekAt(1)))
				t.pos += 2
				t.behind++
				if neg {
					t.behindNeg++
				}
				defer func() {
					t.behind--
					if neg {
						t.behindNeg--
					}
				}()
				break
			}
			closer := '>'
			if open == '\'' {
				closer = '\''
			}
			t.pos++
			st := t.pos
			for !t.eof() && t.peek() != closer {
				c := t.peek()
				if !(c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c)) {
					return atomNone, &Error{"invalid group name <" + string(t.src[st:t.pos+1]) + ">"}
				}
				t.pos++
			}
			if t.eof() || t.pos == st {
				return atomNone, &Error{"invalid group name <>"}
			}
			name := string(t.src[st:t.pos])
			if name[0] >= '0' && name[0] <= '9' {
				return atomNone, &Error{"invalid group name <" + name + ">"}
			}
			t.pos++
			t.ncap++
			t.out = append(t.out, "(?<"...)
			t.out = append(t.out, name...)
			t.out = append(t.out, '>')
		default:
			// Options: (?imx-imx) or (?imx-imx:...)
			on := true
			for {
				if t.eof() {
					return atomNone, &Error{"end pattern in group"}
				}
				c := t.peek()
				t.pos++
				switch c {
				case '-':
					on = false
					continue
				case 'i':
					inner.ignoreCase = on
					continue
				case 'm':
					inner.dotAll = on
					continue
				case 'x':
					inner.extended = on
					continue
				case ':':
					t.out = append(t.out, "(?:"...)
				case ')':
					// Isolated option: applies to the rest of the enclosing group.
					t.out = append(t.out, "(?:"...)
					if err := t.parseAlt(inner, depth+1); err != nil {
						return atomNone, err
					}
					t.out = append(t.out, ')')
					return atomNone, nil
				default:
					return atomNone, &Error{"undefined group option"}
				}
				break
			}
		}
	}
	switch t.out[len(t.out)-1] {
	case '=', '!':
		kind = atomAnchor
	}
	if err := t.parseAlt(inner, depth+1); err != nil {
		return atomNone, err
	}
	if plain && t.altAnchor {
		// Oniguruma: (?:…) with an alternative that is just an anchor cannot be repeated.
		kind = atomAnchor
	}
	if t.eof() {
		return atomNone, &Error{"end pattern with unmatched parenthesis"}
	}
	t.pos++ // )
	t.out = append(t.out, ')')
	return kind, nil
}

// escape translates a backslash sequence outside a class.
func (t *translator) escape(f *flags) (atomKind, error) {
	t.pos++ // backslash
	if t.eof() {
		return atomNone, &Error{"end pattern at escape"}
	}
	c := t.peek()
	switch c {
	case 'A':
		t.pos++
		t.out = append(t.out, `\A`...)
		return atomAnchor, nil
	case 'z':
		t.pos++
		t.out = append(t.out, `\z`...)
		return atomAnchor, nil
	case 'Z':
		t.pos++
		t.out = append(t.out, `\Z`...)
		return atomAnchor, nil
	case 'G':
		t.pos++
		t.out = append(t.out, `\G`...)
		return atomAnchor, nil
	case 'b', 'B':
		t.pos++
		w := t.word()
		if c == 'b' {
			t.out = append(t.out, "(?:(?<="...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")(?!"...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")|(?<!"...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")(?="...)
			t.out = append(t.out, w...)
			t.out = append(t.out, "))"...)
		} else {
			t.out = append(t.out, "(?:(?<="...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")(?="...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")|(?<!"...)
			t.out = append(t.out, w...)
			t.out = append(t.out, ")(?!"...)
			t.out = append(t.out, w...)
			t.out = append(t.out, "))"...)
		}
		return atomAnchor, nil
	case 'X':
		t.pos++
		t.out = append(t.out, graphemeCluster()...)
		return atomQuantifiable, nil
	case 'R':
		t.pos++
		if t.behind > 0 {
			// Oniguruma: in a look-behind, \R only matches its first alternative, \r\n.
			t.out = append(t.out, `\r\n`...)
			return atomQuantifiable, nil
		}
		t.out = append(t.out, `(?>\r\n|[\n\u000b\u000c\r\u0085\u2028\u2029])`...)
		return atomQuantifiable, nil
	case 'N':
		t.pos++
		t.out = append(t.out, `[^\n]`...)
		return atomQuantifiable, nil
	case 'O':
		t.pos++
		t.out = appendSet(t.out, rset{{0, maxRune}})
		return atomQuantifiable, nil
	case 'k':
		return atomQuantifiable, t.namedBackref()
	case 'K', 'g', 'y', 'Y':
		return atomNone, &Error{"\\" + string(c) + " is not supported by fasttok"}
	}
	if c >= '1' && c <= '9' {
		st := t.pos
		n := 0
		for !t.eof() && t.peek() >= '0' && t.peek() <= '9' && n < 100000 {
			n = n*10 + int(t.peek()-'0')
			t.pos++
		}
		if t.named && (n <= 9 || n <= t.ncap) {
			return atomNone, &Error{"numbered backref/call is not allowed. (use name)"}
		}
		if n <= 9 && n > t.total {
			return atomNone, &Error{"invalid backref number/name"}
		}
		if n <= t.total && (n <= 9 || n <= t.ncap) {
			t.out = append(t.out, `\k<`...)
			t.out = strconv.AppendInt(t.out, int64(n), 10)
			t.out = append(t.out, '>')
			return atomQuantifiable, nil
		}
		if c >= '8' {
			return atomNone, &Error{"invalid backref number/name"}
		}
		t.pos = st
	}
	s, single, err := t.classEscape(f, false)
	if err != nil {
		return atomNone, err
	}
	if single >= 0 {
		t.literal(f, single)
		return atomQuantifiable, nil
	}
	// Oniguruma does not case fold a standalone property or class escape.
	t.out = appendSet(t.out, s)
	return atomQuantifiable, nil
}

// tryLiteral consumes a plain literal code point (or a single-character escape) at t.pos.
func (t *translator) tryLiteral(f *flags) (rune, bool, error) {
	c := t.peek()
	switch c {
	case '(', ')', '[', '.', '^', '$', '|', '*', '+', '?', '{':
		return 0, false, nil
	case '\\':
		n := t.peekAt(1)
		switch n {
		case -1, 'A', 'z', 'Z', 'G', 'b', 'B', 'X', 'R', 'N', 'O', 'k', 'K', 'g', 'y', 'Y',
			'w', 'W', 'd', 'D', 's', 'S', 'h', 'H', 'p', 'P', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			return 0, false, nil
		}
		save := t.pos
		t.pos++
		_, single, err := t.classEscape(f, false)
		if err == nil && single < 0 {
			t.pos = save
			return 0, false, nil
		}
		return single, err == nil, err
	}
	if f.extended && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '#') {
		return 0, false, nil
	}
	t.pos++
	return c, true, nil
}

// namedBackref translates \k<name>, \k'name', \k<n>, \k<-n>.
func (t *translator) namedBackref() error {
	t.pos++ // k
	if t.eof() || (t.peek() != '<' && t.peek() != '\'') {
		return &Error{"invalid backref number/name"}
	}
	closer := '>'
	if t.peek() == '\'' {
		closer = '\''
	}
	t.pos++
	st := t.pos
	for !t.eof() && t.peek() != closer {
		t.pos++
	}
	if t.eof() || t.pos == st {
		return &Error{"invalid backref number/name"}
	}
	name := string(t.src[st:t.pos])
	t.pos++
	if n, err := strconv.Atoi(name); err == nil {
		if t.named {
			return &Error{"numbered backref/call is not allowed. (use name)"}
		}
		if n < 0 {
			n = t.ncap + 1 + n
		}
		if n <= 0 || n > t.total {
			return &Error{"invalid backref number/name"}
		}
		name = strconv.Itoa(n)
	}
	t.out = append(t.out, `\k<`...)
	t.out = append(t.out, name...)
	t.out = append(t.out, '>')
	return nil
}

// word returns the regexp2 class for Oniguruma's \w.
func (t *translator) word() []byte {
	if t.wordSet == nil {
		t.wordSet = appendSet(nil, mustProp("esc:w"))
	}
	return t.wordSet
}

// classEscape parses the escape after a backslash (t.pos is past it). It returns either a
// set (single < 0) or one code point (single ≥ 0). inClass selects class-only meanings (\b is
// backspace).
func (t *translator) classEscape(f *flags, inClass bool) (rset, rune, error) {
	c := t.peek()
	t.pos++
	neg := func(s rset, n bool) rset {
		if n {
			return s.negate()
		}
		return s
	}
	switch c {
	case 'w', 'W':
		if inClass {
			return neg(mustProp("cls:w"), c == 'W'), -1, nil
		}
		return neg(mustProp("esc:w"), c == 'W'), -1, nil
	case 'd', 'D':
		return neg(mustProp("esc:d"), c == 'D'), -1, nil
	case 's', 'S':
		return neg(mustProp("esc:s"), c == 'S'), -1, nil
	case 'h', 'H':
		return neg(mustProp("esc:h"), c == 'H'), -1, nil
	case 'p', 'P':
		if t.eof() || t.peek() != '{' {
			return nil, -1, &Error{"invalid character property name {" + string(c) + "}"}
		}
		t.pos++
		n := c == 'P'
		if !t.eof() && t.peek() == '^' {
			n = !n
			t.pos++
		}
		st := t.pos
		for !t.eof() && t.peek() != '}' {
			t.pos++
		}
		if t.eof() {
			return nil, -1, &Error{"invalid character property name {" + string(t.src[st:]) + "}"}
		}
		name := string(t.src[st:t.pos])
		t.pos++
		s, ok := lookupProp(name)
		if !ok {
			return nil, -1, &Error{"invalid character property name {" + name + "}"}
		}
		if inClass && normPropName(name) == "word" {
			// In a class, \p{Word} leaves out ² ³ ¹ ¼ ½ ¾ (as [\w] does).
			s = mustProp("cls:word")
		}
		return neg(s, n), -1, nil
	case 't':
		return nil, '\t', nil
	case 'n':
		return nil, '\n', nil
	case 'r':
		return nil, '\r', nil
	case 'f':
		return nil, '\f', nil
	case 'v':
		return nil, '\v', nil
	case 'a':
		return nil, 7, nil
	case 'e':
		return nil, 0x1b, nil
	case 'b':
		if inClass {
			return nil, 8, nil
		}
	case 'x':
		if !t.eof() && t.peek() == '{' {
			t.pos++
			v, n := t.hex(8)
			if n == 0 || t.eof() || t.peek() != '}' {
				return nil, -1, &Error{"invalid code point value"}
			}
			t.pos++
			if v > maxRune {
				return nil, -1, &Error{"invalid code point value"}
			}
			return nil, rune(v), nil
		}
		v, n := t.hex(2)
		if n == 0 {
			return nil, -1, &Error{"invalid code point value"}
		}
		if v >= 0x80 && v <= 0xff {
			return t.byteSeq(byte(v))
		}
		return nil, rune(v), nil
	case 'u':
		v, n := t.hex(4)
		if n < 4 {
			return nil, -1, &Error{"too short digits"}
		}
		return nil, rune(v), nil
	case 'c':
		if t.eof() {
			return nil, -1, &Error{"end pattern at control"}
		}
		x := t.peek()
		t.pos++
		if x == '?' {
			return nil, 0x7f, nil
		}
		return nil, x & 0x9f, nil
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := int(c - '0')
		for i := 0; i < 2 && !t.eof() && t.peek() >= '0' && t.peek() <= '7'; i++ {
			v = v*8 + int(t.peek()-'0')
			t.pos++
		}
		if v >= 0x80 && v <= 0xff {
			return t.byteSeq(byte(v))
		}
		return nil, rune(v), nil
	}
	return nil, c, nil
}

// byteSeq decodes a UTF-8 sequence written as \xHH escapes whose first byte, lead, is
// already read. As in Oniguruma, an incomplete sequence is an error and a byte that cannot
// start a sequence matches nothing (an empty set).
func (t *translator) byteSeq(lead byte) (rset, rune, error) {
	n := 0
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		n = 1
	case lead >= 0xE0 && lead <= 0xEF:
		n = 2
	case lead >= 0xF0 && lead <= 0xF4:
		n = 3
	default:
		return rset{}, -1, nil
	}
	buf := []byte{lead}
	for i := 0; i < n; i++ {
		v, ok := t.byteEscape()
		if !ok || v < 0x80 || v > 0xBF {
			return nil, -1, &Error{"too short multibyte code string"}
		}
		buf = append(buf, byte(v))
	}
	r, size := utf8.DecodeRune(buf)
	if r == utf8.RuneError && size <= 1 {
		return rset{}, -1, nil
	}
	return nil, r, nil
}

// byteEscape reads one \xHH or octal \ooo escape at t.pos; t.pos is unchanged if there is none.
func (t *translator) byteEscape() (int64, bool) {
	if t.peekAt(0) != '\\' {
		return 0, false
	}
	save := t.pos
	switch c := t.peekAt(1); {
	case c == 'x' && t.peekAt(2) != '{':
		t.pos += 2
		if v, k := t.hex(2); k > 0 {
			return v, true
		}
	case c >= '0' && c <= '7':
		t.pos++
		v := int64(0)
		for i := 0; i < 3 && !t.eof() && t.peek() >= '0' && t.peek() <= '7'; i++ {
			v = v*8 + int64(t.peek()-'0')
			t.pos++
		}
		return v, true
	}
	t.pos = save
	return 0, false
}

// hex reads up to max hex digits.
func (t *translator) hex(max int) (int64, int) {
	var v int64
	n := 0
	for n < max && !t.eof() {
		c := t.peek()
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'f':
			d = int64(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = int64(c-'A') + 10
		default:
			return v, n
		}
		v = v*16 + d
		n++
		t.pos++
	}
	return v, n
}

// posixNames are the POSIX bracket names Oniguruma knows.
var posixNames = map[string]bool{"alnum": true, "alpha": true, "ascii": true, "blank": true, "cntrl": true,
	"digit": true, "graph": true, "lower": true, "print": true, "punct": true, "space": true, "upper": true,
	"xdigit": true, "word": true}

// class parses a bracketed class at t.pos ('[') and returns its code points (case folded
// under (?i), negation applied).
func (t *translator) class(f *flags, depth int) (rset, error) {
	t.classDepth++
	defer func() { t.classDepth-- }()
	if depth > 1000 {
		return nil, &Error{"parse depth limit over"}
	}
	t.pos++ // [
	negated := false
	if !t.eof() && t.peek() == '^' {
		negated = true
		t.pos++
	}
	var acc rset       // items since the last &&
	var inter rset     // intersection of the completed && operands
	haveInter := false // an && was seen
	first := true
	var items rset
	for {
		if t.eof() {
			return nil, &Error{"premature end of char-class"}
		}
		c := t.peek()
		if c == ']' && !first {
			t.pos++
			break
		}
		first = false
		if c == '&' && t.peekAt(1) == '&' {
			t.pos += 2
			acc = items.normalized()
			if haveInter {
				inter = inter.intersect(acc)
			} else {
				inter, haveInter = acc, true
			}
			items = nil
			continue
		}
		if c == '[' {
			if s, ok, err := t.posix(); err != nil {
				return nil, err
			} else if ok {
				items = append(items, s...)
				continue
			}
			s, err := t.class(f, depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, s...)
			continue
		}
		// A single code point, maybe the start of a range, or a set escape.
		var lo rune
		if c == '\\' {
			t.pos++
			if t.eof() {
				return nil, &Error{"premature end of char-class"}
			}
			s, single, err := t.classEscape(f, true)
			if err != nil {
				return nil, err
			}
			if single < 0 {
				items = append(items, s...)
				continue
			}
			lo = single
		} else {
			lo = c
			t.pos++
		}
		// Range?
		if !t.eof() && t.peek() == '-' && t.peekAt(1) != ']' && t.peekAt(1) >= 0 {
			save := t.pos
			t.pos++
			var hi rune
			n := t.peek()
			switch {
			case n == '[':
				// '-' followed by a nested class: the '-' is a literal.
				t.pos = save + 1
				items = append(items, rng{lo, lo}, rng{'-', '-'})
				continue
			case n == '&' && t.peekAt(1) == '&':
				t.pos = save + 1
				items = append(items, rng{lo, lo}, rng{'-', '-'})
				continue
			case n == '\\':
				t.pos++
				if t.eof() {
					return nil, &Error{"premature end of char-class"}
				}
				s, single, err := t.classEscape(f, true)
				if err != nil {
					return nil, err
				}
				if single < 0 {
					// [a-\w]: Oniguruma rejects a class as a range end.
					_ = s
					return nil, &Error{"char-class value at end of range"}
				}
				hi = single
			default:
				hi = n
				t.pos++
			}
			if hi < lo {
				return nil, &Error{"empty range in char class"}
			}
			items = append(items, rng{lo, hi})
			continue
		}
		items = append(items, rng{lo, lo})
	}
	s := items.normalized()
	if haveInter {
		s = inter.intersect(s)
	}
	if f.ignoreCase && t.classDepth == 1 {
		// Oniguruma folds the whole outermost class, after nesting and intersection.
		s = s.foldClose()
	}
	if negated {
		s = s.negate()
	}
	return s, nil
}

// posix parses [:name:] or [:^name:] at t.pos; ok is false (t.pos unchanged) if it is none.
func (t *translator) posix() (rset, bool, error) {
	if t.peekAt(1) != ':' {
		return nil, false, nil
	}
	i := t.pos + 2
	neg := false
	if i < len(t.src) && t.src[i] == '^' {
		neg = true
		i++
	}
	st := i
	for i < len(t.src) && t.src[i] >= 'a' && t.src[i] <= 'z' {
		i++
	}
	if i+1 >= len(t.src) || t.src[i] != ':' || t.src[i+1] != ']' {
		return nil, false, nil
	}
	name := string(t.src[st:i])
	if !posixNames[name] {
		return nil, false, &Error{"invalid POSIX bracket type"}
	}
	t.pos = i + 2
	s := mustProp("posix:" + name)
	if neg {
		s = s.negate()
	}
	return s, true, nil
}
