#!/bin/sh
# hostile.sh: `httpdoc probe` against servers that break HTTP's rules (the
# test server's raw /hostile/ routes): oversized and endless heads,
# connections cut short, bad status lines, NUL bytes and bad UTF-8, br and
# zstd bombs, a trickling body. Every case must end in bounded time and memory
# with a clear result (a status, or a transport_error) and a matching exit
# status, and the text output must carry no raw control bytes.
. "$srcdir/lib.sh"
JSON_GET=${JSON_GET:-$builddir/json-get}
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"

TIME_MAX_MS=10000        # every case, loosely
RSS_MAX_KIB=32768        # peak RSS of httpdoc, any case

# ------------------------------------------------------------------ measuring

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Peak RSS: GNU time if present, else the wait4() wrapper of bench/.
MEASURE=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$TMPD/t" true 2>/dev/null &&
   grep -q '^[0-9][0-9]*$' "$TMPD/t"; then
	MEASURE=time
elif ${CC:-cc} -O2 -o "$TMPD/measure" "$srcdir/../bench/measure.c" 2>"$TMPD/cc.err"; then
	MEASURE=wait4
fi

# pj NAME [OPTIONS...] URL: `probe --json` into $TMPD/NAME.json (stderr in
# NAME.err); sets rc, ms (wall time) and rss (KiB; empty when not measured).
pj() {
	n=$1; shift
	rss=
	t0=$(now_ms)
	case $MEASURE in
	time)
		/usr/bin/time -f %M -o "$TMPD/$n.rss" "$HTTPDOC" probe --json "$@" \
			>"$TMPD/$n.json" 2>"$TMPD/$n.err"; rc=$?
		rss=$(tail -n1 "$TMPD/$n.rss") ;;
	wait4)
		"$TMPD/measure" -o "$TMPD/$n.json" "$HTTPDOC" probe --json "$@" \
			>"$TMPD/$n.m" 2>"$TMPD/$n.err"
		read -r _ rss rc <"$TMPD/$n.m" ;;
	*)
		"$HTTPDOC" probe --json "$@" >"$TMPD/$n.json" 2>"$TMPD/$n.err"; rc=$? ;;
	esac
	ms=$(( $(now_ms) - t0 ))
}
# pt NAME [OPTIONS...] URL: text output into $TMPD/NAME.txt; sets trc.
pt() {
	n=$1; shift
	"$HTTPDOC" probe "$@" >"$TMPD/$n.txt" 2>"$TMPD/$n.terr"; trc=$?
}
yes_if() { if "$@"; then echo yes; else echo no; fi; }

# Bytes that must never reach a terminal raw: C0 controls but tab and
# newline, DEL, and C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F).
raw_controls() {
	c0=$(LC_ALL=C tr -dc '\000-\010\013-\037\177' <"$1" | wc -c)
	c1=$(LC_ALL=C grep -a -c "$(printf '\302')[$(printf '\200')-$(printf '\237')]" "$1")
	echo $((c0 + c1))
}

