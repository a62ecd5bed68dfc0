#!/bin/sh
# origin.sh: --origin asks the origin directly beside the edge, and the
# knowledge base uses the comparison. Two loopback servers play Cloudflare's
# edge and the origin; nothing leaves 127.0.0.1.
. "$srcdir/lib.sh"
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
J=$JSON_GET

start_edge_and_origin

"$HTTPDOC" probe --json "$url" --origin "127.0.0.1:$ORIGIN" > "$TMPD/healthy.json"; rc=$?
is "a 522 at the edge exits 1 even when the origin is healthy" "$rc" 1
is "the edge's answer is Cloudflare's 522" "$($J "$TMPD/healthy.json" status cloudflare.generated_by | tr '\n' ' ')" '522 "edge" '
is "the origin object has the origin's status and software" \
	"$($J "$TMPD/healthy.json" origin.address origin.status origin.server origin.cloudflare.generated_by | tr '\n' ' ')" \
	"\"127.0.0.1:$ORIGIN\" 200 \"nginx\" \"origin\" "
is "the origin object has its timings" "$($J "$TMPD/healthy.json" origin.timings_ms.total | grep -c '^[0-9]')" 1
is "a healthy origin leads to the path between Cloudflare and the origin" \
	"$($J "$TMPD/healthy.json" diagnosis.node)" '"cf-path-healthy-origin"'
like "the probe answered the origin question itself" "$(cat "$TMPD/healthy.json")" \
	'"answer":"Yes: asked directly, the origin answers normally","by":"probe"'

"$HTTPDOC" probe --no-color "$url" --origin "127.0.0.1:$ORIGIN" > "$TMPD/healthy.txt"
like "text output shows both answers side by side" "$(cat "$TMPD/healthy.txt")" \
	'^Status  *522 Connection Timed Out  *200 OK$'
like "text output names the origin column" "$(cat "$TMPD/healthy.txt")" "origin at 127.0.0.1:$ORIGIN"

# An origin that refuses direct connections (as one that admits only
# Cloudflare's ranges does) is reported, and the walk stays on the origin side.
"$HTTPDOC" probe --json "$url" --origin 127.0.0.1:1 > "$TMPD/refused.json"
is "a refusing origin is a transport error of the origin probe" \
	"$($J "$TMPD/refused.json" origin.status origin.transport_error.kind | tr '\n' ' ')" 'null "connect" '
is "then the walk asks about the origin itself" "$($J "$TMPD/refused.json" diagnosis.node)" '"cf-522-start"'
"$HTTPDOC" probe --no-color "$url" --origin 127.0.0.1:1 > "$TMPD/refused.txt"
like "text output explains that a refusing origin may be right to refuse" "$(cat "$TMPD/refused.txt")" \
	"An origin that admits only"


# Without --origin the question stays open for the person.
"$HTTPDOC" probe --json "$url" > "$TMPD/plain.json"
is "without --origin, origin is null" "$($J "$TMPD/plain.json" origin)" null
like "without --origin, the origin question is open" "$($J "$TMPD/plain.json" diagnosis.open_questions)" \
	'answer normally when it is asked directly'

# The same URL and Host go to the origin: the server logs one request each.
"$HTTPDOC" probe "$url" --origin "127.0.0.1:$ORIGIN" -A origin-test >/dev/null
is "--origin checks its argument" "$("$HTTPDOC" probe "$url" --origin 'not an/address' 2>&1 >/dev/null | grep -c 'expects ADDR')" 1
plan_done
