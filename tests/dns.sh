#!/bin/sh
# dns.sh: the probe asks DNS itself, as dig would, and the trees answer from
# what came back. A real DNS server (dnsmasq, on a loopback port, from a
# scratch config) serves names that resolve, a CNAME chain, an AAAA-only
# name, NXDOMAIN, a name without addresses, and forwards two zones to the
# tests' own responder (tests/dns-responder.c), whose SERVFAIL makes a dead
# zone and whose DNSSEC-like failure resolves with the CD bit; the responder
# also answers the hostile way (CNAME loops, control bytes, oversized and
# cut-short answers). Every probe names its server (--dns-server), so the
# machine's own resolver is never asked.
. "$srcdir/lib.sh"
RESPONDER=$builddir/dns-responder
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$RESPONDER" ] || skip_all "no dns-responder"
[ -x "$JSON_GET" ] || skip_all "no json-get helper"
DNSMASQ=$(command -v dnsmasq || ls /usr/sbin/dnsmasq 2>/dev/null) || skip_all "dnsmasq is not installed"

# ------------------------------------------------------------------ servers

start_server HTTP --dir "$TESTS_DATA/responses" --lifetime 120
[ -n "$HTTP" ] || { not_ok "the HTTP test server starts" "$(cat "$TMPD/server.err")"; plan_done; exit 1; }
start_server HTTP6 --ipv6 --dir "$TESTS_DATA/responses" --lifetime 120

