/* classify_layer.c: which layer wrote a response, what its page says, the ID
 * to quote to that layer's operator, and whether a success status carries an
 * error page.
 *
 * Cloudflare's edge is recognised by classify.c; here it only becomes the
 * "cdn" layer with its Ray ID as the reference. Everything else goes through
 * the table of products in classify_layer_pages.c, whose recognisers read one
 * set of markers gathered in a single pass over the scanned elements, so a
 * response costs one pass plus a short scan of the table (most rows answer
 * from the title, a header or a marker bit). A page no row claims is the
 * origin's. */
#include <config.h>
#include "classify_layer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *layer_name(enum layer_kind k)
{
	switch (k) {
	case LAYER_ORIGIN: return "origin";
	case LAYER_CDN: return "cdn";
	case LAYER_WAF: return "waf";
	case LAYER_LOAD_BALANCER: return "load_balancer";
	case LAYER_PROXY: return "proxy";
	case LAYER_HOSTING: return "hosting";
	default: return NULL;
	}
}

const char *layer_page_name(enum layer_page p)
{
	switch (p) {
	case LPAGE_BLOCK: return "block";
	case LPAGE_CHALLENGE: return "challenge";
	case LPAGE_ERROR: return "error";
	case LPAGE_NO_BACKEND: return "no_backend";
	case LPAGE_ORIGIN_DOWN: return "origin_unreachable";
	case LPAGE_SUSPENDED: return "suspended";
	case LPAGE_NOT_FOUND: return "not_found";
	case LPAGE_DEFAULT: return "default_page";
	default: return "none";
	}
}

/* ------------------------------------------------------------ helpers */

/* Characters an ID to quote may have: Ray IDs, support IDs, Akamai's
 * "18.ee82d717.1611391222.3e90b23", Vercel's "cdg1::abcde-1700000000-...",
 * base64 (Azure). Anything else ends it. */
static bool ref_char(unsigned char ch)
{
	return isalnum(ch) || (ch && strchr("._:-+/=", ch));
}

void layer_ref_set(struct layer_seen *out, const char *p)
{
	size_t n = 0;
	while (p && (*p == ' ' || *p == '#'))
		p++;
	while (p && ref_char((unsigned char)p[n]) && n + 1 < sizeof out->ref)
		n++;
	while (n && strchr(".:", p[n - 1]))
		n--;            /* a sentence's full stop is not part of the ID */
	if (p)
		memcpy(out->ref, p, n);
	out->ref[n] = '\0';
}

const struct html_element *layer_text_prefix(const struct html_scan *s, const char *tag,
					     const char *prefix)
{
	for (size_t i = 0; s && i < s->n_elements; i++)
		if ((!tag || strcmp(s->elements[i].tag, tag) == 0) && text_starts(s->elements[i].text, prefix))
			return &s->elements[i];
	return NULL;
}

const struct html_element *layer_link(const struct html_scan *s, const char *part)
{
	for (size_t i = 0; s && i < s->n_elements; i++)
		if (s->elements[i].link && strstr(s->elements[i].link, part))
			return &s->elements[i];
	return NULL;
}

bool layer_plain_body(const struct html_scan *s)
{
	for (size_t i = 0; s && i < s->n_elements; i++) {
		const char *tag = s->elements[i].tag;
		if (strcmp(tag, "html") && strcmp(tag, "body") && strcmp(tag, "p") && strcmp(tag, "pre"))
			return false;
	}
	return s != NULL;
}

const char *layer_header_value(const struct response *r, const char *name, const char *prefix)
{
	const char *v = response_header(r, name);
	return v && (!prefix || str_istarts(v, prefix)) ? v : NULL;
}

bool layer_is_tag(const struct html_element *e, const char *tag)
{
	return e && strcmp(e->tag, tag) == 0;
}

void layer_ref_header(struct layer_seen *out, const struct response *r, const char *name)
{
	const char *v = out->ref[0] ? NULL : response_header(r, name);
	if (v)
		layer_ref_set(out, v);
}

enum layer_page layer_lb_page(int status)
{
	return status == 502 || status == 503 || status == 504 ? LPAGE_NO_BACKEND : LPAGE_ERROR;
}

bool layer_plain_is(const struct layer_in *in, const char *text, bool prefix)
{
	return in->s && layer_plain_body(in->s) &&
	       (prefix ? str_istarts(in->text, text) : strcmp(in->text, text) == 0);
}

/* ------------------------------------------------------------ markers */

static const struct {
	unsigned bit;
	const char *part;
} LINK_MARKS[] = {
	{MARK_HEROKU, "herokucdn.com/error-pages/"},
	{MARK_INCAPSULA, "_Incapsula_Resource"},
	{MARK_SUCURI, "sucuri.net/sucuri-firewall-block.css"},
	{MARK_AWSWAF, ".awswaf.com/"},
	{MARK_DATADOME, "captcha-delivery.com/"},
	{MARK_WORDFENCE, "wordfence.com/"},
	{MARK_PLESK, "plesk.com"},
	{MARK_CPANEL_SUSPENDED, "/cgi-sys/suspendedpage.cgi"},
	{MARK_CPANEL_DEFAULT, "/cgi-sys/defaultwebpage.cgi"},
};

