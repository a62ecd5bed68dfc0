#!/bin/sh
# tmux-progress.sh: a batch's progress bar in a real terminal (tmux): count,
# rate and ETA while it runs (from the number of URLs a file lists), a count
# and rate when the URLs come from a pipe, and gone from the screen when the
# batch ends. Where stderr is not a terminal there is no bar at all.
. "$srcdir/lib.sh"
. "$srcdir/tmux-lib.sh"
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"

start_server PORT --dir "$TESTS_DATA/responses" --lifetime 90
B=http://127.0.0.1:$PORT
ENVS="HTTPDOC_KB_DIR=$HTTPDOC_KB_DIR HTTPDOC_LOCALEDIR=${HTTPDOC_LOCALEDIR:-} XDG_CACHE_HOME=${XDG_CACHE_HOME:-$TMPD/cache}"

# Four URLs answer at once; two send a byte a second until --timeout ends them.
{
	echo "# a comment and a blank line are not URLs"
	for i in 1 2 3 4; do echo "$B/r/ok?n=$i"; done
	echo
	echo "$B/slow?a"
	echo "$B/slow?b"
} >"$TMPD/urls"

tmux_start "$HTTPDOC probe --timeout 3 --parallel 6 --input $TMPD/urls >$TMPD/out.txt" $ENVS
expect "while the slow two run, the bar counts 4 of the 6 URLs the file lists" "4/6" 5
expect "it shows an ETA" "ETA" 1
like "it is a bar two thirds full" "$(capture)" '^\[#\{20\} \{10\}\] 4/6  *[0-9][0-9]*/s  *ETA [0-9][0-9]*s'
expect "the batch ends, every URL answered 200" "EXIT=0" 10
is "once it ends, the bar is gone from the screen" "$(capture | grep -c -e '4/6' -e 'ETA')" 0
like "the summary went to standard output" "$(cat "$TMPD/out.txt")" 'Summary: 6 URLs'

tmux_start "cat $TMPD/urls | $HTTPDOC probe --timeout 3 --parallel 6 --input - >$TMPD/out2.txt" $ENVS
expect "from a pipe, with no total known, it counts what is done" "4 probed" 5
is "and shows no ETA" "$(capture | grep -c 'ETA')" 0
expect "that batch ends too" "EXIT=0" 10

"$HTTPDOC" probe --timeout 3 --parallel 6 --input "$TMPD/urls" >"$TMPD/out3.txt" 2>"$TMPD/err3.txt"
is "stderr not a terminal: no bar, nothing at all on stderr" "$(wc -c <"$TMPD/err3.txt")" 0
plan_done
