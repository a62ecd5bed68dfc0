/* classify.c: who produced a response, and whether it is one of Cloudflare's pages.
 *
 * Cloudflare's own pages are recognised by their structure as htmlscan sees
 * it: the error template's ids (#cf-wrapper, #cf-error-details), the number
 * spans of each template year, the WAF block headline, the details box that
 * Cloudflare injects into a customer's custom page, the challenge script
 * (window._cf_chl_opt) and challenge forms, the minimal nginx-style pages
 * with a "cloudflare" footer, and the plain-text and markdown bodies sent to
 * non-browser clients. The bare word "cloudflare" in text counts for nothing.
 * The server software is named by classify_server.c, the layer that wrote
 * the page (a CDN, WAF, load balancer, proxy or hosting platform, or the
 * origin) by classify_layer.c. */
#include <config.h>
#include "classify.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_int.h"
#include "htmlscan.h"

/* What the body shows of Cloudflare. */
struct cf_seen {
	bool branded;
	bool challenge;         /* a challenge page */
	bool block;             /* a block with no number (WAF, Access, "restrict access" title) */
	bool minimal;           /* the nginx-style page with a cloudflare footer */
	bool template;          /* the #cf-wrapper error template */
	int code;               /* 1xxx or 5xx shown, 0 = none */
	char ray[40];           /* Ray ID shown, "" = none */
};

void classification_init(struct classification *c)
{
	memset(c, 0, sizeof *c);
}

void classification_free(struct classification *c)
{
	strlist_free(&c->evidence);
	free(c->server);
	free(c->server_detail);
	free(c->server_evidence);
	free(c->layer_evidence);
	free(c->iis_substatus);
	free(c->title);
	classification_init(c);
}

const char *cf_page_name(enum cf_page p)
{
	switch (p) {
	case CF_PAGE_BLOCK: return "block";
	case CF_PAGE_CHALLENGE: return "challenge";
	case CF_PAGE_ERROR: return "error";
	default: return NULL;
	}
}

const char *cf_generated_name(enum cf_generated g)
{
	switch (g) {
	case CF_GEN_EDGE: return "edge";
	case CF_GEN_ORIGIN: return "origin";
	default: return NULL;
	}
}

/* ------------------------------------------------------------ shared helpers */

void evidence_add(struct classification *c, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (!strlist_contains(&c->evidence, line))
		strlist_add(&c->evidence, line);
}

const char *evidence_value(char *dst, size_t size, const char *s)
{
	size_t max = size > 4 ? size - 4 : 0, n = 0;
	if (max > EVIDENCE_VALUE_MAX)
		max = EVIDENCE_VALUE_MAX;
	if (!s)
		s = "";
	size_t len = strlen(s);
	n = len < max ? len : max;
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;        /* do not cut a UTF-8 sequence */
	memcpy(dst, s, n);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = ' ';
	if (n < len) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}

bool text_starts(const char *s, const char *prefix)
{
	return s && str_istarts(s, prefix);
}

bool text_ieq(const char *s, const char *t)
{
	return s && str_ieq(s, t);
}

bool title_status(const char *title, int *status, const char **reason)
{
	if (!title || !isdigit((unsigned char)title[0]) || !isdigit((unsigned char)title[1]) ||
	    !isdigit((unsigned char)title[2]) || title[3] != ' ' || !title[4])
		return false;
	*status = (title[0] - '0') * 100 + (title[1] - '0') * 10 + (title[2] - '0');
	*reason = title + 4;
	return true;
}

/* ------------------------------------------------------------ small parsers */

/* Digits at p (at most 5), or -1. *end is set past them. */
static int parse_number(const char *p, const char **end)
{
	int v = 0, n = 0;
	while (isdigit((unsigned char)p[n]) && n < 5)
		v = v * 10 + (p[n++] - '0');
	if (end)
		*end = p + n;
	return n ? v : -1;
}

