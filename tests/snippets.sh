#!/bin/bash
# snippets.sh: every snippet and command of the knowledge base, judged by the
# software it is for, as Debian 12 ships it: nginx -t, apache2 -t (with the
# modules the advice enables), .htaccess files through a real Apache on
# loopback, ModSecurity rules loaded with the OWASP CRS, php-fpm -t, php -c,
# nft -c, iptables-restore --test, bash -n, and the IIS element names. One
# TAP line per snippet, named by its KB file and line; a language whose
# software is absent is skipped with a message. Nothing outside a scratch
# folder is written: no system service, no /etc, the firewall checks in a
# network namespace of their own; every server started is stopped.
#
# Placeholders users replace are given values real software can parse:
#   certificate and key paths -> a scratch self-signed pair; /var/log/ -> the
#   scratch folder; nginx `include snippets/...` -> /etc/nginx's own files;
#   /etc/apache2/.htpasswd -> an empty scratch file; {{cloudflare-ranges F}}
#   is expanded by the KB loader itself, as users see it.
# Contexts: a snippet's context attribute, else nginx: nginx.conf -> main,
# conf.d/ -> http, a snippet that opens with server, upstream, map or geo ->
# http, else server; apache: server (virtualhost and directory on request);
# php-fpm: pool; firewall: nftables when it has a table, else iptables.
#
# SNIPPETS_SUMMARY=FILE writes the counts per language there.
. "$srcdir/lib.sh"

DATA=$TESTS_DATA/snippets
S=$TMPD/s
mkdir -p "$S"
chmod 755 "$TMPD"       # the Apache test drops to nobody, who must read www/
# The knowledge base to check: the project's, or (for the check's own test)
# a fixture of wrong snippets.
KB=${SNIPPETS_KB:-$HTTPDOC_KB_DIR}
if ! "$KB_SNIPPETS" "$KB" "$S" 2>"$TMPD/dump.err"; then
	not_ok "the knowledge base's snippets can be read" "$(cat "$TMPD/dump.err")"
	plan_done; exit 1
fi

# The index: N kind lang context platform file kbfile line node unchecked
declare -A KIND LANG_ CTX PLAT FILE WHERE NODE WHY NODE_CMDS
IDS=()
while IFS=$'\t' read -r n kind lang ctx plat file kbfile line node why; do
	IDS+=("$n")
	KIND[$n]=$kind; LANG_[$n]=$lang; CTX[$n]=$ctx; PLAT[$n]=$plat; FILE[$n]=$file
	WHERE[$n]="${KB##*/}/$kbfile:$line"; NODE[$n]=$node; WHY[$n]=$why
	[ "$kind" = command ] && NODE_CMDS[$node]+="$n "
done <"$S/index.tsv"

