#!/bin/sh
# logs-lab.sh: httpdoc on the server itself, against real servers broken the
# ways site owners meet them. nginx 1.22 in front of php-fpm 8.2, and Apache
# 2.4 with mod_security2 and the OWASP CRS (tests/lab-lib.sh starts them once
# on loopback ports from configs in a scratch folder). For each failure: the
# status, the server software, the fix reached with no question left to a
# person, and the log line that answered. The logs are found by httpdoc
# itself, from the running servers; --logs, an unreadable log, a request the
# server logged nothing about, the wizard, and refused connections too.
. "$srcdir/lib.sh"
. "$srcdir/lab-lib.sh"
# A signal still runs lib.sh's EXIT trap, which stops the servers.
trap 'exit 1' HUP INT TERM PIPE

lab_have_nginx || lab_have_apache || skip_all "nginx, Apache 2.4 with mod_security2 and the CRS, or php-fpm absent"
lab_start
[ -n "$NGINX_PORT$APACHE_PORT" ] ||
	{ not_ok "the lab's servers start" "$(cat "$LAB/start.log")"; plan_done; exit 1; }
N=http://127.0.0.1:$NGINX_PORT
A=http://127.0.0.1:$APACHE_PORT
solved=0 cases=0

# lab NAME URL STATUS SERVER FIX LINE [OPTIONS...]: probe URL as a site
# owner would on the server (no --logs), and check the status, the server,
# the fix reached with every question answered, and that a log line
# matching the grep pattern LINE answered one of them.
lab() {
	local name=$1 url=$2 status=$3 server=$4 fix=$5 line=$6
	shift 6
	cases=$((cases + 1))
	"$HTTPDOC" probe --json "$@" "$url" >"$TMPD/$name.json" 2>"$TMPD/$name.err"
	field "$name" status "$status"
	field "$name" server "\"$server\""
	field "$name" diagnosis.node "\"$fix\""
	field "$name" diagnosis.open_questions '[]'
	local answered
	answered=$(jget "$name" diagnosis.answered)
	# (JSON escapes the quotes inside a line: \" is part of the string.)
	like "$name: a log line answered: $line" "$answered" "\"by\":\"log\",\"evidence\":\"\\([^\"\\]\\|\\\\.\\)*$line"
	if [ "$(jget "$name" diagnosis.node)" = "\"$fix\"" ] && [ "$(jget "$name" diagnosis.open_questions)" = '[]' ]; then
		solved=$((solved + 1))
		echo "# $name: $status $server -> $fix, by the line: $(printf '%s' "$answered" |
			sed -n 's/.*"by":"log","evidence":"\(\([^"\\]\|\\.\)*\)".*/\1/p' | sed 's/^[^ ]*: //' | cut -c1-200)"
	fi
}

