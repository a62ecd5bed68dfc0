#!/bin/sh
# net-wizard.sh: the wizard's result screen shows the DNS answer and the
# certificate, in English, Chinese and Japanese, and goes straight to the fix
# when the probe answered every question: a name that does not exist (the
# tests' DNS responder says NXDOMAIN) and a self-signed certificate (the
# loopback test server over TLS). The screens come from the key script
# (HTTPDOC_UI_KEYS) and, once, from a real terminal (tmux).
. "$srcdir/lib.sh"
PLAY_SIZE=80x30
RESPONDER=$builddir/dns-responder
[ -x "$TEST_SERVER" ] || skip_all "no test server (libmicrohttpd missing)"
[ -x "$RESPONDER" ] || skip_all "no dns-responder"
export XDG_STATE_HOME=$TMPD/state

"$RESPONDER" --lifetime 90 >"$TMPD/resp.port" 2>"$TMPD/resp.err" &
SERVER_PIDS="$SERVER_PIDS $!"
i=0
while [ ! -s "$TMPD/resp.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
RESP=$(head -n 1 "$TMPD/resp.port")
[ -n "$RESP" ] || { not_ok "the DNS responder starts" "$(cat "$TMPD/resp.err")"; plan_done; exit 1; }

# ------------------------------------------------------------------ a name that does not exist

# label and words by language: DNS line, Domain label, "does not exist", the fix's title
for lang in en zh_CN ja; do
	case $lang in
	en) domain='Domain  *nope\.test does not exist$' fix="Repair the domain's registration and delegation"
	    every='the probe answered every question' ;;
	zh_CN) domain='域名  *nope\.test 不存在$' fix='修复域名的注册和委派' every='探测已回答了所有问题' ;;
	ja) domain='ドメイン  *nope\.test は存在しません$' fix='ドメインの登録と委任を修復する' every='すべての質問にプローブが回答しました' ;;
	esac
	play "nope-$lang" "dump Enter dump" --lang "$lang" --dns-server "127.0.0.1:$RESP" http://nope.test/
	like "$lang: the DNS answer and its server" "$(screen "nope-$lang" 1)" "^ DNS  *NXDOMAIN.*127\.0\.0\.1#$RESP"
	like "$lang: the domain does not exist, in words" "$(screen "nope-$lang" 1)" "^ $domain"
	like "$lang: every question answered" "$(screen "nope-$lang" 1)" "$every"
	like "$lang: Enter goes to the fix" "$(screen "nope-$lang" 2)" "$fix"
done

# ------------------------------------------------------------------ a self-signed certificate

if command -v openssl >/dev/null 2>&1 && "$TEST_SERVER" --features | grep -qw tls &&
   openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
	-addext "subjectAltName=DNS:localhost" -keyout "$TMPD/k.pem" -out "$TMPD/c.pem" >/dev/null 2>&1; then
	start_server TLS --dir "$TESTS_DATA/responses" --lifetime 60 --tls "$TMPD/c.pem" "$TMPD/k.pem"
	for lang in en zh_CN ja; do
		case $lang in
		en) cert='Certificate  *CN=localhost$' issuer='Issuer  *CN=localhost$' fix='Replace the self-signed certificate' ;;
		zh_CN) cert='证书  *CN=localhost$' issuer='颁发者  *CN=localhost$' fix='用受信任的证书替换自签名证书' ;;
		ja) cert='証明書  *CN=localhost$' issuer='発行者  *CN=localhost$' fix='自己署名証明書を信頼された証明書に置き換える' ;;
		esac
		play "self-$lang" "dump Enter dump" --lang "$lang" "https://localhost:$TLS/r/ok"
		like "$lang: the TLS line" "$(screen "self-$lang" 1)" '^ TLS  *TLSv1\.[23]'
		like "$lang: it names the verifier's verdict" "$(screen "self-$lang" 1)" 'self_signed'
		like "$lang: the certificate's subject" "$(screen "self-$lang" 1)" "^ $cert"
		like "$lang: its issuer" "$(screen "self-$lang" 1)" "^ $issuer"
		like "$lang: its validity" "$(screen "self-$lang" 1)" '20[0-9-]*'
		[ -n "$fix" ] && like "$lang: Enter goes to the fix" "$(screen "self-$lang" 2)" "$fix"
	done
else
	ok "a self-signed certificate # SKIP no TLS test server or openssl"
fi

# ------------------------------------------------------------------ a real terminal

if command -v tmux >/dev/null 2>&1; then
	. "$srcdir/tmux-lib.sh"
	# tmux-lib.sh sets its own exit trap: stop the servers started here too.
	trap 'tm kill-server 2>/dev/null; for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$TMPD"' EXIT
	ENVS="HTTPDOC_KB_DIR=$HTTPDOC_KB_DIR HTTPDOC_LOCALEDIR=${HTTPDOC_LOCALEDIR:-} XDG_STATE_HOME=$TMPD/state"
	tmux_start "$HTTPDOC --lang ja --dns-server 127.0.0.1:$RESP http://nope.test/" $ENVS
	expect "tmux, ja: the DNS answer on the result screen" "NXDOMAIN、応答元：127.0.0.1#$RESP" 10
	expect "tmux, ja: the domain, in Japanese" "nope.test は存在しません"
	keys Enter
	expect "tmux, ja: Enter goes to the fix" "ドメインの登録と委任を修復する"
	keys q
	expect "tmux: q quits" "EXIT=0"
	restored "tmux: the terminal is restored"
else
	ok "a real terminal # SKIP tmux is not installed"
fi

plan_done