declare -A COUNT_ALL COUNT_PASS COUNT_FAIL COUNT_EXEMPT
count() { # count LANG RESULT
	COUNT_ALL[$1]=$(( ${COUNT_ALL[$1]:-0} + 1 ))
	case $2 in
	pass) COUNT_PASS[$1]=$(( ${COUNT_PASS[$1]:-0} + 1 )) ;;
	fail) COUNT_FAIL[$1]=$(( ${COUNT_FAIL[$1]:-0} + 1 )) ;;
	exempt) COUNT_EXEMPT[$1]=$(( ${COUNT_EXEMPT[$1]:-0} + 1 )) ;;
	esac
}
pass() {   # pass N WHAT
	count "$2" pass; ok "${WHERE[$1]}: $2 (${NODE[$1]})"
}
fail() {   # fail N WHAT MESSAGE
	count "$2" fail; not_ok "${WHERE[$1]}: $2 (${NODE[$1]})" "$3"
}
exempt() { # exempt N WHAT REASON
	count "$2" exempt; tap_n=$((tap_n + 1)); echo "ok $tap_n - ${WHERE[$1]}: $2 (${NODE[$1]}) # SKIP $3"
}
skipped_lang() { # skipped_lang WHAT REASON IDS...: the software is absent here
	local what=$1 why=$2; shift 2
	[ $# -gt 0 ] || return 0
	echo "# $what: $# snippets not checked: $why"
	for n in "$@"; do exempt "$n" "$what" "$why"; done
}

# ------------------------------------------------------------------ the text, ready to parse

CERT=$S/cert.pem KEY=$S/key.pem
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=example.com \
		-keyout "$KEY" -out "$CERT" >/dev/null 2>&1
fi
mkdir -p "$S/log/nginx" "$S/log/apache2" "$S/log/php" && : >"$S/htpasswd"

# prepared N DEST: the snippet's text with the placeholders given values.
prepared() {
	sed -E \
	    -e "s#^([[:space:]]*ssl_(certificate|client_certificate|trusted_certificate)[[:space:]]+)[^;[:space:]]+#\1$CERT#" \
	    -e "s#^([[:space:]]*ssl_certificate_key[[:space:]]+)[^;[:space:]]+#\1$KEY#" \
	    -e "s#^([[:space:]]*SSL(CertificateFile|CertificateChainFile|CACertificateFile)[[:space:]]+)[^[:space:]]+#\1$CERT#" \
	    -e "s#^([[:space:]]*SSLCertificateKeyFile[[:space:]]+)[^[:space:]]+#\1$KEY#" \
	    -e "s#/var/log/#$S/log/#g" \
	    -e "s#/etc/apache2/\.htpasswd#$S/htpasswd#g" \
	    "$S/$1" >"$2"
}

# prep N: $S/prep/sN.conf, the prepared text of snippet N, made once.
mkdir -p "$S/prep"
prep() {
	[ -f "$S/prep/s$1.conf" ] || prepared "$1" "$S/prep/s$1.conf"
}

ids_of() {  # ids_of KIND LANG: the ids of blocks of that kind and language
	local n
	for n in "${IDS[@]}"; do
		[ "${KIND[$n]}" = "$1" ] && [ "${LANG_[$n]}" = "$2" ] && printf '%s\n' "$n"
	done
}

# isolate RUNNER CTX IDS...: the snippets are first judged together (RUNNER
# CTX IDS... builds one config of all and prints what the software said,
# with each snippet in a file named sN.*); when that fails, the snippets the
# messages name are judged alone, and the rest together again (halved when
# the messages name none). A snippet fails only when it fails alone.
isolate() {
	local runner=$1 ctx=$2; shift 2
	[ $# -gt 0 ] || return 0
	local out=$TMPD/isolate.out
	if $runner "$ctx" "$@" >"$out" 2>&1; then
		for n in "$@"; do RESULT[$n]=pass; done
		return 0
	fi
	local named=() rest=() n
	for n in "$@"; do
		if grep -qE "/s$n\.[a-z]+|/h$n/" "$out"; then named+=("$n"); else rest+=("$n"); fi
	done
	if [ $# -eq 1 ] || [ ${#named[@]} -eq 0 ]; then
		if [ $# -eq 1 ]; then
			RESULT[$1]=fail; MESSAGE[$1]=$(grep -v '^$' "$out" | head -n 8); return 0
		fi
		# Nothing named: halve.
		local half=$(( $# / 2 ))
		isolate "$runner" "$ctx" "${@:1:half}"
		isolate "$runner" "$ctx" "${@:half+1}"
		return 0
	fi
	for n in "${named[@]}"; do isolate "$runner" "$ctx" "$n"; done
	isolate "$runner" "$ctx" "${rest[@]}"
}
declare -A RESULT MESSAGE

report() {  # report WHAT IDS...: pass or fail each by RESULT
	local what=$1; shift
	for n in "$@"; do
		if [ "${RESULT[$n]:-}" = pass ]; then pass "$n" "$what"
		else fail "$n" "$what" "${MESSAGE[$n]:-no verdict}"; fi
	done
}

# split_exempt IDS...: sets TODO to the ids to check; exempts the rest.
split_exempt() {
	local what=$1; shift
	TODO=()
	for n in "$@"; do
		if [ "${WHY[$n]}" != - ]; then exempt "$n" "$what" "${WHY[$n]}"; else TODO+=("$n"); fi
	done
}

# ------------------------------------------------------------------ nginx

declare -A NGINX_CTX
nginx_context() {
	local n=$1 first
	[ -n "${NGINX_CTX[$n]:-}" ] && { echo "${NGINX_CTX[$n]}"; return; }
	[ "${CTX[$n]}" != - ] && { echo "${CTX[$n]}"; return; }
	case ${FILE[$n]} in
	*/nginx.conf) echo main; return ;;
	*/conf.d/*) echo http; return ;;
	esac
	first=$(sed -E 's/#.*//' "$S/$n" | awk 'NF { print $1; exit }')
	case $first in
	server|upstream|map|geo) echo http ;;
	*) echo server ;;
	esac
}

# nginx_run CTX IDS...: one nginx -t of the snippets, each in its context:
# for "main" one snippet as the whole main context, else one http block
# holding every snippet (http ones included, server ones in a server block
# each, location ones in a location of one). A snippet judged alone brings
# the other snippets of its advice along: they are meant to be used together
# (a map in conf.d, the server block that reads its variable).
nginx_run() {
	local ctx=$1; shift
	local d=$S/nginx-$ctx-$1 n ids=("$@")
	rm -rf "$d"; mkdir -p "$d/logs"
	# Relative includes (snippets/fastcgi-php.conf, mime.types) resolve
	# against the folder of nginx.conf: Debian's own files, read-only.
	[ -e "$S/prep/snippets" ] || for f in /etc/nginx/*; do
		case ${f##*/} in nginx.conf|sites-*|conf.d|modules-enabled) ;; *) ln -s "$f" "$S/prep/" ;; esac
	done
	if [ "$ctx" != main ] && [ $# -eq 1 ]; then
		for n in "${!NGINX_CTX[@]}"; do
			[ "$n" != "$1" ] && [ "${NODE[$n]}" = "${NODE[$1]}" ] && [ "${WHY[$n]}" = - ] &&
				[ "${NGINX_CTX[$n]}" != main ] && ids+=("$n")
		done
	fi
	{
		echo "pid $d/nginx.pid;"
		if [ "$ctx" = main ]; then
			grep -qE '^[[:space:]]*events[[:space:]]*\{' "$S/$1" || echo "events {}"
			prep "$1"; echo "include $S/prep/s$1.conf;"
		else
			echo "events {}"
			echo "http {"
			echo "    include mime.types;"
			echo "    ssl_certificate $CERT; ssl_certificate_key $KEY;"
			echo "    access_log $d/logs/access.log;"
			for n in "${ids[@]}"; do
				prep "$n"
				local f=$S/prep/s$n.conf
				case ${NGINX_CTX[$n]} in
				http) echo "    include $f;" ;;
				server) echo "    server { include $f; }" ;;
				location) echo "    server { location /s$n/ { include $f; } }" ;;
				upstream) echo "    upstream u$n { include $f; }" ;;
				*) echo "    # s$n.conf: no such context" ;;
				esac
			done
			echo "}"
		fi
	} >"$d/nginx.conf"
	mv "$d/nginx.conf" "$S/prep/nginx-$ctx-$1.conf"
	nginx -t -q -p "$d/" -e "$d/logs/error.log" -c "$S/prep/nginx-$ctx-$1.conf"
}

