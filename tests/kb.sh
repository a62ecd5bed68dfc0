#!/bin/sh
# kb.sh: `httpdoc kb check` and `httpdoc explain` from the outside: exit
# statuses, one-line errors naming file and line, text and JSON output.
. "$srcdir/lib.sh"

BAD=$TESTS_DATA/kb-bad
SCHEMA=$HTTPDOC_KB_DIR/kb.rng

# A KB directory of its own (with the schema) made from fixture files, for
# commands that read the KB through HTTPDOC_KB_DIR.
kb_dir() {  # kb_dir NAME FIXTURE-FILES...
	local d=$TMPD/$1; shift
	mkdir -p "$d" && cp "$@" "$SCHEMA" "$d/" && echo "$d"
}

# run CMD...: sets $out, $err and $rc
run() {
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	out=$(cat "$TMPD/out")
	err=$(cat "$TMPD/err")
}

# ------------------------------------------------------------------ kb check

# kb_check_fails FIXTURE EXPECTED-STDERR-LINE-PATTERN
kb_check_fails() {
	run "$HTTPDOC" kb check "$BAD/$1"
	is "kb check $1: exit 2" "$rc" 2
	like "kb check $1: names file and line" "$err" "$2"
}

kb_check_fails not-xml "^$BAD/not-xml/notes.xml:1: Start tag expected"
kb_check_fails not-well-formed "^$BAD/not-well-formed/4xx.xml:6: Opening and ending tag mismatch"
kb_check_fails wrong-root "^$BAD/wrong-root/4xx.xml:3: the root element is <knowledge>, expected <kb>$"
kb_check_fails unknown-element "^$BAD/unknown-element/4xx.xml:10: .*element warning"
kb_check_fails missing-attribute "^$BAD/missing-attribute/4xx.xml:10: <choice> lacks the attribute 'next'$"
kb_check_fails bad-code "^$BAD/bad-code/4xx.xml:7: .*code=\"4040\""
kb_check_fails dup-id "^$BAD/dup-id/b.xml:8: a second node with id 'shared-fix'"
kb_check_fails dup-code "^$BAD/dup-code/b.xml:7: a second entry for code '404'"
kb_check_fails dangling-next "^$BAD/dangling-next/4xx.xml:10: .*'404-nowhere'"
kb_check_fails dangling-tree "^$BAD/dangling-tree/4xx.xml:7: .*'404-begin'"
kb_check_fails empty "^$BAD/empty: no knowledge-base files"
kb_check_fails cycle "^$BAD/cycle/4xx.xml:7: cycle: 404-moved -> 404-start -> 404-moved$"
kb_check_fails unreachable "^$BAD/unreachable/4xx.xml:11: node '404-forgotten' is not reachable"
kb_check_fails unknown-fact "^$BAD/unknown-fact/4xx.xml:7: question '404-start': unknown fact 'page.existed'$"
kb_check_fails bad-when "^$BAD/bad-when/4xx.xml:7: .*'yes' is not a value fact 'cloudflare.branded' can take"
kb_check_fails bad-log-kind "^$BAD/bad-log-kind/5xx.xml:7: question '502-log': unknown log kind 'caddy'"
kb_check_fails bad-log-pattern "^$BAD/bad-log-pattern/5xx.xml:7: question '502-log': choice 1: log pattern 'connect.*' does not compile"
kb_check_fails snippet-unchecked "^$BAD/snippet-unchecked/5xx.xml:10: a text snippet of '502-fix' cannot be checked by any software here: say why in unchecked=\"...\"$"
kb_check_fails snippet-context "^$BAD/snippet-context/5xx.xml:10: context=\"vhost\" is not one of a nginx snippet's (main events http server location upstream)$"
kb_check_fails log-without-logs "^$BAD/log-without-logs/5xx.xml:7: question '502-log': choice 1 reads a log, but the question names no logs$"

run "$HTTPDOC" kb check "$BAD/not-well-formed"
is "kb check: a load error is one line" "$(printf '%s\n' "$err" | wc -l)" 1
is "kb check: nothing on stdout when invalid" "$out" ""