# hostile NAME [OPTIONS...] URL: the checks every case shares, JSON and text.
# The case's own checks follow, on $TMPD/NAME.json and $TMPD/NAME.txt.
hostile() {
	h=$1; shift
	pj "$h" "$@"
	jrc=$rc
	check "$h: the JSON is one valid object" "$JSON_GET" "$TMPD/$h.json"
	is "$h: the JSON is one line" "$(wc -l <"$TMPD/$h.json")" 1
	st=$(jget "$h" status); te=$(jget "$h" transport_error)
	like "$h: status is null or a real status, never 0 (got $st)" "$st" '^null$\|^[1-9][0-9][0-9]$'
	if [ "$te" = null ]; then
		is "$h: with no transport_error, a status came" "$([ "$st" != null ] && echo yes)" yes
		case $st in [123]??) want=0 ;; *) want=1 ;; esac
	else
		is "$h: with a transport_error, status is null" "$st" null
		like "$h: transport_error.kind is one of the spec's" "$(jget "$h" transport_error.kind)" \
			'^"\(dns\|connect\|timeout\|tls\|empty_reply\|too_many_redirects\|protocol_refused\|other\)"$'
		want=1
	fi
	is "$h: exit status $want for status $st" "$jrc" "$want"
	is "$h: ends in under $TIME_MAX_MS ms (took ${ms} ms)" "$(yes_if [ "$ms" -lt $TIME_MAX_MS ])" yes
	if [ "${HTTPDOC_SANITIZERS:-no}" = yes ]; then
		ok "$h: peak RSS # SKIP a sanitizer build's shadow memory says nothing of the real program"
	elif [ -n "$rss" ]; then
		is "$h: peak RSS under $RSS_MAX_KIB KiB (${rss} KiB)" "$(yes_if [ "$rss" -lt $RSS_MAX_KIB ])" yes
	fi
	is "$h: at most one line on stderr" "$(yes_if [ "$(wc -l <"$TMPD/$h.err")" -le 1 ])" yes
	is "$h: JSON has no raw control bytes" "$(raw_controls "$TMPD/$h.json")" 0

	pt "$h" "$@"
	is "$h: text exits as JSON does" "$trc" "$jrc"
	like "$h: text gives a status line" "$(cat "$TMPD/$h.txt")" '^Status  '
	is "$h: text has no raw control bytes" "$(raw_controls "$TMPD/$h.txt")" 0
	check "$h: text is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TMPD/$h.txt"
	kind=null
	[ "$te" != null ] && kind=$(jget "$h" transport_error.kind)
	SUMMARY="$SUMMARY
#   $h: exit $jrc, status $st, transport_error.kind $kind, ${ms} ms, ${rss:-?} KiB"
}
SUMMARY=

# ------------------------------------------------------------------ server

start_server PORT --lifetime 120
case ${PORT:-} in
[1-9]*) ok "the test server starts and prints its port ($PORT)" ;;
*) not_ok "the test server starts and prints its port" "$(cat "$TMPD/server.err")"
   plan_done; exit 1 ;;
esac
B=http://127.0.0.1:$PORT
H=$B/hostile
case $MEASURE in
time) ok "peak RSS measured with /usr/bin/time" ;;
wait4) ok "peak RSS measured with bench/measure.c (no /usr/bin/time)" ;;
*) ok "peak RSS # SKIP neither /usr/bin/time nor a C compiler: $(head -n1 "$TMPD/cc.err")" ;;
esac

# ------------------------------------------------------------------ oversized heads

# libcurl refuses a header line over 100 KiB: a transport failure, said so.
hostile huge-header "$H/huge-header"
field huge-header transport_error.kind '"other"'
like "huge-header: the detail says the header is too long" \
	"$(jget huge-header transport_error.detail)" 'header line too long'
like "text: huge-header says why" "$(cat "$TMPD/huge-header.txt")" 'header line too long'

# 10,000 lines (~200 KiB, under libcurl's 300 KiB): an answer, 1000 kept.
hostile many-headers "$H/many-headers"
field many-headers status 200
field many-headers transport_error null
field many-headers server '"nginx"'

# ------------------------------------------------------------------ cut short

# The status line came, the head never ended: no answer to trust.
hostile close-mid-headers "$H/close-mid-headers"
field close-mid-headers status null
field close-mid-headers transport_error.kind '"other"'
like "close-mid-headers: the detail says the head was cut" \
	"$(jget close-mid-headers transport_error.detail)" 'before the end of the response headers'

# The head is whole: the status stands, the body is marked cut.
hostile close-mid-body "$H/close-mid-body"
field close-mid-body status 200
field close-mid-body transport_error null
field close-mid-body body_truncated true
field close-mid-body body_bytes 100
like "text: close-mid-body says where the body stopped" \
	"$(cat "$TMPD/close-mid-body.txt")" '^Body  *stopped after 100 bytes'

