#!/bin/sh
# probe-layers.sh: pages of CDNs, WAFs, load balancers, proxies and hosting
# platforms, end to end through libcurl against the loopback test server
# (tests/data/layers): the JSON keys layer, reference and soft_error, the text
# and Markdown reports, the exit status of a soft error, a batch, the
# translated wording, the wizard's result screen (keys played with no
# terminal) and the same screen in a real terminal (tmux, skipped without it).
. "$srcdir/lib.sh"
JSON_GET=${JSON_GET:-$builddir/json-get}
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"

start_server PORT --dir "$TESTS_DATA/layers" --lifetime 120
case ${PORT:-} in
[1-9]*) ok "the test server starts ($PORT)" ;;
*) not_ok "the test server starts" "$(cat "$TMPD/server.err")"; plan_done; exit 1 ;;
esac
B=http://127.0.0.1:$PORT

# ------------------------------------------------------------------ JSON

# name | server | layer | reference | soft_error | exit status | diagnosis entry's first node
while IFS='|' read -r name server layer ref soft want node; do
	[ -n "$name" ] || continue
	pj "$name" "$B/r/$name"
	field "$name" server "\"$server\""
	field "$name" layer "\"$layer\""
	field "$name" reference "$ref"
	field "$name" soft_error "$soft"
	is "$name: exit status $want" "$rc" "$want"
	like "$name: the diagnosis walks $node" "$(jget "$name" diagnosis.answered)" "$node"
done <<EOF
f5-asm-block|f5-bigip-asm|waf|"7391120485527316284"|true|1|Which product refused the request
aws-waf-challenge|aws-waf|waf|"7Jd3k_Qm2xwZl8Tn5aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2y=="|true|1|What does the page ask of the visitor
sucuri-block|sucuri|waf|"BNP005"|false|1|Which product refused the request
akamai-503-origin|akamai|cdn|"18.5a2f1c17.1715678411.4be29f01"|false|1|Which CDN or cache wrote the page
azure-front-door-503|azure-front-door|cdn|"20240514T092011Z-16b4f7b5c9dkqxw8hC1FRAa7fg0000000q1g0000000022ns"|false|1|Which CDN or cache
haproxy-503|haproxy|load_balancer|null|false|1|Which load balancer or router answered
gorouter-404|gorouter|load_balancer|"3f2c1b0a-9e8d-4c7b-6a5f-4e3d2c1b0a9f"|false|1|Which platform has no site
vercel-deployment-not-found|vercel|hosting|"fra1::q7xkz-1715678411372-4be29f01c3d2"|false|1|Which platform has no site
plesk-default|plesk|hosting|null|true|1|What did the platform show
wordpress-critical-200|wordpress|origin|null|true|1|Who
neg-site-200-vercel|vercel|origin|null|false|0|^\[\]$
neg-origin-via-cloudfront|nginx|origin|null|false|1|nginx
EOF

# cPanel's suspension: the account's URL redirects to /cgi-sys/suspendedpage.cgi,
# which answers 200.
pj cpanel "$B/r/cpanel-suspended"
field cpanel status 200
field cpanel final_url "\"$B/cgi-sys/suspendedpage.cgi\""
field cpanel server '"cpanel"'
field cpanel layer '"hosting"'
field cpanel soft_error true
is "a suspended account answering 200 exits 1" "$rc" 1
field cpanel diagnosis.node '"layer-suspended-cpanel"'
pj cpanel-default "$B/r/cpanel-default"
field cpanel-default layer '"hosting"'
field cpanel-default diagnosis.node '"layer-site-default"'

# Every key is there for a transport failure too: layer null, reference null.
pj fail "http://127.0.0.1:1/"
field fail layer null
field fail reference null
field fail soft_error false

# ------------------------------------------------------------------ text and Markdown

"$HTTPDOC" probe --no-color "$B/r/f5-asm-block" >"$TMPD/f5.txt" 2>&1; rc=$?
is "the text report of a 200 block page exits 1" "$rc" 1
like "it says plainly what the 200 is" "$(cat "$TMPD/f5.txt")" "^ *200, but this is F5 BIG-IP ASM's block page$"
like "it names who wrote the page and the layer" "$(cat "$TMPD/f5.txt")" "^Produced by   F5 BIG-IP ASM (WAF): block page$"
like "it gives the support ID to quote" "$(cat "$TMPD/f5.txt")" "^Reference     7391120485527316284$"
"$HTTPDOC" probe --report "$B/r/f5-asm-block" >"$TMPD/f5.md" 2>&1
like "the Markdown report names who wrote the page" "$(cat "$TMPD/f5.md")" "^| Produced by | F5 BIG-IP ASM (WAF): block page |$"
like "it marks the soft error" "$(cat "$TMPD/f5.md")" "^| Soft error | \*\*200, but this is F5 BIG-IP ASM's block page\*\* |$"
like "it gives the reference as code" "$(cat "$TMPD/f5.md")" '^| Reference | `7391120485527316284` |$'
"$HTTPDOC" probe --no-color "$B/r/haproxy-503" >"$TMPD/haproxy.txt" 2>&1
like "a load balancer's 503 says what its page means" "$(cat "$TMPD/haproxy.txt")" \
	"^Produced by   HAProxy (load balancer): page saying no server behind it can answer$"
