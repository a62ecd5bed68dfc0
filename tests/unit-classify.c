/* unit-classify.c: the classifier against real error pages, our own fixtures
 * and hostile bodies.
 *
 * Corpus pages (CORPUS_DIR, skipped when absent) are served the way the
 * manifest says they were: Cloudflare's with `server: cloudflare` and a
 * cf-ray header, origin pages with no Server header at all so that the body
 * alone must name the software; captures with a .headers file use it. Every
 * Cloudflare page is also served with no Cloudflare headers (a copy), and
 * every negative page through Cloudflare. Fixtures in TESTS_DATA/pages are
 * whole responses (`curl -si` style) written for this test. */
#include <config.h>

#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "htmlscan.h"
#include "response.h"
#include "tap.h"
#include "util.h"

#define TEST_RAY "8a1b2c3d4e5f6071"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Header lines "Name: value" (a status line and blank lines are skipped). */
static void add_header_lines(struct response *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon && strncmp(p, "HTTP/", 5) != 0) {
			const char *v = colon + 1, *ve = eol;
			while (v < ve && *v == ' ')
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
				ve--;
			response_add_header(r, p, (size_t)(colon - p), v, (size_t)(ve - v));
		}
		p = eol + 1;
	}
}

/* ------------------------------------------------------------ the corpus */

/* The manifest's server names in the classifier's vocabulary. */
static const struct { const char *manifest, *want; } server_map[] = {
	/* ASP.NET's pages come from IIS: the vocabulary names the server. */
	{"iis-aspnet", "iis"},
	/* HTTP.sys is the kernel half of IIS; Server: Microsoft-HTTPAPI/2.0 maps there too. */
	{"iis-httpsys", "iis"},
	{"azure-application-gateway", "azure-appgw"},
	/* Fastly's edge is Varnish-based; the operator is the useful name. */
	{"varnish-fastly", "fastly"},
	{"go-net-http", "go"},
	/* IBM HTTP Server is Apache httpd rebranded (its <address> says so). */
	{"apache (IBM HTTP Server)", "apache"},
	{"ingress-nginx-default-backend", "kubernetes-ingress"},
	/* Rails' stock public/404.html, served through Cloudflare. */
	{"rails (origin, proxied by Cloudflare)", "rails"},
	/* An application's own page naming no server: unknown is the right answer. */
	{"gitlab-app", NULL},
	{"unknown", NULL},
};

/* Rows where the manifest's server cannot come from the response. */
static const struct { const char *file, *want, *why; } server_override[] = {
	{"neg-200-mentions-cloudflare.html", NULL,
	 "the manifest took github-pages from the host name; the body names no software and the "
	 "test serves origin rows without a Server header (with Server: GitHub.com it is tested below)"},
};

static const char *expected_server(const char *file, const char *manifest)
{
	for (size_t i = 0; i < sizeof server_override / sizeof *server_override; i++)
		if (strcmp(server_override[i].file, file) == 0)
			return server_override[i].want;
	for (size_t i = 0; i < sizeof server_map / sizeof *server_map; i++)
		if (strcmp(server_map[i].manifest, manifest) == 0)
			return server_map[i].want;
	return manifest;
}

static enum cf_page expected_page(const char *file, bool cf, int code)
{
	if (!cf)
		return CF_PAGE_NONE;
	if (strstr(file, "challenge"))
		return CF_PAGE_CHALLENGE;
	if (code)
		return ((code >= 1005 && code <= 1012) || code == 1015 || code == 1020) ? CF_PAGE_BLOCK : CF_PAGE_ERROR;
	if (strstr(file, "waf-block") || strstr(file, "access"))
		return CF_PAGE_BLOCK;
	return CF_PAGE_ERROR;   /* the minimal <center>cloudflare</center> pages */
}