/* The numbers a Cloudflare page shows: 5xx (52x, 530, and the 502/504 of
 * its gateway pages) and the 1xxx family. */
static bool cf_code_ok(int code)
{
	return (code >= 500 && code <= 599) || (code >= 1000 && code <= 1999);
}

/* The whole of s is a number Cloudflare would show. */
static int whole_code(const char *s)
{
	const char *end;
	int v = parse_number(s, &end);
	return (v > 0 && *end == '\0' && cf_code_ok(v)) ? v : 0;
}

/* A Ray ID at p: optional white space, 12 to 20 hex digits (16 in practice),
 * then an end or a "-IATA" suffix, which is dropped. All zeros is a
 * placeholder, not an ID. */
static bool ray_parse(const char *p, char out[40])
{
	while (*p == ' ' || *p == '\t' || *p == ':')
		p++;
	size_t n = 0;
	bool nonzero = false;
	while (isxdigit((unsigned char)p[n]) && n < 24) {
		if (p[n] != '0')
			nonzero = true;
		n++;
	}
	if (n < 12 || n > 20 || !nonzero || isalnum((unsigned char)p[n]) || p[n] == '_')
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[n] = '\0';
	return true;
}

/* Blocks are the refusals by a security rule the visitor triggered: 1005-1012
 * (IP, ASN, country, referrer, browser checks), 1015 (rate limit), 1020
 * (firewall rule). Every other number reports a fault, 1025 included: it
 * says a site went over its Workers plan limit, which no visitor caused. */
static enum cf_page page_for_code(int code)
{
	if ((code >= 1005 && code <= 1012) || code == 1015 || code == 1020)
		return CF_PAGE_BLOCK;
	return CF_PAGE_ERROR;
}

/* ------------------------------------------------------------ headers */

static void detect_proxied(const struct response *r, struct classification *c)
{
	const char *ray = response_header(r, "cf-ray");
	const char *server = response_header(r, "server");
	if (ray) {
		c->proxied = true;
		evidence_add(c, "header cf-ray");
	}
	if (text_ieq(server, "cloudflare") || text_ieq(server, "cloudflare-nginx")) {
		char v[96];
		c->proxied = true;
		evidence_add(c, "header server: %s", evidence_value(v, sizeof v, server));
	}
}

/* ------------------------------------------------------------ plain bodies */

/* Cloudflare's markdown error body opens with YAML front matter that says
 * cloudflare_error: true. Read its key: value lines (bounded) up to "---". */
static bool cf_front_matter(const struct response *r, struct classification *c, struct cf_seen *seen)
{
	const char *p = (const char *)r->body, *end = p + (r->body_len < 8192 ? r->body_len : 8192);
	if (r->body_len < 4 || strncmp(p, "---", 3) != 0 || (p[3] != '\n' && p[3] != '\r'))
		return false;
	bool cf = false;
	int code = 0;
	char ray[40] = "";
	p += 3;
	for (int lines = 0; p < end && lines < 64; lines++) {
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
		const char *eol = p;
		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		size_t n = (size_t)(eol - p);
		if (n >= 3 && strncmp(p, "---", 3) == 0)
			break;
		char line[128];
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (str_istarts(line, "cloudflare_error:"))
			cf = strstr(line + 17, "true") != NULL;
		else if (str_istarts(line, "error_code:"))
			code = whole_code(line + 11 + strspn(line + 11, " \t"));
		else if (str_istarts(line, "ray_id:"))
			ray_parse(line + 7, ray);
		p = eol;
	}
	if (!cf)
		return false;
	seen->branded = true;
	seen->code = code;
	memcpy(seen->ray, ray, sizeof ray);
	evidence_add(c, "markdown front matter cloudflare_error: true");
	if (code)
		evidence_add(c, "front matter error_code: %d", code);
	return true;
}

