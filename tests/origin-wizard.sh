#!/bin/sh
# origin-wizard.sh: the wizard asks the origin directly beside the edge, from
# --origin or from the address typed with `o` during the walk. Two loopback
# servers play Cloudflare's edge (a 522) and a healthy origin; the key script
# (HTTPDOC_UI_KEYS) drives the live wizard with no terminal.
. "$srcdir/lib.sh"
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
export XDG_STATE_HOME=$TMPD/state

start_edge_and_origin

play given "dump Enter dump" --origin "127.0.0.1:$ORIGIN" "$url"
like "--origin: the result names both columns" "$(screen given 1)" \
	"through DNS (as visitors)  *origin at 127\.0\.0\.1:$ORIGIN"
like "--origin: the statuses side by side" "$(screen given 1)" '^ Status  *522 Connection Timed Out  *200 OK$'
like "--origin: who produced each" "$(screen given 1)" "^ Produced by  *Cloudflare's edge  *the origin server$"
like "--origin: the servers" "$(screen given 1)" '^ Server  *cloudflare  *nginx$'
like "--origin: the total times" "$(screen given 1)" '^ Total time  *[0-9.]* ms  *[0-9.]* ms$'
like "--origin: the probe answered every question" "$(screen given 1)" 'the probe answered every question'
like "--origin: Enter goes to the healthy-origin advice" "$(screen given 2)" \
	'Fix the path between Cloudflare and a healthy origin'

play typed "Enter dump o text:127.0.0.1:$ORIGIN dump Enter dump Left dump" "$url"
like "no --origin: the walk offers o on the origin question" "$(screen typed 1)" \
	"Press o to give the origin's address"
like "o opens the field, the address is typed in it" "$(screen typed 2)" "Origin address: 127\.0\.0\.1:$ORIGIN"
like "Enter probes both and the walk reaches the healthy-origin advice" "$(screen typed 3)" \
	'Fix the path between Cloudflare and a healthy origin'
like "saying what the origin answered" "$(screen typed 3)" "The origin at 127\.0\.0\.1:$ORIGIN answered: 200 OK"
like "back on the result, both answers side by side" "$(screen typed 4)" '^ Status  *522 Connection Timed Out  *200 OK$'

play refused "dump" --origin 127.0.0.1:1 "$url"
like "a refusing origin: its transport error" "$(screen refused 1)" '^ Origin detail  *Failed to connect'
like "explained as no fault" "$(cat "$TMPD/refused.txt" | tr -s ' \n' '  ')" \
	"An origin that admits only Cloudflare's ranges refuses direct connections: that is correct, not a fault\."

HTTPDOC_UI_KEYS=q "$HTTPDOC" --demo --origin 127.0.0.1:1 </dev/null >/dev/null 2>"$TMPD/demo.err"
is "--demo refuses --origin" "$?" 2
HTTPDOC_UI_KEYS=q "$HTTPDOC" --origin 'not an/address' "$url" </dev/null >/dev/null 2>"$TMPD/bad.err"
is "the wizard checks --origin like probe" "$?$(grep -c 'expects ADDR' "$TMPD/bad.err")" 21
plan_done