check_nginx() {
	mapfile -t all < <(ids_of snippet nginx)
	if ! command -v nginx >/dev/null; then skipped_lang nginx "nginx is not installed" "${all[@]}"; return; fi
	split_exempt nginx "${all[@]}"
	for n in "${all[@]}"; do NGINX_CTX[$n]=$(nginx_context "$n"); done
	local rest=()
	for n in "${TODO[@]}"; do
		if [ "$(nginx_context "$n")" = main ]; then isolate nginx_run main "$n"; else rest+=("$n"); fi
	done
	isolate nginx_run http "${rest[@]}"
	report nginx "${TODO[@]}"
}

# ------------------------------------------------------------------ Apache

# The modules Debian 12 enables on a fresh install of apache2.
APACHE_BASE="access_compat alias auth_basic authn_core authn_file authz_core authz_host authz_user
  autoindex deflate dir env filter mime mpm_event negotiation reqtimeout setenvif status"
APACHE_MODS=/usr/lib/apache2/modules

# apache_modules N: the base, plus what the advice's own commands enable
# (a2enmod) and the module whose own file the snippet goes into
# (mods-available/X.conf), with the modules those depend on.
apache_modules() {
	local mods="$APACHE_BASE" m c
	case ${FILE[$1]} in */mods-available/*.conf) m=${FILE[$1]##*/}; mods+=" ${m%.conf}" ;; esac
	for c in ${NODE_CMDS[${NODE[$1]}]:-}; do
		mods+=" $(grep -oE 'a2enmod( +[a-z0-9_]+)+' "$S/$c" | sed 's/a2enmod//')"
	done
	local todo=$mods seen=" "
	mods=""
	while [ -n "$(echo $todo)" ]; do
		set -- $todo; m=$1; shift; todo="$*"
		case $seen in *" $m "*) continue ;; esac
		seen+="$m "; mods+="$m "
		if [ -f "/etc/apache2/mods-available/$m.load" ]; then
			todo+=" $(sed -n 's/^# *Depends: *//p' "/etc/apache2/mods-available/$m.load" | tr ',' ' ')"
		fi
	done
	printf '%s\n' $mods | sort -u | tr '\n' ' '
}

apache_loads() {  # apache_loads MODULES...: LoadModule lines
	local m
	for m in "$@"; do
		if [ -f "$APACHE_MODS/mod_$m.so" ]; then
			echo "LoadModule ${m}_module $APACHE_MODS/mod_$m.so"
		else
			echo "# module $m is not installed here"
		fi
	done
}