/* The plain-text body sent to non-browser clients: exactly "error code: NNNN". */
static bool cf_plain_text(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	const char *t = s->visible_text;
	if (!str_istarts(t, "error code: "))
		return false;
	int code = whole_code(t + 12);
	if (!code)
		return false;
	for (size_t i = 0; i < s->n_elements; i++) {
		const char *tag = s->elements[i].tag;
		if (strcmp(tag, "html") && strcmp(tag, "body") && strcmp(tag, "p") && strcmp(tag, "pre"))
			return false;       /* markup around it: not the plain body */
	}
	seen->branded = true;
	seen->code = code;
	evidence_add(c, "plain-text body 'error code: %d'", code);
	return true;
}

/* ------------------------------------------------------------ HTML pages */

/* The error number in the #cf-wrapper template, in the form of each year:
 * <span class="cf-error-code">1006</span> (to 2021), <span data-translate=
 * "error">Error</span><span>1020</span> (2020+), <span class="code-label">
 * Error code 520</span> (2026). */
static int template_code(const struct html_scan *s, struct classification *c)
{
	const struct html_element *e = html_find_class(s, "cf-error-code");
	int code;
	if (e && (code = whole_code(e->text))) {
		evidence_add(c, "body .cf-error-code %d", code);
		return code;
	}
	for (size_t i = 0; i < s->n_elements; i++) {
		e = &s->elements[i];
		if (!e->data_translate || strcmp(e->data_translate, "error") != 0)
			continue;
		const struct html_element *next = html_next_sibling(s, e);
		if (next && (code = whole_code(next->text))) {
			evidence_add(c, "body <span data-translate=\"error\"> then <span>%d</span>", code);
			return code;
		}
	}
	e = html_find_class(s, "code-label");
	if (e && str_istarts(e->text, "Error code ") && (code = whole_code(e->text + 11))) {
		evidence_add(c, "body .code-label 'Error code %d'", code);
		return code;
	}
	return 0;
}

/* Numbers that back up the template's: the title's "HOST | 522: Connection
 * timed out", the feedback script's errorCode:1015, a link's
 * utm_source=errorcode_520. */
static int template_code_fallback(const struct html_scan *s, struct classification *c)
{
	char v[96];
	for (const char *t = s->title; t && (t = strstr(t, "| ")); t += 2) {
		const char *end;
		int code = parse_number(t + 2, &end);
		if (*end == ':' && cf_code_ok(code)) {
			evidence_add(c, "title '%s'", evidence_value(v, sizeof v, s->title));
			return code;
		}
	}
	const char *p = strstr(s->script_text, "errorCode:");
	if (p) {
		int code = parse_number(p + 10 + strspn(p + 10, " "), NULL);
		if (cf_code_ok(code)) {
			evidence_add(c, "script errorCode:%d (error feedback script)", code);
			return code;
		}
	}
	for (size_t i = 0; i < s->n_elements; i++) {
		const char *link = s->elements[i].link;
		if (link && (p = strstr(link, "utm_source=errorcode_"))) {
			int code = parse_number(p + 21, NULL);
			if (cf_code_ok(code)) {
				evidence_add(c, "link utm_source=errorcode_%d", code);
				return code;
			}
		}
	}
	return 0;
}

