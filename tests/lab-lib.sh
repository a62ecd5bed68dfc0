# lab-lib.sh: a web server lab on loopback for the tests that read server
# logs: real nginx, php-fpm and Apache 2.4 with mod_security2 and the OWASP
# CRS, each started once in the foreground from configs in a scratch folder
# ($LAB), broken on purpose in many ways through locations and files, and
# stopped by the test's EXIT trap. No systemd, nothing written to /etc.
#
# lab_start sets NGINX_PORT and APACHE_PORT (empty when that server is absent
# or did not start; why is in $LAB/start.log) and LAB. Source lib.sh first.

NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
APACHE_BIN=${APACHE_BIN:-$(command -v apache2 || echo /usr/sbin/apache2)}
FPM_BIN=${FPM_BIN:-$(ls /usr/sbin/php-fpm[0-9]* 2>/dev/null | sort -V | tail -n1)}
APACHE_MODS=${APACHE_MODS:-/usr/lib/apache2/modules}
CRS_SETUP=${CRS_SETUP:-/etc/modsecurity/crs/crs-setup.conf}
CRS_RULES=${CRS_RULES:-/usr/share/modsecurity-crs/rules}

# A TCP port nothing listens on, from the kernel's tables (the servers bind
# it a moment later; lab_start retries on a clash).
lab_free_port() {
	local p
	while :; do
		p=$(( (($(od -An -N2 -tu2 /dev/urandom) % 30000)) + 20000 ))
		hex=$(printf '%04X' "$p")
		grep -q ":$hex " /proc/net/tcp /proc/net/tcp6 2>/dev/null || { echo "$p"; return; }
	done
}

SETSID=$(command -v setsid || true)

lab_have_nginx() { [ -x "$NGINX_BIN" ] && [ -n "$FPM_BIN" ] && [ -x "$FPM_BIN" ]; }
lab_have_apache() {
	[ -n "$SETSID" ] && [ -x "$APACHE_BIN" ] && [ -f "$APACHE_MODS/mod_security2.so" ] && [ -f "$CRS_SETUP" ] &&
		[ -d "$CRS_RULES" ] && [ -n "$FPM_BIN" ]
}

# The user the servers' workers run as, when we are root.
lab_user() { [ "$(id -u)" -eq 0 ] && echo nobody || id -un; }
lab_group() { [ "$(id -u)" -eq 0 ] && { getent group nogroup >/dev/null && echo nogroup || echo nobody; } || id -gn; }

lab_site() {
	local w=$LAB/www
	mkdir -p "$w/noindex" "$w/denied" "$w/htaccess" "$w/tiny" "$w/strict"
	echo ok > "$w/ok.html"
	echo secret > "$w/secret.html"; chmod 000 "$w/secret.html"
	echo a > "$w/noindex/a.txt"
	echo no > "$w/denied/index.html"
	echo 'NoSuchDirective on' > "$w/htaccess/.htaccess"
	echo ok > "$w/htaccess/index.html"
	cat > "$w/mem.php" <<'PHP'
<?php ini_set('memory_limit', '4M'); $s = str_repeat('x', 16 * 1024 * 1024); echo strlen($s);
PHP
	cat > "$w/undef.php" <<'PHP'
<?php $link = mysql_connect('localhost', 'shop', 'secret'); echo 'connected';
PHP
	cat > "$w/big.php" <<'PHP'
<?php header('X-Debug-Trace: ' . str_repeat('a', 16000)); echo 'ok';
PHP
	cat > "$w/slow.php" <<'PHP'
<?php sleep(3); echo 'done';
PHP
	cp "$w/slow.php" "$w/strict/slow.php"
	echo "<?php sleep(4); echo 'done';" > "$w/tiny/hold.php"
	echo '<?php echo "ok";' > "$w/tiny/ok.php"
	echo '<?php echo "ok";' > "$w/ok.php"
}

