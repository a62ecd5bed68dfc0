/* unit-logs.c: reading and matching server logs, on lines recorded from real
 * nginx 1.22, Apache 2.4 with mod_security2 and the OWASP CRS, and php-fpm
 * 8.2 (tests/data/logs, the lab of tests/logs-lab.sh), plus LiteSpeed and PHP
 * lines in their formats: each failure's line answers its question, lines of
 * other requests interleaved do not, and the reader keeps to what was
 * appended through rotation, truncation, an unreadable log, a sparse 1 GiB
 * log, a 1 MiB line and binary garbage. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diagnosis.h"
#include "engine.h"
#include "kb.h"
#include "localhost.h"
#include "logline.h"
#include "logmatch.h"
#include "logread.h"
#include "tap.h"
#include "util.h"

static struct kb *kb;
static const char *data;
static char tmp[] = "/tmp/httpdoc-unit-logs.XXXXXX";

static char *slurp(const char *name)
{
	char *path = xasprintf("%s/logs/%s", data, name), *s = NULL;
	size_t len;
	if (file_read(path, 8 << 20, &s, &len) != FILE_READ_OK)
		printf("Bail out! cannot read %s\n", path);
	free(path);
	return s;
}

static void spit(const char *path, const char *s, const char *mode)
{
	FILE *f = fopen(path, mode);
	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

/* ------------------------------------------------------------------ parsing */

static struct log_lines parse(const char *text, enum log_kind kind)
{
	struct log_lines out = {0};
	struct log_parser p;
	log_parser_init(&p, 0, kind, false);
	long long n = 1;
	for (const char *s = text; *s; n++) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		log_parser_feed(&p, s, len, n, &out);
		s += len + (nl ? 1 : 0);
	}
	log_parser_free(&p);
	return out;
}

static const struct log_line *line_with(const struct log_lines *ls, const char *needle)
{
	for (size_t i = 0; i < ls->n; i++)
		if (strstr(ls->v[i].text, needle))
			return &ls->v[i];
	return NULL;
}

