# lib.sh: TAP helpers for the shell tests. Source it; call `plan_done` at the end.
# Environment (set by make check): HTTPDOC, HTTPDOC_KB_DIR, TEST_SERVER, TESTS_DATA, CORPUS_DIR.
set -u
tap_n=0
tap_failed=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/httpdoc-test.XXXXXX")
SERVER_PIDS=""
trap 'for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMPD"' EXIT

ok() {      # ok DESCRIPTION -- runs nothing; records a pass
	tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"
}
not_ok() {  # not_ok DESCRIPTION DETAIL
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/#   /'
}
check() {   # check DESCRIPTION COMMAND... : passes when COMMAND succeeds
	local d=$1; shift
	if "$@" >"$TMPD/check.out" 2>&1; then ok "$d"; else not_ok "$d" "$(head -c 2000 "$TMPD/check.out")"; fi
}
is() {      # is DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3
got:      $2"; fi
}
like() {    # like DESCRIPTION GOT GREP-PATTERN
	if printf '%s' "$2" | grep -q -e "$3"; then ok "$1"; else not_ok "$1" "expected to match: $3
got: $(printf '%s' "$2" | head -c 2000)"; fi
}
unlike() {  # unlike DESCRIPTION GOT GREP-PATTERN
	if printf '%s' "$2" | grep -q -e "$3"; then not_ok "$1" "expected not to match: $3
got: $(printf '%s' "$2" | head -c 2000)"; else ok "$1"; fi
}
# start_server PORTVAR [ARGS...]: start a loopback test server, wait (at most
# 5 s) for its port line. Sets SERVER_PID and PORTVAR (empty when it did not
# start: its stderr is in $TMPD/server.err). Every server is killed on exit.
start_server() {
	var=$1; shift
	: >"$TMPD/port.$var"
	"$TEST_SERVER" "$@" >"$TMPD/port.$var" 2>>"$TMPD/server.err" &
	SERVER_PID=$!
	SERVER_PIDS="$SERVER_PIDS $SERVER_PID"
	i=0
	while [ ! -s "$TMPD/port.$var" ] && [ $i -lt 100 ]; do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.05; i=$((i + 1))
	done
	eval "$var=\$(head -n1 \"\$TMPD/port.$var\")"
}
# stop_server: stop the server started last.
stop_server() {
	[ -n "${SERVER_PID:-}" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
	SERVER_PID=
}
# jget NAME PATH: the value at PATH of $TMPD/NAME.json, as compact JSON.
jget() { "$JSON_GET" "$TMPD/$1.json" "$2" 2>&1; }
# field NAME PATH WANT: a check of one JSON value that says what was expected.
field() { is "$1: $2 is $3" "$(jget "$1" "$2")" "$3"; }

# start_edge_and_origin: two loopback servers playing Cloudflare's edge (the
# fixtures: /raw/cf-522 is its 522) and a healthy origin answering the same
# path with 200. Sets EDGE and ORIGIN (ports) and url; ends the test when
# either does not start.
start_edge_and_origin() {
	start_server EDGE --dir "$TESTS_DATA/responses" --lifetime 60
	mkdir -p "$TMPD/origin"
	printf 'HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\nContent-Type: text/html\r\n\r\n<html><head><title>Blog</title></head><body>Hello</body></html>\n' \
		> "$TMPD/origin/cf-522.http"
	start_server ORIGIN --dir "$TMPD/origin" --lifetime 60
	[ -n "$EDGE" ] && [ -n "$ORIGIN" ] ||
		{ not_ok "both servers start" "$(cat "$TMPD/server.err")"; plan_done; exit 1; }
	url=http://localhost:$EDGE/raw/cf-522   # byte for byte: Cloudflare sends no reason phrase
}

# ca_dir DIR: an openssl CA's files in DIR (an empty index, serial 01, and
# DIR/ca.cnf: copy the leaf's extensions, any subject). More sections may be
# appended to DIR/ca.cnf; sign with `openssl ca -batch -config DIR/ca.cnf`.
ca_dir() {
	mkdir -p "$1" && : >"$1/index.txt" && echo 01 >"$1/serial" &&
	cat >"$1/ca.cnf" <<EOF
[ ca ]
default_ca = test
[ test ]
dir = $1
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
unique_subject = no
default_md = sha256
policy = any
copy_extensions = copy
[ any ]
commonName = supplied
EOF
}

# pj NAME [OPTIONS...] URL: `probe --json` into $TMPD/NAME.json (stderr in
# NAME.err), its exit status in rc. pt: the text report into NAME.txt.
# (Tests that measure a probe define their own.)
pj() {
	n=$1; shift
	"$HTTPDOC" probe --json --timeout 10 "$@" >"$TMPD/$n.json" 2>"$TMPD/$n.err"; rc=$?
}
pt() {
	n=$1; shift
	"$HTTPDOC" probe --no-color --timeout 10 "$@" >"$TMPD/$n.txt" 2>"$TMPD/$n.err"; rc=$?
}

# play NAME KEYS ARGS...: the wizard on ARGS with KEYS and no terminal, in
# $TMPD, PLAY_SIZE (default 80x40) columns by lines; its screens in
# $TMPD/NAME.txt, and a check that it ends with status 0.
play() {
	local name=$1 keys=$2
	shift 2
	(cd "$TMPD" && HTTPDOC_UI_KEYS=$keys HTTPDOC_UI_DUMP=$TMPD/$name.txt \
		HTTPDOC_UI_SIZE=${PLAY_SIZE:-80x40} \
		"$HTTPDOC" --no-color "$@" </dev/null >"$TMPD/$name.out" 2>"$TMPD/$name.err")
	is "$name: the wizard ends with status 0" "$?" 0
}
# screen NAME N: the Nth screen play dumped.
screen() { awk -v n="$2" '/^--- .* ---$/ { i++ } i == n' "$TMPD/$1.txt"; }

skip_all() {
	echo "1..0 # SKIP $1"; exit 0
}
plan_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
