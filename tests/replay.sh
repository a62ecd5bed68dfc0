#!/bin/sh
# replay.sh: `httpdoc probe --replay FILE` reads saved responses as if they came from the network.
. "$srcdir/lib.sh"
R=$TESTS_DATA/replay

out=$("$HTTPDOC" probe --replay "$R/redirect-chain.http" --json); rc=$?
is "a 200 after redirects exits 0" "$rc" 0
like "the final status is the last block's" "$out" '"status":200,"reason":"OK"'
like "the 100 Continue block is skipped and both redirects are recorded" "$out" \
	'"redirects":\[{"status":301,"location":"https://www.example.test/"},{"status":302,"location":"/login?next=%2F"}\]'
like "the Server header of the final block is used" "$out" '"server":"nginx"'
like "a replay says it was replayed" "$out" '"replayed":true'
like "timings of a replay are null" "$out" '"timings_ms":{"dns":null,"connect":null,"tls":null,"ttfb":null,"total":null}'

out=$("$HTTPDOC" probe --replay "$R/chunked.http" --json); rc=$?
is "a 404 exits 1" "$rc" 1
like "chunk framing is removed from the body (35 bytes decoded)" "$out" '"body_bytes":35,'

# gzip and deflate bodies, as curl -si writes them without --compressed
body='<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>'
{ printf 'HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n'; printf '%s' "$body" | gzip -c; } > "$TMPD/gzip.http"
out=$("$HTTPDOC" probe --replay "$TMPD/gzip.http" --json)
like "a gzip body is inflated before it is analysed" "$out" "\"body_bytes\":${#body},"

# br and zstd bodies (curl -si --compressed keeps them coded), when the tools to make them exist
for coding in br zstd; do
	case $coding in br) tool=brotli ;; zstd) tool=zstd ;; esac
	if ! command -v $tool >/dev/null 2>&1; then
		ok "a $coding body is decoded # SKIP no $tool command to make one"
		continue
	fi
	{ printf 'HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Encoding: %s\r\n\r\n' $coding
	  printf '%s' "$body" | $tool -c; } > "$TMPD/$coding.http"
	out=$("$HTTPDOC" probe --replay "$TMPD/$coding.http" --json)
	like "a $coding body is decoded before it is analysed" "$out" "\"body_bytes\":${#body},"
done

# bad files: exit 2 with one line that says what is wrong
bad() {  # bad DESCRIPTION FILE PATTERN
	"$HTTPDOC" probe --replay "$2" >"$TMPD/out" 2>"$TMPD/err"; rc=$?
	is "$1: exits 2" "$rc" 2
	like "$1: says why" "$(cat "$TMPD/err")" "$3"
	is "$1: one line on stderr, nothing on stdout" "$(wc -l <"$TMPD/err") $(wc -c <"$TMPD/out")" "1 0"
}
: > "$TMPD/empty.http"
head -c 4096 /dev/urandom > "$TMPD/random.bin"
printf '\037\213\010\000binary' > "$TMPD/gz.bin"
bad "an empty file" "$TMPD/empty.http" "empty"
bad "a missing file" "$TMPD/nope.http" "No such file"
bad "a directory" "$TMPD" "directory"
truncate -s 65M "$TMPD/huge.http"
bad "a file over 64 MiB" "$TMPD/huge.http" "larger than 64 MiB"
rm -f "$TMPD/huge.http"
bad "random bytes" "$TMPD/random.bin" "binary"
bad "a gzip file" "$TMPD/gz.bin" "binary"
bad "headers that never end" "$R/truncated-headers.http" "never end"
bad "a body without a status line" "$R/no-status-line.http" "line 1: expected a status line"
bad "a header line without a colon" "$R/bad-header.http" "line 2: expected a header"

"$HTTPDOC" probe --replay "$R/chunked.http" https://example.test/ >/dev/null 2>"$TMPD/err"; rc=$?
is "--replay with URLs is a usage error" "$rc" 2

# hostile bytes never reach the terminal raw
esc=$(printf '\033')
"$HTTPDOC" probe --replay "$R/hostile.http" >"$TMPD/text" 2>&1
is "text output of a hostile response has no raw ESC" "$(grep -c "$esc" "$TMPD/text")" 0
is "text output has no raw BEL" "$(grep -c "$(printf '\007')" "$TMPD/text")" 0
like "the escape is shown escaped instead" "$(cat "$TMPD/text")" 'x1B'
"$HTTPDOC" probe --replay "$R/hostile.http" --report >"$TMPD/md" 2>&1
is "the Markdown report of a hostile response has no raw ESC" "$(grep -c "$esc" "$TMPD/md")" 0
"$HTTPDOC" probe --replay "$R/hostile.http" --json >"$TMPD/json" 2>&1
is "JSON of a hostile response has no raw ESC (jansson escapes it)" "$(grep -c "$esc" "$TMPD/json")" 0
like "JSON keeps the escape as \\u001B" "$(cat "$TMPD/json")" 'u001B'

plan_done
