#!/bin/sh
# code-wizard.sh: a code is never a host: `httpdoc 504` opens the wizard on
# the code's tree without touching the network, an unknown code is refused
# with the nearest ones, and r probes a real URL (the loopback test server's
# nginx 504) whose answers fill in what a probe can while the user's other
# answers stay.
. "$srcdir/lib.sh"
export XDG_STATE_HOME=$TMPD/state

like "--help says a bare number is a code" "$("$HTTPDOC" --help)" 'a bare number is always a code, never a host name'

# No network: a timeout of one second and an address that would hang are
# never used, because nothing is probed.
play nonet "dump" --timeout 1 504
like "httpdoc 504 opens the code's screen" "$(screen nonet 1)" '^ 504 Gateway Timeout'
unlike "and probes nothing" "$(cat "$TMPD/nonet.txt")" 'Probing\|https://504'
for code in 403.14 1020 cf1020 CF-1020 ' 522 '; do
	play "form" "dump" "$code"
	like "'$code' is a code" "$(screen form 1)" 'What the code means'
done

for arg in 5029 10.1 cf9; do
	HTTPDOC_UI_KEYS=q "$HTTPDOC" "$arg" </dev/null >"$TMPD/out" 2>"$TMPD/err"; rc=$?
	is "unknown code $arg: exit 2" "$rc" 2
	like "unknown code $arg: says how to probe a host of that name" "$(cat "$TMPD/err")" \
		"^httpdoc: no code $arg in the knowledge base.*give a URL: http://$arg/$"
	is "unknown code $arg: one line, nothing on stdout" "$(wc -l <"$TMPD/err") $(wc -c <"$TMPD/out")" "1 0"
done

# A snippet line wider than the screen breaks only at spaces, marked ↪; c
# writes the snippet whole to a file (and to the clipboard, see tmux-code.sh).
expr='(http.request.uri.path contains "/wp-login.php") and not (ip.src in {203.0.113.10 198.51.100.0/24})'
for size in 80x24 60x30 44x30; do
	(cd "$TMPD" && HTTPDOC_UI_KEYS="Enter dump c dump" HTTPDOC_UI_DUMP=$TMPD/wrap.txt HTTPDOC_UI_SIZE=$size \
		"$HTTPDOC" --no-color cf1020 </dev/null >/dev/null 2>&1)
	rows=$(awk '/^--- / { i++ } i == 1' "$TMPD/wrap.txt" | sed -n 's/^ *[│┆] \(↪ \)\{0,1\}//p')
	split=""
	for token in $expr; do
		printf '%s\n' "$rows" | grep -q -F -- "$token" || split="$split $token"
	done
	is "$size: every word of the rule expression stays whole on a row" "$split" ""
	like "$size: the rows that go on are marked" "$(cat "$TMPD/wrap.txt")" '┆ ↪ '
	is "$size: the rows joined give the expression back" "$(printf '%s\n' "$rows" | tr '\n' ' ' | sed 's/ $//')" "$expr"
	[ $size = 80x24 ] && like "c says where it saved the snippet" "$(awk '/^--- / { i++ } i == 2' "$TMPD/wrap.txt")" \
		'Snippet 1 saved to ./httpdoc-snippet-cf-block-custom-rule-1\.txt'
done
file=$(ls "$TMPD"/httpdoc-snippet-cf-block-custom-rule-*.txt 2>/dev/null | head -n 1)
is "c wrote the snippet whole to a file" "$(cat "$file" 2>/dev/null)" "$expr"

[ -x "$TEST_SERVER" ] || { plan_done; exit; }
start_server PORT --dir "$TESTS_DATA/responses" --lifetime 60
[ -n "$PORT" ] || { not_ok "the test server starts" "$(cat "$TMPD/server.err")"; plan_done; exit; }
url=http://127.0.0.1:$PORT/raw/nginx-504

# 504 walked by hand to PHP-FPM, then r: the probe answers who wrote the page
# and which server; the answer about PHP-FPM stays the user's.
play carry "Enter 2 1 1 r dump text:$url Enter dump Enter dump" 504
like "r asks for the URL" "$(screen carry 1)" 'The URL that shows the error: a probe answers what it can\.'
like "the probe's result" "$(screen carry 2)" '^ Status  *504 Gateway Time-out'
walk=$(screen carry 3)
like "the probe answered who wrote the page" "$walk" 'answered by the probe: no Cloudflare page markup'
like "and which server" "$walk" 'answered by the probe: .*nginx'
like "the user's answer about PHP-FPM stays" "$(printf '%s\n' "$walk" | grep -A2 'What does nginx pass')" 'your answer'
like "and the walk goes on from there" "$walk" 'Where does the time go?'
plan_done
