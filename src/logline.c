/* logline.c: the lines of nginx's, Apache's, php-fpm's, PHP's, LiteSpeed's
 * error logs and ModSecurity's audit log, parsed into what a diagnosis needs:
 * the time, the client and its port, the request, the host, the upstream,
 * the php-fpm pool. Pure: the bytes come from logread.c. */
#include <config.h>
#include "logline.h"
#include "logline_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ------------------------------------------------------------------ lines */

void log_line_free(struct log_line *l)
{
	if (!l)
		return;
	free(l->text);
	free(l->client);
	free(l->method);
	free(l->target);
	free(l->host);
	free(l->upstream);
	free(l->pool);
	memset(l, 0, sizeof *l);
}

struct log_line *log_lines_add(struct log_lines *ls)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 64;
		ls->v = xrealloc(ls->v, ls->cap * sizeof *ls->v);
	}
	struct log_line *l = &ls->v[ls->n++];
	memset(l, 0, sizeof *l);
	l->when = -1;
	return l;
}

void log_lines_free(struct log_lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		log_line_free(&ls->v[i]);
	free(ls->v);
	memset(ls, 0, sizeof *ls);
}

void log_request_free(struct log_request *r)
{
	free(r->method);
	strlist_free(&r->targets);
	free(r->host);
	free(r->local_ip);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ shapes */

/* s begins with shape: 'd' a digit, 'A' an upper-case letter, 'a' a
 * lower-case one, '_' a digit or a space; any other byte is itself. */
static bool shape(const char *s, size_t len, const char *shape)
{
	size_t n = strlen(shape);
	if (len < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (shape[i]) {
		case 'd': if (!isdigit(c)) return false; break;
		case 'A': if (!isupper(c)) return false; break;
		case 'a': if (!islower(c)) return false; break;
		case '_': if (!isdigit(c) && c != ' ') return false; break;
		default: if (c != (unsigned char)shape[i]) return false;
		}
	}
	return true;
}

/* After "dd:dd:dd" at s: skip ".digits"; returns the next position. */
static size_t skip_fraction(const char *s, size_t len, size_t at)
{
	if (at < len && s[at] == '.') {
		at++;
		while (at < len && isdigit((unsigned char)s[at]))
			at++;
	}
	return at;
}

/* "--6b34b61e-A--" (v2) or "---aYbCdEfG---A--" (v3): a ModSecurity audit
 * entry's section boundary; its letter, or 0. */
static char modsec_boundary(const char *s, size_t len)
{
	while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	if (len < 8 || s[0] != '-' || s[1] != '-' || s[len - 1] != '-' || s[len - 2] != '-' ||
	    !isupper((unsigned char)s[len - 3]) || s[len - 4] != '-')
		return 0;
	size_t i = 2;
	if (s[i] == '-')
		i++;
	size_t id = i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '@' || s[i] == '_'))
		i++;
	if (i == id || i > len - 4)
		return 0;
	while (i < len - 3 && s[i] == '-')
		i++;
	return i == len - 3 ? s[len - 3] : 0;
}

enum log_kind log_line_sniff(const char *s, size_t len)
{
	if (shape(s, len, "dddd/dd/dd dd:dd:dd ["))
		return LOG_NGINX;
	if (shape(s, len, "[Aaa Aaa _d dd:dd:dd"))
		return LOG_APACHE;
	if (shape(s, len, "[dd-Aaa-dddd dd:dd:dd")) {
		size_t at = skip_fraction(s, len, 21);
		if (at < len && s[at] == ']')
			return LOG_PHP_FPM;
		if (at < len && s[at] == ' ')
			return LOG_PHP;
		return LOG_UNKNOWN;
	}
	if (shape(s, len, "dddd-dd-dd dd:dd:dd")) {
		size_t at = skip_fraction(s, len, 19);
		if (at + 1 < len && s[at] == ' ' && s[at + 1] == '[')
			return LOG_LITESPEED;
	}
	if (modsec_boundary(s, len))
		return LOG_MODSECURITY;
	/* "ADDR IDENT USER [02/Dec/2026:15:16:20 +0000] "GET / HTTP/1.1" 200 ...": three words, then the time. */
	size_t at = 0;
	for (int word = 0; word < 3; word++) {
		size_t w = 0;
		while (at + w < len && s[at + w] != ' ')
			w++;
		if (!w || at + w >= len)
			return LOG_UNKNOWN;
		at += w + 1;
	}
	if (shape(s + at, len - at, "[dd/Aaa/dddd:dd:dd:dd"))
		return LOG_ACCESS;
	return LOG_UNKNOWN;
}

