package onig

import "sync"

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
	ext := set("Extend", "ZWJ", "SpacingMark")
	extOnly := set("Extend")
	pict := string(appendSet(nil, mustProp("extendedpictographic")))
	l, v, tt, lv, lvt := set("L"), set("V"), set("T"), set("LV"), set("LVT")
	hangul := "(?:" + l + "*(?:" + lv + v + "*|" + lvt + "|" + v + "+)" + tt + "*|" + l + "+|" + tt + "+)"
	ri := set("Regional_Indicator")
	core := "(?:" + ri + ri + "|" + hangul + "|" + pict + "(?:" + extOnly + `*\u200d` + pict + ")*|" + notCtl + ")"
	return `(?>\r\n|` + ctl + "|" + set("Prepend") + "*" + core + ext + "*)"
})