# apache_conf DIR MODULES: the scaffold every Apache check shares.
apache_conf() {
	local d=$1; shift
	mkdir -p "$d/www" "$d/log"
	cat <<EOF
ServerRoot $d
PidFile $d/httpd.pid
Mutex file:$d default
ErrorLog $d/log/error.log
LogLevel warn
ServerName localhost
User nobody
Group nogroup
Define APACHE_LOG_DIR $d/log
$(apache_loads "$@")
TypesConfig /etc/mime.types
DocumentRoot $d/www
EOF
}

# apache_run "CTX MODULES" IDS...: one apache2 -t of every snippet in its context.
apache_run() {
	local ctx=${1%% *} mods=${1#* }; shift
	local d=$S/apache-$ctx-$1 n
	rm -rf "$d"; mkdir -p "$d"
	{
		# shellcheck disable=SC2086
		apache_conf "$d" $mods
		echo "Listen 127.0.0.1:8"
		for n in "$@"; do
			prep "$n"
			local f=$S/prep/s$n.conf
			case $ctx in
			server) echo "Include $f" ;;
			virtualhost) echo "<VirtualHost 127.0.0.1:8>"; echo "Include $f"; echo "</VirtualHost>" ;;
			directory) echo "<Directory $d/www/s$n>"; echo "Include $f"; echo "</Directory>" ;;
			esac
		done
	} >"$d/httpd.conf"
	apache2 -t -f "$d/httpd.conf" 2>&1 | grep -v '^Syntax OK$'
	return "${PIPESTATUS[0]}"
}

check_apache() {
	mapfile -t all < <(ids_of snippet apache)
	if ! command -v apache2 >/dev/null; then skipped_lang apache "apache2 is not installed" "${all[@]}"; return; fi
	split_exempt apache "${all[@]}"
	local -A by
	for n in "${TODO[@]}"; do
		local ctx=${CTX[$n]}; [ "$ctx" = - ] && ctx=server
		by["$ctx $(apache_modules "$n")"]+="$n "
	done
	for key in "${!by[@]}"; do
		# shellcheck disable=SC2086
		isolate apache_run "$key" ${by[$key]}
	done
	report apache "${TODO[@]}"
}

# ------------------------------------------------------------------ .htaccess

# A real Apache on a loopback port, every .htaccess in a directory of its own
# (AllowOverride All), each asked for once. A snippet fails when Apache
# answers 500 or logs an alert for its file ("Invalid command", "not allowed
# here", ...).
htaccess_serve() {  # htaccess_serve MODULES -- IDS...
	local mods=() n
	while [ "$1" != -- ]; do mods+=("$1"); shift; done; shift
	local d=$S/htaccess-$1 port tries=0 pid
	rm -rf "$d"; mkdir -p "$d"
	while [ $tries -lt 5 ]; do
		tries=$((tries + 1))
		port=$((20000 + RANDOM % 40000))
		{
			apache_conf "$d" "${mods[@]}"
			echo "Listen 127.0.0.1:$port"
			echo "StartServers 1"
			echo "<Directory $d/www>"
			echo "    AllowOverride All"
			echo "    Require all granted"
			echo "</Directory>"
		} >"$d/httpd.conf"
		for n in "$@"; do
			mkdir -p "$d/www/h$n"
			echo ok >"$d/www/h$n/index.html"
			prepared "$n" "$d/www/h$n/.htaccess"
		done
		chmod -R a+rX "$d/www" "$S/htpasswd"
		: >"$d/log/error.log"
		apache2 -f "$d/httpd.conf" -DFOREGROUND >"$d/stdout" 2>&1 &
		pid=$!
		SERVER_PIDS="$SERVER_PIDS $pid"
		local i=0 up=""
		while [ $i -lt 100 ]; do
			kill -0 "$pid" 2>/dev/null || break
			if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then up=1; break; fi
			sleep 0.05; i=$((i + 1))
		done
		if [ -n "$up" ]; then break; fi
		kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
		grep -q 'Address already in use' "$d/stdout" "$d/log/error.log" 2>/dev/null && continue
		for n in "$@"; do
			RESULT[$n]=fail; MESSAGE[$n]="Apache did not start: $(cat "$d/stdout" "$d/log/error.log" | head -n 5)"
		done
		return
	done
	for n in "$@"; do
		local code
		code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:$port/h$n/")
		sleep 0.02
		local said
		said=$(grep -F "/h$n/.htaccess" "$d/log/error.log" | grep -E ':alert\]|:crit\]' | head -n 3)
		if [ "$code" = 500 ] || [ -n "$said" ]; then
			RESULT[$n]=fail
			MESSAGE[$n]="GET /h$n/ answered $code; ${said:-the error log says nothing of this file}"
		else
			RESULT[$n]=pass
		fi
	done
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}

