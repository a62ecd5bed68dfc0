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
	char *evidence;         /* NULL: none */
	enum answer_by by;
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
	"dns.rcode",                /* "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", "TIMEOUT", "NO_SERVER" */
	"dns.address_kind",         /* "unusable", "ipv6_only", "usable" (addresses from DNS), "local" (this
	                               machine's own, probed from itself: local.c) */
	"dns.cloudflare",           /* every address DNS gave is Cloudflare's */
	"dns.domain_exists",        /* NXDOMAIN: the registered domain above the host exists */
	"dns.cd_resolves",          /* SERVFAIL: the name resolves with checking disabled (CD) */
	"tls.verify_error",         /* "expired", "hostname", ..., "none", "no_certificate" */
	"redirects.loop",           /* "same_url", "scheme", "www", "path", "growing_path", "repeat", "none" */
	"redirects.to_other_scheme", /* the refused redirect points to another scheme (ftp:, ...) */
	"timeout.phase",            /* "resolving", "connecting", "tls", "waiting", "reading" */
	"auth.scheme",              /* a 401's WWW-Authenticate scheme, lower case: "basic", "bearer" */
	"origin.connect",           /* with --origin: "refused", "timeout", "fast", "slow" */
	"origin.tls.handshake",     /* with --origin: "ok", "failed", "no_connection" */
	"origin.tls.verify_error",  /* with --origin: as tls.verify_error, or "cloudflare_origin_ca" */
	"local.listening",          /* on this machine: "none", "loopback" or "all" listen on the port */
	"layer",                    /* who wrote the page: "origin", "cdn", "waf", "load_balancer",
	                             * "proxy", "hosting" (the product itself is "server") */
	"layer.page",               /* what that page says: "block", "challenge", "error",
	                             * "no_backend", "origin_unreachable", "suspended",
	                             * "not_found", "default_page" or "none" */
	"soft_error",               /* a 1xx-3xx status carrying such a page */
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
		free(f->v[i].evidence);
	}
	free(f->v);
	free(f);
}

const char *answer_by_name(enum answer_by by)
{
	switch (by) {
	case ANSWER_BY_PROBE: return "probe";
	case ANSWER_BY_LOG: return "log";
	default: return "user";
	}
}

