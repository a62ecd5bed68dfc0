/* redirects.c: the shape of a redirect chain. The URLs were made absolute
 * by the probe (or the replay); here they are only compared, part by part:
 * scheme and port, host, path and query. */
#include <config.h>
#include "redirects.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define URL_SHOWN 200   /* bytes of one URL in the evidence */

/* A URL cut into the parts a loop changes; each part lower-cased but the path. */
struct parts {
	char *scheme, *host, *port, *path;
};

static void parts_free(struct parts *p)
{
	free(p->scheme);
	free(p->host);
	free(p->port);
	free(p->path);
}

static char *lower(const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	for (char *c = t; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return t;
}

/* "scheme://user@host:port/path?query#frag" -> parts; the default port of
 * the scheme is dropped, the fragment too. False for a URL without "://". */
static bool split(const char *url, struct parts *p)
{
	memset(p, 0, sizeof *p);
	const char *sep = url ? strstr(url, "://") : NULL;
	if (!sep)
		return false;
	p->scheme = lower(url, (size_t)(sep - url));
	const char *a = sep + 3, *end = a + strcspn(a, "/?#");
	const char *at = memchr(a, '@', (size_t)(end - a));
	if (at)
		a = at + 1;
	const char *colon = NULL;
	if (*a == '[') {
		const char *close = memchr(a, ']', (size_t)(end - a));
		if (close && close + 1 < end && close[1] == ':')
			colon = close + 1;
	} else {
		colon = memchr(a, ':', (size_t)(end - a));
	}
	p->host = lower(a, (size_t)((colon ? colon : end) - a));
	p->port = colon ? xstrndup(colon + 1, (size_t)(end - colon - 1)) : xstrdup("");
	if ((strcmp(p->scheme, "http") == 0 && strcmp(p->port, "80") == 0) ||
	    (strcmp(p->scheme, "https") == 0 && strcmp(p->port, "443") == 0))
		p->port[0] = '\0';
	size_t plen = strcspn(end, "#");
	p->path = plen ? xstrndup(end, plen) : xstrdup("/");
	return true;
}

/* NAME and www.NAME, either way round. */
static bool www_pair(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la + 4 == lb && strncmp(b, "www.", 4) == 0 && strcmp(b + 4, a) == 0)
		return true;
	return lb + 4 == la && strncmp(a, "www.", 4) == 0 && strcmp(a + 4, b) == 0;
}

enum change { CH_SCHEME = 1, CH_WWW = 2, CH_PATH = 4, CH_OTHER = 8 };

static unsigned changes(const struct parts *a, const struct parts *b)
{
	unsigned c = 0;
	if (strcmp(a->scheme, b->scheme) != 0)
		c |= CH_SCHEME;     /* a port that changes with the scheme goes with it */
	else if (strcmp(a->port, b->port) != 0)
		c |= CH_OTHER;
	if (strcmp(a->host, b->host) != 0)
		c |= www_pair(a->host, b->host) ? CH_WWW : CH_OTHER;
	if (strcmp(a->path, b->path) != 0)
		c |= CH_PATH;
	return c;
}

static bool same_url(const struct parts *a, const struct parts *b)
{
	return strcmp(a->scheme, b->scheme) == 0 && strcmp(a->host, b->host) == 0 &&
	       strcmp(a->port, b->port) == 0 && strcmp(a->path, b->path) == 0;
}

const char *redirect_loop_name(enum redirect_loop l)
{
	switch (l) {
	case LOOP_SAME_URL: return "same_url";
	case LOOP_SCHEME: return "scheme";
	case LOOP_WWW: return "www";
	case LOOP_PATH: return "path";
	case LOOP_GROWING_PATH: return "growing_path";
	case LOOP_REPEAT: return "repeat";
	default: return "none";
	}
}

static void show_url(struct buf *b, const char *url)
{
	size_t len = strlen(url);
	if (len <= URL_SHOWN)
		buf_puts(b, url);
	else
		buf_printf(b, "%.*s...", URL_SHOWN, url);
}