static void test_sniff(void)
{
	struct { const char *line; enum log_kind kind; } cases[] = {
		{"2026/12/02 15:16:51 [error] 5267#5267: *2 open() \"/x\" failed", LOG_NGINX},
		{"[Wed Dec 02 15:16:51.865803 2026] [authz_core:error] [pid 1:tid 1]", LOG_APACHE},
		{"[Wed Dec  2 15:16:51 2026] [error] [client 1.2.3.4] old style", LOG_APACHE},
		{"[02-Dec-2026 15:16:33] WARNING: [pool tiny] server reached", LOG_PHP_FPM},
		{"[02-Dec-2026 15:16:33.123456] NOTICE: fpm is running", LOG_PHP_FPM},
		{"[02-Dec-2026 15:16:33 UTC] PHP Fatal error:  Allowed memory", LOG_PHP},
		{"--aa213d02-A--", LOG_MODSECURITY},
		{"---Xz8qAH8A---H--", LOG_MODSECURITY},
		{"2026-12-02 15:16:51.123456 [NOTICE] [1234] [T0] [127.0.0.1:4-1#APVH_x] y", LOG_LITESPEED},
		{"127.0.0.1 - - [02/Dec/2026:15:16:20 +0000] \"GET / HTTP/1.1\" 200 3", LOG_ACCESS},
		{"127.0.0.1 - - 02/Dec/2026:15:16:20", LOG_UNKNOWN},
		{"", LOG_UNKNOWN},
		{"2026/12/02", LOG_UNKNOWN},
		{"--aa213d02---", LOG_UNKNOWN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		is_int(log_line_sniff(cases[i].line, strlen(cases[i].line)), cases[i].kind,
		       "sniff: '%.40s' is %s", cases[i].line, log_kind_name(cases[i].kind));
}

static void test_fields(void)
{
	char *t = slurp("nginx-error.log");
	struct log_lines ls = parse(t, LOG_UNKNOWN);
	is_int(ls.n, 14, "nginx: 14 entries in 17 lines (a stack trace continues its line)");
	const struct log_line *l = line_with(&ls, "secret.html");
	ok(l && l->kind == LOG_NGINX, "nginx: the kind comes from the lines");
	is_str(l ? l->client : NULL, "127.0.0.1", "nginx: client");
	is_str(l ? l->method : NULL, "GET", "nginx: method");
	is_str(l ? l->target : NULL, "/secret.html", "nginx: target");
	is_str(l ? l->host : NULL, "127.0.0.1", "nginx: host, without its port");
	ok(l && l->when > 0 && l->lineno == 1, "nginx: time and line number");
	l = line_with(&ls, "mysql_connect");
	is_str(l ? l->target : NULL, "/undef.php", "nginx: the request at the end of a multi-line entry");
	ok(l && strstr(l->text, "Stack trace:") && l->lineno == 6, "nginx: one entry, numbered by its first line");
	l = line_with(&ls, "/tiny/ok.php");
	is_str(l ? l->upstream : NULL, "fastcgi://unix:/srv/lab/tiny.sock", "nginx: upstream");
	log_lines_free(&ls);
	free(t);

	t = slurp("apache-error.log");
	ls = parse(t, LOG_UNKNOWN);
	l = line_with(&ls, "AH01630");
	ok(l && l->kind == LOG_APACHE, "apache: the kind");
	is_str(l ? l->client : NULL, "127.0.0.1", "apache: client");
	is_int(l ? l->client_port : 0, 41722, "apache: the client's port");
	l = line_with(&ls, "AH00957");
	ok(l && !l->client && !l->client_port, "apache: a server-level line names no client");
	l = line_with(&ls, "Access denied with code 403");
	is_int(l ? l->client_port : 0, 41774, "apache: ModSecurity's line, the first [client] (with the port)");
	log_lines_free(&ls);
	free(t);

	t = slurp("php-fpm.log");
	ls = parse(t, LOG_UNKNOWN);
	l = line_with(&ls, "execution timed out");
	is_str(l ? l->pool : NULL, "strict", "php-fpm: pool");
	is_str(l ? l->target : NULL, "/strict/slow.php", "php-fpm: the request it names");
	l = line_with(&ls, "max_children");
	ok(l && l->pool && strcmp(l->pool, "tiny") == 0 && !l->target && l->when > 0,
	   "php-fpm: a state warning: its pool and time, no request");
	log_lines_free(&ls);
	free(t);

	t = slurp("modsec_audit.log");
	ls = parse(t, LOG_UNKNOWN);
	l = line_with(&ls, "Message: Access denied with code 403");
	ok(l && l->kind == LOG_MODSECURITY, "modsecurity: the message of an audit entry is a line");
	is_int(l ? l->client_port : 0, 41774, "modsecurity: the entry's client port (section A)");
	is_str(l ? l->target : NULL, "/ok.html", "modsecurity: its request (section B)");
	is_str(l ? l->host : NULL, "127.0.0.1", "modsecurity: its Host header");
	ok(l && l->lineno > 200, "modsecurity: numbered by its own line");
	ok(!line_with(&ls, "Stopwatch"), "modsecurity: the rest of an entry is no line");
	log_lines_free(&ls);
	free(t);

	ls = parse("2026-12-02 15:16:51.866619 [NOTICE] [1800848] [T4] [127.0.0.1:62060-44#APVH_shop.example:443] "
		   "[STDERR] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted\n"
		   "2026-12-02 15:16:52.000001 [INFO] [127.0.0.1:40740#shop] File not found [/x]\n", LOG_UNKNOWN);
	ok(ls.n == 2 && ls.v[0].kind == LOG_LITESPEED, "litespeed: the kind");
	ok(ls.n == 2 && ls.v[0].client_port == 62060 && ls.v[1].client_port == 40740 &&
	   ls.v[0].client && strcmp(ls.v[0].client, "127.0.0.1") == 0, "litespeed: client and port, both forms");
	log_lines_free(&ls);

	/* An access log: another visitor's request line names another request,
	 * whatever words its path holds. */
	ls = parse("203.0.113.9 - - [02/Dec/2026:15:16:20 +0000] \"GET /open()-failed-(13:-Permission-denied) HTTP/1.1\" 404 9\n"
		   "127.0.0.1 - - [02/Dec/2026:15:16:21 +0000] \"GET /secret.html HTTP/1.1\" 403 153\n", LOG_UNKNOWN);
	struct log_request req = {.method = xstrdup("GET"), .host = xstrdup("127.0.0.1"),
				  .local_ip = xstrdup("127.0.0.1"), .direct = true};
	strlist_add(&req.targets, "/secret.html");
	ok(ls.n == 2 && ls.v[0].kind == LOG_ACCESS && log_line_relation(&ls.v[0], &req) == LOG_REL_OTHER &&
	   log_line_relation(&ls.v[1], &req) == LOG_REL_OURS, "access: each line names its client and request");
	log_request_free(&req);
	log_lines_free(&ls);

	ls = parse("[02-Dec-2026 15:16:33 UTC] PHP Fatal error:  Uncaught Error: x\n"
		   "[02-Dec-2026 15:16:33 Europe/Berlin] PHP Warning:  y\n", LOG_UNKNOWN);
	ok(ls.n == 2 && ls.v[0].kind == LOG_PHP && ls.v[0].when == 1796224593LL,
	   "php: kind, and a UTC time");
	log_lines_free(&ls);
}

/* ------------------------------------------------------------------ matching */

/* A diagnosis from facts of the response plus what the logs said. */
struct scenario {
	const char *status, *server;
	const char *target;
	int port;                       /* our end's port, 0 unknown */
	const char *node;               /* the advice expected */
	const char *evidence;           /* a piece of the evidence expected */
};

static void diagnose_with(const struct scenario *sc, struct log_evidence *ev, struct diagnosis *d)
{
	struct facts *f = facts_new();
	facts_set(f, "status", sc->status);
	facts_set(f, "server", sc->server);
	facts_set(f, "cloudflare.branded", "false");
	facts_set(f, "cloudflare.generated_by", "origin");
	facts_set(f, "cloudflare.page", "none");
	facts_set(f, "cloudflare.proxied", "false");
	logmatch_apply(kb, ev, f);
	diagnosis_init(d);
	diagnose(kb, f, d);
	facts_free(f);
}

static void set_request(struct log_evidence *ev, const char *target, int port)
{
	log_request_free(&ev->req);
	ev->req.method = xstrdup("GET");
	strlist_add(&ev->req.targets, target);
	ev->req.host = xstrdup("127.0.0.1");
	ev->req.local_ip = xstrdup("127.0.0.1");
	ev->req.local_port = port;
	ev->req.direct = true;
}

/* Evidence from whole recorded logs, all of it "appended while the probe
 * ran": every other request's lines are interleaved with this one's. */
static void evidence_from(struct log_evidence *ev, const char *const *files, const enum log_kind *kinds)
{
	memset(ev, 0, sizeof *ev);
	for (size_t i = 0; files[i]; i++) {
		char *t = slurp(files[i]);
		char *path = xasprintf("/srv/lab/logs/%s", files[i]);
		log_evidence_add_file(ev, path, kinds[i]);
		struct log_lines ls = {0};
		struct log_parser p;
		log_parser_init(&p, ev->n_files - 1, kinds[i], false);
		long long n = 1;
		for (const char *s = t; *s; n++) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);
			log_parser_feed(&p, s, len, n, &ls);
			s += len + (nl ? 1 : 0);
		}
		log_parser_free(&p);
		for (size_t k = 0; k < ls.n; k++)
			*log_lines_add(&ev->lines) = ls.v[k];
		free(ls.v);
		free(path);
		free(t);
	}
	ev->pools = xcalloc(4, sizeof *ev->pools);
	const char *pools[][2] = {{"www", "/srv/lab/www.sock"}, {"strict", "/srv/lab/strict.sock"},
				  {"tiny", "/srv/lab/tiny.sock"}, {"locked", "/srv/lab/locked.sock"}};
	for (size_t i = 0; i < 4; i++)
		ev->pools[i] = (struct log_pool){xstrdup(pools[i][0]), xstrdup(pools[i][1]), NULL};
	ev->n_pools = 4;
	ev->now = 1796224615LL;   /* 02-Dec-2026 15:16:55 UTC, just after the lab's run */
}