if [ -n "$NGINX_PORT" ]; then
	lab nginx-403-perms "$N/secret.html" 403 nginx 403-perms 'secret.html\\" failed (13: Permission denied)'
	lab nginx-403-index "$N/noindex/" 403 nginx 403-index-nginx 'directory index of \\"[^ ]*/noindex/\\" is forbidden'
	lab nginx-403-deny "$N/denied/" 403 nginx 403-deny-nginx 'access forbidden by rule'
	lab nginx-500-loop "$N/loop/" 500 nginx 500-nginx-rewrite-cycle 'rewrite or internal redirection cycle'
	lab nginx-500-memory "$N/mem.php" 500 nginx 500-php-memory 'Allowed memory size of 4194304 bytes exhausted'
	lab nginx-500-undefined "$N/undef.php" 500 nginx 500-php-version 'Call to undefined function mysql_connect()'
	lab nginx-502-big-header "$N/big.php" 502 nginx 502-big-header 'upstream sent too big header'
	lab nginx-502-no-socket "$N/gone.php" 502 nginx 502-socket-path 'php8.2-fpm.sock failed (2: No such file or directory)'
	lab nginx-502-socket-mode "$N/locked.php" 502 nginx 502-socket-perms 'locked.sock failed (13: Permission denied)'
	lab nginx-502-fpm-down "$N/refused.php" 502 nginx 502-fpm-down 'upstream: \\"fastcgi://127.0.0.1:'
	lab nginx-502-fpm-killed "$N/strict/slow.php" 502 nginx 502-fpm-timeout \
		'\[pool strict\] child [0-9]*, script [^ ]* (request: \\"GET /strict/slow.php\\") execution timed out'
	lab nginx-504-slow-script "$N/slow.php" 504 nginx 504-php-timeouts 'php-fpm.log: nothing logged for this request'

	# The pool full: one worker, held by a long request; php-fpm warns once.
	"$HTTPDOC" probe --no-logs --timeout 10 "$N/tiny/hold.php" >/dev/null 2>&1 &
	hold=$!
	i=0
	while ! grep -q 'pool tiny\] server reached pm.max_children' "$LAB/logs/php-fpm.log" 2>/dev/null &&
		[ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
	lab nginx-504-pool-full "$N/tiny/ok.php" 504 nginx 5xx-php-fpm-tuning \
		'\[pool tiny\] server reached pm.max_children setting (1)'
	wait "$hold"

	# nginx logs nothing about a 403 its configuration returns.
	"$HTTPDOC" probe --json "$N/members.html" >"$TMPD/nolog.json" 2>/dev/null
	field nolog diagnosis.node '"403-nolog"'
	like "nothing logged: the evidence says so" "$(jget nolog diagnosis.answered)" \
		'"by":"log","evidence":"[^"]*nginx-error.log: nothing logged for this request"'
	like "nothing logged: the logs list says so" "$("$HTTPDOC" probe "$N/members.html" 2>&1)" \
		'nginx-error.log (nginx): nothing about this request'

	# The logs httpdoc found, in the JSON.
	like "the logs read are listed" "$(jget nginx-403-perms logs)" \
		"\"file\":\"$LAB/logs/nginx-error.log\",\"kind\":\"nginx\",\"read\":true"
	unlike "Apache's logs are not nginx's" "$(jget nginx-403-perms logs)" 'apache-error.log'

	# --logs: a directory, for a URL that is not probed at this machine's address.
	"$HTTPDOC" probe --json --logs "$LAB/logs" "$N/noindex/" >"$TMPD/given.json" 2>/dev/null
	field given diagnosis.node '"403-index-nginx"'
	like "--logs DIR: its log files are read" "$(jget given logs)" \
		'"kind":"access".*"kind":"nginx".*"file":"[^"]*/php-fpm.log","kind":"php-fpm"'
	"$HTTPDOC" probe --logs "$TMPD/no-such.log" "$N/" >/dev/null 2>"$TMPD/given.err"
	is "--logs of a missing file: exit 2" "$?" 2
	like "--logs of a missing file: named" "$(cat "$TMPD/given.err")" "no-such.log"
	"$HTTPDOC" probe --no-logs --json "$N/secret.html" >"$TMPD/off.json" 2>/dev/null
	field off logs null
	field off diagnosis.node '"403-nginx-log"'

	# The wizard reads the logs too, and shows the line; r probes again and
	# reads the new request's line.
	HTTPDOC_UI_KEYS="Enter dump r Enter Enter dump" HTTPDOC_UI_DUMP=$TMPD/wizard.txt HTTPDOC_UI_SIZE=100x50 \
		"$HTTPDOC" "$N/gone.php" </dev/null >/dev/null 2>"$TMPD/wizard.err"
	like "wizard: the fix" "$(cat "$TMPD/wizard.txt")" "Point nginx at the PHP-FPM socket that really exists"
	like "wizard: the log line under the answer" "$(tr -s ' \n' '  ' <"$TMPD/wizard.txt")" \
		"read in the server's log: $LAB/logs/nginx-error.log:[0-9]*: .* connect() to unix:"
	lines=$(grep -o "read in the server's log: [^ ]*nginx-error.log:[0-9]*" "$TMPD/wizard.txt" | sed 's/.*://' |
		tr '\n' ' ')
	set -- $lines
	ok_line=$([ $# -eq 2 ] && [ "$2" -gt "$1" ] && echo yes)
	is "wizard: r reads the log line of the new request (lines $lines)" "$ok_line" yes

	# A log this user may not read: named with how to give access, and the
	# question asked as before. As root, the probe runs as nobody.
	as_other=
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null && as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	# (The other user must reach the program and the knowledge base: a build
	# tree inside a private directory is out of its reach.)
	# shellcheck disable=SC2086
	if [ -n "$as_other" ] && ! $as_other sh -c 'test -x "$1" && test -r "$2/kb.rng"' sh \
		"$HTTPDOC" "$HTTPDOC_KB_DIR" 2>/dev/null; then
		ok "# SKIP nobody cannot reach $HTTPDOC and its knowledge base here"
		as_other=skip
	fi
	if [ "$as_other" = skip ]; then
		:
	elif [ "$(id -u)" -ne 0 ] || [ -n "$as_other" ]; then
		chmod 640 "$LAB/logs/nginx-error.log"
		if [ "$(id -u)" -ne 0 ]; then chmod 200 "$LAB/logs/nginx-error.log"; fi
		# shellcheck disable=SC2086
		$as_other env XDG_CACHE_HOME="$TMPD/nobody-cache" "$HTTPDOC" probe "$N/secret.html" \
			>"$TMPD/unreadable.txt" 2>&1
		chmod 644 "$LAB/logs/nginx-error.log"
		if grep -q 'invalid knowledge base\|Permission denied.*kb' "$TMPD/unreadable.txt"; then
			ok "# SKIP the other user cannot read the knowledge base here"
		else
			like "unreadable log: named, with how to give access" \
				"$(tr -s ' \n' '  ' <"$TMPD/unreadable.txt")" \
				"Cannot read $LAB/logs/nginx-error.log (Permission denied): run httpdoc with sudo"
			like "unreadable log: the question is asked" "$(cat "$TMPD/unreadable.txt")" \
				'Still to answer'
		fi
	else
		ok "# SKIP no setpriv to probe as another user"
	fi

	# Refused connections on this machine: who listens on the port.
	dead=$(lab_free_port)
	"$HTTPDOC" probe --json "http://127.0.0.1:$dead/" >"$TMPD/refused.json" 2>/dev/null
	field refused diagnosis.node '"tr-connect-service-down"'
	like "refused: /proc/net/tcp says nothing listens" "$(jget refused diagnosis.answered)" \
		"no socket listens on port $dead"
	other=$(ip -o -4 addr show scope global 2>/dev/null | awk '{sub(/\/.*/, "", $4); print $4; exit}')
	if [ -n "$other" ]; then
		"$HTTPDOC" probe --json "http://$other:$NGINX_PORT/" >"$TMPD/bind.json" 2>/dev/null
		field bind diagnosis.node '"tr-connect-bind"'
		like "refused at $other: nginx listens on loopback only" "$(jget bind diagnosis.answered)" \
			"listening on 127.0.0.1:$NGINX_PORT"
	else
		ok "# SKIP no address but loopback here"
	fi
else
	ok "# SKIP nginx or php-fpm is not installed"
fi

if [ -n "$APACHE_PORT" ]; then
	lab apache-403-deny "$A/denied/" 403 apache 403-deny-apache 'AH01630: client denied by server configuration'
	lab apache-403-index "$A/noindex/" 403 apache 403-index-apache 'AH01276: Cannot serve directory'
	lab apache-403-modsecurity "$A/ok.html" 403 apache 403-modsec \
		'ModSecurity: Access denied with code 403 (phase 2).*\[id \\"949110\\"\]' -A 'Nikto/2.1.6'
	lab apache-500-htaccess "$A/htaccess/" 500 apache 500-htaccess-module \
		"htaccess/.htaccess: Invalid command 'NoSuchDirective'"
	lab apache-500-memory "$A/mem.php" 500 apache 500-php-memory \
		"AH01071: Got error 'PHP message: PHP Fatal error:  Allowed memory size"
	lab apache-503-backend "$A/backend/x" 503 apache 503-apache-backend 'AH01079: failed to make connection to backend'
	lab apache-504-timeout "$A/slow.php" 504 apache 504-apache-timeout 'AH01075: Error dispatching request'
	like "ModSecurity's audit log is found from the configuration" "$(jget apache-403-modsecurity logs)" \
		"\"file\":\"$LAB/logs/modsec_audit.log\",\"kind\":\"modsecurity\""
else
	ok "# SKIP Apache 2.4 with mod_security2 and the CRS is not installed"
fi

echo "# $solved of $cases failures reach their fix with no question for a person"
is "every failure of the lab reaches its fix from the probe and the logs alone" "$solved" "$cases"
plan_done
