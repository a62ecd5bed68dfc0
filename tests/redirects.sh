#!/bin/sh
# redirects.sh: the probe tells the kinds of redirect loop apart from the
# chain it recorded, and the redirect questions answer from them: http and
# https of the same address in turn (behind Cloudflare: its Flexible mode),
# www and the bare name, two paths, a path that grows, an address that
# redirects to itself. The loops come from the loopback test server; the
# scheme loop from two of them, one plain and one over TLS.
. "$srcdir/lib.sh"
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"

start_server A --dir "$TESTS_DATA/responses" --lifetime 60
[ -n "$A" ] || { not_ok "the test server starts" "$(cat "$TMPD/server.err")"; plan_done; exit 1; }

settled() {
	field "$1" diagnosis.node "\"$2\""
	field "$1" diagnosis.open_questions '[]'
}
# loop NAME URL NODE: a loop that ends at NODE with nothing left to ask.
loop() {
	pj "$1" "$2"
	is "$1: exit 1" "$rc" 1
	field "$1" transport_error.kind '"too_many_redirects"'
	settled "$1" "$3"
}
# answered NAME PATTERN: some answer's evidence matches PATTERN.
answered() {
	like "$1: the evidence shows the hops" "$(jget "$1" diagnosis.answered)" "$2"
}

B=http://localhost:$A
loop www "$B/loop/www" tr-redirect-www
answered www "\"evidence\":\"$B/loop/www -> 301 http://www\.localhost:$A/loop/www -> 301 $B/loop/www\""
loop slash "$B/loop/slash" tr-redirect-path
answered slash "$B/loop/slash -> 301 $B/loop/slash/ -> 301 $B/loop/slash\""
loop grow "$B/loop/grow/" tr-redirect-path
answered grow "/loop/grow/x/x/x/x/x/ -> 301 $B/loop/grow/x/x/x/x/x/x/ -> 301 "
loop self "$B/loop/self" tr-redirect-proxy-proto
answered self "\"evidence\":\"$B/loop/self -> 301 $B/loop/self\""
# Through Cloudflare, an address that sends itself to itself is Flexible mode's loop.
loop self-cf "$B/loop/self?cf=1" tr-redirect-flexible

# ------------------------------------------------------------------ http and https in turn

if command -v openssl >/dev/null 2>&1 && "$TEST_SERVER" --features | grep -qw tls &&
   openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost" -keyout "$TMPD/k.pem" -out "$TMPD/c.pem" >/dev/null 2>&1; then
	start_server S --dir "$TESTS_DATA/responses" --lifetime 60 --tls "$TMPD/c.pem" "$TMPD/k.pem"
	q="http=$A&https=$S"
	pj flexible --cacert "$TMPD/c.pem" "$B/loop/scheme?$q&cf=1"
	is "flexible: exit 1" "$rc" 1
	settled flexible tr-redirect-flexible
	field flexible diagnosis.answered.0.answer '"Yes, the responses pass through Cloudflare"'
	like "flexible: the hops, as evidence" "$(jget flexible diagnosis.answered.1.evidence)" \
		"^\"$B/loop/scheme?$q&cf=1 -> 301 https://localhost:$S/loop/scheme?$q&cf=1 -> 301 $B/loop/scheme?$q&cf=1\"$"
	pt flexible --cacert "$TMPD/c.pem" "$B/loop/scheme?$q&cf=1"
	unlike "flexible, text: nothing left to ask" "$(cat "$TMPD/flexible.txt")" 'Still to answer'
	like "flexible, text: the fix" "$(cat "$TMPD/flexible.txt")" "Stop the loop between Cloudflare's Flexible mode"
	pj scheme --cacert "$TMPD/c.pem" "https://localhost:$S/loop/scheme?$q"
	settled scheme tr-redirect-proto
	for lang in zh_CN ja; do
		pj "flexible-$lang" --lang "$lang" --cacert "$TMPD/c.pem" "$B/loop/scheme?$q&cf=1"
		settled "flexible-$lang" tr-redirect-flexible
		pt "flexible-$lang" --lang "$lang" --cacert "$TMPD/c.pem" "$B/loop/scheme?$q&cf=1"
		unlike "flexible, $lang: the question is translated" "$(cat "$TMPD/flexible-$lang.txt")" 'Does the chain go back'
	done
else
	ok "the scheme loop # SKIP no TLS test server"
fi

# ------------------------------------------------------------------ a chain that ends, a saved loop

pj fine "$B/redirect/3"
field fine status 200
like "a chain that ends: no loop" "$(jget fine diagnosis.answered)" '^\[\]$\|^\[.*\]$'
"$HTTPDOC" probe --json --replay "$HTTPDOC_DEMO_DIR/redirect-loop-flexible-ssl.http" >"$TMPD/demo.json" 2>&1
settled demo tr-redirect-flexible
like "a saved response's chain is read the same way" "$(jget demo diagnosis.answered.1.evidence)" \
	'^"https://www\.example\.com/ -> 301 http://www\.example\.com/ -> 301 https://www\.example\.com/"$'

plan_done
