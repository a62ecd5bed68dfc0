# po-terms.awk: the terminology and style check of one translation catalog.
#
#   LC_ALL=C awk -v lang=ja -f tests/po-terms.awk po/GLOSSARY.tsv kb/*.xml po/ja.po
#
# lang names the glossary's columns (ja, zh_CN). The glossary comes first, then
# the knowledge base (its <choice> texts are the answer choices), then the
# catalog. Every finding is printed as
#
#   po/ja.po:1234: RULE: what is wrong
#       msgid:  the English message
#       msgstr: the translation
#
# (LINE is the msgstr's line) and the exit status is 1 when there was any,
# 2 when the glossary itself is malformed. The rules are described in the
# header of po/GLOSSARY.tsv. Run under LC_ALL=C: UTF-8 characters are matched
# as byte sequences, which mawk and gawk do alike.

BEGIN {
	# A CJK letter: 々, hiragana, katakana (not the middle dot ・), CJK ideographs.
	CJK = "(\343\200\205|\343\201[\201-\277]|\343\202[\200-\277]|\343\203[\200-\272\274-\277]|\344[\270-\277][\200-\277]|[\345-\351][\200-\277][\200-\277])"
	# Full-width punctuation: 、。「」『』（），：；？！
	FWP = "(\343\200[\201\202\214-\217]|\357\274[\201\210\211\214\232\233\237])"
	# A printf directive (%% is taken out before).
	DIR = "%[-+ #0]*([0-9]+|[*])?([.]([0-9]+|[*]))?(hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcsp]"
	# The quotes a directive may stand in, opening and closing.
	nq = split("' \" \342\200\234 \342\200\230 \343\200\214 \343\200\216 \302\253", QO, " ")
	split("' \" \342\200\235 \342\200\231 \343\200\215 \343\200\217 \302\273", QC, " ")
	POLITE = "(です|ます|ません|でした|ました|ください)"
	PLAIN_END = "(る|だ|ない|である)。"
	if (lang == "") { print "po-terms.awk: set -v lang=ja or lang=zh_CN" > "/dev/stderr"; exit 2 }
	nterm = 0; nallow = 0; nspaced = 0; findings = 0; bad_glossary = 0
}

# ------------------------------------------------------------------ glossary
FILENAME ~ /\.tsv$/ {
	if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
	nf = split($0, col, "\t")
	if (!gl_header) {
		for (i = 1; i <= nf; i++) gcol[col[i]] = i
		if (!(lang in gcol) || !((lang "_not") in gcol) || !("en" in gcol) || !("kind" in gcol)) {
			printf "%s:%d: the header names no columns kind, en, %s and %s_not\n", FILENAME, FNR, lang, lang
			bad_glossary = 1; exit 2
		}
		gl_header = nf; next
	}
	if (nf != gl_header) {
		printf "%s:%d: %d columns where the header has %d (fields are separated by one tab)\n", FILENAME, FNR, nf, gl_header
		bad_glossary = 1; next
	}
	if (col[gcol["kind"]] !~ /^(term|label|path|status|style)$/) {
		printf "%s:%d: unknown kind '%s' (term, label, path, status or style)\n", FILENAME, FNR, col[gcol["kind"]]
		bad_glossary = 1; next
	}
	en = col[gcol["en"]]; want = col[gcol[lang]]; nots = col[gcol[lang "_not"]]
	na = split(want, a, / \| /)
	# A style row's renderings are examples, not forms that excuse a variant.
	if (col[gcol["kind"]] != "style")
		for (i = 1; i <= na; i++) if (a[i] != "" && a[i] != "-") allow[++nallow] = a[i]
	nn = split(nots, b, / \| /)
	for (i = 1; i <= nn; i++) {
		if (b[i] == "" || b[i] == "-") continue
		for (j = 1; j <= na; j++) if (a[j] == b[i]) {
			printf "%s:%d: '%s' is both wanted and forbidden\n", FILENAME, FNR, b[i]
			bad_glossary = 1
		}
		term[++nterm] = b[i]; term_en[nterm] = en; term_want[nterm] = a[1]
	}
	next
}