static void check_scenarios(const struct scenario *sc, size_t n, struct log_evidence *ev)
{
	for (size_t i = 0; i < n; i++) {
		set_request(ev, sc[i].target, sc[i].port);
		struct diagnosis d;
		diagnose_with(&sc[i], ev, &d);
		const char *want = sc[i].node ? sc[i].node : "?";
		is_str(d.node_id, want, "%s %s %s: reaches %s", sc[i].status, sc[i].server, sc[i].target, want);
		const char *found = NULL;
		bool all_log = d.n_answered > 0;
		for (size_t k = 0; k < d.n_answered; k++) {
			if (d.answered[k].by == ANSWER_BY_LOG && d.answered[k].evidence &&
			    strstr(d.answered[k].evidence, sc[i].evidence))
				found = d.answered[k].evidence;
			all_log &= d.answered[k].by != ANSWER_BY_USER;
		}
		ok(found && all_log, "%s %s: answered by the log with '%s'", sc[i].status, sc[i].target,
		   sc[i].evidence);
		if (!found)
			for (size_t k = 0; k < d.n_answered; k++)
				printf("#   answered: %s -> %s (%s)\n", d.answered[k].question, d.answered[k].answer,
				       d.answered[k].evidence ? d.answered[k].evidence : "-");
		diagnosis_free(&d);
	}
}