static void cf_template(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	const struct html_element *wrapper = html_find_id(s, "cf-wrapper");
	const struct html_element *details = html_find_id(s, "cf-error-details");
	const struct html_element *sheet = NULL;
	for (size_t i = 0; i < s->n_elements && !sheet; i++)
		if (s->elements[i].link && strncmp(s->elements[i].link, "/cdn-cgi/styles/", 16) == 0)
			sheet = &s->elements[i];
	/* Both ids, as every template year has them; one id alone (a contact
	 * form's "cf-wrapper") counts only with Cloudflare's own stylesheet. */
	if (!(wrapper && details) && !((wrapper || details) && sheet))
		return;
	seen->branded = seen->template = true;
	if (wrapper && details)
		evidence_add(c, "body #cf-wrapper #cf-error-details (Cloudflare error page template)");
	else
		evidence_add(c, "body %s and stylesheet %s", wrapper ? "#cf-wrapper" : "#cf-error-details", sheet->link);
	for (size_t i = 0; i < s->n_elements; i++) {
		const struct html_element *e = &s->elements[i];
		char v[96];
		if (e->data_translate && strcmp(e->data_translate, "block_headline") == 0) {
			seen->block = true;
			evidence_add(c, "body data-translate=block_headline '%s'", evidence_value(v, sizeof v, e->text));
		} else if (e->data_translate && strcmp(e->data_translate, "challenge_headline") == 0) {
			seen->challenge = true;
			evidence_add(c, "body data-translate=challenge_headline '%s'", evidence_value(v, sizeof v, e->text));
		}
	}
	if (!seen->code)
		seen->code = template_code(s, c);
	if (!seen->code)
		seen->code = template_code_fallback(s, c);
}

/* The box Cloudflare injects into a customer's custom error page, and the
 * Access page built on it: <div class="cf-error-details cf-error-NNNN"> with
 * <ul class="cferror_details"><li>Ray ID: ...</li><li>Error reference number:
 * NNNN</li>. The number counts only from "Error reference number": the
 * Access page carries a stray cf-error-522 class that is not a 522. */
static void cf_details_box(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	const struct html_element *box = html_find_class(s, "cf-error-details");
	if (!box || !html_find_class(s, "cferror_details"))
		return;
	seen->branded = true;
	evidence_add(c, "body .cf-error-details box with .cferror_details (Cloudflare's details)");
	int code = 0;
	for (size_t i = 0; i < s->n_elements && !code; i++) {
		const char *t = s->elements[i].text;
		if (strcmp(s->elements[i].tag, "li") == 0 && str_istarts(t, "Error reference number:"))
			code = whole_code(t + 23 + strspn(t + 23, " "));
	}
	const char *cls = strstr(box->class_attr, "cf-error-");
	int cls_code = -1;
	for (; cls && cls_code < 0; cls = strstr(cls + 9, "cf-error-"))
		cls_code = parse_number(cls + 9, NULL);
	if (code) {
		if (!seen->code)
			seen->code = code;
		evidence_add(c, "body 'Error reference number: %d'", code);
	} else if (cls_code > 0) {
		evidence_add(c, "class cf-error-%d without an error reference number: not an error number", cls_code);
	}
	char v[96];
	const struct html_element *head = html_find_class(s, "main-title");
	if (text_starts(s->title, "Cloudflare Access") || (head && text_starts(head->text, "Cloudflare Access"))) {
		seen->block = true;
		evidence_add(c, "Cloudflare Access page: title '%s'", evidence_value(v, sizeof v, s->title));
	}
}

/* The challenge mark in a form's action, or NULL. */
static const char *challenge_action(const char *link)
{
	static const char *const marks[] = {
		"/cdn-cgi/l/chk_jschl", "/cdn-cgi/l/chk_captcha", "__cf_chl_jschl_tk__",
		"__cf_chl_captcha_tk__", "__cf_chl_f_tk", "__cf_chl_tk", "__cf_chl_rt_tk",
	};
	for (size_t i = 0; link && i < sizeof marks / sizeof *marks; i++)
		if (strstr(link, marks[i]))
			return marks[i];
	return NULL;
}

/* Challenges of every era: the challenge script's window._cf_chl_opt (2020+),
 * the challenge form posting to /cdn-cgi/l/chk_* or with a __cf_chl_*
 * token, the IUAM box classes and the captcha container. */
