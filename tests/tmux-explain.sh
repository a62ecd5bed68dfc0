#!/bin/sh
# tmux-explain.sh: explain on a real terminal goes through a pager, as git
# and man do: $PAGER (run by the shell), else less -R, else the text as it
# is when neither starts; PAGER=cat or empty means none.
. "$srcdir/lib.sh"
. "$srcdir/tmux-lib.sh"

H=$HTTPDOC
ENVS="HTTPDOC_KB_DIR=$HTTPDOC_KB_DIR HTTPDOC_LOCALEDIR=${HTTPDOC_LOCALEDIR:-} XDG_CACHE_HOME=$TMPD/cache"

# A pager of the test's own: it records that it ran and what it was given.
cat >"$TMPD/pager" <<EOF
#!/bin/sh
echo called >>"$TMPD/pager.calls"
cat >"$TMPD/paged.txt"
echo PAGED-BY-TEST
EOF
chmod +x "$TMPD/pager"

tmux_start "$H explain 504" $ENVS PAGER=$TMPD/pager
expect "explain on a terminal ends" "EXIT=0"
is "\$PAGER is run once" "$(cat "$TMPD/pager.calls" 2>/dev/null)" called
like "and given the whole text" "$(cat "$TMPD/paged.txt" 2>/dev/null)" 'request_terminate_timeout'
like "which it shows" "$(capture)" PAGED-BY-TEST

# A pager with arguments, as the shell reads it.
tmux_start "$H explain 504" $ENVS "PAGER='$TMPD/pager --with-an-argument'"
expect "a PAGER with arguments is run by the shell" "PAGED-BY-TEST"

# No PAGER: less -R, which waits at the end of a page of a long text.
if ! command -v less >/dev/null 2>&1; then
	ok "# SKIP without PAGER, less shows the text: less is not installed"
else
tmux_start "env -u PAGER -u LESS $H explain 403" $ENVS
if wait_for "403  Forbidden" 10; then
	# less waits at its prompt, a ':' alone on the last line.
	i=0
	while [ $i -lt 60 ] && [ "$(capture | tail -n 1)" != : ]; do sleep 0.05; i=$((i + 1)); done
	is "without PAGER, less shows the text and waits" "$(capture | tail -n 1)" :
	keys q
	expect "q in less ends explain with status 0" "EXIT=0"
else
	not_ok "without PAGER, less shows the text and waits" "$(capture)"
fi
restored "the terminal is as it was after less"
fi

# Neither $PAGER nor less can start: the text as it is.
mkdir -p "$TMPD/nobin"
tmux_start "env PATH=$TMPD/nobin PAGER=no-such-pager-here $H explain 504" $ENVS
expect "a pager that does not exist, and no less: the text is written as it is" "One fix alone" 10
expect "and explain ends with status 0" "EXIT=0"

tmux_start "$H explain 504" $ENVS PAGER=cat
expect "PAGER=cat: no pager, the text as it is" "One fix alone" 10
is "the test's pager was not run again" "$(cat "$TMPD/pager.calls")" "called
called"

# --json is for scripts: never paged.
tmux_start "$H explain 504 --json" $ENVS PAGER=$TMPD/pager
expect "--json on a terminal is not paged" '"answered":[]}'
is "the pager did not run for --json" "$(wc -l <"$TMPD/pager.calls")" 2
plan_done