/* Ray IDs the pages show (checked when served without a cf-ray header). */
static const struct { const char *file, *ray; } page_rays[] = {
	{"cf-1005-asn-banned.html", "615feef0ab1eccfa"},
	/* The footer's "194b0ed29eg30f8d" is not hex (a fixture edit): the header span's counts. */
	{"cf-1006-ip-banned-2015.html", "19400a3d29e30f8d"},
	{"cf-1009-markdown.md", ""},             /* ray_id: REDACTED */
	{"cf-1020-plaintext.txt", ""},
	{"cf-520.html", "9df824fdc71541c0"},
	{"cf-530-1033-tunnel.html", "a28ccc4bca8bcb91"},   /* "-LAX" dropped */
	{"cf-access-zero-trust-error.html", "615ec4c658f2e6d8"},
	{"cf-challenge-iuam-2016.html", "2b05d3393e872d77"},
	{"cf-challenge-interactive-2023.html", "794294b0ff122cc8"},
	{"cf-challenge-managed-2025.html", "91719332fad18f33"},
	{"cf-challenge-recaptcha-2019.html", ""},  /* all zeros: a placeholder */
	{"cf-custom-1020-page.html", "61fcd5c5acfbccea"},
	{"cf-custom-challenge-page.html", "615bfee9bd4f0c91"},
	{"cf-waf-block-polygonscan.html", "74d2aa5ed9e27367"},
};

static const struct { const char *file, *substatus, *detail; } details[] = {
	{"iis-403-14-detailed.html", "403.14", "Internet Information Services 7.5"},
	{"iis-500-37-ancm.html", "500.37", NULL},
	{"iis-404-custerr.html", NULL, NULL},
	{"nginx-404-version.html", NULL, "nginx/1.10.3 (Ubuntu)"},
	{"nginx-404-bgcolor.html", NULL, NULL},
	{"apache-404.html", NULL, "Apache/2.4.29 (Ubuntu)"},
	{"apache-400.html", NULL, NULL},       /* ServerTokens Prod: "Apache" */
	{"openresty-502-version.html", NULL, "openresty/1.13.6.2"},
	{"tomcat-404.html", NULL, "Apache Tomcat/8.5.57"},
	{"azure-appgw-403.html", NULL, "Microsoft-Azure-Application-Gateway/v2"},
	{"varnish-503-backend-fetch-failed.html", NULL, NULL},
};

struct row {
	char *file, *status, *cf, *code, *server;
};

static const char *content_type(const char *file)
{
	const char *dot = strrchr(file, '.');
	if (dot && strcmp(dot, ".txt") == 0)
		return "text/plain; charset=UTF-8";
	if (dot && strcmp(dot, ".md") == 0)
		return "text/markdown; charset=UTF-8";
	return "text/html; charset=UTF-8";
}

enum serve { SERVE_AS_MANIFEST, SERVE_NO_CF, SERVE_VIA_CF };

