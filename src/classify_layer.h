/* classify_layer.h: what classify_layer.c and its page recognisers share;
 * not a public API (classify.h is).
 *
 * classify_layer.c decides which layer wrote a response: Cloudflare's edge
 * (already recognised by classify.c), one of the products in its table (a
 * CDN, WAF, load balancer, proxy or hosting platform that writes its own
 * pages), or the origin. The recognisers, one a product, live in
 * classify_layer_pages.c. Each looks at structure (a title, ids, classes,
 * links, a header the product sets on what it writes, the shape of the page),
 * never at a bare product name in text. */
#ifndef HTTPDOC_CLASSIFY_LAYER_H
#define HTTPDOC_CLASSIFY_LAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "classify_int.h"

/* Markers found in one pass over the elements (links, ids, classes). */
enum {
	MARK_HEROKU = 1u << 0,          /* link herokucdn.com/error-pages/ */
	MARK_INCAPSULA = 1u << 1,       /* link /_Incapsula_Resource...incident_id= */
	MARK_SUCURI = 1u << 2,          /* link sucuri.net/sucuri-firewall-block.css */
	MARK_AWSWAF = 1u << 3,          /* link .awswaf.com/ */
	MARK_DATADOME = 1u << 4,        /* link captcha-delivery.com/ */
	MARK_WORDFENCE = 1u << 5,       /* link wordfence.com/ */
	MARK_PLESK = 1u << 6,           /* link plesk.com */
	MARK_CPANEL_SUSPENDED = 1u << 7,/* link /cgi-sys/suspendedpage.cgi */
	MARK_CPANEL_DEFAULT = 1u << 8,  /* link /cgi-sys/defaultwebpage.cgi */
	MARK_PX_CAPTCHA = 1u << 10,     /* id px-captcha */
	MARK_ERRORREF = 1u << 11,       /* id errorref (Azure) */
	MARK_LOGO = 1u << 12,           /* id logo (Google) */
	MARK_SQUID = 1u << 13,          /* <body id="ERR_..."> */
	MARK_WP_DIE = 1u << 14,         /* class wp-die-message */
};

struct layer_in {
	const struct response *r;
	const struct html_scan *s;      /* NULL without a body */
	const char *title;              /* NULL when none */
	const char *text;               /* visible text; "" without a body */
	const char *script;             /* script text; "" without a body */
	unsigned marks;
	bool body_named;                /* the body signed by an origin server (classify_server) */
};

/* What a recogniser found. */
struct layer_seen {
	enum layer_page page;
	char ref[sizeof ((struct classification *)0)->reference];
	const char *name;               /* another product's row when the page is its
	                                 * (an ALB's 403 is AWS WAF's), else NULL */
};

struct layer_product {
	const char *name;               /* `server` vocabulary word */
	const char *display;            /* as people know it */
	enum layer_kind layer;
	/* True when the response is this product's own page; then evidence lines
	 * are added to c and out is filled. Adds nothing when false. */
	bool (*page)(const struct layer_in *in, struct classification *c, struct layer_seen *out);
};

/* The products, most specific first, in two tables each ending with a NULL
 * name: WAFs, proxies and CDNs (classify_layer_pages.c), then load balancers
 * and hosting platforms (classify_layer_hosts.c). */
extern const struct layer_product LAYER_PRODUCTS_FRONT[];
extern const struct layer_product LAYER_PRODUCTS_HOSTS[];

/* The row for a vocabulary word, or NULL. */
const struct layer_product *layer_product_find(const char *name);

/* Helpers for the recognisers. */
void layer_ref_set(struct layer_seen *out, const char *p);      /* an ID up to its end */
const struct html_element *layer_text_prefix(const struct html_scan *s, const char *tag,
					     const char *prefix);
const struct html_element *layer_link(const struct html_scan *s, const char *part);
bool layer_plain_body(const struct html_scan *s);               /* no markup but p/pre */
const char *layer_header_value(const struct response *r, const char *name, const char *prefix);
bool layer_is_tag(const struct html_element *e, const char *tag);  /* false for NULL e */
/* The header's value as the reference, when the page gave none. */
void layer_ref_header(struct layer_seen *out, const struct response *r, const char *name);
/* Load balancers and proxies: 502, 503 and 504 mean the servers behind them
 * failed or are missing; other statuses are their own errors. */
enum layer_page layer_lb_page(int status);
/* The body is plain text (no markup but p/pre) equal to text, or starting
 * with it when prefix. */
bool layer_plain_is(const struct layer_in *in, const char *text, bool prefix);

#endif
