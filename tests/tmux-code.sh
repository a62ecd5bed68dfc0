#!/bin/sh
# tmux-code.sh: the wizard with no probe in a real terminal: `httpdoc 504`
# and `httpdoc cf1020` walk to a fix, and 502 typed in the URL entry does the
# same; `httpdoc --replay FILE` opens the saved response, and after the file
# is saved anew r shows the error gone; the terminal is restored after each.
. "$srcdir/lib.sh"
. "$srcdir/tmux-lib.sh"

H=$HTTPDOC
ENVS="HTTPDOC_KB_DIR=$HTTPDOC_KB_DIR HTTPDOC_DEMO_DIR=$HTTPDOC_DEMO_DIR HTTPDOC_LOCALEDIR=${HTTPDOC_LOCALEDIR:-} XDG_STATE_HOME=$TMPD/state"

tmux_start "$H 504" $ENVS
expect "httpdoc 504 opens what the code means, with no probe" "code 504, no probe" 10
expect "its meaning" "504 Gateway Timeout"
walk_to_fix "httpdoc 504"
keys q
expect "q quits with status 0" "EXIT=0"
restored "the terminal is restored"

tmux_start "cd $TMPD && $H cf1020" $ENVS
expect "httpdoc cf1020 opens what the code means" "code 1020, no probe" 10
keys Enter
expect "the code answers its question: Enter shows the fix" "What to do"
expect "for the custom rule" "Fix the custom rule that blocks the request"
# c: the rule expression goes to the clipboard with OSC 52, which tmux keeps
# as a paste buffer when set-clipboard is on.
tm set-option -s set-clipboard on
keys c
expect "c says the snippet went to the clipboard" "sent to"
is "the clipboard holds the whole expression" "$(tm show-buffer 2>/dev/null)" \
	'(http.request.uri.path contains "/wp-login.php") and not (ip.src in {203.0.113.10 198.51.100.0/24})'
keys q
expect "q quits" "EXIT=0"

tmux_start "$H" $ENVS
expect "without an argument the wizard asks for a URL" "Which address shows the error?" 10
keys -l 502
keys Enter
expect "502 typed as the URL opens the code, never a host" "code 502, no probe"
walk_to_fix "502 typed in the URL entry"
keys q
expect "q quits" "EXIT=0"
restored "and the terminal is restored"

# A saved response: the wizard opens on it; the fixed response saved over it
# and r: before and after.
cp "$HTTPDOC_DEMO_DIR/origin-nginx-502-php-fpm.http" "$TMPD/site.http"
tmux_start "$H --replay $TMPD/site.http" $ENVS
expect "--replay opens the saved response" "saved response: site.http" 10
expect "on what came back" "502 Bad Gateway"
walk_to_fix "--replay"
printf 'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n<html><body>ok</body></html>\n' >"$TMPD/site.http"
keys r
expect "r reads the file saved anew: before and after" "Before and after"
expect "and the error is gone" "The error is gone"
keys q
expect "q quits" "EXIT=0"
restored "the terminal is restored after --replay"
plan_done