/* A response for a corpus file; false when the file cannot be read. */
static bool corpus_response(const char *dir, const struct row *w, enum serve how, struct response *r)
{
	char path[4096];
	size_t len;
	snprintf(path, sizeof path, "%s/%s", dir, w->file);
	char *body;
	if (file_read(path, SIZE_MAX, &body, &len) != FILE_READ_OK)
		return false;
	response_init(r);
	r->status = atoi(w->status);
	response_add_body(r, body, len);
	free(body);

	char *dot = strrchr(path, '.');
	snprintf(dot, sizeof path - (size_t)(dot - path), ".headers");
	char *headers = NULL;
	if (how == SERVE_AS_MANIFEST)
		file_read(path, SIZE_MAX, &headers, &len);
	if (headers) {
		add_header_lines(r, headers, len);
		free(headers);
		return true;
	}
	const char *ct = content_type(w->file);
	response_add_header(r, "content-type", 12, ct, strlen(ct));
	bool cf = strcmp(w->cf, "yes") == 0;
	if ((how == SERVE_AS_MANIFEST && cf) || how == SERVE_VIA_CF) {
		response_add_header(r, "server", 6, "cloudflare", 10);
		response_add_header(r, "cf-ray", 6, TEST_RAY "-LAX", strlen(TEST_RAY "-LAX"));
	}
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One row served as the manifest says: true when every field agrees; the
 * first disagreement goes to why. */
static bool check_row(const char *dir, const struct row *w, char *why, size_t wsize, double *ms)
{
	struct response r;
	struct classification c;
	if (!corpus_response(dir, w, SERVE_AS_MANIFEST, &r)) {
		snprintf(why, wsize, "cannot read the file");
		return false;
	}
	classification_init(&c);
	double t0 = now_ms();
	classify_response(&r, &c);
	*ms += now_ms() - t0;

	bool cf = strcmp(w->cf, "yes") == 0;
	int code = strcmp(w->code, "-") == 0 ? 0 : atoi(w->code);
	const char *server = expected_server(w->file, w->server);
	enum cf_page page = expected_page(w->file, cf, code);
	why[0] = '\0';
	if (c.branded != cf)
		snprintf(why, wsize, "branded %d, want %d", c.branded, cf);
	else if (c.generated_by != (cf ? CF_GEN_EDGE : CF_GEN_ORIGIN))
		snprintf(why, wsize, "generated_by %s", cf_generated_name(c.generated_by));
	else if (c.error_code != code)
		snprintf(why, wsize, "error_code %d, want %d", c.error_code, code);
	else if (!same_str(c.server, server))
		snprintf(why, wsize, "server %s, want %s", c.server ? c.server : "null", server ? server : "null");
	else if (c.page != page)
		snprintf(why, wsize, "page %s, want %s", cf_page_name(c.page) ? cf_page_name(c.page) : "null",
			 cf_page_name(page) ? cf_page_name(page) : "null");
	else if (cf && strcmp(c.ray_id, TEST_RAY) != 0 && response_header(&r, "cf-ray") &&
		 strcmp(response_header(&r, "cf-ray"), "-") != 0)
		snprintf(why, wsize, "ray_id '%s', want the header's", c.ray_id);
	for (size_t i = 0; i < sizeof details / sizeof *details && !why[0]; i++) {
		if (strcmp(details[i].file, w->file) != 0)
			continue;
		if (!same_str(c.iis_substatus, details[i].substatus))
			snprintf(why, wsize, "iis_substatus %s", c.iis_substatus ? c.iis_substatus : "null");
		else if (!same_str(c.server_detail, details[i].detail))
			snprintf(why, wsize, "server_detail %s", c.server_detail ? c.server_detail : "null");
	}
	if (why[0])
		for (size_t i = 0; i < c.evidence.n; i++)
			printf("#     evidence: %s\n", c.evidence.v[i]);
	classification_free(&c);
	response_free(&r);
	return why[0] == '\0';
}

/* A Cloudflare page with no Cloudflare headers: still branded, written by the
 * origin (a copy), same number and page Ray ID. */
static void check_copy(const char *dir, const struct row *w)
{
	struct response r;
	struct classification c;
	if (!corpus_response(dir, w, SERVE_NO_CF, &r))
		return;
	classification_init(&c);
	classify_response(&r, &c);
	int code = strcmp(w->code, "-") == 0 ? 0 : atoi(w->code);
	ok(c.branded && c.generated_by == CF_GEN_ORIGIN && !c.proxied && c.error_code == code &&
	   strlist_contains(&c.evidence, "Cloudflare page markup but no Cloudflare headers: a copy or an imitation"),
	   "%s without Cloudflare headers: branded, generated_by origin, error_code %d, evidence says copy",
	   w->file, code);
	for (size_t i = 0; i < sizeof page_rays / sizeof *page_rays; i++)
		if (strcmp(page_rays[i].file, w->file) == 0)
			is_str(c.ray_id, page_rays[i].ray, "%s: the Ray ID the page shows", w->file);
	classification_free(&c);
	response_free(&r);
}

/* A negative page through Cloudflare: proxied, not branded, the origin's. */
static void check_negative(const char *dir, const struct row *w)
{
	struct response r;
	struct classification c;
	if (!corpus_response(dir, w, SERVE_VIA_CF, &r))
		return;
	classification_init(&c);
	classify_response(&r, &c);
	ok(c.proxied && !c.branded && c.generated_by == CF_GEN_ORIGIN && c.page == CF_PAGE_NONE &&
	   c.error_code == 0 && strcmp(c.ray_id, TEST_RAY) == 0,
	   "%s through Cloudflare: proxied, not branded, origin, no page, header Ray ID", w->file);
	classification_free(&c);
	response_free(&r);
}

static size_t load_manifest(const char *dir, struct row **rows)
{
	char path[4096];
	size_t len, n = 0;
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
	char *text;
	file_read(path, SIZE_MAX, &text, &len);
	*rows = NULL;
	if (!text)
		return 0;
	char *save = NULL;
	bool header = true;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (header) {
			header = false;
			continue;
		}
		char *f[5], *p = line;
		size_t k = 0;
		for (; k < 5 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k < 5)
			continue;
		*rows = xrealloc(*rows, (n + 1) * sizeof **rows);
		(*rows)[n].file = xstrdup(f[0]);
		(*rows)[n].status = xstrdup(f[1]);
		(*rows)[n].cf = xstrdup(f[2]);
		(*rows)[n].code = xstrdup(f[3]);
		(*rows)[n].server = xstrdup(f[4]);
		n++;
	}
	free(text);
	return n;
}