/* The chain as URLs, each with the status of the hop that led to it (0 for
 * the first): the probed URL, then every location. A saved response has no
 * URL of its own: its chain starts at the first location. */
struct chain {
	const char **url;
	int *status;
	size_t n;
};

static void chain_of(const struct response *r, struct chain *c)
{
	c->url = xcalloc(r->n_redirects + 1, sizeof *c->url);
	c->status = xcalloc(r->n_redirects + 1, sizeof *c->status);
	c->n = 0;
	if (r->url)
		c->url[c->n++] = r->url;
	for (size_t i = 0; i < r->n_redirects && r->redirects[i].location; i++) {
		c->status[c->n] = r->redirects[i].status;
		c->url[c->n++] = r->redirects[i].location;
	}
}

/* "U[from] -> STATUS U[from+1] -> ... U[to]". */
static char *hops_text(const struct chain *c, size_t from, size_t to)
{
	struct buf b = {0};
	show_url(&b, c->url[from]);
	for (size_t i = from + 1; i <= to; i++) {
		buf_printf(&b, " -> %d ", c->status[i]);
		show_url(&b, c->url[i]);
	}
	return buf_steal(&b);
}

enum redirect_loop redirect_loop_find(const struct response *r, char **evidence)
{
	*evidence = NULL;
	/* The URLs in order, up to the first that cannot be read. */
	struct chain c;
	chain_of(r, &c);
	size_t n = 0;
	struct parts *u = xcalloc(c.n + 1, sizeof *u);
	while (n < c.n && split(c.url[n], &u[n]))
		n++;
	parts_free(&u[n]);
	enum redirect_loop kind = LOOP_NONE;
	size_t from = 0, to = 0;
	/* The first URL that comes again closes a cycle from..to. */
	for (size_t j = 1; j < n && kind == LOOP_NONE; j++) {
		for (size_t i = 0; i < j; i++) {
			if (!same_url(&u[i], &u[j]))
				continue;
			from = i;
			to = j;
			if (j == i + 1) {
				kind = LOOP_SAME_URL;
				break;
			}
			unsigned all = 0;
			for (size_t k = i; k < j; k++)
				all |= changes(&u[k], &u[k + 1]);
			kind = all == CH_SCHEME ? LOOP_SCHEME : all == CH_WWW ? LOOP_WWW
			       : all == CH_PATH ? LOOP_PATH : LOOP_REPEAT;
			break;
		}
	}
	/* No repeat: a path that grows at each of the last three hops or more. */
	if (kind == LOOP_NONE && n >= 4) {
		size_t k = n - 1;
		while (k > 0 && changes(&u[k - 1], &u[k]) == CH_PATH && strlen(u[k].path) > strlen(u[k - 1].path) &&
		       strncmp(u[k].path, u[k - 1].path, strcspn(u[k - 1].path, "?")) == 0)
			k--;
		if (n - 1 - k >= 3) {
			kind = LOOP_GROWING_PATH;
			from = k;
			to = n - 1;
		}
	}
	if (kind != LOOP_NONE) {
		/* At most the last six hops of a long growth. */
		if (to - from > 6)
			from = to - 6;
		*evidence = hops_text(&c, from, to);
	}
	for (size_t i = 0; i < n; i++)
		parts_free(&u[i]);
	free(u);
	free(c.url);
	free(c.status);
	return kind;
}

char *redirect_other_scheme(const struct response *r)
{
	if (!r->n_redirects || !r->redirects[r->n_redirects - 1].location)
		return NULL;
	const char *loc = r->redirects[r->n_redirects - 1].location;
	size_t len = strcspn(loc, ":/?#");
	if (!len || loc[len] != ':' || !isalpha((unsigned char)loc[0]))
		return NULL;
	char *scheme = lower(loc, len);
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) {
		free(scheme);
		return NULL;
	}
	return scheme;
}
