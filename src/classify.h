/* classify.h: who produced a response, from its headers and body.
 *
 * The classifier reads a struct response and fills a struct classification:
 * whether the response passed through Cloudflare, whether the body is one of
 * Cloudflare's own pages (recognised by markup through htmlscan, never by the
 * bare word), who generated it, the Cloudflare page kind, error number and
 * Ray ID, the origin server software and the IIS sub-status. */
#ifndef HTTPDOC_CLASSIFY_H
#define HTTPDOC_CLASSIFY_H

#include <stdbool.h>

#include "response.h"
#include "util.h"

enum cf_page {
	CF_PAGE_NONE = 0,       /* JSON null */
	CF_PAGE_BLOCK,          /* refused by a security rule: WAF, 1005-1012, 1015, 1020 */
	CF_PAGE_CHALLENGE,      /* any challenge page */
	CF_PAGE_ERROR,          /* Cloudflare reports a fault: 52x, 530, 1000-1004, 1016 ... */
};

enum cf_generated {
	CF_GEN_UNKNOWN = 0,     /* JSON null: transport failure */
	CF_GEN_EDGE,            /* Cloudflare wrote the page (branded and proxied) */
	CF_GEN_ORIGIN,          /* the origin (or something behind Cloudflare) did */
};

struct classification {
	bool proxied;           /* cf-ray header or server: cloudflare */
	bool branded;           /* the body is one of Cloudflare's own pages */
	enum cf_generated generated_by;
	enum cf_page page;
	int error_code;         /* 1xxx or 52x shown by the page; 0 = null */
	char ray_id[40];        /* without "-IATA"; "" = null */
	struct strlist evidence;/* human-readable, e.g. "header cf-ray", "body .cf-error-code 1020" */
	size_t n_cf_evidence;   /* the first lines of evidence are about Cloudflare; the rest name the server */
	char *server;           /* "nginx", "apache", "iis", "cloudflare", ...; NULL = unknown */
	char *server_detail;    /* e.g. "nginx/1.10.3 (Ubuntu)" as shown; NULL = none */
	char *server_evidence;  /* what named the server, e.g. "header server: nginx/1.22.1"; NULL = none */
	char *iis_substatus;    /* "403.14"; NULL = none */
	char *title;            /* the page's <title>, collapsed; NULL = none */
};

void classification_init(struct classification *c);
void classification_free(struct classification *c);

/* Classify r into c (which must be initialised). Never fails: what cannot be
 * told stays null. A response with a transport error gets generated_by
 * CF_GEN_UNKNOWN. */
void classify_response(const struct response *r, struct classification *c);

const char *cf_page_name(enum cf_page p);            /* "block", ... or NULL */
const char *cf_generated_name(enum cf_generated g);  /* "edge", "origin" or NULL */

#endif