check_htaccess() {
	mapfile -t all < <(ids_of snippet htaccess)
	if ! command -v apache2 >/dev/null || ! command -v curl >/dev/null; then
		skipped_lang htaccess "apache2 or curl is not installed" "${all[@]}"; return
	fi
	split_exempt htaccess "${all[@]}"
	# One server for all: the modules any of the advice enables, and
	# mod_rewrite, which every host that reads .htaccess rewrite rules has.
	local mods="rewrite"
	for n in "${TODO[@]}"; do mods+=" $(apache_modules "$n")"; done
	# shellcheck disable=SC2086
	htaccess_serve $(printf '%s\n' $mods | sort -u) -- "${TODO[@]}"
	report htaccess "${TODO[@]}"
}

# ------------------------------------------------------------------ ModSecurity

CRS_SETUP=/etc/modsecurity/crs/crs-setup.conf
CRS_RULES=/usr/share/modsecurity-crs/rules

# modsec_run - IDS...: Apache with mod_security2 and the CRS, each rule file
# where its name says (before the CRS, after it, or the engine's own).
modsec_run() {
	shift
	local d=$S/modsec-$1 n
	rm -rf "$d"; mkdir -p "$d/data" "$d/tmp"
	{
		# shellcheck disable=SC2086
		apache_conf "$d" $APACHE_BASE unique_id security2
		echo "Listen 127.0.0.1:8"
		echo "SecDataDir $d/data"
		echo "SecTmpDir $d/tmp"
		sed -e "s#/var/log/#$S/log/#g" -e "s#unicode.mapping#/etc/modsecurity/unicode.mapping#" \
			/etc/modsecurity/modsecurity.conf-recommended >"$d/modsecurity.conf"
		echo "Include $d/modsecurity.conf"
		for n in "$@"; do
			case ${FILE[$n]} in */modsecurity.conf) prepared "$n" "$d/s$n.conf"; echo "Include $d/s$n.conf" ;; esac
		done
		echo "Include $CRS_SETUP"
		for n in "$@"; do
			case ${FILE[$n]} in *REQUEST-900*|*BEFORE-CRS*) prepared "$n" "$d/s$n.conf"; echo "Include $d/s$n.conf" ;; esac
		done
		echo "Include $CRS_RULES/*.conf"
		for n in "$@"; do
			[ -f "$d/s$n.conf" ] || { prepared "$n" "$d/s$n.conf"; echo "Include $d/s$n.conf"; }
		done
	} >"$d/httpd.conf"
	apache2 -t -f "$d/httpd.conf" 2>&1 | grep -v '^Syntax OK$'
	return "${PIPESTATUS[0]}"
}

check_modsecurity() {
	mapfile -t all < <(ids_of snippet modsecurity)
	if ! command -v apache2 >/dev/null || [ ! -f "$APACHE_MODS/mod_security2.so" ] || [ ! -f "$CRS_SETUP" ]; then
		skipped_lang modsecurity "apache2, libapache2-mod-security2 or modsecurity-crs is not installed" "${all[@]}"
		return
	fi
	split_exempt modsecurity "${all[@]}"
	isolate modsec_run - "${TODO[@]}"
	report modsecurity "${TODO[@]}"
}

# ------------------------------------------------------------------ PHP

# Debian names the program after its version (php-fpm8.2, php-fpm8.3 ...).
PHP_FPM=$(command -v php-fpm || ls /usr/sbin/php-fpm[0-9]* 2>/dev/null | sort -V | tail -n 1 || true)

# fpm_run CTX IDS...: php-fpm -t of a config that includes one pool per
# snippet (or the snippets in [global]).
fpm_run() {
	local ctx=$1; shift
	local d=$S/fpm-$1 n
	rm -rf "$d"; mkdir -p "$d"
	{
		echo "[global]"
		echo "pid = $d/fpm.pid"
		echo "error_log = $d/fpm.log"
		echo "daemonize = no"
		if [ "$ctx" = global ]; then
			for n in "$@"; do prepared "$n" "$d/s$n.conf"; cat "$d/s$n.conf"; done
			printf '[www]\nuser = nobody\ngroup = nogroup\nlisten = %s/www.sock\npm = static\npm.max_children = 1\n' "$d"
		else
			for n in "$@"; do
				prepared "$n" "$d/body$n"
				{
					printf '[s%s]\nuser = nobody\ngroup = nogroup\nlisten = %s/s%s.sock\n' "$n" "$d" "$n"
					printf 'pm = static\npm.max_children = 2\n'
					cat "$d/body$n"
				} >"$d/s$n.conf"
				echo "include = $d/s$n.conf"
			done
		fi
	} >"$d/php-fpm.conf"
	"$PHP_FPM" -t -y "$d/php-fpm.conf" 2>&1 | grep -v 'test is successful'
	return "${PIPESTATUS[0]}"
}