unlike "a 503 is no soft error" "$(cat "$TMPD/haproxy.txt")" "but this is"
"$HTTPDOC" probe --no-color "$B/r/neg-origin-via-cloudfront" >"$TMPD/neg.txt" 2>&1
like "nginx's page through CloudFront is the origin's" "$(cat "$TMPD/neg.txt")" "^Produced by   the origin server$"
unlike "and shows no reference" "$(cat "$TMPD/neg.txt")" "^Reference"

# Translated: the soft error in Japanese and Chinese.
"$HTTPDOC" probe --no-color --lang ja "$B/r/f5-asm-block" >"$TMPD/f5-ja.txt" 2>&1
like "--lang ja says what the 200 is in Japanese" "$(cat "$TMPD/f5-ja.txt")" "F5 BIG-IP ASM の ブロックページ"
"$HTTPDOC" probe --no-color --lang zh_CN "$B/r/f5-asm-block" >"$TMPD/f5-zh.txt" 2>&1
like "--lang zh_CN says what the 200 is in Chinese" "$(cat "$TMPD/f5-zh.txt")" "F5 BIG-IP ASM 的 阻止页面"

# ------------------------------------------------------------------ a batch

printf '%s\n' "$B/r/neg-site-200-vercel" "$B/r/f5-asm-block" "$B/r/haproxy-503" >"$TMPD/urls"
"$HTTPDOC" probe --input "$TMPD/urls" --no-color >"$TMPD/batch.txt" 2>&1; rc=$?
is "a batch with a soft error exits 1" "$rc" 1
like "its line names the layer, the product, the page and the soft error" "$(cat "$TMPD/batch.txt")" \
	"^200  $B/r/f5-asm-block  waf (f5-bigip-asm) block soft-error  \[layer-waf-f5\]$"
like "a 200 that is the site stays the origin's" "$(cat "$TMPD/batch.txt")" "^200  $B/r/neg-site-200-vercel  origin (vercel)$"
like "the summary counts the WAF's block and the load balancer's 503 apart from the origin's errors" \
	"$(cat "$TMPD/batch.txt")" "hosting layer: 2; by the origin: 0$"
printf '%s\n' "$B/r/neg-site-200-vercel" >"$TMPD/urls-ok"
"$HTTPDOC" probe --input "$TMPD/urls-ok" >/dev/null 2>&1; rc=$?
is "a batch of real 200s exits 0" "$rc" 0

# ------------------------------------------------------------------ the wizard

# Keys played with no terminal: the result screen of a 200 block page.
(cd "$TMPD" && HTTPDOC_UI_KEYS="dump q" HTTPDOC_UI_DUMP=$TMPD/wizard.txt HTTPDOC_UI_SIZE=80x30 \
	XDG_STATE_HOME=$TMPD/state "$HTTPDOC" "$B/r/f5-asm-block" </dev/null >"$TMPD/wizard.out" 2>&1); rc=$?
is "the wizard on a 200 block page ends with q (status 0)" "$rc" 0
screen=$(cat "$TMPD/wizard.txt" 2>/dev/null)
like "the result screen says what the 200 is" "$screen" "200, but this is F5 BIG-IP ASM's block page"
like "the result screen names who wrote it" "$screen" "Produced by *F5 BIG-IP ASM (WAF): block page"
like "the result screen gives the reference" "$screen" "Reference *7391120485527316284"
like "Enter leads into the WAF tree, not 200 OK" "$screen" "Press Enter for the fix: the probe answered every question"
like "the screen shows the knowledge base's entry for the block" "$screen" "waf-block Refused by a WAF or bot protection"

# The same in a real terminal.
if command -v tmux >/dev/null 2>&1; then
	. "$srcdir/tmux-lib.sh"
	tmux_start "$HTTPDOC $B/r/sucuri-block" "HTTPDOC_KB_DIR=$HTTPDOC_KB_DIR" "XDG_STATE_HOME=$TMPD/state" \
		"HTTPDOC_LOCALEDIR=${HTTPDOC_LOCALEDIR:-}"
	expect "tmux: the result names Sucuri as the WAF that wrote the page" "Sucuri Website Firewall (WAF): block page" 10
	expect "tmux: and its block ID" "BNP005"
	keys q
	expect "tmux: q ends the wizard with status 0" "EXIT=0"
	tm kill-server 2>/dev/null
else
	ok "the wizard in tmux # SKIP tmux is not installed"
fi

plan_done