static void cf_challenge(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	char v[96];
	const char *opt = strstr(s->script_text, "window._cf_chl_opt");
	if (opt) {
		seen->challenge = true;
		const char *t = strstr(opt, "cType:");
		char kind[32] = "";
		if (t) {
			t += 6 + strspn(t + 6, " \t'\"");
			size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz-");
			if (n < sizeof kind) {
				memcpy(kind, t, n);
				kind[n] = '\0';
			}
		}
		if (kind[0])
			evidence_add(c, "script window._cf_chl_opt cType '%s'", kind);
		else
			evidence_add(c, "script window._cf_chl_opt");
	}
	static const char *const classes[] = { "cf-browser-verification", "cf-im-under-attack", "cf-captcha-container" };
	for (size_t i = 0; i < sizeof classes / sizeof *classes; i++) {
		if (html_find_class(s, classes[i])) {
			seen->challenge = true;
			evidence_add(c, "body .%s", classes[i]);
		}
	}
	for (size_t i = 0; i < s->n_elements; i++) {
		const struct html_element *e = &s->elements[i];
		const char *mark = strcmp(e->tag, "form") == 0 ? challenge_action(e->link) : NULL;
		if (mark) {
			seen->challenge = true;
			evidence_add(c, "form action with %s", mark);
			break;
		}
	}
	if (seen->challenge) {
		seen->branded = true;
		if (s->title)
			evidence_add(c, "title '%s'", evidence_value(v, sizeof v, s->title));
	}
}

/* The minimal nginx-style page Cloudflare's edge writes: <hr><center>
 * cloudflare</center> (cloudflare-nginx before 2018). Its number is the
 * status in the title when that is one of Cloudflare's (520 Origin Error). */
static void cf_minimal(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	for (size_t i = 0; i + 1 < s->n_elements; i++) {
		const struct html_element *hr = &s->elements[i], *foot = hr + 1;
		if (strcmp(hr->tag, "hr") || strcmp(foot->tag, "center"))
			continue;
		if (!text_ieq(foot->text, "cloudflare") && !text_ieq(foot->text, "cloudflare-nginx"))
			continue;
		int status;
		const char *reason;
		if (!title_status(s->title, &status, &reason) || !html_find_tag(s, "h1"))
			return;             /* the footer without the page around it */
		seen->branded = seen->minimal = true;
		evidence_add(c, "body footer <center>%s</center>", foot->text);
		if (status >= 520 && status <= 530 && !seen->code) {
			seen->code = status;
			evidence_add(c, "title '%d %.60s'", status, reason);
		}
		return;
	}
}

/* Titles of the 1xxx block template: "Access denied | HOST used Cloudflare to
 * restrict access" (and, from 2025, "... | HOST | Cloudflare" after it). */
static void cf_title(const struct html_scan *s, struct classification *c, struct cf_seen *seen)
{
	char v[96];
	if (text_starts(s->title, "Access denied | ") && strstr(s->title, " used Cloudflare to restrict access")) {
		seen->branded = seen->block = true;
		evidence_add(c, "title '%s'", evidence_value(v, sizeof v, s->title));
	}
}

/* The Ray ID a Cloudflare page shows: "Ray ID: HEX" in any of its elements
 * (footer, header span, <code>, custom-page <li>), else the challenge
 * script's cRay. Only asked of pages known to be Cloudflare's. */
static void cf_page_ray(const struct html_scan *s, struct cf_seen *seen)
{
	for (size_t i = 0; i < s->n_elements && !seen->ray[0]; i++) {
		const char *t = s->elements[i].text;
		for (const char *p = t; (p = str_icase_find(p, strlen(p), "Ray ID")); p += 6)
			if (ray_parse(p + 6, seen->ray))
				break;
	}
	const char *p = strstr(s->script_text, "cRay:");
	if (!seen->ray[0] && p) {
		p += 5 + strspn(p + 5, " \t'\"");
		ray_parse(p, seen->ray);
	}
}

/* Cloudflare scripts injected into an origin's own page (bot management,
 * JavaScript detections, e-mail protection): evidence that the response
 * passed through Cloudflare, never that Cloudflare wrote it. */