check_php_fpm() {
	mapfile -t all < <(ids_of snippet php-fpm)
	if [ -z "$PHP_FPM" ]; then skipped_lang php-fpm "php-fpm is not installed" "${all[@]}"; return; fi
	split_exempt php-fpm "${all[@]}"
	local -A by
	for n in "${TODO[@]}"; do
		local ctx=${CTX[$n]}; [ "$ctx" = - ] && ctx=pool
		by[$ctx]+="$n "
	done
	for ctx in "${!by[@]}"; do
		# shellcheck disable=SC2086
		isolate fpm_run "$ctx" ${by[$ctx]}
	done
	report php-fpm "${TODO[@]}"
}

# php -c FILE reads the snippet as php.ini; every key it sets must be one
# PHP knows (ini_get() is false for unknown keys), hold the value given, and
# in a .user.ini be one PHP allows there (not PHP_INI_SYSTEM).
PHP_INI_PROBE='$f = getenv("SNIPPET"); $user = getenv("USER_INI") === "1";
$keys = parse_ini_file($f, false, INI_SCANNER_RAW);
if ($keys === false) { echo "cannot parse\n"; exit(1); }
$all = ini_get_all(null, true); $bad = 0;
foreach ($keys as $k => $v) {
    if (ini_get($k) === false) { echo "unknown directive $k\n"; $bad++; continue; }
    if ($user && ($all[$k]["access"] & INI_USER) == 0 && ($all[$k]["access"] & INI_PERDIR) == 0) {
        echo "$k cannot be set in a .user.ini (PHP_INI_SYSTEM)\n"; $bad++;
    }
}
exit($bad ? 1 : 0);'

check_php_ini() {
	mapfile -t all < <(ids_of snippet php.ini)
	if ! command -v php >/dev/null; then skipped_lang php.ini "php (the CLI) is not installed" "${all[@]}"; return; fi
	split_exempt php.ini "${all[@]}"
	for n in "${TODO[@]}"; do
		local f=$S/php$n.ini user=0 out
		prepared "$n" "$f"
		case ${FILE[$n]} in *.user.ini) user=1 ;; esac
		out=$(SNIPPET=$f USER_INI=$user php -c "$f" -d display_startup_errors=1 -r "$PHP_INI_PROBE" 2>&1)
		if [ $? -eq 0 ] && [ -z "$out" ]; then RESULT[$n]=pass; else RESULT[$n]=fail; MESSAGE[$n]=$out; fi
	done
	report php.ini "${TODO[@]}"
}

# ------------------------------------------------------------------ firewalls

# In a network namespace of its own when unshare works, so no check can reach
# the machine's own rules.
netns() {
	if unshare -n true 2>/dev/null; then unshare -n "$@"; else "$@"; fi
}

firewall_kind() {
	local n=$1
	[ "${CTX[$n]}" != - ] && { echo "${CTX[$n]}"; return; }
	if grep -qE '^[[:space:]]*table[[:space:]]' "$S/$n"; then echo nftables; else echo iptables; fi
}

# iptables_test N: every line an iptables or ip6tables command; each family's
# rules through iptables-restore --test (per table).
iptables_test() {
	local n=$1 f=$S/ipt$n fam line bad=""
	prepared "$n" "$f"
	: >"$f.4"; : >"$f.6"
	while IFS= read -r line; do
		line=${line%%#*}
		[ -z "${line// }" ] && continue
		line=${line#sudo }
		case $line in
		"iptables "*) echo "${line#iptables }" >>"$f.4" ;;
		"ip6tables "*) echo "${line#ip6tables }" >>"$f.6" ;;
		*) bad+="not an iptables rule: $line"$'\n' ;;
		esac
	done <"$f"
	[ -n "$bad" ] && { printf '%s' "$bad"; return 1; }
	for fam in 4 6; do
		[ -s "$f.$fam" ] || continue
		local prog=iptables-restore; [ $fam = 6 ] && prog=ip6tables-restore
		# Rules with -t TABLE go to that table; the rest to filter.
		awk '{ t = "filter"; for (i = 1; i < NF; i++) if ($i == "-t" || $i == "--table") { t = $(i+1); $i = ""; $(i+1) = "" }
		       rules[t] = rules[t] $0 "\n" }
		     END { for (t in rules) printf "*%s\n%sCOMMIT\n", t, rules[t] }' "$f.$fam" >"$f.$fam.restore"
		netns "$prog" --test "$f.$fam.restore" 2>&1 || return 1
	done
}