run "$HTTPDOC" kb check "$TMPD/no-such-dir"
is "kb check of a missing directory: exit 2" "$rc" 2
like "kb check of a missing directory: named" "$err" "^$TMPD/no-such-dir: .*No such file or directory"

run "$HTTPDOC" kb check "$TESTS_DATA/kb-engine"
is "kb check of a partial KB: exit 2" "$rc" 2
like "kb check: a required code without an entry" "$err" "^$TESTS_DATA/kb-engine: no entry for code '100' (required)$"
like "kb check: a required tree missing" "$err" "engine.xml:[0-9]*: entry '404' has no decision tree"
unlike "kb check: a fixture with a sound graph has no graph problem" "$err" "cycle\|not reachable\|unknown fact"

run "$HTTPDOC" kb
is "kb without check: usage, exit 2" "$rc" 2
like "kb without check: says how" "$err" "usage: httpdoc kb check \[DIR\] | httpdoc kb codes \[DIR\]"
run "$HTTPDOC" kb check a b
is "kb check with two directories: exit 2" "$rc" 2

# The knowledge base httpdoc ships must pass every check, coverage included.
run "$HTTPDOC" kb check
is "kb check of the shipped KB: exit 0" "$rc" 0
if [ "$rc" -ne 0 ]; then
	not_ok "kb check of the shipped KB: no problems" "$(printf '%s\n' "$err" | head -20)
... $(printf '%s\n' "$err" | wc -l) problems in all"
else
	like "kb check of the shipped KB: says valid" "$out" ": [0-9]* entries, [0-9]* nodes: valid$"
	# How many questions a machine answers, and the sums agree.
	stats=$(printf '%s\n' "$out" | sed -n 's/^questions: \([0-9]*\); answered by a machine: \([0-9]*\) (probe \([0-9]*\), log \([0-9]*\)); by a person only: \([0-9]*\)$/\1 \2 \3 \4 \5/p')
	if [ -n "$stats" ]; then
		set -- $stats
		is "kb check: machine + person = all questions" "$(($2 + $5)) $(($3 + $4))" "$1 $2"
		is "kb check: the questions are counted (as many as <question> elements)" "$1" \
			"$(cat "$HTTPDOC_KB_DIR"/*.xml | grep -c '<question ')"
	else
		not_ok "kb check: prints the count of questions a machine answers" "$out"
	fi
fi

# ------------------------------------------------------------------ kb codes

# What shell completion offers after `explain`: every entry's code, and
# nothing explain would refuse.
run "$HTTPDOC" kb codes
is "kb codes of the shipped KB: exit 0" "$rc" 0
is "kb codes: nothing on stderr" "$err" ""
printf '%s\n' "$out" >"$TMPD/codes"
for c in 100 403 403.14 504 522 1020 4xx dns too-many-redirects; do
	is "kb codes lists $c" "$(grep -c -x -F -e "$c" "$TMPD/codes")" 1
done
entries=$("$HTTPDOC" kb check | sed -n 's/.*: \([0-9]*\) entries,.*/\1/p')
is "kb codes: one line per entry" "$(wc -l <"$TMPD/codes" | tr -d ' ')" "$entries"
is "kb codes: no code twice" "$(sort "$TMPD/codes" | uniq -d)" ""
refused=""
while IFS= read -r c; do
	"$HTTPDOC" explain "$c" >/dev/null 2>&1 || refused="$refused $c"
done <"$TMPD/codes"
is "explain accepts every code kb codes lists" "$refused" ""

run "$HTTPDOC" kb codes "$TESTS_DATA/kb-engine"
is "kb codes DIR: that directory's codes, in the knowledge base's order" "$(echo $out)" \
	"4xx 101 403 403.14 404 1000 1020 dns too-many-redirects"