/* ------------------------------------------------------------------ parser */

/* The first LOG_LINE_MAX bytes of s, NULs made '?'. */
static char *clean_copy(const char *s, size_t len)
{
	if (len > LOG_LINE_MAX)
		len = LOG_LINE_MAX;
	char *c = xstrndup(s, len);
	for (size_t i = 0; i < len; i++)
		if (c[i] == '\0')
			c[i] = '?';
	return c;
}

void log_parser_init(struct log_parser *p, size_t file, enum log_kind kind, bool recent)
{
	memset(p, 0, sizeof *p);
	p->file = file;
	p->kind = kind;
	p->recent = recent;
	p->m_when = -1;
}

static void modsec_reset(struct log_parser *p)
{
	free(p->m_client);
	free(p->m_method);
	free(p->m_target);
	free(p->m_host);
	p->m_client = p->m_method = p->m_target = p->m_host = NULL;
	p->m_port = 0;
	p->m_when = -1;
	p->m_request_seen = false;
}

void log_parser_free(struct log_parser *p)
{
	modsec_reset(p);
}

/* One line of an audit entry: the fields of sections A and B, the messages of H. */
static void modsec_feed(struct log_parser *p, const char *s, size_t len, long long lineno,
			struct log_lines *out)
{
	char letter = modsec_boundary(s, len);
	if (letter) {
		if (letter == 'A')
			modsec_reset(p);
		p->section = letter;
		return;
	}
	char *line = clean_copy(s, len);
	if (p->section == 'A' && line[0] == '[') {
		/* "[date] UNIQUE_ID CLIENT PORT SERVER PORT" */
		p->m_when = logline_modsec_time(line);
		const char *q = strchr(line, ']');
		char id[128], client[64];
		int port;
		if (q && sscanf(q + 1, " %127s %63s %d", id, client, &port) == 3) {
			free(p->m_client);
			p->m_client = xstrdup(client);
			p->m_port = port > 0 && port < 65536 ? port : 0;
		}
	} else if (p->section == 'B' && line[0]) {
		if (!p->m_request_seen) {
			p->m_request_seen = true;
			logline_split_request(line, strlen(line), &p->m_method, &p->m_target);
		} else if (strncasecmp(line, "Host:", 5) == 0) {
			const char *h = line + 5 + strspn(line + 5, " \t");
			free(p->m_host);
			p->m_host = logline_host_only(h, strcspn(h, " \t\r"));
		}
	} else if (p->section == 'H' &&
		   (strncmp(line, "Message: ", 9) == 0 || strncmp(line, "ModSecurity: ", 13) == 0)) {
		struct log_line *l = log_lines_add(out);
		l->file = p->file;
		l->lineno = lineno;
		l->kind = LOG_MODSECURITY;
		l->recent = p->recent;
		l->text = line;
		l->when = p->m_when;
		l->client = xstrdup(p->m_client);
		l->client_port = p->m_port;
		l->method = xstrdup(p->m_method);
		l->target = xstrdup(p->m_target);
		l->host = xstrdup(p->m_host);
		return;
	}
	free(line);
}

/* The line at the end of out continues with s (a stack trace, a message
 * with newlines): one entry, one line, up to LOG_LINE_MAX. */