check_firewall() {
	mapfile -t all < <(ids_of snippet firewall)
	split_exempt firewall "${all[@]}"
	local nft=() ipt=()
	for n in "${TODO[@]}"; do
		if [ "$(firewall_kind "$n")" = nftables ]; then nft+=("$n"); else ipt+=("$n"); fi
	done
	if command -v nft >/dev/null; then
		for n in "${nft[@]}"; do
			prepared "$n" "$S/nft$n"
			local out
			if out=$(netns nft -c -f "$S/nft$n" 2>&1); then pass "$n" nftables; else fail "$n" nftables "$out"; fi
		done
	else
		skipped_lang nftables "nft is not installed" "${nft[@]}"
	fi
	if command -v iptables-restore >/dev/null; then
		for n in "${ipt[@]}"; do
			local out
			if out=$(iptables_test "$n" 2>&1); then pass "$n" iptables; else fail "$n" iptables "$out"; fi
		done
	else
		skipped_lang iptables "iptables is not installed" "${ipt[@]}"
	fi
}

# ------------------------------------------------------------------ IIS

# No IIS here: a web.config fragment must be well-formed XML whose elements
# all stand where IIS's configuration schema has them (tests/data/snippets/
# iis-elements.txt, from Microsoft's configuration reference).
check_iis() {
	mapfile -t all < <(ids_of snippet iis)
	echo "# iis: no IIS on this system: web.config fragments are checked as XML against IIS's element names"
	split_exempt iis "${all[@]}"
	for n in "${TODO[@]}"; do
		local out
		if out=$("$XML_PATHS" "$S/$n" 2>&1); then
			local unknown
			unknown=$(printf '%s\n' "$out" | while read -r p; do
				grep -qxF "$p" "$DATA/iis-elements.txt" || grep -qE "/${p//./\\.}\$" "$DATA/iis-elements.txt" ||
					echo "no such element in IIS's configuration: $p"
			done)
			if [ -z "$unknown" ]; then pass "$n" iis; else fail "$n" iis "$unknown"; fi
		else
			fail "$n" iis "$out"
		fi
	done
}

# ------------------------------------------------------------------ shell

# Every command and shell snippet parses (bash -n), and every program it runs
# is a builtin or comes from a Debian package that programs.tsv names, unless
# the KB marks it as for another system (platform="rhel", "windows",
# "macos"): Windows command lines are not bash and are only counted.
declare -A PACKAGE
while IFS=$'\t' read -r prog pkg _; do
	case $prog in ''|'#'*) continue ;; esac
	PACKAGE[$prog]=$pkg
done <"$DATA/programs.tsv"