static void test_nginx_scenarios(void)
{
	const char *files[] = {"nginx-error.log", "php-fpm.log", NULL};
	const enum log_kind kinds[] = {LOG_NGINX, LOG_PHP_FPM};
	struct log_evidence ev;
	evidence_from(&ev, files, kinds);
	const struct scenario sc[] = {
		{"403", "nginx", "/secret.html", 0, "403-perms", "(13: Permission denied)"},
		{"403", "nginx", "/noindex/", 0, "403-index-nginx", "directory index of"},
		{"403", "nginx", "/denied/", 0, "403-deny-nginx", "access forbidden by rule"},
		{"500", "nginx", "/loop/", 0, "500-nginx-rewrite-cycle", "rewrite or internal redirection cycle"},
		{"500", "nginx", "/mem.php", 0, "500-php-memory", "Allowed memory size of 4194304 bytes exhausted"},
		{"500", "nginx", "/undef.php", 0, "500-php-version", "Call to undefined function mysql_connect()"},
		{"502", "nginx", "/big.php", 0, "502-big-header", "upstream sent too big header"},
		{"502", "nginx", "/gone.php", 0, "502-socket-path", "(2: No such file or directory)"},
		{"502", "nginx", "/locked.php", 0, "502-socket-perms", "locked.sock failed (13: Permission denied)"},
		{"502", "nginx", "/refused.php", 0, "502-fpm-down", "upstream: \"fastcgi://127.0.0.1:"},
		{"504", "nginx", "/slow.php", 0, "504-php-timeouts", "nothing logged for this request"},
		{"504", "nginx", "/tiny/ok.php", 0, "5xx-php-fpm-tuning", "[pool tiny] server reached pm.max_children"},
	};
	check_scenarios(sc, sizeof sc / sizeof *sc, &ev);

	/* A request the logs never saw: nothing about it, whatever else they hold. */
	set_request(&ev, "/elsewhere.html", 0);
	struct diagnosis d;
	struct scenario other = {"403", "nginx", "/elsewhere.html", 0, NULL, NULL};
	diagnose_with(&other, &ev, &d);
	is_str(d.node_id, "403-nolog", "403 for a request nginx logged nothing about: Nothing about this request");
	ok(d.n_answered && d.answered[d.n_answered - 1].evidence &&
	   strstr(d.answered[d.n_answered - 1].evidence, "nginx-error.log: nothing logged for this request"),
	   "the evidence names the log that holds nothing");
	diagnosis_free(&d);

	/* The pool of this request decides: without the pools' addresses, the
	 * other pool's warning would speak for it. */
	set_request(&ev, "/tiny/ok.php", 0);
	const struct log_pool *pool = log_request_pool(&ev);
	is_str(pool ? pool->name : NULL, "tiny", "the request's pool, from its upstream socket");
	set_request(&ev, "/slow.php", 0);
	pool = log_request_pool(&ev);
	is_str(pool ? pool->name : NULL, "www", "another request, another pool");

	/* Two php-fpm masters: the one whose pool served the request speaks;
	 * the other's log, unread, does not keep the slow script unanswered. */
	for (size_t i = 0; i < ev.n_pools; i++)
		ev.pools[i].log = xstrdup("/srv/lab/logs/php-fpm.log");
	struct log_file *second = log_evidence_add_file(&ev, "/var/log/php7.4-fpm.log", LOG_PHP_FPM);
	second->state = LOG_STATE_UNREADABLE;
	second->err = EACCES;
	struct scenario slow = {"504", "nginx", "/slow.php", 0, NULL, NULL};
	diagnose_with(&slow, &ev, &d);
	is_str(d.node_id, "504-php-timeouts", "another master's unreadable log does not speak for this request");
	ok(d.n_answered && d.answered[d.n_answered - 1].evidence &&
	   !strstr(d.answered[d.n_answered - 1].evidence, "php7.4"), "nor is it named in the evidence");
	diagnosis_free(&d);
	log_evidence_free(&ev);
}

static void test_apache_scenarios(void)
{
	const char *files[] = {"apache-error.log", "modsec_audit.log", NULL};
	const enum log_kind kinds[] = {LOG_APACHE, LOG_MODSECURITY};
	struct log_evidence ev;
	evidence_from(&ev, files, kinds);
	const struct scenario sc[] = {
		{"403", "apache", "/denied/", 41722, "403-deny-apache", "AH01630: client denied by server configuration"},
		{"403", "apache", "/noindex/", 41728, "403-index-apache", "AH01276"},
		{"403", "apache", "/ok.html", 41774, "403-modsec", "[security2:error] [pid 19528:tid 19528] [client 127.0.0.1:41774] [client 127.0.0.1] ModSecurity: Access denied with code 403"},
		{"500", "apache", "/htaccess/", 41734, "500-htaccess-module", "Invalid command 'NoSuchDirective'"},
		{"500", "apache", "/mem.php", 41746, "500-php-memory", "AH01071: Got error 'PHP message: PHP Fatal error:  Allowed memory size"},
		{"503", "apache", "/backend/x", 41756, "503-apache-backend", "AH01079: failed to make connection to backend"},
		{"504", "apache", "/slow.php", 41760, "504-apache-timeout", "AH01075"},
	};
	check_scenarios(sc, sizeof sc / sizeof *sc, &ev);

	/* The same path from another connection: another request's lines. */
	set_request(&ev, "/denied/", 41999);
	struct diagnosis d;
	struct scenario other = {"403", "apache", "/denied/", 41999, NULL, NULL};
	diagnose_with(&other, &ev, &d);
	is_str(d.node_id, "403-nolog", "403 from another port: the lines of port 41722 do not answer for it");
	diagnosis_free(&d);
	log_evidence_free(&ev);
}

/* Evidence from one log given as text, every line appended during the probe. */
static void evidence_of(struct log_evidence *ev, const char *path, enum log_kind kind, const char *text)
{
	memset(ev, 0, sizeof *ev);
	log_evidence_add_file(ev, path, kind);
	struct log_lines ls = parse(text, kind);
	for (size_t k = 0; k < ls.n; k++)
		*log_lines_add(&ev->lines) = ls.v[k];
	free(ls.v);
	ev->now = 1796224615LL;
}

/* ModSecurity v3 in nginx writes to nginx's error log; LiteSpeed has its
 * own format, and lsphp's messages reach it as [STDERR]. */
