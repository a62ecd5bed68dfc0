/* classify.h: who produced a response, from its headers and body.
 *
 * The classifier reads a struct response and fills a struct classification:
 * whether the response passed through Cloudflare, whether the body is one of
 * Cloudflare's own pages (recognised by markup through htmlscan, never by the
 * bare word), who generated it, the Cloudflare page kind, error number and
 * Ray ID, the server software and the IIS sub-status, and (classify_layer.c)
 * which layer wrote the page: the origin, or a CDN, WAF, load balancer, proxy
 * or hosting platform in front of it, with the ID its operator asks for. */
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

/* The kind of product that wrote the page. */
enum layer_kind {
	LAYER_NONE = 0,         /* JSON null: transport failure */
	LAYER_ORIGIN,           /* the site's own server or application */
	LAYER_CDN,              /* Cloudflare's edge, Akamai, CloudFront, Fastly, Azure Front Door */
	LAYER_WAF,              /* a WAF or bot protection: F5 ASM, Incapsula, Sucuri, PerimeterX ... */
	LAYER_LOAD_BALANCER,    /* HAProxy, AWS ELB, Azure Application Gateway, gorouter ... */
	LAYER_PROXY,            /* Envoy, Traefik, Squid, Varnish, Forefront TMG */
	LAYER_HOSTING,          /* a hosting panel or platform: cPanel, Plesk, Vercel, Heroku ... */
};

/* What that layer's page says; LPAGE_NONE is an ordinary page of its status. */
enum layer_page {
	LPAGE_NONE = 0,
	LPAGE_BLOCK,            /* the visitor is refused by a rule */
	LPAGE_CHALLENGE,        /* the visitor must prove to be a browser or a person */
	LPAGE_ERROR,            /* the layer reports a fault of its own or of the site */
	LPAGE_NO_BACKEND,       /* a load balancer or proxy has no healthy server behind it */
	LPAGE_ORIGIN_DOWN,      /* a CDN or cache could not reach or read the origin */
	LPAGE_SUSPENDED,        /* the hosting account or deployment is suspended */
	LPAGE_NOT_FOUND,        /* the platform has no site or route for this host name */
	LPAGE_DEFAULT,          /* a hosting panel's placeholder: no site uploaded yet */
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
	enum layer_kind layer;  /* who wrote the page; LAYER_NONE on transport failure */
	enum layer_page layer_page;
	const char *product;    /* the product's name as people know it ("F5 BIG-IP ASM"),
	                         * static; NULL for the origin's own page */
	char reference[128];    /* the ID that product's operator asks for; "" = null */
	char *layer_evidence;   /* what showed the layer's page, one line; NULL = none */
	bool soft_error;        /* a 1xx-3xx status carrying a block, challenge, suspension
	                         * or error page */
};

void classification_init(struct classification *c);
void classification_free(struct classification *c);

/* Classify r into c (which must be initialised). Never fails: what cannot be
 * told stays null. A response with a transport error gets generated_by
 * CF_GEN_UNKNOWN. */
void classify_response(const struct response *r, struct classification *c);

const char *cf_page_name(enum cf_page p);            /* "block", ... or NULL */
const char *cf_generated_name(enum cf_generated g);  /* "edge", "origin" or NULL */
const char *layer_name(enum layer_kind k);           /* "origin", "load_balancer", ... or NULL */
const char *layer_page_name(enum layer_page p);      /* "block", "no_backend", ... or "none" */

#endif
