#!/bin/sh
# po-terms.sh: the catalogs speak with one voice. po/GLOSSARY.tsv names the
# renderings of httpdoc's and Cloudflare's terms and the variants each language
# forbids; tests/po-terms.awk checks every message against it and against the
# style rules a script can see (spaces around Latin words and code, full-width
# colons and punctuation, the quotes around format directives, plain-form
# answer choices in Japanese). First the checker itself, on small catalogs of
# its own: each rule catches its bad message, and commands, log lines, URLs and
# code kept verbatim pass. Then the real catalogs.
. "$srcdir/lib.sh"
top=$(cd "$srcdir/.." && pwd)
data=$TESTS_DATA/po-terms
command -v awk >/dev/null || skip_all "no awk"

# terms LANG GLOSSARY KBDIR CATALOG: the checker's findings; its status in $TMPD/rc.
terms() {
	LC_ALL=C awk -v lang="$1" -f "$srcdir/po-terms.awk" "$2" "$3"/*.xml "$4" 2>&1
	echo $? >"$TMPD/rc"
}

# ---------------------------------------------------------------- the checker
out=$(terms ja "$data/glossary.tsv" "$data/kb" "$data/ja-bad.po")
is "ja: the bad catalog fails" "$(cat "$TMPD/rc")" 1
for rule in "term: '保護レベル'" "term: 'ヘッダ'" "term: 'Browser Integrity Check'" \
	"term: 'Security, WAF, Custom rules'" "term: 'あなた'" cjk-space latin-space fw-space \
	cjk-colon halfwidth-punct format-quotes ja-choice-plain ja-polite; do
	like "ja: the checker catches $rule" "$out" "ja-bad.po:[0-9]*: $rule"
done
is "ja: every bad message is named, the choice with its entity and line break too" \
	"$(printf '%s\n' "$out" | grep -c '^[^ ].*ja-bad.po:[0-9]*: ')" 15
like "ja: the checker catches a half-width colon before CJK text" "$out" "ja-bad.po:[0-9]*: cjk-colon: half-width colon before CJK text: '522:'"
like "ja: a finding names the file and the line of the msgstr" "$out" 'ja-bad.po:8: term: '
like "ja: a finding shows the msgid" "$out" '    msgid:  Lower the security level\.'
like "ja: a finding shows the msgstr" "$out" '    msgstr: 保護レベルを下げます。'
like "ja: a finding says what to write instead" "$out" "the glossary says 'セキュリティレベル' (security level)"

out=$(terms ja "$data/glossary.tsv" "$data/kb" "$data/ja-good.po")
is "ja: commands, log lines, URLs, code, plural forms and the right terms pass" "$out" ""
is "ja: the good catalog passes" "$(cat "$TMPD/rc")" 0

out=$(terms zh_CN "$data/glossary.tsv" "$data/kb" "$data/zh_CN-bad.po")
is "zh_CN: the bad catalog fails" "$(cat "$TMPD/rc")" 1
for rule in "term: '你'" "term: '请求头'" "term: '托管服务商'" "term: 'Browser Integrity Check'" \
	"term: 'Security > WAF > Custom rules'" "term: 'purge_cache'" latin-space cjk-space fw-space cjk-colon \
	halfwidth-punct format-quotes; do
	like "zh_CN: the checker catches $rule" "$out" "zh_CN-bad.po:[0-9]*: $rule"
done
unlike "zh_CN: the Japanese rules stay with Japanese" "$out" 'ja-choice-plain\|ja-polite'
out=$(terms zh_CN "$data/glossary.tsv" "$data/kb" "$data/zh_CN-good.po")
is "zh_CN: commands, log lines, code and the right terms pass" "$out" ""

out=$(terms ja "$data/bad-glossary.tsv" "$data/kb" "$data/ja-bad.po")
is "a malformed glossary is an error of its own (status 2)" "$(cat "$TMPD/rc")" 2
unlike "and no catalog is judged against it" "$out" 'ja-bad.po'

like "it names the line with a missing field" "$out" 'bad-glossary.tsv:3: 6 columns where the header has 7'
like "it names an unknown kind" "$out" "bad-glossary.tsv:4: unknown kind 'word'"
like "it names a variant both wanted and forbidden" "$out" "bad-glossary.tsv:5: 'サブステータス' is both wanted and forbidden"

# ---------------------------------------------------------------- the catalogs
for lang in ja zh_CN; do
	out=$(terms "$lang" "$top/po/GLOSSARY.tsv" "$top/kb" "$top/po/$lang.po")
	rc=$(cat "$TMPD/rc")
	if [ "$rc" = 0 ]; then
		ok "po/$lang.po follows po/GLOSSARY.tsv and the style rules"
	else
		not_ok "po/$lang.po follows po/GLOSSARY.tsv and the style rules (status $rc)" \
			"$(printf '%s\n' "$out" | head -n 60)
($(printf '%s\n' "$out" | grep -c '^[^ ]') findings; the rules are in po/GLOSSARY.tsv)"
	fi
done
plan_done
