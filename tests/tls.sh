#!/bin/sh
# tls.sh: `httpdoc probe` against the loopback test server over TLS: an
# untrusted, an expired and a wrong-host certificate are tls failures with
# curl's words; --insecure gets through and says verification was off.
. "$srcdir/lib.sh"
JSON_GET=${JSON_GET:-$builddir/json-get}
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"
command -v openssl >/dev/null 2>&1 || skip_all "no openssl to make certificates"
"$TEST_SERVER" --features | grep -qw tls || skip_all "libmicrohttpd has no TLS"

# ------------------------------------------------------------------ certificates

# A test CA signs three leaves: one valid for localhost, one that expired in
# 2020, one for another host; a fourth certificate is self-signed.
# `openssl req -days` refuses a negative number (OpenSSL 3.0), but `openssl ca`
# takes explicit -startdate/-enddate: that makes the expired one.
ca_dir "$TMPD/ca"
# leaf NAME CN SAN DATES...: a key and a certificate signed by the test CA.
leaf() {
	n=$1 cn=$2 san=$3; shift 3
	openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$cn" -addext "subjectAltName=$san" \
		-keyout "$TMPD/$n.key" -out "$TMPD/ca/$n.req" >>"$TMPD/openssl.log" 2>&1 &&
	openssl ca -batch -config "$TMPD/ca/ca.cnf" -cert "$TMPD/ca.crt" -keyfile "$TMPD/ca.key" \
		-in "$TMPD/ca/$n.req" -out "$TMPD/$n.crt" "$@" >>"$TMPD/openssl.log" 2>&1
}
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=httpdoc test CA" \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-keyout "$TMPD/ca.key" -out "$TMPD/ca.crt" >>"$TMPD/openssl.log" 2>&1 &&
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$TMPD/selfsigned.key" -out "$TMPD/selfsigned.crt" >>"$TMPD/openssl.log" 2>&1 &&
leaf good localhost "DNS:localhost,IP:127.0.0.1" -days 1 &&
leaf wronghost wrong.example "DNS:wrong.example" -days 1 ||
	skip_all "openssl cannot make certificates: $(tail -n1 "$TMPD/openssl.log")"
have_expired=yes
leaf old localhost "DNS:localhost" -startdate 20200101000000Z -enddate 20200102000000Z ||
	have_expired=
if [ -n "$have_expired" ]; then
	like "the expired certificate ended in 2020" \
		"$(openssl x509 -in "$TMPD/old.crt" -noout -enddate)" 'notAfter=Jan  2 00:00:00 2020 GMT'
fi

# ------------------------------------------------------------------ helpers

# start_tls PORTVAR ARGS...: one TLS server at a time here.
start_tls() {
	var=$1; shift
	stop_server
	start_server "$var" --dir "$TESTS_DATA/responses" --lifetime 60 "$@"
	eval "[ -n \"\$$var\" ]" || { not_ok "the TLS test server starts ($*)" "$(cat "$TMPD/server.err")"; plan_done; exit 1; }
}

# rejected NAME URL: the probe refuses the certificate and says so.
rejected() {
	pj "$1" "$2"
	is "$1: an unverifiable certificate exits 1" "$rc" 1
	field "$1" transport_error.kind '"tls"'
	field "$1" status null
	like "$1: the detail is curl's words about the certificate" \
		"$(jget "$1" transport_error.detail)" '[Cc]ertificate'
	like "$1: curl's code is kept (60: peer certificate)" "$(jget "$1" transport_error.curl_code)" '^60$'
}
# accepted NAME URL: with --insecure the page comes, and the result says how.
accepted() {
	pj "$1-insecure" --insecure "$2"
	is "$1 with --insecure exits 0" "$rc" 0
	field "$1-insecure" status 200
	field "$1-insecure" transport_error null
	field "$1-insecure" tls_verified false
	like "$1 with --insecure: the TLS phase was timed" "$(jget "$1-insecure" timings_ms.tls)" '^[0-9]'
	pt "$1-insecure" --insecure "$2"
	like "$1 with --insecure: the text says verification was off" \
		"$(cat "$TMPD/$1-insecure.txt")" 'verification was OFF'
}