static void test_corpus(const char *dir)
{
	struct row *rows;
	size_t n = load_manifest(dir, &rows), good = 0;
	ok(n > 0, "the manifest lists pages (%zu)", n);
	struct strlist misses = {0};
	double ms = 0;
	for (size_t i = 0; i < n; i++) {
		char why[256];
		bool pass = check_row(dir, &rows[i], why, sizeof why, &ms);
		ok(pass, "%s: as the manifest says%s%s", rows[i].file, pass ? "" : " -- ", why);
		if (pass)
			good++;
		else
			strlist_addf(&misses, "%s: %s", rows[i].file, why);
		if (strcmp(rows[i].cf, "yes") == 0)
			check_copy(dir, &rows[i]);
		if (strncmp(rows[i].file, "neg-", 4) == 0)
			check_negative(dir, &rows[i]);
	}
	printf("# corpus: %zu/%zu classified as the manifest says\n", good, n);
	for (size_t i = 0; i < misses.n; i++)
		printf("#   miss: %s\n", misses.v[i]);
	if (n)
		printf("# classifier: %.3f ms per page on average over %zu pages\n", ms / (double)n, n);
	strlist_free(&misses);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].file);
		free(rows[i].status);
		free(rows[i].cf);
		free(rows[i].code);
		free(rows[i].server);
	}
	free(rows);
}

/* Extra corpus checks: the traps the manifest names, and a header that
 * settles a row the body cannot. */
static void test_corpus_traps(const char *dir)
{
	struct row w = { "cf-access-zero-trust-error.html", "403", "yes", "-", "cloudflare" };
	struct response r;
	struct classification c;
	if (corpus_response(dir, &w, SERVE_AS_MANIFEST, &r)) {
		classification_init(&c);
		classify_response(&r, &c);
		ok(c.page == CF_PAGE_BLOCK && c.error_code == 0 &&
		   strlist_contains(&c.evidence, "class cf-error-522 without an error reference number: not an error number"),
		   "the Access page's cf-error-522 class is not a 522");
		classification_free(&c);
		response_free(&r);
	}
	struct row neg = { "neg-origin-404-via-cloudflare-botmgmt.html", "404", "no", "-", "rails" };
	if (corpus_response(dir, &neg, SERVE_AS_MANIFEST, &r)) {
		classification_init(&c);
		classify_response(&r, &c);
		is_str(c.ray_id, "", "the bot-management r:'...' value is not a Ray ID without a cf-ray header");
		ok(strlist_contains(&c.evidence, "Cloudflare bot-management script injected into an origin page (not an edge page)"),
		   "the bot-management injection is named in the evidence");
		classification_free(&c);
		response_free(&r);
	}
	struct row gh = { "neg-200-mentions-cloudflare.html", "200", "no", "-", "github-pages" };
	if (corpus_response(dir, &gh, SERVE_AS_MANIFEST, &r)) {
		response_add_header(&r, "server", 6, "GitHub.com", 10);
		classification_init(&c);
		classify_response(&r, &c);
		is_str(c.server, "github-pages", "the same page with Server: GitHub.com is GitHub Pages");
		ok(!c.branded, "a page that says \"Designer at Cloudflare\" is not Cloudflare's");
		classification_free(&c);
		response_free(&r);
	}
}

