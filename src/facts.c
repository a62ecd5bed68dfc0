/* facts.c: the probe's findings as named facts for the decision engine. */
#include <config.h>
#include "facts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct fact {
	char *name;
	char *value;
};

struct facts {
	struct fact *v;
	size_t n, cap;
};

const char *const FACTS_KNOWN[] = {
	"status",                   /* "403" */
	"status.class",             /* "4xx" */
	"server",                   /* "nginx", "cloudflare", ... */
	"iis_substatus",            /* "403.14" */
	"cloudflare.proxied",       /* "true" / "false" */
	"cloudflare.branded",
	"cloudflare.generated_by",  /* "edge" / "origin" */
	"cloudflare.page",          /* "block" / "challenge" / "error" / "none" */
	"cloudflare.error_code",    /* "1020", "522", or "none" */
	"transport.kind",           /* "dns", "empty_reply", ... or "none" */
	"redirects.count",          /* "0", "3" */
	"redirects.to_https",       /* some hop went from http to https */
	"tls.verified",             /* "true" unless --insecure */
	"scheme",                   /* "http" / "https" */
	"origin.status",            /* with --origin: the origin's status, "502" */
	"origin.transport",         /* with --origin: its transport kind or "none" */
	"origin.healthy",           /* with --origin: it answered 1xx-3xx */
	"origin.same_as_edge",      /* with --origin: same status (or same failure) as the edge */
	"origin.is_cloudflare",     /* the --origin address is one of Cloudflare's */
	"address.cloudflare",       /* the address that answered is one of Cloudflare's */
	NULL,
};

struct facts *facts_new(void)
{
	return xcalloc(1, sizeof(struct facts));
}

void facts_free(struct facts *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	free(f);
}

void facts_set(struct facts *f, const char *name, const char *value)
{
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, name) == 0) {
			free(f->v[i].value);
			f->v[i].value = xstrdup(value);
			return;
		}
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n].name = xstrdup(name);
	f->v[f->n].value = xstrdup(value);
	f->n++;
}

const char *facts_get(const struct facts *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	return NULL;
}

bool facts_name_known(const char *name)
{
	if (strncmp(name, "header.", 7) == 0)
		return name[7] != '\0';
	for (size_t i = 0; FACTS_KNOWN[i]; i++)
		if (strcmp(FACTS_KNOWN[i], name) == 0)
			return true;
	return false;
}

static void set_bool(struct facts *f, const char *name, bool v)
{
	facts_set(f, name, v ? "true" : "false");
}

static void set_int(struct facts *f, const char *name, long v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%ld", v);
	facts_set(f, name, tmp);
}

struct facts *facts_from_probe(const struct response *r, const struct classification *c)
{
	struct facts *f = facts_new();
	const char *tk = transport_kind_name(r->transport);
	facts_set(f, "transport.kind", tk ? tk : "none");
	set_int(f, "redirects.count", (long)r->n_redirects);
	set_bool(f, "tls.verified", r->tls_verified);
	if (r->url)
		facts_set(f, "scheme", str_istarts(r->url, "https:") ? "https" : "http");

	bool to_https = false;
	const char *prev = r->url;
	for (size_t i = 0; i < r->n_redirects; i++) {
		const char *loc = r->redirects[i].location;
		if (prev && loc && str_istarts(prev, "http:") && str_istarts(loc, "https:"))
			to_https = true;
		prev = loc;
	}
	set_bool(f, "redirects.to_https", to_https);

	/* A redirect loop's hops still show whether Cloudflare answered them. */
	if (r->transport == TRANSPORT_TOO_MANY_REDIRECTS && r->n_headers)
		set_bool(f, "cloudflare.proxied", c->proxied);
	if (r->transport != TRANSPORT_NONE || r->status == 0)
		return f;     /* nothing answered: the rest stays unknown */

	set_int(f, "status", r->status);
	char cls[4] = {(char)('0' + r->status / 100), 'x', 'x', '\0'};
	facts_set(f, "status.class", cls);
	for (size_t i = 0; i < r->n_headers; i++) {
		char *name = xasprintf("header.%s", r->headers[i].name);
		for (char *p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!facts_get(f, name))
			facts_set(f, name, r->headers[i].value);
		free(name);
	}

	set_bool(f, "cloudflare.proxied", c->proxied);
	set_bool(f, "cloudflare.branded", c->branded);
	const char *gen = cf_generated_name(c->generated_by);
	if (gen)
		facts_set(f, "cloudflare.generated_by", gen);
	const char *page = cf_page_name(c->page);
	facts_set(f, "cloudflare.page", page ? page : "none");
	if (c->error_code)
		set_int(f, "cloudflare.error_code", c->error_code);
	else
		facts_set(f, "cloudflare.error_code", "none");
	/* The server is a fact only when something names it; "unknown" is not an answer. */
	if (c->server)
		facts_set(f, "server", c->server);
	if (c->iis_substatus)
		facts_set(f, "iis_substatus", c->iis_substatus);
	return f;
}

void facts_add_origin(struct facts *f, const struct response *edge, const struct response *origin,
		      int origin_is_cloudflare)
{
	const char *tk = transport_kind_name(origin->transport);
	facts_set(f, "origin.transport", tk ? tk : "none");
	if (origin->transport == TRANSPORT_NONE && origin->status)
		set_int(f, "origin.status", origin->status);
	set_bool(f, "origin.healthy", origin->transport == TRANSPORT_NONE && origin->status >= 100 &&
		 origin->status < 400);
	bool same = edge->transport != TRANSPORT_NONE || origin->transport != TRANSPORT_NONE
			    ? edge->transport == origin->transport
			    : edge->status == origin->status;
	set_bool(f, "origin.same_as_edge", same);
	if (origin_is_cloudflare >= 0)
		set_bool(f, "origin.is_cloudflare", origin_is_cloudflare == 1);
}

void facts_add_address(struct facts *f, int is_cloudflare)
{
	if (is_cloudflare >= 0)
		set_bool(f, "address.cloudflare", is_cloudflare == 1);
}

struct facts *facts_for_code(const char *code)
{
	struct facts *f = facts_new();
	size_t len = strlen(code);
	bool digits3 = len >= 3 && isdigit((unsigned char)code[0]) && isdigit((unsigned char)code[1]) &&
		       isdigit((unsigned char)code[2]);
	if (digits3 && (len == 3 || code[3] == '.')) {
		char status[4] = {code[0], code[1], code[2], '\0'};
		char cls[4] = {code[0], 'x', 'x', '\0'};
		facts_set(f, "status", status);
		facts_set(f, "status.class", cls);
		if (len > 3)
			facts_set(f, "iis_substatus", code);
	} else if (len == 4 && code[0] == '1' && digits3 && isdigit((unsigned char)code[3])) {
		facts_set(f, "cloudflare.error_code", code);
	} else {
		enum transport_kind k = transport_kind_parse(code);
		if (k != TRANSPORT_NONE)
			facts_set(f, "transport.kind", transport_kind_name(k));
	}
	return f;
}