lab_fpm_conf() {
	local u g
	u=$(lab_user); g=$(lab_group)
	cat > "$LAB/php.ini" <<EOF2
display_errors = Off
log_errors = On
memory_limit = 64M
EOF2
	cat > "$LAB/php-fpm.conf" <<EOF2
[global]
pid = $LAB/php-fpm.pid
error_log = $LAB/logs/php-fpm.log
log_level = notice
daemonize = no

[www]
user = $u
group = $g
listen = $LAB/www.sock
listen.mode = 0666
pm = dynamic
pm.max_children = 6
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3

[strict]
user = $u
group = $g
listen = $LAB/strict.sock
listen.mode = 0666
pm = dynamic
pm.max_children = 2
pm.start_servers = 1
pm.min_spare_servers = 1
pm.max_spare_servers = 1
request_terminate_timeout = 1s

[tiny]
user = $u
group = $g
listen = $LAB/tiny.sock
listen.mode = 0666
pm = dynamic
pm.max_children = 1
pm.start_servers = 1
pm.min_spare_servers = 1
pm.max_spare_servers = 1

[locked]
user = $u
group = $g
listen = $LAB/locked.sock
listen.mode = 0000
pm = static
pm.max_children = 1
EOF2
}

lab_nginx_conf() {
	local refused=$1
	local user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user $(lab_user) $(lab_group);"
	mkdir -p "$LAB/nginx"
	cat > "$LAB/nginx.conf" <<EOF2
$user_line
worker_processes 1;
daemon off;
pid $LAB/nginx/nginx.pid;
error_log $LAB/logs/nginx-error.log;
events { worker_connections 64; }
http {
	access_log $LAB/logs/nginx-access.log;
	client_body_temp_path $LAB/nginx/body;
	proxy_temp_path $LAB/nginx/proxy;
	fastcgi_temp_path $LAB/nginx/fastcgi;
	uwsgi_temp_path $LAB/nginx/uwsgi;
	scgi_temp_path $LAB/nginx/scgi;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		server_name lab.test;
		root $LAB/www;
		index index.html;
		fastcgi_read_timeout 1s;
		fastcgi_buffer_size 4k;
		fastcgi_buffers 4 4k;
		location /denied/ { deny all; }
		location = /members.html { return 403; }
		location /loop/ { try_files \$uri /loop/; }
		location ~ ^/tiny/.*\.php\$ { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:$LAB/tiny.sock; }
		location ~ ^/strict/.*\.php\$ {
			include /etc/nginx/fastcgi.conf; fastcgi_read_timeout 10s; fastcgi_pass unix:$LAB/strict.sock;
		}
		location = /gone.php { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:$LAB/php8.2-fpm.sock; }
		location = /locked.php { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:$LAB/locked.sock; }
		location = /refused.php { include /etc/nginx/fastcgi.conf; fastcgi_pass 127.0.0.1:$refused; }
		location ~ \.php\$ { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:$LAB/www.sock; }
	}
}
EOF2
}