static void cf_injected_note(const struct html_scan *s, struct classification *c)
{
	bool bm = strstr(s->script_text, "__CF$cv$params") != NULL;
	for (size_t i = 0; i < s->n_elements && !bm; i++) {
		const char *link = s->elements[i].link;
		bm = link && (strstr(link, "/cdn-cgi/bm/cv/") || strstr(link, "/cdn-cgi/challenge-platform/scripts/"));
	}
	if (bm)
		evidence_add(c, "Cloudflare bot-management script injected into an origin page (not an edge page)");
}

static void cf_detect(const struct response *r, const struct html_scan *s,
		      struct classification *c, struct cf_seen *seen)
{
	if (cf_front_matter(r, c, seen) || cf_plain_text(s, c, seen))
		return;
	cf_challenge(s, c, seen);
	cf_template(s, c, seen);
	cf_details_box(s, c, seen);
	cf_minimal(s, c, seen);
	cf_title(s, c, seen);
	if (seen->branded)
		cf_page_ray(s, seen);
	else
		cf_injected_note(s, c);
}

/* ------------------------------------------------------------ putting it together */

static void decide_page(struct classification *c, struct cf_seen *seen)
{
	if (seen->challenge) {
		c->page = CF_PAGE_CHALLENGE;
	} else if (seen->code) {
		c->page = page_for_code(seen->code);
		c->error_code = seen->code;
	} else if (seen->block) {
		c->page = CF_PAGE_BLOCK;
	} else if (seen->branded) {
		c->page = CF_PAGE_ERROR;
		if (!seen->minimal)
			evidence_add(c, "Cloudflare page of no known kind: taken as an error");
	}
}

static void decide_ray(const struct response *r, struct classification *c, const struct cf_seen *seen)
{
	char header_ray[40] = "";
	const char *h = response_header(r, "cf-ray");
	if (h)
		ray_parse(h, header_ray);
	if (header_ray[0]) {
		memcpy(c->ray_id, header_ray, sizeof header_ray);
		if (seen->ray[0] && strcmp(seen->ray, header_ray) != 0)
			evidence_add(c, "the page shows Ray ID %s, the cf-ray header %s", seen->ray, header_ray);
	} else if (seen->ray[0]) {
		memcpy(c->ray_id, seen->ray, sizeof seen->ray);
	}
}

void classify_response(const struct response *r, struct classification *c)
{
	/* Headers a failure kept (a redirect loop's last hop) still show Cloudflare. */
	detect_proxied(r, c);
	if (r->transport != TRANSPORT_NONE) {
		c->n_cf_evidence = c->evidence.n;
		c->generated_by = CF_GEN_UNKNOWN;
		return;
	}

	struct html_scan scan;
	bool have_body = r->body && r->body_len > 0;
	struct cf_seen seen;
	memset(&seen, 0, sizeof seen);
	if (have_body) {
		html_scan((const char *)r->body, r->body_len, &scan);
		if (scan.title)
			c->title = xstrdup(scan.title);
		cf_detect(r, &scan, c, &seen);
	}

	const char *mitigated = response_header(r, "cf-mitigated");
	if (text_ieq(mitigated, "challenge")) {
		seen.branded = seen.challenge = true;
		evidence_add(c, "header cf-mitigated: challenge");
	}

	c->branded = seen.branded;
	bool edge = c->branded && c->proxied;
	c->generated_by = edge ? CF_GEN_EDGE : CF_GEN_ORIGIN;
	if (c->branded && !c->proxied)
		evidence_add(c, "Cloudflare page markup but no Cloudflare headers: a copy or an imitation");
	decide_page(c, &seen);
	decide_ray(r, c, &seen);

	c->n_cf_evidence = c->evidence.n;
	bool body_named = classify_server(r, have_body ? &scan : NULL, edge, c);
	classify_layer(r, have_body ? &scan : NULL, edge, body_named, c);
	if (have_body)
		html_scan_free(&scan);
}