static unsigned gather_marks(const struct html_scan *s)
{
	unsigned marks = 0;
	for (size_t i = 0; i < s->n_elements; i++) {
		const struct html_element *e = &s->elements[i];
		for (size_t k = 0; e->link && k < sizeof LINK_MARKS / sizeof *LINK_MARKS; k++)
			if (!(marks & LINK_MARKS[k].bit) && strstr(e->link, LINK_MARKS[k].part))
				marks |= LINK_MARKS[k].bit;
		if (e->id) {
			if (strcmp(e->id, "px-captcha") == 0)
				marks |= MARK_PX_CAPTCHA;
			else if (strcmp(e->id, "errorref") == 0)
				marks |= MARK_ERRORREF;
			else if (strcmp(e->id, "logo") == 0)
				marks |= MARK_LOGO;
			else if (strcmp(e->tag, "body") == 0 && strncmp(e->id, "ERR_", 4) == 0)
				marks |= MARK_SQUID;
		}
		if (e->class_attr && html_element_has_class(e, "wp-die-message"))
			marks |= MARK_WP_DIE;
	}
	return marks;
}

/* ------------------------------------------------------------ putting it together */

static const struct layer_product *const TABLES[] = {LAYER_PRODUCTS_FRONT, LAYER_PRODUCTS_HOSTS};

const struct layer_product *layer_product_find(const char *name)
{
	for (size_t t = 0; name && t < sizeof TABLES / sizeof *TABLES; t++)
		for (const struct layer_product *p = TABLES[t]; p->name; p++)
			if (strcmp(p->name, name) == 0)
				return p;
	return NULL;
}

static enum layer_page cf_layer_page(enum cf_page p)
{
	switch (p) {
	case CF_PAGE_BLOCK: return LPAGE_BLOCK;
	case CF_PAGE_CHALLENGE: return LPAGE_CHALLENGE;
	case CF_PAGE_ERROR: return LPAGE_ERROR;
	default: return LPAGE_NONE;
	}
}

/* The product wrote the page: it names the server from now on (a version
 * shown for other software no longer applies). */
static void take_server(struct classification *c, const char *name)
{
	free(c->server_evidence);
	c->server_evidence = xstrdup(c->layer_evidence);
	if (c->server && strcmp(c->server, name) == 0)
		return;
	free(c->server);
	free(c->server_detail);
	c->server = xstrdup(name);
	c->server_detail = NULL;
}

/* The evidence lines from index from on, as one line. */
static char *evidence_since(const struct classification *c, size_t from)
{
	struct buf b = {0};
	for (size_t i = from; i < c->evidence.n; i++) {
		if (b.len)
			buf_puts(&b, "; ");
		buf_puts(&b, c->evidence.v[i]);
	}
	return b.len ? buf_steal(&b) : NULL;
}

void classify_layer(const struct response *r, const struct html_scan *scan, bool edge,
		    bool body_named, struct classification *c)
{
	if (r->transport != TRANSPORT_NONE)
		return;         /* nothing answered: no layer */
	bool success = r->status >= 100 && r->status < 400;
	if (edge) {
		c->layer = LAYER_CDN;
		c->product = "Cloudflare";
		c->layer_page = cf_layer_page(c->page);
		snprintf(c->reference, sizeof c->reference, "%s", c->ray_id);
		c->layer_evidence = evidence_since(c, 0);
		c->soft_error = success && c->layer_page != LPAGE_NONE;
		return;
	}
	struct layer_in in = {
		.r = r, .s = scan, .title = scan ? scan->title : NULL,
		.text = scan ? scan->visible_text : "", .script = scan ? scan->script_text : "",
		.marks = scan ? gather_marks(scan) : 0, .body_named = body_named,
	};
	struct layer_seen seen;
	c->layer = LAYER_ORIGIN;
	const struct layer_product *p = NULL;
	for (size_t t = 0; !p && t < sizeof TABLES / sizeof *TABLES; t++) {
		for (const struct layer_product *row = TABLES[t]; row->name; row++) {
			memset(&seen, 0, sizeof seen);
			size_t before = c->evidence.n;
			if (row->page(&in, c, &seen)) {
				/* Nothing new: the line classify_server wrote names it already. */
				c->layer_evidence = evidence_since(c, before);
				if (!c->layer_evidence && c->server_evidence)
					c->layer_evidence = xstrdup(c->server_evidence);
				p = row;
				break;
			}
		}
	}
	if (p) {
		if (seen.name && layer_product_find(seen.name))
			p = layer_product_find(seen.name);
		c->layer = p->layer;
		c->product = p->display;
		c->layer_page = seen.page;
		memcpy(c->reference, seen.ref, sizeof c->reference);
		take_server(c, p->name);
	}
	c->soft_error = success && c->layer_page != LPAGE_NONE;
}