/* ------------------------------------------------------------ our own fixtures */

/* A whole response as `curl -si` writes it. */
static bool fixture_response(const char *path, struct response *r)
{
	size_t len;
	char *data;
	if (file_read(path, SIZE_MAX, &data, &len) != FILE_READ_OK)
		return false;
	const char *sep = strstr(data, "\r\n\r\n");
	size_t skip = 4;
	if (!sep) {
		sep = strstr(data, "\n\n");
		skip = 2;
	}
	response_init(r);
	if (sep) {
		const char *sp = strchr(data, ' ');
		r->status = sp ? atoi(sp + 1) : 0;
		add_header_lines(r, data, (size_t)(sep - data));
		response_add_body(r, sep + skip, len - (size_t)(sep + skip - data));
	}
	free(data);
	return sep != NULL;
}

static const struct fixture {
	const char *file;
	bool proxied, branded;
	enum cf_generated gen;
	enum cf_page page;
	int code;
	const char *ray, *server, *detail, *substatus;
	const char *evidence;   /* a line that must be there, or NULL */
} fixtures[] = {
	{"nginx-502-version.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "nginx", "nginx/1.24.0", NULL, "body footer <center>nginx/1.24.0</center>"},
	{"apache-403-tokens-full.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "apache", "Apache/2.4.57 (Debian) OpenSSL/3.0.11 mod_wsgi/4.9.4 Python/3.11", NULL, NULL},
	{"cf-1020-variant.http", true, true, CF_GEN_EDGE, CF_PAGE_BLOCK, 1020, "8b6a0f3c5e2d41a9",
	 "cloudflare", NULL, NULL, "body <span data-translate=\"error\"> then <span>1020</span>"},
	{"blog-prose-cloudflare.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "nginx", "nginx/1.22.1", NULL, "header server: nginx/1.22.1"},
	{"email-protection-via-cloudflare.http", true, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "8bea21f0cd1a7b33",
	 NULL, NULL, NULL, "header cf-ray"},
	{"litespeed-500.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "litespeed", NULL, NULL, NULL},
	{"iis10-404-0-detailed.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "iis", "Microsoft-IIS/10.0", "404.0", "body heading 'HTTP Error 404.0 - Not Found' (IIS detailed error)"},
	{"cf-1015-plaintext.http", true, true, CF_GEN_EDGE, CF_PAGE_BLOCK, 1015, "8d0f5e7a9b1c2d3e",
	 "cloudflare", NULL, NULL, "plain-text body 'error code: 1015'"},
	{"apache-404-jsd-via-cloudflare.http", true, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "8c44e1a2b3d4f506",
	 "apache", "Apache/2.4.62 (Unix)", NULL,
	 "Cloudflare bot-management script injected into an origin page (not an edge page)"},
	{"cf-mitigated-challenge.http", true, true, CF_GEN_EDGE, CF_PAGE_CHALLENGE, 0, "8e12ab34cd56ef78",
	 "cloudflare", NULL, NULL, "header cf-mitigated: challenge"},
	{"cf-1020-imitation-nginx.http", false, true, CF_GEN_ORIGIN, CF_PAGE_BLOCK, 1020, "6f1e2d3c4b5a6978",
	 "nginx", "nginx/1.18.0 (Ubuntu)", NULL,
	 "Cloudflare page markup but no Cloudflare headers: a copy or an imitation"},
	{"httpsys-400-hostname.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "iis", NULL, NULL, NULL},
	{"express-cannot-post.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "express", NULL, NULL, "body text 'Cannot POST /api/v2/login' (Express)"},
	{"tengine-502-version.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "tengine", "Tengine/2.3.3", NULL, NULL},
	/* The page is Tomcat's; the Server header names the nginx in front. */
	{"tomcat-404-behind-nginx.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "tomcat", "Apache Tomcat/9.0.85", NULL, "header server: nginx/1.25.3"},
	/* A contact form's id="cf-wrapper" alone is not Cloudflare's template. */
	{"contact-form-cf-wrapper.http", false, false, CF_GEN_ORIGIN, CF_PAGE_NONE, 0, "",
	 "apache", NULL, NULL, NULL},
};

static bool mentions_cloudflare(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_icase_find(l->v[i], strlen(l->v[i]), "cloudflare"))
			return true;
	return false;
}

static void test_fixtures(const char *dir)
{
	for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
		const struct fixture *x = &fixtures[i];
		char path[4096];
		struct response r;
		struct classification c;
		snprintf(path, sizeof path, "%s/pages/%s", dir, x->file);
		if (!fixture_response(path, &r)) {
			ok(0, "%s: fixture readable", x->file);
			continue;
		}
		int failed_before = tap_failed;
		classification_init(&c);
		classify_response(&r, &c);
		ok(c.proxied == x->proxied && c.branded == x->branded && c.generated_by == x->gen,
		   "%s: proxied %d, branded %d, generated_by %s", x->file, x->proxied, x->branded,
		   cf_generated_name(x->gen));
		ok(c.page == x->page && c.error_code == x->code, "%s: page %s, error_code %d", x->file,
		   cf_page_name(x->page) ? cf_page_name(x->page) : "null", x->code);
		is_str(c.ray_id, x->ray, "%s: ray_id", x->file);
		is_str(c.server, x->server, "%s: server", x->file);
		is_str(c.server_detail, x->detail, "%s: server_detail", x->file);
		is_str(c.iis_substatus, x->substatus, "%s: iis_substatus", x->file);
		if (x->evidence)
			ok(strlist_contains(&c.evidence, x->evidence), "%s: evidence '%s'", x->file, x->evidence);
		if (!x->proxied && !x->branded)
			ok(!mentions_cloudflare(&c.evidence), "%s: no evidence line speaks of Cloudflare", x->file);
		if (tap_failed != failed_before)
			for (size_t k = 0; k < c.evidence.n; k++)
				printf("#     evidence: %s\n", c.evidence.v[k]);
		classification_free(&c);
		response_free(&r);
	}
}

static void test_transport_failure(void)
{
	struct response r;
	struct classification c;
	response_init(&r);
	r.transport = TRANSPORT_TIMEOUT;
	classification_init(&c);
	classify_response(&r, &c);
	ok(c.generated_by == CF_GEN_UNKNOWN && !c.branded && !c.proxied && c.page == CF_PAGE_NONE && !c.server,
	   "a transport failure leaves generated_by null and everything unknown");
	classification_free(&c);
	response_free(&r);
}

/* ------------------------------------------------------------ hostile bodies */

static unsigned long lcg_state = 12345;

static unsigned char lcg_byte(void)
{
	lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned char)(lcg_state >> 56);
}

static double timed_scan(const char *body, size_t len, struct html_scan *s)
{
	double t0 = now_ms();
	html_scan(body, len, s);
	return now_ms() - t0;
}

static bool scan_within_caps(const struct html_scan *s)
{
	if (s->n_elements > HTMLSCAN_MAX_ELEMENTS || strlen(s->visible_text) > HTMLSCAN_VISIBLE_MAX ||
	    strlen(s->script_text) > HTMLSCAN_SCRIPT_MAX)
		return false;
	for (size_t i = 0; i < s->n_elements; i++)
		if (strlen(s->elements[i].text) > HTMLSCAN_TEXT_MAX || s->elements[i].depth > HTMLSCAN_MAX_DEPTH)
			return false;
	return true;
}

static int marker_ctx;

static void marker_handler(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Only the first HTMLSCAN_INPUT_MAX bytes are scanned, cut on a character
 * boundary so a UTF-8 body stays UTF-8. */
static void test_input_cap(void)
{
	size_t len = HTMLSCAN_INPUT_MAX * 2;
	char *b = xmalloc(len + 1);
	size_t o = (size_t)snprintf(b, len, "<html><head><title>caf\xc3\xa9</title></head><body><p>");
	/* Two-byte characters from an odd offset: the cap falls inside one. */
	if (o % 2 == 0)
		b[o++] = 'x';
	while (o + 2 < HTMLSCAN_INPUT_MAX + 64) {
		b[o++] = '\xc3';
		b[o++] = '\xa9';
	}
	o += (size_t)snprintf(b + o, len - o, "</p><div id=\"cf-wrapper\">beyond</div></body></html>");
	struct html_scan s;
	html_scan(b, o, &s);
	ok(s.stopped, "a %zu-byte body: the scan stops at %d bytes", o, HTMLSCAN_INPUT_MAX);
	is_str(s.title, "caf\xc3\xa9", "the cut falls between characters: the body is still read as UTF-8");
	ok(!html_find_id(&s, "cf-wrapper"), "what lies past the cap is not seen");
	html_scan_free(&s);
	free(b);
}

static void test_hostile(void)
{
	const size_t mib = 1024 * 1024;
	char *b = xmalloc(mib + 1);
	struct html_scan s;

	for (size_t i = 0; i < mib; i++)
		b[i] = "<div>"[i % 5];
	double t_div = timed_scan(b, mib, &s);
	ok(s.stopped && s.n_elements <= HTMLSCAN_MAX_DEPTH && scan_within_caps(&s),
	   "1 MiB of unclosed <div>: the depth bound stops the parse (%zu elements)", s.n_elements);
	ok(t_div < 2000, "1 MiB of unclosed <div> scans in %.1f ms", t_div);
	html_scan_free(&s);

	for (size_t i = 0; i < mib; i++)
		b[i] = (char)lcg_byte();
	double t_rand = timed_scan(b, mib, &s);
	ok(scan_within_caps(&s), "1 MiB of random bytes (NULs, invalid UTF-8) stays within every cap");
	ok(t_rand < 2000, "1 MiB of random bytes scans in %.1f ms", t_rand);
	html_scan_free(&s);

	size_t o = (size_t)snprintf(b, mib, "<div ");
	for (int i = 0; o + 16 < mib; i++)
		o += (size_t)snprintf(b + o, mib - o, "a%d=1 ", i);
	b[o++] = '>';
	double t_attr = timed_scan(b, o, &s);
	ok(t_attr < 2000, "one tag with ~130,000 attributes scans in %.1f ms (not quadratic)", t_attr);
	html_scan_free(&s);

	for (size_t i = 0; i < mib; i++)
		b[i] = "<b>word "[i % 8];
	double t_text = timed_scan(b, mib, &s);
	ok(s.stopped && scan_within_caps(&s) && t_text < 2000,
	   "1 MiB of nested inline elements with text: bounded (%.1f ms)", t_text);
	html_scan_free(&s);
	printf("# htmlscan 1 MiB: unclosed <div> %.1f ms, random bytes %.1f ms, 130k attributes %.1f ms, "
	       "nested text %.1f ms\n", t_div, t_rand, t_attr, t_text);

	struct response r;
	struct classification c;
	response_init(&r);
	for (size_t i = 0; i < mib; i++)
		b[i] = (char)lcg_byte();
	response_add_body(&r, b, mib);
	response_add_header(&r, "server", 6, "cloudflare", 10);
	classification_init(&c);
	classify_response(&r, &c);
	ok(c.proxied && !c.branded && c.generated_by == CF_GEN_ORIGIN,
	   "random bytes through Cloudflare: proxied, not a Cloudflare page");
	for (size_t i = 0; i < c.evidence.n; i++)
		for (const char *p = c.evidence.v[i]; *p; p++)
			if ((unsigned char)*p < 0x20)
				ok(0, "evidence has a control byte");
	classification_free(&c);
	response_free(&r);
	free(b);
}

static void test_scan_basics(void)
{
	struct html_scan s;
	const char *plain = "no healthy upstream";
	html_scan(plain, strlen(plain), &s);
	is_str(s.visible_text, "no healthy upstream", "a plain-text body still yields its visible text");
	ok(s.title == NULL, "a plain-text body has no title");
	html_scan_free(&s);

	const char stale[] = "<html><head><meta charset=\"gb2312\"><title>\xe6\x89\xbe\xe4\xb8\x8d\xe5\x88\xb0</title>"
		"</head><body><h1>404</h1></body></html>";
	html_scan(stale, sizeof stale - 1, &s);
	is_str(s.title, "\xe6\x89\xbe\xe4\xb8\x8d\xe5\x88\xb0",
	       "a UTF-8 body with a stale gb2312 <meta> is read as UTF-8");
	html_scan_free(&s);

	const char nul[] = "<title>a\0b</title><p>caf\xe9 <script>x=1</script>";
	html_scan(nul, sizeof nul - 1, &s);
	ok(s.title && strcmp(s.title, "a b") == 0 && strstr(s.visible_text, "caf") && strcmp(s.script_text, "x=1") == 0,
	   "NULs and Latin-1 bytes do not stop the scan (title '%s')", s.title ? s.title : "(null)");
	html_scan_free(&s);

	struct buf big = {0};
	buf_puts(&big, "<title>x");     /* odd: the cap falls inside a character */
	for (int i = 0; i < 400; i++)
		buf_puts(&big, "\xc3\xa9");
	buf_puts(&big, "</title><span>Error</span><span>1020</span>");
	html_scan(big.data, big.len, &s);
	size_t tl = s.title ? strlen(s.title) : 0;
	ok(tl > 0 && tl <= HTMLSCAN_TEXT_MAX && (unsigned char)s.title[tl - 1] == 0xa9,
	   "a long title is cut at the cap on a character boundary (%zu bytes)", tl);
	const struct html_element *body = html_find_tag(&s, "body");
	is_str(body ? body->text : NULL, "Error 1020", "element boundaries separate words in an element's text");
	html_scan_free(&s);
	buf_free(&big);

	xmlSetGenericErrorFunc(&marker_ctx, marker_handler);
	html_scan("<p>\xff\xfe<<<", 8, &s);
	ok(xmlGenericError == marker_handler && xmlGenericErrorContext == &marker_ctx,
	   "the scan puts back the caller's libxml2 error handler");
	xmlSetGenericErrorFunc(NULL, NULL);
	html_scan_free(&s);
}

int main(void)
{
	test_scan_basics();
	test_transport_failure();
	test_hostile();
	test_input_cap();

	const char *data = getenv("TESTS_DATA");
	test_fixtures(data && *data ? data : "tests/data");

	const char *corpus = getenv("CORPUS_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", corpus ? corpus : "");
	FILE *f = corpus && *corpus ? fopen(path, "r") : NULL;
	if (f) {
		fclose(f);
		test_corpus(corpus);
		test_corpus_traps(corpus);
	} else {
		/* Only the corpus part is skipped: the fixtures and bounds above always run. */
		ok(1, "the corpus pages # SKIP no MANIFEST.tsv under CORPUS_DIR (%s)", corpus ? corpus : "unset");
	}
	return tap_done();
}
