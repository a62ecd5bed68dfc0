/* logline_fields.c: the time a server's log line starts with, and what
 * it says about its request (client, port, request line, host, upstream,
 * php-fpm pool), per format. Pure. */
#include <config.h>
#include "logline.h"
#include "logline_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ------------------------------------------------------------------ time */

static int month_of(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int i = 0; i < 12; i++)
		if (strncmp(names + 3 * i, m, 3) == 0)
			return i;
	return -1;
}

static long long make_time(int y, int mon, int d, int h, int mi, int s, bool utc)
{
	if (y < 1970 || y > 9999 || mon < 0 || mon > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mon, .tm_mday = d, .tm_hour = h,
			.tm_min = mi, .tm_sec = s, .tm_isdst = -1};
	time_t t = utc ? timegm(&tm) : mktime(&tm);
	return t == (time_t)-1 ? -1 : (long long)t;
}

/* The time a line of this kind starts with, -1 when it has none. Local time
 * unless the line says otherwise. */
static long long line_time(enum log_kind kind, const char *s)
{
	int y, mon = -1, d, h, mi, sec, n = 0;
	char mname[4] = "", zone[40] = "";
	switch (kind) {
	case LOG_NGINX:
		if (sscanf(s, "%4d/%2d/%2d %2d:%2d:%2d%n", &y, &mon, &d, &h, &mi, &sec, &n) == 6 && n)
			return make_time(y, mon - 1, d, h, mi, sec, false);
		return -1;
	case LOG_LITESPEED:
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mon, &d, &h, &mi, &sec, &n) == 6 && n)
			return make_time(y, mon - 1, d, h, mi, sec, false);
		return -1;
	case LOG_APACHE: {
		char wday[4];
		if (sscanf(s, "[%3s %3s %d %d:%d:%d%n", wday, mname, &d, &h, &mi, &sec, &n) != 6 || !n)
			return -1;
		const char *p = s + n;
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		if (sscanf(p, " %4d]", &y) != 1)
			return -1;
		return make_time(y, month_of(mname), d, h, mi, sec, false);
	}
	case LOG_PHP_FPM:
	case LOG_PHP: {
		if (sscanf(s, "[%2d-%3s-%4d %2d:%2d:%2d%n", &d, mname, &y, &h, &mi, &sec, &n) != 6 || !n)
			return -1;
		const char *p = s + n;
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		bool utc = sscanf(p, " %39[^]]]", zone) == 1 && strcmp(zone, "UTC") == 0;
		return make_time(y, month_of(mname), d, h, mi, sec, utc);
	}
	default:
		return -1;
	}
}

/* ModSecurity's "[09/Jan/2024:10:11:12.123456 +0000]". */
long long logline_modsec_time(const char *s)
{
	int y, d, h, mi, sec, n = 0;
	char mname[4] = "";
	if (sscanf(s, "[%2d/%3s/%4d:%2d:%2d:%2d%n", &d, mname, &y, &h, &mi, &sec, &n) != 6 || !n)
		return -1;
	const char *p = s + n;
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	char sign;
	int off;
	long long t = make_time(y, month_of(mname), d, h, mi, sec, true);
	if (t < 0 || sscanf(p, " %c%4d]", &sign, &off) != 2 || (sign != '+' && sign != '-'))
		return t;
	long long secs = (off / 100) * 3600LL + (off % 100) * 60LL;
	return sign == '+' ? t - secs : t + secs;
}

/* ------------------------------------------------------------------ fields */

/* "GET /path HTTP/1.1" or "GET /path": method and target. */
void logline_split_request(const char *req, size_t len, char **method, char **target)
{
	const char *sp = memchr(req, ' ', len);
	if (!sp || sp == req)
		return;
	const char *t = sp + 1, *end = req + len;
	const char *sp2 = memchr(t, ' ', (size_t)(end - t));
	free(*method);
	free(*target);
	*method = xstrndup(req, (size_t)(sp - req));
	*target = xstrndup(t, (size_t)((sp2 ? sp2 : end) - t));
}

/* A host without its port, lower case: "Example.com:8080" -> "example.com",
 * "[::1]:80" -> "::1". */
char *logline_host_only(const char *h, size_t len)
{
	char *s;
	if (len && h[0] == '[') {
		const char *close = memchr(h, ']', len);
		s = xstrndup(h + 1, close ? (size_t)(close - h - 1) : len - 1);
	} else {
		const char *colon = memchr(h, ':', len);
		s = xstrndup(h, colon ? (size_t)(colon - h) : len);
	}
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* "127.0.0.1:45678", "::1:45678" or "[::1]:45678": address and port. */
static void split_client(const char *s, size_t len, char **addr, int *port)
{
	const char *colon = NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ':')
			colon = s + i;
	size_t alen = len;
	if (colon && colon + 1 < s + len && strspn(colon + 1, "0123456789") == (size_t)(s + len - colon - 1) &&
	    (s + len - colon - 1) <= 5) {
		/* A bare IPv6 address has more colons: "::1:45678" keeps "::1". */
		*port = atoi(colon + 1);
		alen = (size_t)(colon - s);
	}
	if (alen >= 2 && s[0] == '[' && s[alen - 1] == ']') {
		s++;
		alen -= 2;
	}
	free(*addr);
	*addr = xstrndup(s, alen);
}