lab_apache_conf() {
	local refused=$1 user_lines=""
	[ "$(id -u)" -eq 0 ] && user_lines="User $(lab_user)
Group $(lab_group)"
	mkdir -p "$LAB/apache" "$LAB/modsec/tmp" "$LAB/modsec/data"
	local m
	{
		# Modules built into this apache2 (log_config, unixd ...) are not loaded again.
		for m in mpm_prefork authz_core authz_host log_config unixd dir mime rewrite alias \
			 autoindex proxy proxy_fcgi unique_id security2; do
			printf '<IfModule !%s_module>\n\tLoadModule %s_module %s/mod_%s.so\n</IfModule>\n' \
				"$m" "$m" "$APACHE_MODS" "$m"
		done
		cat <<EOF2
ServerRoot $LAB/apache
ServerName lab.test
Listen 127.0.0.1:$APACHE_PORT
PidFile $LAB/apache/httpd.pid
Mutex file:$LAB/apache default
ErrorLog $LAB/logs/apache-error.log
LogLevel warn
LogFormat "%h %l %u %t \"%r\" %>s %b" common
CustomLog $LAB/logs/apache-access.log common
$user_lines
StartServers 2
MinSpareServers 2
MaxSpareServers 4
Timeout 5
ProxyTimeout 1
TypesConfig /etc/mime.types
DocumentRoot $LAB/www
DirectoryIndex index.html
<Directory />
	AllowOverride None
	Require all granted
	Options FollowSymLinks
</Directory>
<Directory $LAB/www/denied>
	Require all denied
</Directory>
<Directory $LAB/www/htaccess>
	AllowOverride All
</Directory>
<FilesMatch "\.php\$">
	SetHandler "proxy:unix:$LAB/www.sock|fcgi://localhost"
</FilesMatch>
ProxyPass /backend/ fcgi://127.0.0.1:$refused/
SecRuleEngine On
SecRequestBodyAccess On
SecDataDir $LAB/modsec/data
SecTmpDir $LAB/modsec/tmp
SecAuditEngine RelevantOnly
SecAuditLogRelevantStatus "^(?:5|4(?!04))"
SecAuditLogParts ABIJDEFHZ
SecAuditLogType Serial
SecAuditLog $LAB/logs/modsec_audit.log
Include $CRS_SETUP
Include $CRS_RULES/*.conf
EOF2
	} > "$LAB/httpd.conf"
}

# lab_wait_port PORT PID: until PORT answers a TCP connect (at most 5 s) or PID dies.
lab_wait_port() {
	local i=0 hex
	hex=$(printf '%04X' "$1")
	while [ $i -lt 100 ]; do
		kill -0 "$2" 2>/dev/null || return 1
		grep -q "0100007F:$hex 00000000:0000 0A" /proc/net/tcp 2>/dev/null && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# lab_wait_file FILE PID: until FILE exists (at most 5 s) or PID dies.
lab_wait_file() {
	local i=0
	while [ $i -lt 100 ]; do
		[ -e "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

lab_start() {
	LAB=$TMPD/lab
	mkdir -p "$LAB/logs"
	# The servers' workers (nobody, when we are root) must reach the files.
	chmod 755 "$TMPD" "$LAB" "$LAB/logs"
	lab_site
	NGINX_PORT= APACHE_PORT=
	local refused tries
	refused=$(lab_free_port)
	if lab_have_nginx || lab_have_apache; then
		lab_fpm_conf
		"$FPM_BIN" -F -R -y "$LAB/php-fpm.conf" -c "$LAB/php.ini" >>"$LAB/start.log" 2>&1 &
		FPM_PID=$!
		SERVER_PIDS="$SERVER_PIDS $FPM_PID"
		lab_wait_file "$LAB/www.sock" "$FPM_PID" || { echo "php-fpm did not start" >>"$LAB/start.log"; return; }
	fi
	if lab_have_nginx; then
		for tries in 1 2 3; do
			NGINX_PORT=$(lab_free_port)
			lab_nginx_conf "$refused"
			"$NGINX_BIN" -c "$LAB/nginx.conf" -p "$LAB/nginx" >>"$LAB/start.log" 2>&1 &
			NGINX_PID=$!
			SERVER_PIDS="$SERVER_PIDS $NGINX_PID"
			lab_wait_port "$NGINX_PORT" "$NGINX_PID" && break
			NGINX_PORT=
		done
	fi
	if lab_have_apache; then
		for tries in 1 2 3; do
			APACHE_PORT=$(lab_free_port)
			lab_apache_conf "$refused"
			# Its own session: Apache signals its whole process group when it
			# stops, which must not reach the test or make.
			$SETSID "$APACHE_BIN" -f "$LAB/httpd.conf" -DFOREGROUND >>"$LAB/start.log" 2>&1 &
			APACHE_PID=$!
			SERVER_PIDS="$SERVER_PIDS $APACHE_PID"
			lab_wait_port "$APACHE_PORT" "$APACHE_PID" && break
			APACHE_PORT=
		done
	fi
}