static void test_other_formats(void)
{
	struct log_evidence ev;
	evidence_of(&ev, "/var/log/nginx/error.log", LOG_NGINX,
		"2026/12/02 15:16:50 [error] 812#812: *4 [client 127.0.0.1] ModSecurity: Warning. Matched \"Operator `Pm' "
		"with parameter `nikto' against variable `REQUEST_HEADERS:User-Agent' [id \"913100\"] [uri \"/\"], "
		"client: 127.0.0.1, server: _, request: \"GET /account HTTP/1.1\", host: \"127.0.0.1\"\n"
		"2026/12/02 15:16:51 [error] 812#812: *5 [client 127.0.0.1] ModSecurity: Access denied with code 403 "
		"(phase 2). Matched \"Operator `Ge' with parameter `5' against variable `TX:ANOMALY_SCORE' (Value: `5' ) "
		"[file \"/usr/share/modsecurity-crs/rules/REQUEST-949-BLOCKING-EVALUATION.conf\"] [line \"80\"] "
		"[id \"949110\"] [msg \"Inbound Anomaly Score Exceeded (Total Score: 5)\"] [hostname \"127.0.0.1\"] "
		"[uri \"/\"] [unique_id \"170000000000.000000\"] [ref \"\"], client: 127.0.0.1, server: _, "
		"request: \"GET / HTTP/1.1\", host: \"127.0.0.1\"\n");
	const struct scenario v3[] = {
		{"403", "nginx", "/", 0, "403-modsec", "ModSecurity: Access denied with code 403 (phase 2)"},
	};
	check_scenarios(v3, 1, &ev);
	set_request(&ev, "/account", 0);
	struct diagnosis d;
	struct scenario warned = {"403", "nginx", "/account", 0, NULL, NULL};
	diagnose_with(&warned, &ev, &d);
	is_str(d.node_id, "403-nginx-log", "a ModSecurity warning alone decides nothing: asked");
	diagnosis_free(&d);
	log_evidence_free(&ev);

	evidence_of(&ev, "/usr/local/lsws/logs/error.log", LOG_LITESPEED,
		"2026-12-02 15:16:51.026619 [INFO] [1800848] [T0] [127.0.0.1:40740-2#APVH_shop.example] File not found "
		"[/var/www/shop/favicon.ico]\n"
		"2026-12-02 15:16:51.866619 [NOTICE] [1800848] [T4] [127.0.0.1:40744-3#APVH_shop.example] [STDERR] "
		"PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) "
		"in /var/www/shop/index.php on line 12\n");
	const struct scenario ls[] = {
		{"500", "litespeed", "/", 40744, "500-php-memory", "[STDERR] PHP Fatal error:  Allowed memory size"},
	};
	check_scenarios(ls, 1, &ev);
	set_request(&ev, "/", 40740);
	struct scenario other = {"500", "litespeed", "/", 40740, NULL, NULL};
	diagnose_with(&other, &ev, &d);
	is_str(d.node_id, "500-apache-log",
	       "litespeed: the other connection's PHP error is not this one's (its own line decides nothing: asked)");
	diagnosis_free(&d);
	log_evidence_free(&ev);

	/* ModSecurity v3's own audit log, serial format. */
	evidence_of(&ev, "/var/log/modsec_audit.log", LOG_MODSECURITY,
		"---Xz8qAH8A---A--\n"
		"[02/Dec/2026:15:16:51 +0000] 170000000000.000000 127.0.0.1 40750 127.0.0.1 80\n"
		"---Xz8qAH8A---B--\n"
		"GET /wp-login.php HTTP/1.1\n"
		"Host: shop.example\n"
		"\n"
		"---Xz8qAH8A---H--\n"
		"ModSecurity: Access denied with code 403 (phase 2). Matched \"Operator `Ge' with parameter `5'\" "
		"[id \"949110\"] [uri \"/wp-login.php\"]\n"
		"\n"
		"---Xz8qAH8A---Z--\n");
	ok(ev.lines.n == 1 && ev.lines.v[0].client_port == 40750 && ev.lines.v[0].target &&
	   strcmp(ev.lines.v[0].target, "/wp-login.php") == 0 && ev.lines.v[0].host &&
	   strcmp(ev.lines.v[0].host, "shop.example") == 0, "modsecurity v3 serial: one message with its entry's fields");
	log_evidence_free(&ev);
}

/* A state warning counts from the recent past, by its own time. */
static void test_recent(void)
{
	struct log_evidence ev = {0};
	log_evidence_add_file(&ev, "/var/log/php8.2-fpm.log", LOG_PHP_FPM);
	log_evidence_add_file(&ev, "/var/log/nginx/error.log", LOG_NGINX);
	ev.now = 1796224615LL;
	struct log_lines ls = parse("2026/12/02 15:16:54 [error] 1#1: *9 upstream timed out (110: Connection timed out) "
				    "while reading response header from upstream, client: 127.0.0.1, server: _, request: "
				    "\"GET /shop/ HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock\", host: \"127.0.0.1\"",
				    LOG_NGINX);
	ls.v[0].file = 1;
	*log_lines_add(&ev.lines) = ls.v[0];
	free(ls.v);
	set_request(&ev, "/shop/", 0);
	const struct { const char *time; const char *want; const char *what; } cases[] = {
		{"02-Dec-2026 14:50:00", "5xx-php-fpm-tuning", "27 minutes ago: the pool is full"},
		{"02-Dec-2026 14:40:00", "504-php-timeouts", "37 minutes ago: too old to count"},
	};
	for (size_t i = 0; i < 2; i++) {
		char *line = xasprintf("[%s] WARNING: [pool www] server reached pm.max_children setting (5), "
				       "consider raising it", cases[i].time);
		struct log_lines r = parse(line, LOG_PHP_FPM);
		r.v[0].recent = true;
		size_t at = ev.lines.n;
		*log_lines_add(&ev.lines) = r.v[0];
		free(r.v);
		struct diagnosis d;
		struct scenario sc = {"504", "nginx", "/shop/", 0, NULL, NULL};
		diagnose_with(&sc, &ev, &d);
		is_str(d.node_id, cases[i].want, "recent past, %s", cases[i].what);
		diagnosis_free(&d);
		log_line_free(&ev.lines.v[at]);
		ev.lines.n = at;
		free(line);
	}
	log_evidence_free(&ev);
}

