#!/bin/sh
# po.sh: the catalogs are complete and current: every message translated, none
# fuzzy, msgfmt -c clean, and no message of the sources missing from them.
# Then the program really speaks each language from the build tree's catalogs,
# also where the only locale is C.UTF-8.
. "$srcdir/lib.sh"
top=$(cd "$srcdir/.." && pwd)
command -v msgfmt >/dev/null && command -v xgettext >/dev/null || skip_all "gettext tools missing"

for lang in zh_CN ja; do
	po=$top/po/$lang.po
	out=$(msgfmt -c --statistics -o /dev/null "$po" 2>&1); rc=$?
	is "$lang.po: msgfmt -c is clean" "$rc" 0
	unlike "$lang.po: no untranslated message" "$out" "untranslated"
	unlike "$lang.po: no fuzzy message" "$out" "fuzzy"
done

# Every source file that marks a message is one xgettext reads.
missing=$(cd "$top" && for f in src/*.c; do
	grep -qE '(^|[^A-Za-z0-9_])N?_\("' "$f" && ! grep -qx "$f" po/POTFILES.in && printf '%s ' "$f"
done)
is "every source file with translatable messages is listed in po/POTFILES.in" "${missing:-none}" none

# The template as the sources make it now, the way po/Makefile makes it.
files=$(sed -e '/^#/d' -e '/^$/d' "$top/po/POTFILES.in")
(cd "$top" && GETTEXTDATADIRS="$top/kb" xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
	--add-comments=TRANSLATORS: -o "$TMPD/now.pot" $files) 2>"$TMPD/xgettext.err"
is "xgettext extracts the sources without complaint" "$(grep -v 'msgid-bugs-address\|^$' "$TMPD/xgettext.err" | head -3)" ""
n=$(grep -c '^msgid ' "$TMPD/now.pot")
ok "the sources have $n messages"
for lang in zh_CN ja; do
	# msgcmp: every message of the sources has a translation in the catalog.
	out=$(msgcmp "$top/po/$lang.po" "$TMPD/now.pot" 2>&1); rc=$?
	is "$lang.po has a translation for every message of the sources (else: make -C po update-po)" \
		"$rc $(printf '%s' "$out" | head -3)" "0 "
done

# A machine whose only locale is C.UTF-8: LANG alone picks the language.
out=$(env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=ja_JP.UTF-8 "$HTTPDOC" explain 504)
like "LANG=ja_JP.UTF-8 explain prints Japanese" "$out" 'ゲートウェイ\|タイムアウト'
out=$(env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=zh_CN.UTF-8 "$HTTPDOC" explain 504)
like "LANG=zh_CN.UTF-8 explain prints Chinese" "$out" '网关\|超时'
out=$("$HTTPDOC" --lang ja --help)
unlike "--lang ja translates --help" "$out" '^Options:'
out=$("$HTTPDOC" --lang zh_CN probe ftp://x/ 2>&1)
unlike "--lang zh_CN translates error messages" "$out" 'is not supported'
out=$("$HTTPDOC" --lang ja probe --json --replay "$top/demo/cloudflare-522.http")
like "JSON keys and enum values stay English under --lang ja" "$out" '"generated_by":"edge","page":"error"'
printf '%s\n' "$out" > "$TMPD/ja.json"
"$HTTPDOC" --lang en probe --json --replay "$top/demo/cloudflare-522.http" > "$TMPD/en.json"
is "the diagnosis reaches the same node in both languages" "$($JSON_GET "$TMPD/ja.json" diagnosis.node)" "$($JSON_GET "$TMPD/en.json" diagnosis.node)"
ja_title=$($JSON_GET "$TMPD/ja.json" diagnosis.title)
en_title=$($JSON_GET "$TMPD/en.json" diagnosis.title)
ok_if() { if [ "$2" ]; then ok "$1"; else not_ok "$1" "$3"; fi; }
ok_if "JSON text values follow the language (title $ja_title, English $en_title)" \
	"$([ -n "$ja_title" ] && [ "$ja_title" != "$en_title" ] && echo yes)" "titles: $ja_title / $en_title"
out=$("$HTTPDOC" --lang en explain 504)
unlike "--lang en stays English" "$out" 'タイムアウト'
plan_done