static struct fact *find(const struct facts *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

/* The fact called name, created (unknown, by the probe) when there is none. */
static struct fact *get_or_add(struct facts *f, const char *name)
{
	struct fact *x = find(f, name);
	if (x)
		return x;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	x = &f->v[f->n++];
	*x = (struct fact){.name = xstrdup(name), .by = ANSWER_BY_PROBE};
	return x;
}

void facts_set(struct facts *f, const char *name, const char *value)
{
	struct fact *x = get_or_add(f, name);
	free(x->value);
	x->value = xstrdup(value);
}

void facts_set_from(struct facts *f, const char *name, const char *value, enum answer_by by,
		    const char *evidence)
{
	struct fact *x = get_or_add(f, name);
	free(x->value);
	free(x->evidence);
	x->value = xstrdup(value);
	x->evidence = xstrdup(evidence);
	x->by = by;
}

const char *facts_get(const struct facts *f, const char *name)
{
	const struct fact *x = find(f, name);
	return x ? x->value : NULL;
}

const char *facts_evidence(const struct facts *f, const char *name)
{
	const struct fact *x = find(f, name);
	return x ? x->evidence : NULL;
}

enum answer_by facts_by(const struct facts *f, const char *name)
{
	const struct fact *x = find(f, name);
	return x ? x->by : ANSWER_BY_PROBE;
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

char *facts_log_name(const char *question_id)
{
	return xasprintf("log.%s", question_id);
}

enum answer_by facts_name_by(const char *name)
{
	return strncmp(name, "log.", 4) == 0 ? ANSWER_BY_LOG : ANSWER_BY_PROBE;
}

/* A probe fact with what shows it. */
static void set_ev(struct facts *f, const char *name, const char *value, const char *evidence)
{
	facts_set_from(f, name, value, ANSWER_BY_PROBE, evidence);
}

static void set_bool_ev(struct facts *f, const char *name, bool v, const char *evidence)
{
	set_ev(f, name, v ? "true" : "false", evidence);
}

/* The classifier's Cloudflare evidence as one line: all of it, its lines
 * about headers or those about the body; NULL when there are none. */
enum cf_part { CF_ANY, CF_HEADERS, CF_BODY };

static char *cf_evidence(const struct classification *c, enum cf_part part)
{
	struct buf b = {0};
	for (size_t i = 0; i < c->n_cf_evidence && i < c->evidence.n; i++) {
		const char *e = c->evidence.v[i];
		bool header = strncmp(e, "header ", 7) == 0;
		if ((part == CF_HEADERS && !header) || (part == CF_BODY && header))
			continue;
		if (b.len)
			buf_puts(&b, "; ");
		buf_puts(&b, e);
	}
	return b.len ? buf_steal(&b) : NULL;
}

/* The Cloudflare facts, each with what shows it (or what is missing). */
static void cloudflare_facts(struct facts *f, const struct classification *c)
{
	char *heads = cf_evidence(c, CF_HEADERS), *body = cf_evidence(c, CF_BODY), *all = cf_evidence(c, CF_ANY);
	const char *no_headers = "no cf-ray header and no server: cloudflare";
	const char *no_markup = "no Cloudflare page markup in the body";
	set_bool_ev(f, "cloudflare.proxied", c->proxied, c->proxied ? (heads ? heads : all) : no_headers);
	set_bool_ev(f, "cloudflare.branded", c->branded, c->branded && body ? body : no_markup);
	const char *gen = cf_generated_name(c->generated_by);
	if (gen)
		set_ev(f, "cloudflare.generated_by", gen,
		       c->generated_by == CF_GEN_EDGE ? all
		       : c->branded ? "a Cloudflare-looking page, but no Cloudflare headers came with it"
		       : no_markup);
	const char *page = cf_page_name(c->page);
	set_ev(f, "cloudflare.page", page ? page : "none", page && body ? body : no_markup);
	char *n = c->error_code ? xasprintf("%d", c->error_code) : xstrdup("none");
	set_ev(f, "cloudflare.error_code", n, c->error_code && body ? body : no_markup);
	free(n);
	free(heads);
	free(body);
	free(all);
}

/* Who wrote the page, what it says, and whether a success status hides it. */
static void layer_facts(struct facts *f, const struct response *r, const struct classification *c)
{
	const char *layer = layer_name(c->layer);
	if (!layer)
		return;
	const char *why = c->layer_evidence ? c->layer_evidence
			  : "no page of a CDN, WAF, load balancer, proxy or hosting platform: the origin's own";
	set_ev(f, "layer", layer, why);
	set_ev(f, "layer.page", layer_page_name(c->layer_page), why);
	char *soft = xasprintf("status %d with %s %s page", r->status, c->product ? c->product : "the site's",
			       layer_page_name(c->layer_page));
	set_bool_ev(f, "soft_error", c->soft_error, soft);
	free(soft);
}

struct facts *facts_from_probe(const struct response *r, const struct classification *c)
{
	struct facts *f = facts_new();
	const char *tk = transport_kind_name(r->transport);
	set_ev(f, "transport.kind", tk ? tk : "none", r->transport_detail);
	char *hops = xasprintf("%zu redirect%s followed", r->n_redirects, r->n_redirects == 1 ? "" : "s");
	char *n = xasprintf("%zu", r->n_redirects);
	set_ev(f, "redirects.count", n, hops);
	free(n);
	free(hops);
	set_bool_ev(f, "tls.verified", r->tls_verified,
		    r->tls_verified ? NULL : "certificate verification was off (--insecure)");
	if (r->url)
		set_ev(f, "scheme", str_istarts(r->url, "https:") ? "https" : "http", r->url);

	char *to_https = NULL;
	const char *prev = r->url;
	for (size_t i = 0; i < r->n_redirects && !to_https; i++) {
		const char *loc = r->redirects[i].location;
		if (prev && loc && str_istarts(prev, "http:") && str_istarts(loc, "https:"))
			to_https = xasprintf("%s -> %d %s", prev, r->redirects[i].status, loc);
		prev = loc;
	}
	set_bool_ev(f, "redirects.to_https", to_https != NULL, to_https);
	free(to_https);
	facts_add_chain(f, r);
	facts_add_tls(f, r);

	/* A redirect loop's hops still show whether Cloudflare answered them. */
	if (r->transport == TRANSPORT_TOO_MANY_REDIRECTS && r->n_headers) {
		char *heads = cf_evidence(c, CF_HEADERS);
		set_bool_ev(f, "cloudflare.proxied", c->proxied,
			    heads ? heads : "no cf-ray header and no server: cloudflare");
		free(heads);
	}
	if (r->transport != TRANSPORT_NONE || r->status == 0)
		return f;     /* nothing answered: the rest stays unknown */

	char *line = xasprintf("HTTP/%s %d %s", r->http_version ? r->http_version : "1.1", r->status,
			       r->reason && *r->reason ? r->reason : status_reason_default(r->status) ?
			       status_reason_default(r->status) : "");
	n = xasprintf("%d", r->status);
	set_ev(f, "status", n, line);
	free(n);
	char cls[4] = {(char)('0' + r->status / 100), 'x', 'x', '\0'};
	set_ev(f, "status.class", cls, line);
	free(line);
	for (size_t i = 0; i < r->n_headers; i++) {
		char *name = xasprintf("header.%s", r->headers[i].name);
		for (char *p = name; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!facts_get(f, name)) {
			char *ev = xasprintf("header %s: %s", name + 7, r->headers[i].value);
			set_ev(f, name, r->headers[i].value, ev);
			free(ev);
		}
		free(name);
	}

	cloudflare_facts(f, c);
	/* The server is a fact only when something names it; "unknown" is not an answer. */
	if (c->server)
		set_ev(f, "server", c->server, c->server_evidence);
	if (c->iis_substatus)
		set_ev(f, "iis_substatus", c->iis_substatus, c->server_evidence);
	facts_add_auth(f, r);
	layer_facts(f, r, c);
	return f;
}

/* "503" or "connect (Failed to connect ...)": what one probe got, for evidence. */
static char *outcome(const struct response *r)
{
	if (r->transport != TRANSPORT_NONE)
		return xasprintf("%s (%s)", transport_kind_name(r->transport),
				 r->transport_detail ? r->transport_detail : "");
	return xasprintf("%d", r->status);
}

void facts_add_origin(struct facts *f, const struct response *edge, const struct response *origin,
		      const char *address, int origin_is_cloudflare)
{
	char *got = outcome(origin), *edge_got = outcome(edge);
	char *ev = xasprintf("origin at %s: %s", address ? address : "?", got);
	const char *tk = transport_kind_name(origin->transport);
	set_ev(f, "origin.transport", tk ? tk : "none", ev);
	if (origin->transport == TRANSPORT_NONE && origin->status) {
		char *n = xasprintf("%d", origin->status);
		set_ev(f, "origin.status", n, ev);
		free(n);
	}
	set_bool_ev(f, "origin.healthy", origin->transport == TRANSPORT_NONE && origin->status >= 100 &&
		    origin->status < 400, ev);
	bool same = edge->transport != TRANSPORT_NONE || origin->transport != TRANSPORT_NONE
			    ? edge->transport == origin->transport
			    : edge->status == origin->status;
	char *cmp = xasprintf("through DNS: %s; origin at %s: %s", edge_got, address ? address : "?", got);
	set_bool_ev(f, "origin.same_as_edge", same, cmp);
	if (origin_is_cloudflare >= 0) {
		char *in = xasprintf("%s is %sin Cloudflare's published ranges", address ? address : "?",
				     origin_is_cloudflare == 1 ? "" : "not ");
		set_bool_ev(f, "origin.is_cloudflare", origin_is_cloudflare == 1, in);
		free(in);
	}
	free(cmp);
	free(ev);
	free(got);
	free(edge_got);
}

void facts_add_address(struct facts *f, const char *address, int is_cloudflare)
{
	if (is_cloudflare < 0)
		return;
	char *ev = xasprintf("%s is %sin Cloudflare's published ranges", address ? address : "?",
			     is_cloudflare == 1 ? "" : "not ");
	set_bool_ev(f, "address.cloudflare", is_cloudflare == 1, ev);
	free(ev);
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
