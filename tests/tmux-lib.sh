# tmux-lib.sh: drive the wizard in a real terminal: a private tmux server
# (-L, no configuration), a fixed 80x24 window, TERM=tmux-256color and a
# UTF-8 locale. Captures are polled for the exact text wanted, with bounded
# waits; the program runs as `prog; echo EXIT=$?; ...; sleep 60` so its exit
# status and the terminal state after it stay on the pane. Source after lib.sh.

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"
TMUX_SOCKET=httpdoc-test-$$
TMUX_RUNS=0
unset TMUX
tm() { tmux -L "$TMUX_SOCKET-$TMUX_RUNS" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMPD"; [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null' EXIT

# tmux_start COMMAND [VAR=VALUE...]: a new window running COMMAND (shell
# words) with those variables, then the terminal's state once it ends:
# EXIT=status and STTY=the line-discipline flags that matter.
tmux_start() {
	local cmd=$1 run=$TMPD/run.sh
	shift
	{
		# Ctrl-C reaches the whole foreground group: the shell must outlive it
		# to report the status (a trap, unlike an ignored signal, is not inherited).
		echo "trap : INT"
		echo "export TERM=tmux-256color LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE="
		for v in "$@"; do printf 'export %s\n' "$v"; done
		echo "ulimit -c 0"
		echo "$cmd"
		echo 'echo EXIT=$?'
		echo 'echo STTY=$(stty -a | tr " ;" "\n\n" | grep -E -x -- "-?(icanon|echo|isig)" | tr "\n" " ")'
		echo 'sleep 60'
	} >"$run"
	tm kill-server 2>/dev/null
	TMUX_RUNS=$((TMUX_RUNS + 1))      # a fresh server: no race with the old one ending
	tm new-session -d -x 80 -y 24 "sh $run"
	tm set-option -s escape-time 0
	tm set-option -g status off
}

capture() { tm capture-pane -p "$@" 2>/dev/null; }

# wait_for TEXT [SECONDS]: poll every 50 ms until the screen shows TEXT.
wait_for() {
	local text=$1 limit=${2:-5} i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if capture | grep -q -F -- "$text"; then return 0; fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# expect DESCRIPTION TEXT [SECONDS]: a test that the screen comes to show TEXT.
expect() {
	if wait_for "$2" "${3:-5}"; then ok "$1"; else not_ok "$1" "waited for: $2
screen:
$(capture)"; fi
}

keys() { tm send-keys "$@"; }

# walk_to_fix WHAT: Enter on the highlighted answer until the fix shows.
walk_to_fix() {
	local i=0 j
	while [ $i -lt 12 ] && ! capture | grep -q "What to do"; do
		before=$(capture)
		keys Enter
		j=0
		while [ $j -lt 40 ] && [ "$(capture)" = "$before" ]; do sleep 0.05; j=$((j + 1)); done
		i=$((i + 1))
	done
	expect "$1 walks to a fix" "What to do"
	echo "# $1: Enter x$i"
}

# same_as_script DESCRIPTION KEYS COMMAND [VAR=VALUE...]: play KEYS (words
# tmux send-keys knows: digits, Enter, Left ...) in the terminal and through
# HTTPDOC_UI_KEYS; the terminal must come to show exactly the screen the
# model describes, wide characters and all.
same_as_script() {
	local desc=$1 k=$2 cmd=$3 i=0
	shift 3
	(for v in "$@"; do export "$v"; done
	 HTTPDOC_UI_KEYS=$k HTTPDOC_UI_DUMP=$TMPD/script.txt HTTPDOC_UI_SIZE=80x24 \
		sh -c "$cmd" </dev/null >/dev/null 2>&1)
	tail -n +2 "$TMPD/script.txt" >"$TMPD/want.txt"
	tmux_start "$cmd" "$@"
	wait_for "httpdoc" 10
	for key in $k; do keys "$key"; sleep 0.05; done
	while [ $i -lt 60 ] && ! capture | cmp -s - "$TMPD/want.txt"; do sleep 0.05; i=$((i + 1)); done
	if capture | cmp -s - "$TMPD/want.txt"; then ok "$desc"; else
		not_ok "$desc" "$(capture | diff -u "$TMPD/want.txt" - | head -n 40)"
	fi
	keys q
}

# The pid of the program in the pane (the child of the pane's shell).
prog_pid() {
	local shell
	shell=$(tm display-message -p '#{pane_pid}')
	# The pane shell's child, read from /proc (a minimal system has no pgrep):
	# field 4 of /proc/PID/stat is the parent's pid.
	for stat in /proc/[0-9]*/stat; do
		awk -v parent="$shell" '$4 == parent { print $1 }' "$stat" 2>/dev/null
	done | head -n 1
}

# restored DESCRIPTION: after the program ended, the terminal is back to normal:
# canonical mode, echo and signals on, out of the alternate screen.
restored() {
	if ! wait_for "STTY=" 5; then
		not_ok "$1" "the program did not end: $(capture)"
		return
	fi
	local stty alt bad=""
	stty=$(capture | sed -n 's/^STTY=//p')
	alt=$(tm display-message -p '#{alternate_on}')
	for f in icanon echo isig; do
		case " $stty " in *" $f "*) ;; *) bad="$bad $f" ;; esac
	done
	if [ -z "$bad" ] && [ "$alt" = 0 ]; then ok "$1"; else
		not_ok "$1" "stty: $stty (missing:$bad), alternate screen: $alt"
	fi
}
