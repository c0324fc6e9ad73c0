package onig

import (
	"sync"
	"unicode"
)

// graphemeCluster returns the regexp2 translation of \X: one extended grapheme cluster
// (UAX #29 rules GB3-GB13) as an atomic group.
var graphemeCluster = sync.OnceValue(func() string {
	set := func(names ...string) string {
		var s rset
		for _, n := range names {
			s = append(s, gcb(n)...)
		}
		return string(appendSet(nil, s.normalized()))
	}
	ctl := set("CR", "LF", "Control")
	notCtl := func() string {
		var s rset
		for _, n := range []string{"CR", "LF", "Control"} {
			s = append(s, gcb(n)...)
		}
		return string(appendSet(nil, s.normalized().negate()))
	}()
	// The Grapheme_Cluster_Break data is Unicode 15.0; Oniguruma's is 16.0. Add the newer
	// Extend (Grapheme_Extend, Emoji_Modifier) and SpacingMark (new Mc) code points from the
	// generated tables.
	extend := gcb("Extend").union(mustProp("graphemeextend")).union(mustProp("emojimodifier"))
	var mc rset
	if m, ok := lookupProp("mc"); ok {
		mc = m.minus(fromTable(unicode.Mc)).minus(extend)
	}
	spacing := gcb("SpacingMark").union(mc)
	ext := string(appendSet(nil, extend.union(gcb("ZWJ")).union(spacing)))
	extOnly := string(appendSet(nil, extend))
	pict := string(appendSet(nil, mustProp("extendedpictographic")))
	l, v, tt, lv, lvt := set("L"), set("V"), set("T"), set("LV"), set("LVT")
	hangul := "(?:" + l + "*(?:" + lv + v + "*|" + lvt + "|" + v + "+)" + tt + "*|" + l + "+|" + tt + "+)"
	ri := set("Regional_Indicator")
	core := "(?:" + ri + ri + "|" + hangul + "|" + pict + "(?:" + extOnly + `*\u200d` + pict + ")*|" + notCtl + ")"
	return `(?>\r\n|` + ctl + "|" + set("Prepend") + "*" + core + ext + "*)"
})