# ------------------------------------------------------------------ knowledge base: the answer choices
FILENAME !~ /\.tsv$/ && bad_glossary { exit 2 }

FILENAME ~ /\.xml$/ {
	line = $0
	# XML comments say nothing about the choices.
	if (in_comment) {
		if (!(p = index(line, "-->"))) next
		line = substr(line, p + 3); in_comment = 0
	}
	while ((p = index(line, "<!--")) > 0) {
		rest = substr(line, p + 4)
		if ((q = index(rest, "-->")) > 0) line = substr(line, 1, p - 1) substr(rest, q + 3)
		else { line = substr(line, 1, p - 1); in_comment = 1 }
	}
	while (line != "") {
		if (!in_choice) {
			p = index(line, "<choice")
			if (!p) break
			line = substr(line, p)
			q = index(line, ">")
			if (!q) break
			line = substr(line, q + 1); in_choice = 1; ctext = ""
		}
		p = index(line, "</choice>")
		if (!p) { ctext = ctext line " "; break }
		ctext = ctext substr(line, 1, p - 1)
		line = substr(line, p + 9); in_choice = 0
		gsub(/[ \t\r\n]+/, " ", ctext); sub(/^ /, "", ctext); sub(/ $/, "", ctext)
		gsub(/&lt;/, "<", ctext); gsub(/&gt;/, ">", ctext); gsub(/&quot;/, "\"", ctext)
		gsub(/&apos;/, "'", ctext); gsub(/&amp;/, "\\&", ctext)
		choice[ctext] = 1
	}
	next
}

# ------------------------------------------------------------------ the catalog
FILENAME ~ /\.po$/ {
	if (!term_masks_done) prepare_masks()
	if ($0 ~ /^#~/) { flush(); next }
	if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) { flush(); next }
	if ($0 ~ /^msgctxt /) { flush(); field = "ctx"; next }
	if ($0 ~ /^msgid /) { flush(); field = "id"; id = unquote(substr($0, 7)); have = 1; next }
	if ($0 ~ /^msgid_plural /) { field = "idp"; idp = unquote(substr($0, 14)); next }
	if ($0 ~ /^msgstr /) { field = "str"; strline = FNR; str = unquote(substr($0, 8)); next }
	if ($0 ~ /^msgstr\[[0-9]+\] /) {
		if (field != "str") { strline = FNR; str = "" } else str = str "\n"
		field = "str"; sub(/^msgstr\[[0-9]+\] /, ""); str = str unquote($0); next
	}
	if ($0 ~ /^"/) {
		if (field == "id") id = id unquote($0)
		else if (field == "idp") idp = idp unquote($0)
		else if (field == "str") str = str unquote($0)
		next
	}
	next
}

END {
	if (bad_glossary) exit 2
	flush()
	exit findings ? 1 : 0
}

# The forms each forbidden variant may hide in: the wanted renderings that
# contain it (ヘッダー contains ヘッダ; a path's rendering contains its English).
function prepare_masks(   i, k) {
	term_masks_done = 1
	for (k = 1; k <= nallow; k++) if (index(allow[k], " ")) spaced[++nspaced] = allow[k]
	for (i = 1; i <= nterm; i++)
		for (k = 1; k <= nallow; k++)
			if (index(allow[k], term[i])) mask[i] = mask[i] "\001" allow[k]
}

function unquote(s,   out, i, c, n) {
	sub(/^[ \t]*"/, "", s); sub(/"[ \t]*$/, "", s)
	out = ""; n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\\" && i < n) {
			i++; c = substr(s, i, 1)
			if (c == "n") c = "\n"; else if (c == "t") c = "\t"
		}
		out = out c
	}
	return out
}