/* nginx ends a line with ", client: A, server: S, request: "R", upstream:
 * "U", host: "H"" (some of them); the message before may hold anything, so
 * read from the last ", client: ". */
static void nginx_fields(struct log_line *l)
{
	const char *s = l->text, *p = NULL;
	for (const char *q = strstr(s, ", client: "); q; q = strstr(q + 1, ", client: "))
		p = q;
	if (!p)
		return;
	p += 2;
	while (*p) {
		const char *colon = strstr(p, ": ");
		if (!colon)
			break;
		size_t nlen = (size_t)(colon - p);
		const char *v = colon + 2, *end;
		size_t vlen;
		if (*v == '"') {
			v++;
			end = strstr(v, "\", ");
			if (!end)
				end = v + strlen(v) - (v[0] && v[strlen(v) - 1] == '"' ? 1 : 0);
			vlen = (size_t)(end - v);
			end += *end ? 1 : 0;
		} else {
			end = strstr(v, ", ");
			if (!end)
				end = v + strlen(v);
			vlen = (size_t)(end - v);
		}
		if (nlen == 6 && strncmp(p, "client", 6) == 0) {
			free(l->client);
			l->client = xstrndup(v, vlen);
		} else if (nlen == 7 && strncmp(p, "request", 7) == 0) {
			logline_split_request(v, vlen, &l->method, &l->target);
		} else if (nlen == 8 && strncmp(p, "upstream", 8) == 0) {
			free(l->upstream);
			l->upstream = xstrndup(v, vlen);
		} else if (nlen == 4 && strncmp(p, "host", 4) == 0) {
			free(l->host);
			l->host = logline_host_only(v, vlen);
		}
		if (strncmp(end, ", ", 2) != 0)
			break;
		p = end + 2;
	}
}

/* Apache 2.4: "[client 127.0.0.1:45678]" (the first: ModSecurity adds a
 * second one without the port). */
static void apache_fields(struct log_line *l)
{
	const char *p = strstr(l->text, "[client ");
	if (!p)
		return;
	p += 8;
	const char *end = strchr(p, ']');
	/* "[client [::1]:45678]": the address has its own brackets. */
	if (end && *p == '[')
		end = strchr(end + 1, ']');
	if (end)
		split_client(p, (size_t)(end - p), &l->client, &l->client_port);
}

/* php-fpm: "[pool www] child 12, script '/x.php' (request: "GET /x.php?a=1")". */
static void fpm_fields(struct log_line *l)
{
	const char *p = strstr(l->text, "[pool ");
	if (p) {
		p += 6;
		const char *end = strchr(p, ']');
		if (end) {
			free(l->pool);
			l->pool = xstrndup(p, (size_t)(end - p));
		}
	}
	p = strstr(l->text, "(request: \"");
	if (p) {
		p += 11;
		const char *end = strstr(p, "\")");
		if (end)
			logline_split_request(p, (size_t)(end - p), &l->method, &l->target);
	}
}

/* LiteSpeed: "[127.0.0.1:45678-3#APVH_example.com]", "[IP:PORT#vhost]",
 * "[IP:PORT:HTTP2-1#...]", "[IP:PORT-H3:...]", "[IP:PORT>addr#...]": the
 * client and its port. */
static void litespeed_fields(struct log_line *l)
{
	for (const char *p = strchr(l->text, '['); p; p = strchr(p + 1, '[')) {
		const char *a = p + 1;
		size_t alen = strspn(a, "0123456789.");
		if (alen < 7 || a[alen] != ':' || !isdigit((unsigned char)a[alen + 1]))
			continue;
		const char *port = a + alen + 1;
		size_t plen = strspn(port, "0123456789");
		char after = port[plen];
		if (plen > 5 || !strchr("-#:>]", after) || after == '\0')
			continue;
		free(l->client);
		l->client = xstrndup(a, alen);
		l->client_port = atoi(port);
		/* What follows '#' names the virtual host in LiteSpeed's configuration,
		 * not the Host the client sent: not compared. */
		return;
	}
}

/* An access log: the client first, the request line in the first quotes. */
static void access_fields(struct log_line *l)
{
	size_t n = strcspn(l->text, " ");
	free(l->client);
	l->client = xstrndup(l->text, n);
	const char *q = strchr(l->text, '"');
	const char *end = q ? strchr(q + 1, '"') : NULL;
	if (end)
		logline_split_request(q + 1, (size_t)(end - q - 1), &l->method, &l->target);
}

void logline_fields(struct log_line *l)
{
	l->when = line_time(l->kind, l->text);
	switch (l->kind) {
	case LOG_NGINX: nginx_fields(l); break;
	case LOG_APACHE: apache_fields(l); break;
	case LOG_PHP_FPM: fpm_fields(l); break;
	case LOG_LITESPEED: litespeed_fields(l); break;
	case LOG_ACCESS: access_fields(l); break;
	default: break;
	}
}