/* ------------------------------------------------------------------ reading */

static const char *NGINX_OTHER =
	"2026/12/02 15:16:20 [error] 5267#5267: *2 open() \"/srv/www/other.html\" failed (2: No such file or "
	"directory), client: 127.0.0.1, server: _, request: \"GET /other.html HTTP/1.1\", host: \"127.0.0.1\"\n";
static const char *NGINX_OURS =
	"2026/12/02 15:16:21 [error] 5267#5267: *4 access forbidden by rule, client: 127.0.0.1, server: _, "
	"request: \"GET /admin/ HTTP/1.1\", host: \"127.0.0.1\"\n";

static void collect(struct log_watch *w, struct log_evidence *ev)
{
	struct log_read_options o = {.wait_max_ms = 200, .settle_ms = 20};
	memset(ev, 0, sizeof *ev);
	log_watch_collect(w, &o, ev);
	set_request(ev, "/admin/", 0);
}

static const struct log_line *ours_line(const struct log_evidence *ev, const char *needle)
{
	for (size_t i = 0; i < ev->lines.n; i++)
		if (strstr(ev->lines.v[i].text, needle) &&
		    log_line_relation(&ev->lines.v[i], &ev->req) == LOG_REL_OURS)
			return &ev->lines.v[i];
	return NULL;
}

static void test_read_appended(void)
{
	char *path = xasprintf("%s/error.log", tmp);
	spit(path, NGINX_OTHER, "w");
	spit(path, NGINX_OTHER, "a");
	struct log_watch *w = log_watch_new();
	ok(log_watch_add(w, path, LOG_UNKNOWN), "a log is noted");
	ok(!log_watch_add(w, path, LOG_UNKNOWN), "and only once");
	is_int(log_watch_kind(w, 0), LOG_NGINX, "its kind from its last lines");
	spit(path, NGINX_OTHER, "a");
	spit(path, NGINX_OURS, "a");
	struct log_evidence ev;
	collect(w, &ev);
	is_int(ev.lines.n, 2, "only the appended lines are read");
	const struct log_line *l = ours_line(&ev, "access forbidden");
	ok(l && l->lineno == 4, "the line is numbered in the whole file");
	char *e = l ? log_line_evidence(&ev, l) : NULL;
	char *want = xasprintf("%s:4: 2026/12/02 15:16:21 [error] 5267#5267: *4 access forbidden by rule", path);
	ok(e && strncmp(e, want, strlen(want)) == 0, "evidence: FILE:LINE: text");
	is_int(log_file_lines_ours(&ev, 0), 1, "one line of this request (the other names another)");
	free(want);
	free(e);
	log_evidence_free(&ev);
	log_watch_free(w);

	/* Rotation during the probe: renamed, and a new file at the path. */
	char *rotated = xasprintf("%s.1", path);
	spit(path, NGINX_OTHER, "w");
	w = log_watch_new();
	log_watch_add(w, path, LOG_UNKNOWN);
	spit(path, NGINX_OTHER, "a");
	rename(path, rotated);
	spit(path, NGINX_OURS, "w");
	collect(w, &ev);
	ok(ev.n_files == 1 && ev.files[0].rotated, "rotated: noticed");
	ok(ours_line(&ev, "access forbidden") && ev.lines.n == 2,
	   "rotated: the old file's new lines and the new file's are read, nothing before");
	log_evidence_free(&ev);
	log_watch_free(w);

	/* copytruncate: the file shrank; what it holds now is new. */
	spit(path, NGINX_OTHER, "w");
	spit(path, NGINX_OTHER, "a");
	w = log_watch_new();
	log_watch_add(w, path, LOG_UNKNOWN);
	spit(path, NGINX_OURS, "w");
	collect(w, &ev);
	ok(ev.n_files == 1 && ev.files[0].rotated && ev.lines.n == 1 && ours_line(&ev, "access forbidden"),
	   "truncated: read from its start");
	log_evidence_free(&ev);
	log_watch_free(w);

	/* A log that gained nothing. */
	w = log_watch_new();
	log_watch_add(w, path, LOG_UNKNOWN);
	collect(w, &ev);
	ok(ev.n_files == 1 && ev.files[0].state == LOG_STATE_READ && ev.lines.n == 0 && ev.files[0].appended == 0,
	   "a log that gained nothing: read, no line");
	log_evidence_free(&ev);
	log_watch_free(w);

	w = log_watch_new();
	ok(!log_watch_add(w, tmp, LOG_UNKNOWN), "a directory is no log");
	char *gone = xasprintf("%s/none.log", tmp);
	ok(!log_watch_add(w, gone, LOG_UNKNOWN), "a missing file is no log");
	ok(!log_watch_add(w, "/dev/null", LOG_UNKNOWN), "a device is no log");
	log_watch_free(w);
	free(gone);
	free(rotated);
	free(path);
}