run "$HTTPDOC" kb codes "$BAD/not-well-formed"
is "kb codes of a broken KB: exit 2" "$rc" 2
like "kb codes of a broken KB: one line naming file and line" "$err" "^httpdoc: invalid knowledge base: $BAD/not-well-formed/4xx.xml:6: "
is "kb codes of a broken KB: nothing on stdout" "$out" ""
run "$HTTPDOC" kb codes a b
is "kb codes with two directories: exit 2" "$rc" 2
like "kb codes with two directories: says how" "$err" "usage: httpdoc kb check \[DIR\] | httpdoc kb codes \[DIR\]"

# ------------------------------------------------------------------ explain

SAMPLE=$(kb_dir sample "$TESTS_DATA/kb-sample/sample.xml")

run env HTTPDOC_KB_DIR="$SAMPLE" "$HTTPDOC" explain 418
is "explain 418: exit 0" "$rc" 0
like "explain: code and name" "$out" "^418  I'm a teapot$"
like "explain: RFC" "$out" "RFC 2324"
like "explain: unofficial" "$out" "Unofficial"
like "explain: meaning, &amp; as &" "$out" "A joke code & a test\."
like "explain: who generates it" "$out" "the origin server"
like "explain: the first question" "$out" "Is the page Cloudflare's?"
like "explain: the fact that answers it" "$out" "cloudflare.branded"
like "explain: numbered choices" "$out" "1\. Yes, it is Cloudflare's page"
like "explain: where an answer leads, by the fix's number and id" "$out" "→ Fix 1: Teapot at the edge \[a-418-cf\]$"
like "explain: every fix in full, once" "$(printf '%s\n' "$out" | grep -c '^  Fix [12]: ')" "^2$"
like "explain: a fix's steps" "$out" "^    1\. Check the Worker\.$"
like "explain: a fix's command" "$out" "^       \$ sudo nginx -t$"
run env HTTPDOC_KB_DIR="$SAMPLE" "$HTTPDOC" explain 418 --brief
like "explain --brief: advice reachable, by title" "$out" "- Teapot at the edge"
like "explain --brief: all of it" "$out" "- Teapot at the origin"
unlike "explain --brief: no steps" "$out" "Check the Worker"
run env HTTPDOC_KB_DIR="$SAMPLE" "$HTTPDOC" explain 418
is "explain: nothing on stderr" "$err" ""
wide=$(printf '%s\n' "$out" | awk 'length($0) > 80' | head -3)
is "explain: no line wider than 80 columns" "$wide" ""

run env HTTPDOC_KB_DIR="$SAMPLE" "$HTTPDOC" explain ' 418 '
is "explain ' 418 ': the code is normalised" "$rc" 0

run env HTTPDOC_KB_DIR="$SAMPLE" "$HTTPDOC" explain 418 --json
is "explain --json: exit 0" "$rc" 0
is "explain --json: one line" "$(printf '%s\n' "$out" | wc -l)" 1
for kv in '"code":"418"' '"name":"I'"'"'m a teapot"' '"meaning":"A joke code & a test."' \
	  '"generated":null' '"generators":\["origin"\]' '"rfc":"RFC 2324"' '"unofficial":true' \
	  '"tree":"q-418"' '"questions":{"id":"q-418"' '"fact":"cloudflare.branded"' \
	  '"logs":null' \
	  '"choices":\[{"label":"Yes, it is Cloudflare'"'"'s page","when":"true","next":"a-418-cf","log":null}' \
	  '"advice":\[{"id":"a-418-cf","title":"Teapot at the edge"' \
	  '"steps":\["Check the Worker."\]' \
	  '"snippets":\[{"lang":"nginx","file":"/etc/nginx/nginx.conf","text":"location / {\\n    return 200;\\n}"}\]' \
	  '"commands":\["sudo nginx -t"\]' '"verify":\["Probe again."\]'; do
	like "explain --json: $kv" "$out" "$kv"
done
printf '%s\n' "$out" >"$TMPD/explain.json"
if command -v python3 >/dev/null 2>&1; then
	check "explain --json: valid JSON (python3)" python3 -m json.tool "$TMPD/explain.json"
elif command -v jq >/dev/null 2>&1; then
	check "explain --json: valid JSON (jq)" jq . "$TMPD/explain.json"
fi