# ------------------------------------------------------------------ a self-signed certificate

start_tls PORT --tls "$TMPD/selfsigned.crt" "$TMPD/selfsigned.key"
ok "the TLS test server starts (port $PORT)"
rejected self-signed "https://localhost:$PORT/r/ok"
like "self-signed: curl says so" "$(jget self-signed transport_error.detail)" 'self-signed'
pt self-signed "https://localhost:$PORT/r/ok"
is "text: a refused certificate exits 1" "$rc" 1
like "text: names the failure as tls" "$(cat "$TMPD/self-signed.txt")" 'tls'
accepted self-signed "https://localhost:$PORT/r/ok"
pj cf-tls --insecure "https://localhost:$PORT/r/cf-1020-block"
is "a Cloudflare page over TLS exits 1 (403)" "$rc" 1
field cf-tls status 403
field cf-tls cloudflare.proxied true

# ------------------------------------------------------------------ signed by an unknown CA

start_tls PORT --tls "$TMPD/good.crt" "$TMPD/good.key"
rejected unknown-ca "https://localhost:$PORT/r/ok"
like "unknown-ca: curl names the missing issuer" "$(jget unknown-ca transport_error.detail)" 'issuer'
accepted unknown-ca "https://localhost:$PORT/r/ok"
unlike "without --insecure the result never says verification was off" \
	"$(cat "$TMPD/unknown-ca.json")" '"tls_verified":false'
# Can the probe be told to trust the test CA, as curl(1) can (CURL_CA_BUNDLE,
# SSL_CERT_FILE)? Only then can the expired and wrong-host cases show their
# own reason: an untrusted chain fails first on its issuer.
CURL_CA_BUNDLE=$TMPD/ca.crt SSL_CERT_FILE=$TMPD/ca.crt \
	"$HTTPDOC" probe --json "https://localhost:$PORT/r/ok" >"$TMPD/trusted.json" 2>&1
trust=
[ "$(jget trusted status)" = 200 ] && trust=yes
[ -n "$trust" ] && field trusted tls_verified true
# reason NAME URL PATTERN: with the test CA trusted, the detail names the real problem.
reason() {
	if [ -n "$trust" ]; then
		CURL_CA_BUNDLE=$TMPD/ca.crt SSL_CERT_FILE=$TMPD/ca.crt pj "$1-trusted" "$2"
		like "$1: with the CA trusted, curl's detail says why" \
			"$(jget "$1-trusted" transport_error.detail)" "$3"
	else
		ok "$1: the detail says why # SKIP the probe cannot be told to trust a test CA"
	fi
}

# ------------------------------------------------------------------ an expired certificate

if [ -n "$have_expired" ]; then
	start_tls PORT --tls "$TMPD/old.crt" "$TMPD/old.key"
	rejected expired "https://localhost:$PORT/r/ok"
	reason expired "https://localhost:$PORT/r/ok" 'expired'
	accepted expired "https://localhost:$PORT/r/ok"
else
	ok "an expired certificate # SKIP openssl ca could not make one: $(tail -n1 "$TMPD/openssl.log")"
fi

# ------------------------------------------------------------------ a certificate for another host

start_tls PORT --tls "$TMPD/wronghost.crt" "$TMPD/wronghost.key"
rejected wrong-host "https://localhost:$PORT/r/ok"
reason wrong-host "https://localhost:$PORT/r/ok" 'subject name\|does not match\|localhost'
accepted wrong-host "https://localhost:$PORT/r/ok"

# ------------------------------------------------------------------ TLS spoken to plain HTTP

start_tls PORT
pj https-to-http "https://127.0.0.1:$PORT/r/ok"
is "https:// to a plain-HTTP port exits 1" "$rc" 1
field https-to-http transport_error.kind '"tls"'

plan_done
