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

# A 4xx through Cloudflare that no tree of its own explains (402): asked
# directly, does the origin answer the same? The probe answers 4xx-direct-q.
mkdir -p "$TMPD/edge4" "$TMPD/same4" "$TMPD/fine4"
printf 'HTTP/1.1 402 Payment Required\r\nServer: cloudflare\r\nCF-RAY: 883f2a41b9c07d35-SIN\r\nContent-Type: text/plain\r\n\r\npay first\n' \
	> "$TMPD/edge4/pay.http"
cp "$TMPD/edge4/pay.http" "$TMPD/same4/pay.http"
printf 'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\n\r\nwelcome\n' > "$TMPD/fine4/pay.http"
start_server EDGE4 --dir "$TMPD/edge4" --lifetime 60
start_server SAME4 --dir "$TMPD/same4" --lifetime 60
start_server FINE4 --dir "$TMPD/fine4" --lifetime 60
"$HTTPDOC" probe --json "http://localhost:$EDGE4/r/pay" --origin "127.0.0.1:$FINE4" > "$TMPD/d4-fine.json"
is "a 4xx only through Cloudflare: the probe answers the direct question, to Cloudflare's settings" \
	"$($J "$TMPD/d4-fine.json" diagnosis.node diagnosis.open_questions | tr '\n' ' ')" '"4xx-cf-config" [] '
like "its evidence: both answers" "$(cat "$TMPD/d4-fine.json")" \
	"\"evidence\":\"through DNS: 402; origin at 127.0.0.1:$FINE4: 200\""
"$HTTPDOC" probe --json "http://localhost:$EDGE4/r/pay" --origin "127.0.0.1:$SAME4" > "$TMPD/d4-same.json"
like "the origin answers the same 4xx: on to the server's own logs" \
	"$($J "$TMPD/d4-same.json" diagnosis.answered)" '"answer":"Yes: the origin itself answers with the same error","by":"probe"'

plan_done
