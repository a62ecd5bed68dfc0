#!/bin/sh
# certs.sh: the probe reads the certificate of every https connection and
# the verifier's own verdict on it (X509_V_ERR_*), and the trees answer from
# them. The tests make a CA, an intermediate and leaves with openssl
# (explicit dates with `openssl ca -startdate/-enddate`: no faked clock):
# valid, expired, not yet valid, for another name, self-signed, from an
# unknown CA, sent without its intermediate, ending in 5 days, and one with
# hostile fields; the loopback test server serves each over TLS. --cacert
# makes the test CA trusted besides the system's.
. "$srcdir/lib.sh"
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"
command -v openssl >/dev/null 2>&1 || skip_all "no openssl to make certificates"
"$TEST_SERVER" --features | grep -qw tls || skip_all "libmicrohttpd has no TLS"

# ------------------------------------------------------------------ certificates

C=$TMPD/ca
ca_dir "$C"
cat >>"$C/ca.cnf" <<EOF
[ v3_int ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
EOF
log=$TMPD/openssl.log
mk() { "$@" >>"$log" 2>&1 || { skip_all "openssl cannot make the certificates: $(tail -n 2 "$log")"; }; }
# A root, an intermediate it signs, and a second root nobody trusts.
mk openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=httpdoc test root" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-keyout "$C/root.key" -out "$C/root.crt"
mk openssl req -new -newkey rsa:2048 -nodes -subj "/CN=httpdoc test intermediate" \
	-keyout "$C/int.key" -out "$C/int.req"
mk openssl ca -batch -config "$C/ca.cnf" -cert "$C/root.crt" -keyfile "$C/root.key" \
	-extensions v3_int -days 3 -in "$C/int.req" -out "$C/int.crt"
mk openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj "/CN=unknown test root" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-keyout "$C/other.key" -out "$C/other.crt"
# leaf NAME SUBJECT SAN ISSUER DATES...: NAME.key and NAME.crt (the leaf) signed by ISSUER.
leaf() {
	n=$1 subj=$2 san=$3 by=$4; shift 4
	mk openssl req -new -newkey rsa:2048 -nodes -subj "$subj" -addext "subjectAltName=$san" \
		-keyout "$TMPD/$n.key" -out "$C/$n.req"
	mk openssl ca -batch -config "$C/ca.cnf" -cert "$C/$by.crt" -keyfile "$C/$by.key" \
		-in "$C/$n.req" -out "$TMPD/$n.crt" "$@"
}
SAN="DNS:localhost,IP:127.0.0.1"
leaf good /CN=localhost "$SAN" int -days 2
leaf expired /CN=localhost "$SAN" int -startdate 20200101000000Z -enddate 20200102000000Z
leaf future /CN=localhost "$SAN" int -startdate 20990101000000Z -enddate 20991231000000Z
leaf wrong /CN=wrong.example "DNS:wrong.example,DNS:www.wrong.example" int -days 2
leaf stranger /CN=localhost "$SAN" other -days 2
leaf soon /CN=localhost "$SAN" int -days 5
mk openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "subjectAltName=$SAN" \
	-keyout "$TMPD/self.key" -out "$TMPD/self.crt"
# Hostile fields: escape and control bytes in the subject, 1,000 names.
evil=$(printf '/CN=evil\033[31mred\007/O=bad\033]0;title\007org')
names=$SAN
i=0
while [ $i -lt 998 ]; do names="$names,DNS:n$i.example"; i=$((i + 1)); done
leaf hostile "$evil" "$names" int -days 2 -utf8
# What each server sends: the leaf and the intermediate, or less, or more.
for n in good expired future wrong soon hostile; do cat "$TMPD/$n.crt" "$C/int.crt" >"$TMPD/$n.chain"; done
cp "$TMPD/good.crt" "$TMPD/alone.chain" && cp "$TMPD/good.key" "$TMPD/alone.key"
cat "$TMPD/stranger.crt" "$C/other.crt" >"$TMPD/stranger.chain"
cp "$TMPD/self.crt" "$TMPD/self.chain"
ok "openssl made the certificates"
like "the expired certificate ended in 2020" "$(openssl x509 -in "$TMPD/expired.crt" -noout -enddate)" '2020'

# ------------------------------------------------------------------ helpers

# serve NAME: a TLS test server with NAME.chain and NAME.key; its port in PORT.
serve() {
	stop_server
	start_server PORT --dir "$TESTS_DATA/responses" --lifetime 60 --tls "$TMPD/$1.chain" "$TMPD/$1.key"
	[ -n "$PORT" ] || { not_ok "the TLS test server starts ($1)" "$(cat "$TMPD/server.err")"; plan_done; exit 1; }
}
settled() {
	field "$1" diagnosis.node "\"$2\""
	field "$1" diagnosis.open_questions '[]'
}
controls() { tr -d '\n' <"$1" | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c | tr -d ' '; }
TRUST="--cacert $C/root.crt"

# refused NAME NODE VERDICT [OPTIONS]: served NAME, the probe refuses the
# certificate, says why in the verifier's words and walks to NODE.
refused() {
	n=$1 node=$2 verdict=$3; shift 3
	serve "$n"
	pj "$n" "$@" "https://localhost:$PORT/r/ok"
	is "$n: exit 1" "$rc" 1
	field "$n" transport_error.kind '"tls"'
	field "$n" tls.verified false
	field "$n" tls.verify_error "\"$verdict\""
	field "$n" tls.subject '"CN=localhost"'
	settled "$n" "$node"
	# answered.0 is the TLS start, answered.1 whether the address is Cloudflare's
	like "$n: the answer comes from the probe, with the certificate's field" \
		"$(jget "$n" diagnosis.answered.2.by) $(jget "$n" diagnosis.answered.2.evidence)" '^"probe" "'
}

# ------------------------------------------------------------------ a good certificate

serve good
pj good $TRUST "https://localhost:$PORT/r/ok"
is "good: exit 0" "$rc" 0
field good status 200
field good tls.verified true
field good tls.verify_error null
field good tls.subject '"CN=localhost"'
field good tls.issuer '"CN=httpdoc test intermediate"'
field good tls.names '["localhost","IP:127.0.0.1"]'
like "good: TLS 1.2 or 1.3" "$(jget good tls.version)" '^"TLSv1\.[23]"$'
like "good: notAfter in ISO 8601, UTC" "$(jget good tls.not_after)" '^"20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z"$'
like "good: one or two days left" "$(jget good tls.days_left)" '^[12]$'
field good tls.chain_length 2
pj good-plain "http://127.0.0.1:$PORT/r/ok" >/dev/null
pt good $TRUST "https://localhost:$PORT/r/ok"
like "text: the TLS line" "$(cat "$TMPD/good.txt")" '^TLS  *TLSv1\.[23], certificate verified$'
like "text: the certificate" "$(cat "$TMPD/good.txt")" '^Certificate  *CN=localhost$'
like "text: the issuer" "$(cat "$TMPD/good.txt")" '^Issuer  *CN=httpdoc test intermediate$'
like "text: the names" "$(cat "$TMPD/good.txt")" '^Names  *localhost, IP:127\.0\.0\.1$'
# Without --cacert the same server is refused: the CA is not the system's.
pj good-untrusted "https://localhost:$PORT/r/ok"
field good-untrusted tls.verify_error '"unknown_issuer"'
field good-untrusted tls.verify_code 20
# On a reused connection (a batch of the same host) every probe has the fields.
printf 'https://localhost:%s/r/ok?n=%s\n' "$PORT" 1 "$PORT" 2 "$PORT" 3 >"$TMPD/urls"
"$HTTPDOC" probe --json --parallel 1 $TRUST --input "$TMPD/urls" >"$TMPD/batch.json" 2>&1
is "a batch on one connection: every result names the subject" "$(grep -c '"subject":"CN=localhost"' "$TMPD/batch.json")" 3

# ------------------------------------------------------------------ what goes wrong

refused expired tr-tls-expired expired $TRUST
field expired tls.verify_code 10
like "expired: the evidence is the notAfter field" "$(jget expired diagnosis.answered.2.evidence)" \
	'notAfter 2020-01-02 (expired [0-9]* days ago); verify error 10 (certificate has expired)'
refused future tr-tls-not-yet-valid not_yet_valid $TRUST
field future tls.verify_code 9
refused self tr-tls-selfsigned self_signed
field self tls.verify_code 18
refused stranger tr-tls-selfsigned unknown_issuer
refused alone tr-tls-chain incomplete_chain $TRUST
field alone tls.chain_length 1
like "alone: the evidence says one certificate came" "$(jget alone diagnosis.answered.2.evidence)" 'the server sent 1 certificate'

serve wrong
pj wrong $TRUST "https://localhost:$PORT/r/ok"
is "wrong name: exit 1" "$rc" 1
field wrong tls.verify_error '"hostname"'
field wrong tls.names '["wrong.example","www.wrong.example"]'
settled wrong tr-tls-hostname
like "wrong name: the evidence lists the names and the host" "$(jget wrong diagnosis.answered.2.evidence)" \
	'the certificate names wrong.example, www.wrong.example, not localhost'
pt wrong $TRUST "https://localhost:$PORT/r/ok"
like "text: the wrong name, the evidence" "$(cat "$TMPD/wrong.txt")" 'evidence: the certificate names wrong\.example'
unlike "text: nothing left to ask" "$(cat "$TMPD/wrong.txt")" 'Still to answer'
# --insecure gets the page, and still says what the verifier found.
pj wrong-insecure --insecure $TRUST "https://localhost:$PORT/r/ok"
field wrong-insecure status 200
field wrong-insecure tls_verified false
field wrong-insecure tls.verify_error '"hostname"'

# ------------------------------------------------------------------ ending soon, on a 200

serve soon
pj soon $TRUST "https://localhost:$PORT/r/ok"
is "soon: the page answers (exit 0)" "$rc" 0
field soon tls.verified true
like "soon: 4 or 5 days left" "$(jget soon tls.days_left)" '^[45]$'
pt soon $TRUST "https://localhost:$PORT/r/ok"
like "text: a 200 still names the end" "$(cat "$TMPD/soon.txt")" '^Warning  *the certificate expires in [45] days (20[0-9-]*): renew it now$'
"$HTTPDOC" probe --report $TRUST "https://localhost:$PORT/r/ok" >"$TMPD/soon.md" 2>&1
like "Markdown: the warning too" "$(cat "$TMPD/soon.md")" '| Warning | \*\*!\*\* `the certificate expires in [45] days'
for lang in zh_CN ja; do
	pt "soon-$lang" --lang "$lang" $TRUST "https://localhost:$PORT/r/ok"
	unlike "$lang: the warning is translated" "$(cat "$TMPD/soon-$lang.txt")" 'renew it now'
	like "$lang: its date stays" "$(cat "$TMPD/soon-$lang.txt")" '20[0-9][0-9]-[01][0-9]-[0-3][0-9]'
done

# ------------------------------------------------------------------ hostile fields

serve hostile
pj hostile $TRUST "https://localhost:$PORT/r/ok"
field hostile status 200
field hostile tls.names_total 1000
like "hostile: 100 names kept" "$(jget hostile tls.names | tr ',' '\n' | wc -l)" '^100$'
like "hostile: JSON carries the subject's control bytes escaped" "$(jget hostile tls.subject)" 'CN=evil\\\\1B\[31mred'
pt hostile $TRUST "https://localhost:$PORT/r/ok"
is "hostile: no control byte reaches the terminal" "$(controls "$TMPD/hostile.txt")" 0
like "hostile: the names line is short" "$(grep '^Names' "$TMPD/hostile.txt")" 'and 996 more$'
"$HTTPDOC" probe --report $TRUST "https://localhost:$PORT/r/ok" >"$TMPD/hostile.md" 2>&1
is "hostile: no control byte in the Markdown report" "$(controls "$TMPD/hostile.md")" 0

# ------------------------------------------------------------------ --cacert itself

"$HTTPDOC" probe --cacert "$TMPD/nothing-here.pem" "https://localhost:$PORT/r/ok" >/dev/null 2>"$TMPD/cacert.err"
is "--cacert of a missing file: exit 2" "$?" 2
like "--cacert of a missing file: says so" "$(cat "$TMPD/cacert.err")" "^httpdoc: --cacert: cannot read certificates from '.*nothing-here\.pem'"
echo "not a certificate" >"$TMPD/junk.pem"
"$HTTPDOC" probe --cacert "$TMPD/junk.pem" "https://localhost:$PORT/r/ok" >/dev/null 2>"$TMPD/cacert.err"
is "--cacert of a file without certificates: exit 2" "$?" 2
is "--cacert: one line" "$(wc -l <"$TMPD/cacert.err")" 1

# ------------------------------------------------------------------ the origin behind Cloudflare (--origin)

# An edge that answers 526 or 525 over TLS (trusted), and origins with an
# expired certificate, none at all, or nothing on the port.
serve good
EDGE=$PORT
start_server EXPIRED --dir "$TESTS_DATA/responses" --lifetime 60 --tls "$TMPD/expired.chain" "$TMPD/expired.key"
start_server PLAIN --dir "$TESTS_DATA/responses" --lifetime 60
pj o526 $TRUST --origin "127.0.0.1:$EXPIRED" "https://localhost:$EDGE/r/cf-526"
field o526 status 526
field o526 origin.tls.verify_error '"expired"'
settled o526 cf-526-renew
like "526: the evidence is the origin's notAfter" "$(jget o526 diagnosis.answered.0.evidence)" \
	"origin at 127\.0\.0\.1:$EXPIRED: notAfter 2020-01-02"
pj o525 $TRUST --origin "127.0.0.1:$PLAIN" "https://localhost:$EDGE/r/cf-525"
field o525 status 525
settled o525 cf-525-handshake
pj o525-closed $TRUST --origin "127.0.0.1:1" "https://localhost:$EDGE/r/cf-525"
settled o525-closed cf-525-no-https
pt o526 $TRUST --origin "127.0.0.1:$EXPIRED" "https://localhost:$EDGE/r/cf-526"
like "text: the certificates side by side" "$(cat "$TMPD/o526.txt")" \
	'^Certificate  *verified, [0-9]* days left  *expired [0-9]* days ago$'

# ------------------------------------------------------------------ plain http has no TLS

start_server HTTP --dir "$TESTS_DATA/responses" --lifetime 60
pj plain "http://127.0.0.1:$HTTP/r/ok"
field plain tls null

plan_done
