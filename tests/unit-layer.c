/* unit-layer.c: which layer wrote a page (a CDN, WAF, load balancer, proxy,
 * hosting platform or the origin), the ID to quote, and soft errors.
 *
 * Fixtures in TESTS_DATA/layers are whole responses written for this test
 * after the real products' pages (read with replay_load, as `probe --replay`
 * reads them). Negative controls (neg-*) are pages that talk about the
 * products, origin pages passed through a CDN, and 200 pages that are the
 * site: none may be taken for a product's page. The corpus (CORPUS_DIR,
 * skipped when absent) is checked for the products whose pages it holds.
 * The facts and the knowledge base's entry a probe starts from are checked
 * against the real knowledge base (HTTPDOC_KB_DIR). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "engine.h"
#include "facts.h"
#include "kb.h"
#include "replay.h"
#include "response.h"
#include "tap.h"
#include "util.h"

static const struct want {
	const char *file;
	const char *server;
	enum layer_kind layer;
	enum layer_page page;
	const char *reference;  /* "" = null */
	bool soft;
	const char *entry;      /* the knowledge base's entry a probe starts from */
} WANT[] = {
	/* WAFs and bot protections */
	{"f5-asm-block", "f5-bigip-asm", LAYER_WAF, LPAGE_BLOCK, "7391120485527316284", true, "waf-block"},
	{"perimeterx-block", "perimeterx", LAYER_WAF, LPAGE_BLOCK, "8e0c1a2b-3c4d-11ee-9a7f-0242ac120002", false, "waf-block"},
	{"datadome-challenge", "datadome", LAYER_WAF, LPAGE_CHALLENGE, "", false, "waf-block"},
	{"aws-waf-challenge", "aws-waf", LAYER_WAF, LPAGE_CHALLENGE,
	 "7Jd3k_Qm2xwZl8Tn5aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX2y==", true, "waf-block"},
	{"aws-alb-403-waf", "aws-waf", LAYER_WAF, LPAGE_BLOCK, "", false, "waf-block"},
	{"incapsula-block", "incapsula", LAYER_WAF, LPAGE_BLOCK, "721000450117390215-392615804112871943", false, "waf-block"},
	{"sucuri-block", "sucuri", LAYER_WAF, LPAGE_BLOCK, "BNP005", false, "waf-block"},
	{"wordfence-block", "wordfence", LAYER_WAF, LPAGE_BLOCK, "", false, "waf-block"},
	{"imunify360-block", "imunify360", LAYER_WAF, LPAGE_BLOCK, "", false, "waf-block"},
	{"modsecurity-406", "modsecurity", LAYER_WAF, LPAGE_BLOCK, "", false, "waf-block"},
	/* proxies */
	{"tmg-12202", "forefront-tmg", LAYER_PROXY, LPAGE_BLOCK, "", false, "waf-block"},
	{"squid-access-denied", "squid", LAYER_PROXY, LPAGE_BLOCK, "", false, "waf-block"},
	{"squid-connect-fail", "squid", LAYER_PROXY, LPAGE_ORIGIN_DOWN, "", false, "cdn-origin-down"},
	{"envoy-upstream-connect", "envoy", LAYER_PROXY, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"traefik-503", "traefik", LAYER_PROXY, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	/* CDNs */
	{"akamai-503-origin", "akamai", LAYER_CDN, LPAGE_ORIGIN_DOWN, "18.5a2f1c17.1715678411.4be29f01", false, "cdn-origin-down"},
	{"cloudfront-502", "cloudfront", LAYER_CDN, LPAGE_ORIGIN_DOWN,
	 "hQ3xW9mT2vL5nK8pR1sY4uB7cE0fG3jH6kM9oQ2tV5wZ8aD1gJ4l==", false, "cdn-origin-down"},
	{"cloudfront-403-blocked", "cloudfront", LAYER_CDN, LPAGE_BLOCK,
	 "Zt8yR5wQ2nM9kJ6hG3fD0sA7pL4oI1uY8tR5eW2qZ9xC6vB3nM0k==", false, "waf-block"},
	{"fastly-503", "fastly", LAYER_CDN, LPAGE_ORIGIN_DOWN, "cache-fra-eddf8230062-FRA 1715678411 2917364401",
	 false, "cdn-origin-down"},
	{"azure-front-door-503", "azure-front-door", LAYER_CDN, LPAGE_ORIGIN_DOWN,
	 "20240514T092011Z-16b4f7b5c9dkqxw8hC1FRAa7fg0000000q1g0000000022ns", false, "cdn-origin-down"},
	/* load balancers and routers */
	{"google-502", "google", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"aws-alb-503", "aws-elb", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"azure-appgw-502", "azure-appgw", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"haproxy-503", "haproxy", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"haproxy-504", "haproxy", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	{"gorouter-404", "gorouter", LAYER_LOAD_BALANCER, LPAGE_NOT_FOUND, "3f2c1b0a-9e8d-4c7b-6a5f-4e3d2c1b0a9f",
	 false, "site-not-found"},
	{"gorouter-502", "gorouter", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
	 false, "lb-backend-down"},
	{"ingress-default-backend", "kubernetes-ingress", LAYER_LOAD_BALANCER, LPAGE_NOT_FOUND, "", false, "site-not-found"},
	{"f5-ltm-503", "f5-bigip-ltm", LAYER_LOAD_BALANCER, LPAGE_NO_BACKEND, "", false, "lb-backend-down"},
	/* hosting */
	{"heroku-no-such-app", "heroku", LAYER_HOSTING, LPAGE_NOT_FOUND, "", false, "site-not-found"},
	{"vercel-deployment-not-found", "vercel", LAYER_HOSTING, LPAGE_NOT_FOUND, "fra1::q7xkz-1715678411372-4be29f01c3d2",
	 false, "site-not-found"},
	{"vercel-paused", "vercel", LAYER_HOSTING, LPAGE_SUSPENDED, "iad1::v9c2b-1715678411999-0a1b2c3d4e5f", false,
	 "hosting-suspended"},
	{"netlify-not-found", "netlify", LAYER_HOSTING, LPAGE_NOT_FOUND, "01HXKZ3Q7R8S9T0V1W2X3Y4Z5A", false, "site-not-found"},
	{"github-pages-site-not-found", "github-pages", LAYER_HOSTING, LPAGE_NOT_FOUND, "8C4E:2F1A:3B2C41:3D4E52:6643A1BB",
	 false, "site-not-found"},
	{"plesk-default", "plesk", LAYER_HOSTING, LPAGE_DEFAULT, "", true, "site-not-found"},
	/* the origin's own error page, served with 200 */
	{"wordpress-critical-200", "wordpress", LAYER_ORIGIN, LPAGE_ERROR, "", true, "500"},
};

/* cPanel's pages are known by where the request ended: the fixture is the
 * page, and final_url says it came by a redirect (tests/probe-layers.sh
 * follows the real redirect through the test server). */
static const struct {
	const char *file, *final_url;
	enum layer_page page;
	const char *entry;
} CPANEL[] = {
	{"cpanel-suspendedpage", "http://shop.example.org/cgi-sys/suspendedpage.cgi", LPAGE_SUSPENDED, "hosting-suspended"},
	{"cpanel-defaultwebpage", "http://shop.example.org/cgi-sys/defaultwebpage.cgi", LPAGE_DEFAULT, "site-not-found"},
};

/* Negative controls: the origin's own page, whatever the headers say, and
 * what an ordinary page of its status leads to. */
static const struct {
	const char *file, *server, *entry;
} NEGATIVE[] = {
	{"neg-blog-f5", "nginx", "200"},                 /* a blog post quoting F5, Akamai, HAProxy, Envoy */
	{"neg-status-page", "nginx", "200"},             /* a status page naming the products */
	{"neg-haproxy-docs", "nginx", "200"},            /* documentation showing HAProxy's page in <pre> */
	{"neg-app-account-suspended", "nginx", "200"},   /* an application's own "Account Suspended" */
	{"neg-origin-via-cloudfront", "nginx", "404"},  /* nginx's 404 through CloudFront */
	{"neg-origin-via-akamai", "apache", "200"},      /* the site through Akamai */
	{"neg-origin-via-fastly", "gunicorn", "503"},   /* the application's maintenance page through Fastly */
	{"neg-site-200-vercel", "vercel", "200"},        /* a 200 page on Vercel quoting its error */
	{"neg-incapsula-injected", "incapsula", "200"},  /* Incapsula's script injected into the site's page */
};

static struct kb *kb;

static bool load(const char *dir, const char *name, struct response *r)
{
	char path[4096], *err = NULL;
	snprintf(path, sizeof path, "%s/layers/%s.http", dir, name);
	response_init(r);
	if (replay_load(path, r, &err) != 0) {
		printf("# %s: %s\n", path, err ? err : "?");
		free(err);
		return false;
	}
	return true;
}

static const char *entry_for(const struct response *r, const struct classification *c)
{
	static char code[32];
	struct facts *f = facts_from_probe(r, c);
	const struct kb_entry *e = kb ? engine_entry_for(kb, f) : NULL;
	snprintf(code, sizeof code, "%s", e ? e->code : "(none)");
	facts_free(f);
	return code;
}

static void show_evidence(const struct classification *c)
{
	for (size_t i = 0; i < c->evidence.n; i++)
		printf("#     evidence: %s\n", c->evidence.v[i]);
}

static void test_products(const char *dir)
{
	size_t products = 0;
	for (size_t i = 0; i < sizeof WANT / sizeof *WANT; i++) {
		const struct want *w = &WANT[i];
		struct response r;
		struct classification c;
		if (!load(dir, w->file, &r)) {
			ok(0, "%s: fixture readable", w->file);
			continue;
		}
		int failed = tap_failed;
		classification_init(&c);
		classify_response(&r, &c);
		is_str(c.server, w->server, "%s: server", w->file);
		ok(c.layer == w->layer && c.layer_page == w->page, "%s: layer %s, page %s (got %s, %s)", w->file,
		   layer_name(w->layer), layer_page_name(w->page), layer_name(c.layer) ? layer_name(c.layer) : "null",
		   layer_page_name(c.layer_page));
		is_str(c.reference, w->reference, "%s: reference", w->file);
		ok(c.soft_error == w->soft, "%s: soft_error %s with status %d", w->file, w->soft ? "true" : "false", r.status);
		ok(c.product && c.product[0], "%s: the product is named for people (%s)", w->file, c.product ? c.product : "null");
		ok(c.layer_evidence && c.evidence.n, "%s: evidence says what showed the page", w->file);
		if (kb)
			is_str(entry_for(&r, &c), w->entry, "%s: the probe starts at entry %s", w->file, w->entry);
		if (tap_failed != failed)
			show_evidence(&c);
		else
			products++;
		classification_free(&c);
		response_free(&r);
	}
	for (size_t i = 0; i < sizeof CPANEL / sizeof *CPANEL; i++) {
		struct response r;
		struct classification c;
		if (!load(dir, CPANEL[i].file, &r))
			continue;
		classification_init(&c);
		classify_response(&r, &c);
		ok(c.layer == LAYER_ORIGIN && c.layer_page == LPAGE_NONE,
		   "%s: the page alone, at its own URL, proves nothing", CPANEL[i].file);
		classification_free(&c);
		r.final_url = xstrdup(CPANEL[i].final_url);
		classification_init(&c);
		classify_response(&r, &c);
		ok(c.layer == LAYER_HOSTING && c.layer_page == CPANEL[i].page && c.soft_error &&
		   c.server && strcmp(c.server, "cpanel") == 0,
		   "%s: ending at %s it is cPanel's %s page, a soft error", CPANEL[i].file, CPANEL[i].final_url,
		   layer_page_name(CPANEL[i].page));
		if (kb)
			is_str(entry_for(&r, &c), CPANEL[i].entry, "%s: the probe starts at %s", CPANEL[i].file, CPANEL[i].entry);
		classification_free(&c);
		response_free(&r);
	}
	printf("# fixtures: %zu/%zu product pages named with layer, page and reference\n", products,
	       sizeof WANT / sizeof *WANT);
}

static void test_negatives(const char *dir)
{
	size_t fp = 0;
	for (size_t i = 0; i < sizeof NEGATIVE / sizeof *NEGATIVE; i++) {
		struct response r;
		struct classification c;
		if (!load(dir, NEGATIVE[i].file, &r)) {
			ok(0, "%s: fixture readable", NEGATIVE[i].file);
			continue;
		}
		classification_init(&c);
		classify_response(&r, &c);
		bool clean = c.layer == LAYER_ORIGIN && c.layer_page == LPAGE_NONE && !c.product &&
			     !c.reference[0] && !c.soft_error;
		ok(clean, "%s: the origin's own page (layer origin, no product, no reference, not a soft error)",
		   NEGATIVE[i].file);
		is_str(c.server, NEGATIVE[i].server, "%s: server", NEGATIVE[i].file);
		if (kb) {
			const char *e = entry_for(&r, &c);
			is_str(e, NEGATIVE[i].entry, "%s: an ordinary %d page leads to its status's entry", NEGATIVE[i].file,
			       r.status);
		}
		if (!clean) {
			fp++;
			show_evidence(&c);
		}
		classification_free(&c);
		response_free(&r);
	}
	printf("# negative controls: %zu false positives out of %zu\n", fp, sizeof NEGATIVE / sizeof *NEGATIVE);
}

/* A Cloudflare edge page is the "cdn" layer, its Ray ID the reference; its
 * own trees stay the entry (the same as before layers existed). */
static void test_cloudflare(const char *data)
{
	struct response r;
	struct classification c;
	char path[4096], *err = NULL;
	snprintf(path, sizeof path, "%s/responses/cf-1020-block.http", data);
	response_init(&r);
	if (replay_load(path, &r, &err) != 0) {
		ok(0, "cf-1020-block.http readable: %s", err ? err : "?");
		free(err);
		return;
	}
	classification_init(&c);
	classify_response(&r, &c);
	ok(c.layer == LAYER_CDN && c.layer_page == LPAGE_BLOCK && c.product && strcmp(c.product, "Cloudflare") == 0,
	   "Cloudflare's 1020 page: layer cdn, block page, product Cloudflare");
	is_str(c.reference, c.ray_id, "Cloudflare's reference is the Ray ID");
	ok(!c.soft_error, "a 403 is no soft error");
	if (kb)
		is_str(entry_for(&r, &c), "1020", "Cloudflare's 1020 still starts at its own entry");
	classification_free(&c);
	response_free(&r);

	response_init(&r);
	r.transport = TRANSPORT_TIMEOUT;
	classification_init(&c);
	classify_response(&r, &c);
	ok(c.layer == LAYER_NONE && !c.product && !c.reference[0] && !c.soft_error,
	   "a transport failure has no layer (JSON null)");
	classification_free(&c);
	response_free(&r);
}

/* ------------------------------------------------------------ the corpus */

static const struct {
	const char *file;
	int status;
	const char *server;
	enum layer_kind layer;
	enum layer_page page;
	const char *reference;
} CORPUS[] = {
	{"akamai-403-access-denied.html", 403, "akamai", LAYER_CDN, LPAGE_BLOCK, "18.ee82d717.1611391222.3e90b23"},
	{"akamai-500-read.html", 500, "akamai", LAYER_CDN, LPAGE_ORIGIN_DOWN, "3.408e0bd2.1440060800.3f3ba7c"},
	{"cloudfront-403.html", 403, "cloudfront", LAYER_CDN, LPAGE_NOT_FOUND,
	 "ru3pVPX5ADxqAbRH-kl8fSuh-GsrgiaaTDpyTLI9qgTOn-pXeBEPSQ=="},
	{"fastly-403-guru-mediation.html", 403, "fastly", LAYER_CDN, LPAGE_BLOCK, "cache-lga21925-LGA 1611375768 3689556411"},
	{"fastly-unknown-domain.html", 500, "fastly", LAYER_CDN, LPAGE_NOT_FOUND, "cache-ewr18141-EWR"},
	{"incapsula-block.html", 403, "incapsula", LAYER_WAF, LPAGE_BLOCK, "149000130052473632-108192846126056267"},
	{"sucuri-js-challenge.html", 200, "sucuri", LAYER_WAF, LPAGE_CHALLENGE, ""},
	{"heroku-application-error.html", 503, "heroku", LAYER_HOSTING, LPAGE_NO_BACKEND, ""},
	{"github-pages-404.html", 404, "github-pages", LAYER_HOSTING, LPAGE_NOT_FOUND, ""},
	{"azure-appgw-403.html", 403, "azure-appgw", LAYER_LOAD_BALANCER, LPAGE_BLOCK, ""},
	{"k8s-ingress-default-backend-404.txt", 404, "kubernetes-ingress", LAYER_LOAD_BALANCER, LPAGE_NOT_FOUND, ""},
	{"envoy-no-healthy-upstream.txt", 503, "envoy", LAYER_PROXY, LPAGE_NO_BACKEND, ""},
	{"varnish-503-backend-fetch-failed.html", 503, "varnish", LAYER_PROXY, LPAGE_ORIGIN_DOWN, "3081495"},
};

static bool corpus_response(const char *dir, const char *file, int status, struct response *r)
{
	char path[4096], *body;
	size_t len;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (file_read(path, SIZE_MAX, &body, &len) != FILE_READ_OK)
		return false;
	response_init(r);
	r->status = status;
	response_add_body(r, body, len);
	free(body);
	return true;
}

static void test_corpus(const char *dir)
{
	size_t right = 0;
	for (size_t i = 0; i < sizeof CORPUS / sizeof *CORPUS; i++) {
		struct response r;
		struct classification c;
		if (!corpus_response(dir, CORPUS[i].file, CORPUS[i].status, &r)) {
			ok(0, "%s: readable", CORPUS[i].file);
			continue;
		}
		classification_init(&c);
		classify_response(&r, &c);
		bool pass = c.server && strcmp(c.server, CORPUS[i].server) == 0 && c.layer == CORPUS[i].layer &&
			    c.layer_page == CORPUS[i].page && strcmp(c.reference, CORPUS[i].reference) == 0;
		ok(pass, "corpus %s: %s, %s, %s, reference '%s' (got %s, %s, %s, '%s')", CORPUS[i].file,
		   CORPUS[i].server, layer_name(CORPUS[i].layer), layer_page_name(CORPUS[i].page), CORPUS[i].reference,
		   c.server ? c.server : "null", layer_name(c.layer) ? layer_name(c.layer) : "null",
		   layer_page_name(c.layer_page), c.reference);
		right += pass;
		if (!pass)
			show_evidence(&c);
		classification_free(&c);
		response_free(&r);
	}
	printf("# corpus: %zu/%zu pages of CDNs, WAFs, proxies and platforms with product, layer and reference right\n",
	       right, sizeof CORPUS / sizeof *CORPUS);
}

int main(void)
{
	const char *data = getenv("TESTS_DATA");
	if (!data || !*data)
		data = "tests/data";
	const char *kbdir = getenv("HTTPDOC_KB_DIR");
	char *err = NULL;
	if (kbdir && *kbdir && kb_load(kbdir, &kb, &err) != 0) {
		ok(0, "the knowledge base loads: %s", err ? err : "?");
		free(err);
	}
	if (!kb)
		ok(1, "the entries a probe starts from # SKIP no HTTPDOC_KB_DIR");
	test_products(data);
	test_negatives(data);
	test_cloudflare(data);

	const char *corpus = getenv("CORPUS_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", corpus ? corpus : "");
	FILE *f = corpus && *corpus ? fopen(path, "r") : NULL;
	if (f) {
		fclose(f);
		test_corpus(corpus);
	} else {
		ok(1, "the corpus pages # SKIP no MANIFEST.tsv under CORPUS_DIR (%s)", corpus ? corpus : "unset");
	}
	kb_free(kb);
	return tap_done();
}