# Replace every occurrence of the literal string f in s by r.
function replace_all(s, f, r,   out, p) {
	out = ""
	while ((p = index(s, f)) > 0) { out = out substr(s, 1, p - 1) r; s = substr(s, p + length(f)) }
	return out s
}

# Text that is verbatim and never judged: ASCII-quoted strings and URLs.
function verbatim_masked(s) {
	gsub(/"[^"\n]*"/, "\001", s)
	gsub(/'[^'\n]*'/, "\001", s)
	gsub(/`[^`\n]*`/, "\001", s)
	gsub(/[a-z]+:\/\/[^ \t\n]+/, "\001", s)
	return s
}

# The bytes of s from start for len, widened to whole UTF-8 characters.
function excerpt(s, start, len,   end) {
	end = start + len - 1
	while (start > 1 && substr(s, start, 1) ~ /[\200-\277]/) start--
	while (substr(s, end + 1, 1) ~ /[\200-\277]/) end++
	return substr(s, start, end - start + 1)
}

# At most about 160 bytes of s on one line, cut at a character boundary.
function brief(s,   n) {
	gsub(/\n/, "\\n", s)
	if (length(s) <= 160) return s
	n = 160
	while (n > 1 && substr(s, n + 1, 1) ~ /[\200-\277]/) n--
	return substr(s, 1, n) "..."
}

function finding(rule, what) {
	findings++
	printf "%s:%d: %s: %s\n    msgid:  %s\n    msgstr: %s\n", FILENAME, strline, rule, what, brief(id), brief(str)
}

function flush() {
	if (have && id != "" && str != "") check(id, idp, str)
	have = 0; id = ""; idp = ""; str = ""; field = ""
}

function check(id, idp, s,   i, t, parts, k, n, tok, before, after, start, rest, pos, x, p) {
	# term: a variant the glossary forbids.
	for (i = 1; i <= nterm; i++) {
		if (!index(s, term[i])) continue
		t = verbatim_masked(s)
		n = split(mask[i], parts, "\001")
		for (k = 2; k <= n; k++) t = replace_all(t, parts[k], "\001")
		if (index(t, term[i]))
			finding("term", "'" term[i] "' is forbidden; the glossary says '" term_want[i] "' (" term_en[i] ")")
	}

	# latin-space: a half-width space between CJK text and a Latin word, code or path.
	rest = s; pos = 0; x = ""
	while (match(rest, /[!-~]+/)) {
		tok = substr(rest, RSTART, RLENGTH)
		start = pos + RSTART                  # where tok starts in s
		before = start > 3 ? substr(s, start - 3, 3) : substr(s, 1, start - 1)
		after = substr(rest, RSTART + RLENGTH, 3)
		if (tok ~ /[A-Za-z]/ && (before ~ ("^" CJK "$") || after ~ ("^" CJK)))
			x = x (x != "" ? ", " : "") "'" tok "'"
		pos += RSTART + RLENGTH - 1; rest = substr(rest, RSTART + RLENGTH)
	}
	if (x != "")
		finding("latin-space", "no half-width space between the CJK text and " x)

	# cjk-space: no half-width space between two CJK characters, unless an
	# accepted form of the glossary has one (ファミリー セーフティ).
	t = s
	for (k = 1; k <= nspaced; k++) t = replace_all(t, spaced[k], "\001")
	if (match(t, CJK " " CJK))
		finding("cjk-space", "a half-width space between CJK characters: '" excerpt(t, RSTART, RLENGTH) "'")

	# fw-space: no single half-width space next to full-width punctuation
	# (runs of spaces that align columns are left alone).
	if (match(s, "(^|[^ ]) " FWP) || match(s, FWP " ($|[^ ])"))
		finding("fw-space", "a half-width space beside full-width punctuation: '" excerpt(s, RSTART, RLENGTH) "'")

	# cjk-colon: the colon of a label is full-width when CJK text is on
	# either side of it (はい：, 用法：%s, Cloudflare 522：オリジン…, %s：读取错误);
	# not where code starts with it (:443, ::1) or ends with it (file:, 100::).
	if (match(s, CJK ":([^:0-9]|$)"))
		finding("cjk-colon", "half-width colon after CJK text: '" excerpt(s, RSTART, 4) "' (write ：)")
	else if ((x = label_colon(s)) != "")
		finding("cjk-colon", "half-width colon before CJK text: '" x "' (write ：)")

	# halfwidth-punct: , ; ? ! ( ) . beside CJK text are full-width. Brackets
	# are exempt where the English opens one that the program closes (or the
	# other way round): the other half is not translated, so the pair stays
	# half-width.
	p = balanced(id) ? "[,;?!()]" : "[,;?!]"
	if (match(s, CJK p) || match(s, p CJK) || match(s, CJK "[.]( |\n|$)"))
		finding("halfwidth-punct", "half-width punctuation inside CJK text: '" excerpt(s, RSTART, RLENGTH) "'")

	# format-quotes: a directive keeps the quotes it has in the English.
	x = quoted_directives(idp != "" ? idp : id)
	if (x != quoted_directives(s))
		finding("format-quotes", "quotes around format directives differ: msgid has [" quoted_directives(idp != "" ? idp : id) "], msgstr has [" quoted_directives(s) "]")

	if (lang == "ja") {
		# ja-choice-plain: answer choices in the plain form.
		if ((id in choice) && match(s, POLITE))
			finding("ja-choice-plain", "an answer choice in the polite form ('" substr(s, RSTART, RLENGTH) "'); choices use the plain form")
		# ja-polite: sentences in the です/ます form.
		if (!(id in choice) && match(s, PLAIN_END))
			finding("ja-polite", "a sentence in the plain form ('" substr(s, RSTART, RLENGTH) "'); sentences use です/ます")
	}
}

# The quoted directives of s, sorted, as one string: "'%s' '%s' “%d”".
function quoted_directives(s,   out, rest, pos, d, q, o, c, list, n, i, j, tmp) {
	gsub(/%%/, "\002\002", s)
	n = 0; rest = s; pos = 0
	while (match(rest, DIR)) {
		d = substr(rest, RSTART, RLENGTH)
		o = pos + RSTART                     # position of % in s
		for (q = 1; q <= nq; q++) {
			if (substr(s, o - length(QO[q]), length(QO[q])) == QO[q] && \
			    substr(s, o + RLENGTH, length(QC[q])) == QC[q]) {
				list[++n] = QO[q] d QC[q]; break
			}
		}
		pos += RSTART + RLENGTH - 1; rest = substr(rest, RSTART + RLENGTH)
	}
	for (i = 2; i <= n; i++) {           # insertion sort: a handful at most
		tmp = list[i]
		for (j = i - 1; j >= 1 && list[j] > tmp; j--) list[j + 1] = list[j]
		list[j + 1] = tmp
	}
	out = ""
	for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") list[i]
	return out
}

# Whether the English message closes every bracket it opens.
function balanced(s,   t) {
	t = s
	return gsub(/\(/, "", t) == gsub(/\)/, "", s)
}

# The first "LABEL: " followed by CJK text whose label is not code: a label
# of lowercase letters alone (file:, status:) or one ending in a colon (100::)
# is verbatim. Returns the label and its colon, or "".
function label_colon(s,   rest, pos, at, before, tok) {
	rest = s; pos = 0
	while (match(rest, ": ?" CJK)) {
		at = pos + RSTART                       # the colon's position in s
		before = substr(s, 1, at - 1)
		tok = ""
		if (match(before, /[!-~]+$/)) tok = substr(before, RSTART)
		if (tok !~ /^[a-z]+$/ && tok !~ /:$/) return (tok != "" ? tok : excerpt(before, length(before), 1)) ":"
		pos = at; rest = substr(s, at + 1)
	}
	return ""
}