check_shell() {
	mapfile -t all < <(ids_of command shell; ids_of snippet shell)
	split_exempt shell "${all[@]}"
	local todo=() n
	for n in "${TODO[@]}"; do
		local what=shell; [ "${KIND[$n]}" = command ] && what=command
		if [ "${PLAT[$n]}" = windows ]; then
			exempt "$n" "$what" "a Windows command line (cmd or PowerShell): no Windows here"
		else
			todo+=("$n")
		fi
	done
	# bash -n of all at once, each in a subshell of its own; one by one
	# only when that fails.
	local -A syntax
	for n in "${todo[@]}"; do printf '(\n%s\n)\n' "$(cat "$S/$n")"; done >"$S/all.sh"
	if ! bash -n "$S/all.sh" 2>/dev/null; then
		for n in "${todo[@]}"; do syntax[$n]=$(bash -n "$S/$n" 2>&1); done
	fi
	# The programs each runs: builtins and keywords aside, in programs.tsv.
	local -A builtin missing
	for b in $(compgen -b; compgen -k); do builtin[$b]=1; done
	local used_pkgs="" file prog
	while IFS=$'\t' read -r file prog; do
		n=${file##*/}
		[ "${PLAT[$n]}" = - ] || continue
		[ -n "${builtin[$prog]:-}" ] && continue
		if [ -z "${PACKAGE[$prog]:-}" ]; then
			missing[$n]+="$prog is in no package that programs.tsv lists (or mark the command platform=\"rhel\", \"windows\" or \"macos\"); "
		else
			used_pkgs+=" ${PACKAGE[$prog]}"
		fi
	done < <(cd "$S" && "$SHELL_PROGRAMS" "${todo[@]}" /dev/null)
	for n in "${todo[@]}"; do
		local what=shell; [ "${KIND[$n]}" = command ] && what=command
		if [ -n "${syntax[$n]:-}" ]; then fail "$n" "$what" "bash -n: ${syntax[$n]}"
		elif [ -n "${missing[$n]:-}" ]; then fail "$n" "$what" "${missing[$n]}"
		else pass "$n" "$what"; fi
	done
	# The packages named exist in Debian (where apt's lists are present).
	local pkgs
	pkgs=$(printf '%s\n' $used_pkgs | grep -v '^-$' | sort -u)
	if command -v apt-cache >/dev/null && apt-cache show coreutils >/dev/null 2>&1; then
		local absent
		absent=$(apt-cache show --no-all-versions $pkgs 2>&1 >/dev/null | sed -n "s/^N: Unable to locate package //p;s/^E: No packages found.*//p" | tr '\n' ' ')
		is "every package programs.tsv names for the KB's commands is in Debian" "${absent:-none}" none
	else
		echo "# apt-cache has no package lists here: the packages in programs.tsv were not looked up"
	fi
}

# PHP code (wp-config.php lines, a header() call): php -l.
check_php() {
	mapfile -t all < <(ids_of snippet php)
	if ! command -v php >/dev/null; then skipped_lang php "php (the CLI) is not installed" "${all[@]}"; return; fi
	split_exempt php "${all[@]}"
	for n in "${TODO[@]}"; do
		local out
		{ echo '<?php'; cat "$S/$n"; } >"$S/php$n.php"
		if out=$(php -n -l "$S/php$n.php" 2>&1); then pass "$n" php; else fail "$n" php "$out"; fi
	done
}

# ------------------------------------------------------------------ the rest

check_unchecked() {  # text, http, dns: kb check makes them say why
	for lang in text http dns; do
		mapfile -t all < <(ids_of snippet "$lang")
		for n in "${all[@]}"; do
			if [ "${WHY[$n]}" != - ]; then exempt "$n" "$lang" "${WHY[$n]}"
			else fail "$n" "$lang" "no software checks a $lang snippet: give it unchecked=\"reason\""; fi
		done
	done
}


# Each language in turn, with the seconds it took.
for lang in nginx apache htaccess modsecurity php_fpm php_ini firewall iis shell php unchecked; do
	t0=$SECONDS
	"check_$lang"
	echo "# $lang: $((SECONDS - t0)) s"
done

# Every block was judged by one of the above.
is "every snippet and command was judged" "$(( $(wc -l <"$S/index.tsv") ))" \
	"$(( $(IFS=+; echo "0+${COUNT_ALL[*]}") ))"

# The check itself: each wrong snippet of the fixture must fail, named by
# its file and line.
if [ -z "${SNIPPETS_SELFTEST:-}" ]; then
	SNIPPETS_SELFTEST=1 SNIPPETS_KB=$TESTS_DATA/kb-snippets-bad bash "$srcdir/snippets.sh" \
		>"$TMPD/selftest.out" 2>&1
	refused=$(grep '^not ok' "$TMPD/selftest.out")
	expected=0
	for line in 11 15 16 17 19 20 21 22 23 26 27 28 29; do
		case $line in
		11) what="nginx 1.22 has no http2 directive" need=nginx ;;
		15) what="log_format outside http" need=nginx ;;
		16) what="ProxyPass without mod_proxy" need=apache2 ;;
		17) what="a .htaccess directive of a module not loaded" need=apache2 ;;
		19) what="an unknown ModSecurity action" need="apache2 $APACHE_MODS/mod_security2.so $CRS_SETUP" ;;
		20) what="an unknown php-fpm key" need=${PHP_FPM:-php-fpm} ;;
		21) what="a PHP_INI_SYSTEM key in .user.ini" need=php ;;
		22) what="PHP with a syntax error" need=php ;;
		23) what="an nftables typo" need=nft ;;
		26) what="an iptables option typo" need=iptables-restore ;;
		27) what="an IIS element that does not exist" need=bash ;;
		28) what="unbalanced shell" need=bash ;;
		29) what="a program in no Debian package" need=bash ;;
		esac
		have=yes
		for t in $need; do [ -e "$t" ] || command -v "$t" >/dev/null || have=""; done
		if [ -n "$have" ]; then
			expected=$((expected + 1))
			like "the check refuses $what (kb-snippets-bad/bad.xml:$line)" "$refused" "kb-snippets-bad/bad.xml:$line:"
		else
			tap_n=$((tap_n + 1)); echo "ok $tap_n - the check refuses $what # SKIP $need is not installed"
		fi
	done
	is "the check refuses nothing else in the fixture" "$(printf '%s\n' "$refused" | grep -c 'bad.xml')" "$expected"
fi

summary() {
	printf '%-12s %7s %7s %7s %7s\n' language checked passed failed exempt
	for l in $(printf '%s\n' "${!COUNT_ALL[@]}" | sort); do
		printf '%-12s %7s %7s %7s %7s\n' "$l" $(( ${COUNT_ALL[$l]} - ${COUNT_EXEMPT[$l]:-0} )) \
			"${COUNT_PASS[$l]:-0}" "${COUNT_FAIL[$l]:-0}" "${COUNT_EXEMPT[$l]:-0}"
	done
}
summary | sed 's/^/# /'
[ -n "${SNIPPETS_SUMMARY:-}" ] && summary >"$SNIPPETS_SUMMARY"
plan_done