: >"$TMPD/resp.log"
"$RESPONDER" --lifetime 120 --log "$TMPD/resp.log" >"$TMPD/resp.port" 2>"$TMPD/resp.err" &
SERVER_PIDS="$SERVER_PIDS $!"
i=0
while [ ! -s "$TMPD/resp.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
RESP=$(head -n 1 "$TMPD/resp.port")
[ -n "$RESP" ] || { not_ok "the DNS responder starts" "$(cat "$TMPD/resp.err")"; plan_done; exit 1; }

# dnsmasq on a free port: a port is picked, and picked again while dnsmasq
# says it is taken; it is ready once its log says it started.
start_dnsmasq() {
	tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		DNS=$((20000 + ($$ * 7 + tries * 131) % 40000))
		cat >"$TMPD/dnsmasq.conf" <<EOF
port=$DNS
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-negcache
pid-file=
user=$(id -un)
group=$(id -gn)
log-facility=$TMPD/dnsmasq.log
local=/test/
host-record=ok.test,127.0.0.1
host-record=exists.test,127.0.0.1
host-record=v6only.test,::1
host-record=cf.test,127.0.0.2
cname=alias.test,alias2.test
cname=alias2.test,ok.test
txt-record=txtonly.test,"no address here"
server=/servfail.test/127.0.0.1#$RESP
server=/dnssec.test/127.0.0.1#$RESP
EOF
		: >"$TMPD/dnsmasq.log"
		"$DNSMASQ" -k -C "$TMPD/dnsmasq.conf" 2>"$TMPD/dnsmasq.err" &
		DNSMASQ_PID=$!
		SERVER_PIDS="$SERVER_PIDS $DNSMASQ_PID"
		i=0
		while [ $i -lt 100 ]; do
			grep -q 'started' "$TMPD/dnsmasq.log" 2>/dev/null && return 0
			kill -0 "$DNSMASQ_PID" 2>/dev/null || break
			sleep 0.05
			i=$((i + 1))
		done
		kill "$DNSMASQ_PID" 2>/dev/null
		wait "$DNSMASQ_PID" 2>/dev/null
	done
	return 1
}
start_dnsmasq || { not_ok "dnsmasq starts on a loopback port" "$(cat "$TMPD/dnsmasq.err" "$TMPD/dnsmasq.log")"; plan_done; exit 1; }
ok "dnsmasq answers on 127.0.0.1:$DNS, the responder on 127.0.0.1:$RESP"

# controls FILE: how many control bytes (but newline) FILE holds.
controls() { tr -d '\n' <"$1" | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c | tr -d ' '; }
at() { printf 'http://%s:%s/r/ok' "$1" "${2:-$HTTP}"; }
# settled NAME NODE: the walk ended at the advice NODE, with nothing left to ask.
settled() {
	field "$1" diagnosis.node "\"$2\""
	field "$1" diagnosis.open_questions '[]'
}

# ------------------------------------------------------------------ names that resolve

pj ok --dns-server "127.0.0.1:$DNS" "$(at ok.test)"
is "ok.test: the page came (exit 0)" "$rc" 0
field ok status 200
field ok dns.server "\"127.0.0.1#$DNS\""
field ok dns.rcode '"NOERROR"'
field ok dns.addresses '["127.0.0.1"]'
field ok dns.cname '[]'
field ok dns.cloudflare false
field ok dns.connected '"127.0.0.1"'
# ok.test exists in no resolver but dnsmasq: the transfer used its answer.
like "ok.test: the DNS lookup is timed" "$(jget ok timings_ms.dns)" '^[0-9]'
pt ok --dns-server "127.0.0.1:$DNS" "$(at ok.test)"
like "text: the DNS line names the answer and the server" "$(cat "$TMPD/ok.txt")" "^DNS  *NOERROR from 127\.0\.0\.1#$DNS$"
like "text: the addresses" "$(cat "$TMPD/ok.txt")" '^Addresses  *127\.0\.0\.1$'
like "text: the address the transfer used" "$(cat "$TMPD/ok.txt")" '^Connected to  *127\.0\.0\.1$'

pj alias --dns-server "127.0.0.1:$DNS" "$(at alias.test)"
field alias status 200
field alias dns.cname '["alias2.test","ok.test"]'
field alias dns.addresses '["127.0.0.1"]'
pt alias --dns-server "127.0.0.1:$DNS" "$(at alias.test)"
like "text: the CNAME chain" "$(cat "$TMPD/alias.txt")" '^Aliases  *alias2\.test -> ok\.test$'

if [ -n "$HTTP6" ]; then
	pj v6 --dns-server "127.0.0.1:$DNS" "$(at v6only.test "$HTTP6")"
	field v6 status 200
	field v6 dns.addresses '["::1"]'
	field v6 dns.connected '"::1"'
else
	ok "an AAAA-only name # SKIP no IPv6 loopback here"
fi

# ------------------------------------------------------------------ a name that does not exist

pj nope --dns-server "127.0.0.1:$DNS" "$(at nope.test)"
is "nope.test: exit 1" "$rc" 1
field nope status null
field nope transport_error.kind '"dns"'
field nope transport_error.curl_code 6
field nope transport_error.detail "\"NXDOMAIN from 127.0.0.1#$DNS for nope.test\""
field nope dns.rcode '"NXDOMAIN"'
field nope dns.addresses '[]'
field nope dns.connected null
field nope dns.domain '"nope.test"'
field nope dns.domain_exists false
settled nope tr-dns-delegation
field nope diagnosis.answered.0.by '"probe"'
field nope diagnosis.answered.0.evidence "\"NXDOMAIN from 127.0.0.1#$DNS for nope.test\""
like "nope.test: the second answer says the domain itself is missing" \
	"$(jget nope diagnosis.answered.1.evidence)" 'nope\.test is itself the registered domain, and it does not exist'
unlike "nope.test: no request reached the web server" "$(jget nope timings_ms.connect)" '^[0-9]'
pt nope --dns-server "127.0.0.1:$DNS" "$(at nope.test)"
like "text: the evidence is shown" "$(cat "$TMPD/nope.txt")" "evidence: NXDOMAIN from 127\.0\.0\.1#$DNS for nope\.test"
unlike "text: no question left open" "$(cat "$TMPD/nope.txt")" 'Still to answer'
like "text: the fix is there" "$(cat "$TMPD/nope.txt")" "Repair the domain's registration and delegation"

pj missing --dns-server "127.0.0.1:$DNS" "$(at www.exists.test)"
field missing dns.rcode '"NXDOMAIN"'
field missing dns.domain '"exists.test"'
field missing dns.domain_exists true
settled missing tr-dns-missing-record

pj txt --dns-server "127.0.0.1:$DNS" "$(at txtonly.test)"
field txt dns.rcode '"NOERROR"'
field txt transport_error.kind '"dns"'
like "txtonly.test: the detail says there is no address" "$(jget txt transport_error.detail)" 'but no A or AAAA record'
settled txt tr-dns-noanswer

# ------------------------------------------------------------------ a dead zone, a DNSSEC failure

pj dead --dns-server "127.0.0.1:$DNS" "$(at www.servfail.test)"
field dead dns.rcode '"SERVFAIL"'
field dead dns.cd_resolves false
settled dead tr-dns-lame
like "dead zone: the CD question was asked, and failed too" "$(jget dead diagnosis.answered.1.evidence)" \
	'^"with checking disabled (CD): SERVFAIL from'
grep -q '^1 www\.servfail\.test CD' "$TMPD/resp.log"
is "dead zone: the question with the CD bit reached the zone's server through dnsmasq" "$?" 0

pj dnssec --dns-server "127.0.0.1:$DNS" "$(at www.dnssec.test)"
field dnssec dns.rcode '"SERVFAIL"'
field dnssec dns.cd_resolves true
settled dnssec tr-dns-dnssec

# ------------------------------------------------------------------ the resolver itself fails

pj refused --dns-server "127.0.0.1:$RESP" "$(at refused.test)"
field refused dns.rcode '"REFUSED"'
settled refused tr-dns-local
pj noserver --dns-server 127.0.0.1:1 "$(at ok.test)"
field noserver dns.rcode '"NO_SERVER"'
field noserver dns.server '"127.0.0.1#1"'
settled noserver tr-dns-local
t0=$(date +%s)
pj silent --connect-timeout 1 --dns-server "127.0.0.1:$RESP" "$(at silent.test)"
t1=$(date +%s)
field silent dns.rcode '"TIMEOUT"'
settled silent tr-dns-local
like "a silent server: the lookup gives up within the connect timeout (1 s), plus scheduling" \
	"$((t1 - t0))" '^[0-2]$'

# ------------------------------------------------------------------ a connection to an address that cannot work

pj lo --dns-server "127.0.0.1:$DNS" "http://ok.test:1/"
field lo transport_error.kind '"connect"'
field lo dns.connected null
settled lo tr-connect-wrong-ip
like "127.0.0.1 from DNS is named unusable" "$(jget lo diagnosis.answered.0.evidence)" 'no server can be reached there'

# ------------------------------------------------------------------ Cloudflare's addresses

# A copy of the knowledge base whose Cloudflare ranges hold 127.0.0.2: the
# check runs on the real lists' code without an address off this machine.
cp -R "$HTTPDOC_KB_DIR" "$TMPD/kb"
echo 127.0.0.2/32 >>"$TMPD/kb/cloudflare-ips.txt"
HTTPDOC_KB_DIR=$TMPD/kb pj cf --connect-timeout 2 --dns-server "127.0.0.1:$DNS" "http://cf.test:$HTTP/r/ok"
field cf dns.addresses '["127.0.0.2"]'
field cf dns.cloudflare true

# ------------------------------------------------------------------ hostile answers

for name in loop chain ctrl big cutshort tc mismatch notimp; do
	t0=$(date +%s)
	pj "h-$name" --connect-timeout 1 --dns-server "127.0.0.1:$RESP" "http://$name.test:$HTTP/r/ok"
	t1=$(date +%s)
	like "hostile $name: one JSON line, exit 0 or 1 (got $rc)" "$rc $(wc -l <"$TMPD/h-$name.json")" '^[01] 1$'
	like "hostile $name: over within seconds" "$((t1 - t0))" '^[0-3]$'
	pt "h-$name" --connect-timeout 1 --dns-server "127.0.0.1:$RESP" "http://$name.test:$HTTP/r/ok"
	is "hostile $name: no control byte reaches the terminal" "$(controls "$TMPD/h-$name.txt")" 0
done
field h-loop dns.cname_loop true
field h-loop dns.rcode '"NOERROR"'
field h-loop dns.addresses '[]'
settled h-loop tr-dns-noanswer
field h-chain dns.cname_loop true
like "a chain of 40 aliases is followed 16 hops, no more" "$(jget h-chain dns.cname | tr ',' '\n' | wc -l)" '^16$'
field h-ctrl status 200
like "control bytes in a name: JSON keeps them escaped" "$(cat "$TMPD/h-ctrl.json")" '"x\\\\027\[31mred\\\\007\\\\001\.ctrl\.test"'
like "control bytes in a name: the text shows them escaped" "$(cat "$TMPD/h-ctrl.txt")" 'Aliases  *x\\\\027\[31mred'
field h-big status 200
like "300 addresses: at most 32 kept" "$(jget h-big dns.addresses | tr ',' '\n' | wc -l)" '^32$'
field h-cutshort dns.rcode '"SERVFAIL"'
field h-cutshort dns.rcode_detail '"malformed answer"'
field h-notimp dns.rcode '"SERVFAIL"'
field h-notimp dns.rcode_detail '"NOTIMP"'
field h-mismatch dns.rcode '"TIMEOUT"'

# ------------------------------------------------------------------ batches

# Twenty URLs on one name and a few others, in one batch: the name is asked
# once, every URL gets its answer, in order.
: >"$TMPD/resp.log"
{
	i=0
	while [ $i -lt 20 ]; do echo "http://addr.test:$HTTP/r/ok?n=$i"; i=$((i + 1)); done
	echo "http://nothere.test:$HTTP/r/ok"
	echo "http://www.servfail.test:$HTTP/r/ok"
} >"$TMPD/urls"
"$HTTPDOC" probe --json --parallel 8 --dns-server "127.0.0.1:$RESP" --input "$TMPD/urls" >"$TMPD/batch.json" 2>"$TMPD/batch.err"
is "batch: exit 1 (two names fail)" "$?" 1
is "batch: 22 results" "$(wc -l <"$TMPD/batch.json")" 22
is "batch: the 20 probes of one name got 200" "$(grep -c '"status":200' "$TMPD/batch.json")" 20
is "batch: addr.test was asked once (A), not 20 times" "$(grep -c '^1 addr\.test ' "$TMPD/resp.log")" 1
is "batch: in order, the NXDOMAIN before the SERVFAIL" \
	"$(sed -n '21p;22p' "$TMPD/batch.json" | sed 's/.*"rcode":"\([A-Z_]*\)".*/\1/' | tr '\n' ' ')" "NXDOMAIN SERVFAIL "

# ------------------------------------------------------------------ no lookup: an address, a replay

pj literal "http://127.0.0.1:$HTTP/r/ok"
field literal dns null
printf 'HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\nhi\n' >"$TMPD/saved.http"
"$HTTPDOC" probe --json --replay "$TMPD/saved.http" >"$TMPD/replay.json" 2>&1
field replay dns null
field replay tls null

# ------------------------------------------------------------------ --dns-server itself

for bad in nonsense 127.0.0.1:0 127.0.0.1:70000 '[::1' dns.example.com 1.2.3; do
	"$HTTPDOC" probe --dns-server "$bad" "$(at ok.test)" >"$TMPD/bad.out" 2>"$TMPD/bad.err"
	is "--dns-server $bad: exit 2" "$?" 2
	like "--dns-server $bad: one line that says what it expects" \
		"$(cat "$TMPD/bad.err")" '^httpdoc: --dns-server expects an IP address'
done

# ------------------------------------------------------------------ in Chinese and Japanese

for lang in zh_CN ja; do
	pt "nope-$lang" --lang "$lang" --dns-server "127.0.0.1:$DNS" "$(at nope.test)"
	unlike "$lang: the DNS lines' labels and words are translated" "$(cat "$TMPD/nope-$lang.txt")" '^Domain \|^nope\.test does not exist'
	like "$lang: the DNS line keeps the answer's code" "$(cat "$TMPD/nope-$lang.txt")" "^DNS  *NXDOMAIN[，、]"
	like "$lang: the evidence stays the server's words" "$(cat "$TMPD/nope-$lang.txt")" "NXDOMAIN from 127\.0\.0\.1#$DNS for nope\.test"
	pj "nope-$lang" --lang "$lang" --dns-server "127.0.0.1:$DNS" "$(at nope.test)"
	field "nope-$lang" dns.rcode '"NXDOMAIN"'
	settled "nope-$lang" tr-dns-delegation
done

plan_done
