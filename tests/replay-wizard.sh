#!/bin/sh
# replay-wizard.sh: `httpdoc --replay FILE` opens the wizard on a saved
# response exactly as --demo opens its samples: the same screens (but the
# file's name in the title bar), r reads the file again, s saves a report;
# a bad file exits 2 with the very line `probe --replay` prints.
. "$srcdir/lib.sh"
PLAY_SIZE=80x30
export XDG_STATE_HOME=$TMPD/state
R=$TESTS_DATA/replay
sample=$HTTPDOC_DEMO_DIR/origin-nginx-502-php-fpm.http

# The first N screens without their title bar (which names the demo or the
# file) and key bar (no menu to go back to from a saved response).
body() {
	awk -v n="$2" '/^--- .* ---$/ { i++; print "---"; next } i <= n' "$TMPD/$1.txt" |
		grep -v -e '^ httpdoc · ' -e '  ? help  q quit  r read again'
}

# The demo's sample 6 and the same file replayed: result, walk, advice.
play demo "6 dump Enter dump 1 dump" --demo
play replay "dump Enter dump 1 dump" --replay "$sample"
is "the screens of --replay are the demo's, screen for screen" "$(body replay 3)" "$(body demo 3)"
like "the title bar names the saved response" "$(sed -n 2p "$TMPD/replay.txt")" \
	'saved response: origin-nginx-502-php-fpm.http$'
bar=$(awk '/^--- / { i++ } i == 1' "$TMPD/replay.txt" | tail -n 1)
like "the result's key bar" "$bar" 'Enter find the cause'
unlike "has no way back to a menu" "$bar" '← back'

# r reads the file again; s saves the report under the file's name.
cp "$sample" "$TMPD/site.http"
play reread "Enter 1 End dump r dump Enter s dump" --replay "$TMPD/site.http"
like "r reads the file again: before and after" "$(cat "$TMPD/reread.txt")" 'Before and after'
like "and says the file changes when saved anew" "$(cat "$TMPD/reread.txt" | tr -s ' \n' '  ')" \
	'The file was read again: it changes when the response is saved anew'
like "the advice says how to see the fix" "$(cat "$TMPD/reread.txt" | tr -s ' \n' '  ')" \
	'Then save the response anew (curl -si URL > FILE) and press r'
report=$(ls "$TMPD"/httpdoc-report-saved-site-*.md 2>/dev/null | head -n 1)
like "s saves a report named after the file" "$(cat "$report" 2>/dev/null)" '^# httpdoc report'

# Bad files: the wizard refuses each as probe --replay does, before any terminal.
: >"$TMPD/empty.http"
head -c 4096 /dev/urandom >"$TMPD/random.bin"
for f in "$TMPD/empty.http" "$TMPD/nope.http" "$TMPD" "$TMPD/random.bin" "$R/truncated-headers.http" \
	 "$R/no-status-line.http" "$R/bad-header.http"; do
	"$HTTPDOC" probe --replay "$f" >/dev/null 2>"$TMPD/probe.err"
	"$HTTPDOC" --replay "$f" </dev/null >"$TMPD/out" 2>"$TMPD/err"; rc=$?
	name=$(basename "$f")
	is "$name: exits 2" "$rc" 2
	is "$name: the same line as probe --replay" "$(cat "$TMPD/err")" "$(cat "$TMPD/probe.err")"
	is "$name: one line, nothing on stdout" "$(wc -l <"$TMPD/err") $(wc -c <"$TMPD/out")" "1 0"
done
"$HTTPDOC" --replay "$sample" http://example.test/ </dev/null >/dev/null 2>"$TMPD/err"; rc=$?
is "--replay with a URL: exit 2" "$rc$(grep -c 'no URLs' "$TMPD/err")" 21
plan_done