TEXT=$(kb_dir text "$TESTS_DATA/kb-text/text.xml")
run env HTTPDOC_KB_DIR="$TEXT" "$HTTPDOC" explain 404
is "explain of a one-advice tree: exit 0" "$rc" 0
like "explain: the advice's title and id" "$out" "^  Restore the page \[404-fix\]$"
like "explain: numbered steps" "$out" "1\. Put the file back in the document root\.$"
like "explain: a snippet labelled by lang and file" "$out" "\[nginx\] /etc/nginx/sites-enabled/example.conf$"
like "explain: snippet lines kept as written, at the left margin" "$out" "^    try_files \$uri \$uri/ =404;$"
like "explain: a command" "$out" '\$ sudo nginx -t && sudo systemctl reload nginx$'
like "explain: how to verify" "$out" "Probe again: the status should be 200\."
unlike "explain: no trailing blanks" "$out" " $"

run env HTTPDOC_KB_DIR="$TEXT" "$HTTPDOC" explain 404 --json
like "explain --json: a one-advice tree has no question" "$out" '"questions":null'
like "explain --json: snippets without a file have file null" "$out" '"lang":"php-fpm","file":null'

# The loader's strings are the gettext keys: each must be exactly what
# xgettext extracts from the same file with httpdoc's ITS rules.
if command -v xgettext >/dev/null 2>&1; then
	run env HTTPDOC_KB_DIR="$TEXT" "$HTTPDOC" explain 404 --json
	GETTEXTDATADIRS=$srcdir/../kb xgettext --no-wrap --omit-header -o "$TMPD/text.pot" \
		"$TESTS_DATA/kb-text/text.xml" 2>"$TMPD/xgettext.err"
	sed -n 's/^msgid "\(.*\)"$/\1/p' "$TMPD/text.pot" >"$TMPD/msgids"
	is "xgettext extracts the text fixture's 7 strings" "$(wc -l <"$TMPD/msgids")" 7
	while IFS= read -r id; do
		case $out in
		*"\"$id\""*) ok "a KB string equals its msgid: $id" ;;
		*) not_ok "a KB string equals its msgid: $id" "not in: $out" ;;
		esac
	done <"$TMPD/msgids"
fi

ENGINE=$(kb_dir engine "$TESTS_DATA/kb-engine/engine.xml")
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 101
is "explain of an entry without a tree: exit 0" "$rc" 0
like "explain: says there is no tree" "$out" "no decision tree"
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 101 --json
like "explain --json: no tree is null" "$out" '"tree":null,"questions":null,"advice":\[\]'
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain cf1020
like "explain cf1020: the 1020 entry" "$out" "^1020  Access denied$"
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain too_many_redirects
like "explain too_many_redirects: the too-many-redirects entry" "$out" "^too-many-redirects  Too many redirects$"

run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 1021
is "explain of an unknown code: exit 2" "$rc" 2
is "explain of an unknown code: the nearest known codes" "$err" "httpdoc: no entry for '1021'; nearest: 1020, 1000"
is "explain of an unknown code: nothing on stdout" "$out" ""
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 403.15
is "explain 403.15: nearest" "$err" "httpdoc: no entry for '403.15'; nearest: 403.14, 403"
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 'drop table'
is "explain of garbage: exit 2" "$rc" 2
like "explain of garbage: says so" "$err" "^httpdoc: 'drop table' is not a code httpdoc knows"
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain
is "explain without a code: exit 2" "$rc" 2
like "explain without a code: usage" "$err" "usage: httpdoc explain CODE"
run env HTTPDOC_KB_DIR="$ENGINE" "$HTTPDOC" explain 403 404
is "explain with two codes: exit 2" "$rc" 2

BROKEN=$(kb_dir broken "$BAD/not-well-formed/4xx.xml")
run env HTTPDOC_KB_DIR="$BROKEN" "$HTTPDOC" explain 404
is "explain with a broken KB: exit 2" "$rc" 2
is "explain with a broken KB: its file:line message" "$err" \
	"httpdoc: invalid knowledge base: $BROKEN/4xx.xml:6: Opening and ending tag mismatch: entry line 3 and entri"

plan_done