/* A sparse log of 1 GiB: what is appended is read, the rest never. */
static void test_huge(void)
{
	char *path = xasprintf("%s/huge.log", tmp);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	bool made = fd >= 0 && ftruncate(fd, 1LL << 30) == 0;
	if (fd >= 0)
		close(fd);
	if (!made) {
		ok(1, "# SKIP no sparse 1 GiB file here: %s", strerror(errno));
		free(path);
		return;
	}
	struct log_watch *w = log_watch_new();
	log_watch_add(w, path, LOG_NGINX);
	spit(path, "\n", "a");
	spit(path, NGINX_OURS, "a");
	struct log_evidence ev;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	collect(w, &ev);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	const struct log_line *l = ours_line(&ev, "access forbidden");
	ok(l && ev.lines.n == 1, "1 GiB log: the appended line is read");
	ok(ev.files[0].lines_before == -1 && l && l->lineno == 0, "1 GiB log: its lines are not counted");
	char *e = l ? log_line_evidence(&ev, l) : NULL;
	char *want = xasprintf("%s: 2026/12/02", path);
	ok(e && strncmp(e, want, strlen(want)) == 0, "1 GiB log: evidence FILE: text, without a line number");
	printf("# collected in %.0f ms\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	free(e);
	free(want);
	log_evidence_free(&ev);
	log_watch_free(w);

	/* And with its recent past read (a php-fpm log): only its end. */
	w = log_watch_new();
	log_watch_add(w, path, LOG_PHP_FPM);
	struct log_read_options o = {.wait_max_ms = 100, .settle_ms = 10, .recent_minutes = 10};
	o.recent[LOG_PHP_FPM] = true;
	memset(&ev, 0, sizeof ev);
	log_watch_collect(w, &o, &ev);
	ok(ev.n_files == 1 && ev.lines.n == 0, "1 GiB log: its end holds nothing recent (zeros)");
	log_evidence_free(&ev);
	log_watch_free(w);
	unlink(path);
	free(path);
}

static void test_long_and_garbage(void)
{
	char *path = xasprintf("%s/long.log", tmp);
	spit(path, NGINX_OTHER, "w");
	struct log_watch *w = log_watch_new();
	log_watch_add(w, path, LOG_UNKNOWN);
	/* A line of 1 MiB: its start is kept. */
	size_t big = 1 << 20;
	char *line = xmalloc(big + 2);
	memset(line, 'x', big);
	memcpy(line, NGINX_OURS, strlen(NGINX_OURS) - 1);
	line[big] = '\n';
	line[big + 1] = '\0';
	spit(path, line, "a");
	spit(path, NGINX_OURS, "a");
	struct log_evidence ev;
	collect(w, &ev);
	ok(ev.lines.n == 2 && strlen(ev.lines.v[0].text) == LOG_LINE_MAX, "a 1 MiB line: its first 8 KiB kept");
	ok(ev.lines.n == 2 && ev.lines.v[1].lineno == 3, "the line after it is whole and numbered");
	char *e = ev.lines.n ? log_line_evidence(&ev, &ev.lines.v[0]) : NULL;
	ok(e && strlen(e) < strlen(path) + 20 + LOG_EVIDENCE_TEXT_MAX && strstr(e, "..."),
	   "its evidence is cut to a few hundred bytes");
	free(e);
	log_evidence_free(&ev);
	log_watch_free(w);
	free(line);

	/* Binary garbage: bytes of every value, NULs, no newline at the end. */
	spit(path, NGINX_OTHER, "w");
	w = log_watch_new();
	log_watch_add(w, path, LOG_UNKNOWN);
	FILE *f = fopen(path, "ab");
	unsigned seed = 7;
	for (int i = 0; i < 300000; i++) {
		seed = seed * 1103515245 + 12345;
		fputc((int)(seed >> 16) & 0xff, f);
	}
	fclose(f);
	collect(w, &ev);
	ok(ev.lines.n > 0, "garbage: read as lines, no crash");
	bool bounded = true;
	for (size_t i = 0; i < ev.lines.n; i++)
		bounded &= strlen(ev.lines.v[i].text) <= LOG_LINE_MAX;
	ok(bounded, "garbage: every line bounded, NULs made harmless");
	struct facts *facts = facts_new();
	logmatch_apply(kb, &ev, facts);
	char *name = facts_log_name("403-nginx-log");
	const char *why = facts_evidence(facts, name);
	ok(why && strstr(why, ": nothing logged for this request"),
	   "garbage matches no message: nothing about this request (%s)", why ? why : "unanswered");
	free(name);
	facts_free(facts);
	log_evidence_free(&ev);
	log_watch_free(w);
	free(path);
}

/* A log this user may not read is said so, with the group that may. */
static void unreadable_child(const char *path, int out)
{
	struct log_watch *w = log_watch_new();
	char res[256];
	bool added = log_watch_add(w, path, LOG_UNKNOWN);
	struct log_evidence ev;
	struct log_read_options o = {.wait_max_ms = 50, .settle_ms = 10};
	memset(&ev, 0, sizeof ev);
	log_watch_collect(w, &o, &ev);
	snprintf(res, sizeof res, "%d %d %d %d %s %d", added, (int)ev.n_files,
		 ev.n_files ? (int)ev.files[0].state : -1, ev.n_files ? ev.files[0].err : -1,
		 ev.n_files && ev.files[0].group ? ev.files[0].group : "-", ev.n_files ? (int)ev.files[0].kind : -1);
	if (write(out, res, strlen(res)) < 0)
		_exit(2);
	log_evidence_free(&ev);
	log_watch_free(w);
}

static void test_unreadable(void)
{
	char *path = xasprintf("%s/nginx-error.log", tmp);
	spit(path, NGINX_OTHER, "w");
	chmod(path, 0640);
	chmod(tmp, 0755);
	int fds[2];
	if (pipe(fds) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		/* As root, become nobody; else the mode alone forbids it. */
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		if (geteuid() != 0)
			chmod(path, 0040);
		unreadable_child(path, fds[1]);
		free(path);
		_exit(0);
	}
	close(fds[1]);
	char buf[256] = "";
	ssize_t n = read(fds[0], buf, sizeof buf - 1);
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	buf[n > 0 ? n : 0] = '\0';
	int added, nfiles, state, err, kind;
	char group[64];
	if (sscanf(buf, "%d %d %d %d %63s %d", &added, &nfiles, &state, &err, group, &kind) != 6) {
		ok(0, "unreadable: the child reports (%s, status %d)", buf, status);
		free(path);
		return;
	}
	ok(added && nfiles == 1, "unreadable: still noted");
	is_int(state, LOG_STATE_UNREADABLE, "unreadable: said so");
	is_int(err, EACCES, "unreadable: EACCES");
	ok(strcmp(group, "-") != 0, "unreadable: the group that may read it is named (%s)", group);
	is_int(kind, LOG_NGINX, "unreadable: its kind from its name");
	chmod(path, 0644);
	free(path);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		printf("Bail out! cannot write %s\n", path);
}

/* The listening check, on tables laid out as the kernel writes them: the
 * listening sockets first, then the established table. */
static void test_listening(void)
{
	char *dir = xasprintf("%s/net", tmp);
	mkdir(dir, 0700);
	char *tcp = xasprintf("%s/tcp", dir), *tcp6 = xasprintf("%s/tcp6", dir);
	const char *head = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
			   "   uid  timeout inode\n";
	struct buf b = {0};
	buf_puts(&b, head);
	/* 127.0.0.1:8088 and 0.0.0.0:443 listen; then established and TIME_WAIT lines. */
	buf_puts(&b, "   0: 0100007F:1F98 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1001 1\n");
	buf_puts(&b, "   1: 00000000:01BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1002 1\n");
	for (int i = 0; i < 3000; i++)
		buf_printf(&b, "%4d: 0100007F:%04X 0100007F:1F98 06 00000000:00000000 03:00000000 00000000 0 0 0 3\n",
			   i + 2, 30000 + i);
	write_file(tcp, b.data);
	buf_free(&b);
	write_file(tcp6, head);
	char *ev = NULL;
	is_int(localhost_listening(dir, 8088, &ev), LISTEN_LOOPBACK, "port 8088: listening on loopback only");
	free(ev);
	ev = NULL;
	is_int(localhost_listening(dir, 443, &ev), LISTEN_ALL, "port 443: listening on every address");
	free(ev);
	ev = NULL;
	is_int(localhost_listening(dir, 8080, &ev), LISTEN_NONE,
	       "port 8080: nothing listens (3,000 TIME_WAIT lines to 8088 are not listeners)");
	free(ev);
	free(tcp);
	free(tcp6);
	free(dir);
}

int main(void)
{
	data = getenv("TESTS_DATA");
	const char *kbdir = getenv("HTTPDOC_KB_DIR");
	if (!data || !*data || !kbdir)
		tap_skip_all("TESTS_DATA or HTTPDOC_KB_DIR is not set (run through make check)");
	setenv("TZ", "UTC", 1);
	tzset();
	char *err = NULL;
	if (kb_load(kbdir, &kb, &err) != 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	if (!mkdtemp(tmp)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_sniff();
	test_fields();
	test_nginx_scenarios();
	test_apache_scenarios();
	test_other_formats();
	test_recent();
	test_read_appended();
	test_huge();
	test_long_and_garbage();
	test_unreadable();
	test_listening();
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	free(cmd);
	kb_free(kb);
	return tap_done();
}