# HTTP/1.0, no Content-Length: the body ends at the close, normally.
hostile http10 "$H/http10"
field http10 status 200
field http10 http_version '"1.0"'
field http10 transport_error null
field http10 body_truncated false
field http10 body_bytes 123000
field http10 server '"apache"'

# ------------------------------------------------------------------ bad status lines

# libcurl cannot read these and ends with CURLE_UNSUPPORTED_PROTOCOL, which is
# not a refused redirect: kind other, status null.
for s in status-no-code status-garbage status-000; do
	hostile "$s" "$H/$s"
	field "$s" transport_error.kind '"other"'
	like "text: $s names no refused redirect" "$(cat "$TMPD/$s.txt")" 'no answer (other)'
done
# The same after a redirect from a good server: still not a refusal.
hostile redirect-to-garbage "$B/to?url=%2Fhostile%2Fstatus-garbage"
field redirect-to-garbage transport_error.kind '"other"'
field redirect-to-garbage redirects.0.status 302
# A refused redirect is still one.
hostile redirect-to-ftp "$B/to?url=ftp%3A%2F%2F127.0.0.1%2F"
field redirect-to-ftp transport_error.kind '"protocol_refused"'
# 999 is a status: odd, not an error of transport.
hostile status-999 "$H/status-999"
field status-999 status 999
field status-999 reason '"Nines"'
field status-999 transport_error null

# ------------------------------------------------------------------ bad bytes

# libcurl refuses a NUL in a header ("Nul byte in header"); a libcurl that
# let it through would give the 200 with the value cut at the NUL.
hostile nul-header "$H/nul-header"
like "nul-header: a transport failure (other) or the 200" \
	"$(jget nul-header transport_error.kind) $(jget nul-header status)" '^"other" null$\|^null 200$'

hostile nul-body "$H/nul-body"
field nul-body status 403
field nul-body server '"nginx"'   # only the footer after the NULs says so
like "text: nul-body shows the title" "$(cat "$TMPD/nul-body.txt")" '^Page title  *Nul.in the title$'

hostile bad-utf8 "$H/bad-utf8"
field bad-utf8 status 200
like "text: bad-utf8 shows the title, made safe" "$(cat "$TMPD/bad-utf8.txt")" '^Page title  *Bad .* end$'

# ------------------------------------------------------------------ bombs and floods

features=$("$TEST_SERVER" --features)
curl_has=$("$HTTPDOC" --version)
bomb() {  # bomb NAME CODING LIBCURL-NAME
	if ! printf '%s' "$features" | grep -qw "$2"; then
		ok "$1 # SKIP the test server was built without the $2 encoder"
		return
	fi
	if ! printf '%s' "$curl_has" | grep -q "$3/"; then
		ok "$1 # SKIP httpdoc's libcurl does not decode $2"
		return
	fi
	hostile "$1" "$H/$1"
	field "$1" status 200
	field "$1" transport_error null
	field "$1" body_truncated true
	is "$1: decoding stopped at 8 MiB of 256 MiB" "$(jget "$1" body_bytes)" 8388608
}
bomb br-bomb br brotli
bomb zstd-bomb zstd zstd

hostile gzip-bomb "$B/gzip-bomb"
field gzip-bomb body_truncated true
hostile big "$B/big?mb=200"
field big body_truncated true
hostile endless "$B/endless"
field endless body_truncated true

# ------------------------------------------------------------------ trickle

# Headers at once, then a byte a second: --timeout 3 ends it near 3 s with
# the status known, the body marked cut, and no transport failure.
hostile slow --timeout 3 "$B/slow"
field slow status 200
field slow transport_error null
field slow body_truncated true
is "slow: ends near 3 s (took ${ms} ms)" "$(yes_if [ "$ms" -ge 2500 -a "$ms" -lt 6000 ])" yes
like "text: slow says the body stopped at the timeout" "$(cat "$TMPD/slow.txt")" '^Body  *stopped after .*timed out'

echo "# what httpdoc did:$SUMMARY"
plan_done