static bool continue_last(struct log_parser *p, const char *s, size_t len, struct log_lines *out)
{
	if (!out->n)
		return false;
	struct log_line *l = &out->v[out->n - 1];
	if (l->file != p->file || l->kind != p->kind || l->recent != p->recent)
		return false;
	size_t have = strlen(l->text);
	if (have < LOG_LINE_MAX) {
		char *more = clean_copy(s, len > LOG_LINE_MAX - have - 1 ? LOG_LINE_MAX - have - 1 : len);
		char *joined = xasprintf("%s %s", l->text, more);
		free(more);
		free(l->text);
		l->text = joined;
	}
	/* The fields come from the whole entry (nginx puts them at the end). */
	long long when = l->when;
	char *text = l->text;
	size_t file = l->file;
	long long lineno = l->lineno;
	bool recent = l->recent;
	enum log_kind kind = l->kind;
	l->text = NULL;
	log_line_free(l);
	*l = (struct log_line){.file = file, .lineno = lineno, .text = text, .kind = kind,
			       .recent = recent, .when = -1};
	logline_fields(l);
	if (l->when < 0)
		l->when = when;
	return true;
}

void log_parser_feed(struct log_parser *p, const char *s, size_t len, long long lineno,
		     struct log_lines *out)
{
	while (len && s[len - 1] == '\r')
		len--;
	enum log_kind shown = log_line_sniff(s, len);
	if (p->kind == LOG_UNKNOWN)
		p->kind = shown;
	if (p->kind == LOG_MODSECURITY) {
		modsec_feed(p, s, len, lineno, out);
		return;
	}
	if (!len)
		return;
	/* A line that does not start the way this log's lines do continues the one before. */
	if (p->kind != LOG_UNKNOWN && shown != p->kind && continue_last(p, s, len, out))
		return;
	struct log_line *l = log_lines_add(out);
	l->file = p->file;
	l->lineno = lineno;
	l->kind = p->kind;
	l->recent = p->recent;
	l->text = clean_copy(s, len);
	logline_fields(l);
}

/* ------------------------------------------------------------------ relation */

/* "::ffff:127.0.0.1" and "127.0.0.1" are one address. */
static const char *plain_addr(const char *a)
{
	return strncasecmp(a, "::ffff:", 7) == 0 && strchr(a + 7, '.') ? a + 7 : a;
}

/* The path of a target: up to '?'. */
static size_t path_len(const char *t)
{
	return strcspn(t, "?#");
}

static bool same_target(const char *line_target, const struct strlist *targets)
{
	for (size_t i = 0; i < targets->n; i++) {
		const char *t = targets->v[i];
		if (strcmp(line_target, t) == 0)
			return true;
		/* php-fpm writes the query twice ("/x.php?a=1?a=1"), some servers
		 * none: the path decides. */
		size_t a = path_len(line_target), b = path_len(t);
		if (a == b && strncmp(line_target, t, a) == 0)
			return true;
	}
	return false;
}

enum log_relation log_line_relation(const struct log_line *l, const struct log_request *r)
{
	bool named = false;
	if (r->direct && l->client_port && r->local_port) {
		if (l->client_port != r->local_port)
			return LOG_REL_OTHER;
		named = true;
	}
	if (r->direct && l->client && r->local_ip) {
		if (strcasecmp(plain_addr(l->client), plain_addr(r->local_ip)) != 0)
			return LOG_REL_OTHER;
	}
	if (l->target) {
		if (r->method && l->method && strcmp(l->method, r->method) != 0)
			return LOG_REL_OTHER;
		if (!same_target(l->target, &r->targets))
			return LOG_REL_OTHER;
		named = true;
	}
	if (l->host && r->host) {
		if (strcasecmp(l->host, r->host) != 0)
			return LOG_REL_OTHER;
		named = true;
	}
	return named ? LOG_REL_OURS : LOG_REL_UNTIED;
}
