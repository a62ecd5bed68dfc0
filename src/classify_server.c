/* classify_server.c: which server software produced a page, from its body and headers.
 *
 * The body is asked first: the software that wrote the page usually signs
 * it (nginx's <center> footer, Apache's <address>, IIS's page layouts ...),
 * and a page proxied through Cloudflare or another CDN keeps its origin's
 * signature while the Server header names the proxy. The pages CDNs, WAFs,
 * load balancers and hosting platforms write themselves are classify_layer.c's. Then the headers. Last,
 * template shapes that name nothing (Apache's canned page with the signature
 * off, OpenLiteSpeed's 503): they yield to any header. A page that names
 * nothing leaves the server unknown. */
#include <config.h>
#include "classify_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct found {
	char name[40];          /* vocabulary word, "" = nothing found */
	char *detail;           /* version string as shown, owned */
	char *substatus;        /* IIS sub-status, owned */
	bool weak;              /* a template shape, not a signature */
	char evidence[200];
};

/* Record a finding; the evidence line is before + value (cut) + after. */
static bool found_set(struct found *f, const char *name, const char *detail,
		      const char *before, const char *value, const char *after)
{
	char v[96];
	snprintf(f->name, sizeof f->name, "%s", name);
	free(f->detail);
	f->detail = detail && *detail ? xstrdup(evidence_value(v, sizeof v, detail)) : NULL;
	snprintf(f->evidence, sizeof f->evidence, "%s%s%s", before, evidence_value(v, sizeof v, value), after);
	return true;
}

/* Product words as servers send them (lower case, up to '/', ' ' or '(')
 * and the vocabulary word for each. */
static const struct { const char *product, *name; } products[] = {
	{"nginx", "nginx"}, {"apache", "apache"}, {"ibm_http_server", "apache"},
	{"oracle-http-server", "apache"}, {"microsoft-iis", "iis"}, {"microsoft-httpapi", "iis"},
	{"litespeed", "litespeed"}, {"openlitespeed", "litespeed"}, {"lsws", "litespeed"},
	{"openresty", "openresty"}, {"tengine", "tengine"}, {"caddy", "caddy"},
	{"varnish", "varnish"}, {"akamaighost", "akamai"}, {"akamainetstorage", "akamai"},
	{"cloudfront", "cloudfront"}, {"amazons3", "amazon-s3"}, {"awselb", "aws-elb"},
	{"envoy", "envoy"}, {"istio-envoy", "envoy"}, {"jetty", "jetty"},
	{"apache-coyote", "tomcat"}, {"kestrel", "kestrel"}, {"github.com", "github-pages"},
	{"gws", "google"}, {"gse", "google"}, {"esf", "google"}, {"google", "google"},
	{"microsoft-azure-application-gateway", "azure-appgw"}, {"sucuri", "sucuri"},
	{"ats", "apache-traffic-server"}, {"express", "express"},
};

/* The product word of a Server-like value ("Apache/2.4.29 (Ubuntu)" gives
 * "apache"), lower case, into buf; NULL when it is not a plain token. */
static const char *product_word(const char *value, char *buf, size_t size)
{
	size_t n = 0;
	if (!value)
		return NULL;
	for (; value[n] && value[n] != '/' && value[n] != ' ' && value[n] != '('; n++) {
		unsigned char ch = (unsigned char)value[n];
		if (n + 1 >= size || !(isalnum(ch) || ch == '-' || ch == '_' || ch == '.'))
			return NULL;
		buf[n] = (char)tolower(ch);
	}
	buf[n] = '\0';
	return n ? buf : NULL;
}

/* The vocabulary word for a product word: the table's, or with generic the
 * word itself (an unknown product that a header or footer slot names). */
static const char *product_name(const char *word, bool generic)
{
	if (!word)
		return NULL;
	for (size_t i = 0; i < sizeof products / sizeof *products; i++)
		if (strcmp(products[i].product, word) == 0)
			return products[i].name;
	return generic ? word : NULL;
}

static const struct html_element *find_text_prefix(const struct html_scan *s, const char *tag,
						   const char *prefix)
{
	for (size_t i = 0; i < s->n_elements; i++)
		if ((!tag || strcmp(s->elements[i].tag, tag) == 0) && text_starts(s->elements[i].text, prefix))
			return &s->elements[i];
	return NULL;
}

static const struct html_element *find_link(const struct html_scan *s, const char *part)
{
	for (size_t i = 0; i < s->n_elements; i++)
		if (s->elements[i].link && strstr(s->elements[i].link, part))
			return &s->elements[i];
	return NULL;
}

static bool is_tag(const struct html_element *e, const char *tag)
{
	return e && strcmp(e->tag, tag) == 0;
}

/* ------------------------------------------------------------ body signatures */

/* nginx and its kin end their pages with <hr><center>PRODUCT[/VERSION]</center>
 * (tengine too, behind an Apache-like doctype). An unlisted product counts
 * only in the full layout: a "NNN Reason" title and an <h1>. */
static bool body_center_footer(const struct html_scan *s, struct found *f)
{
	for (size_t i = 0; i + 1 < s->n_elements; i++) {
		const struct html_element *hr = &s->elements[i], *foot = hr + 1;
		if (!is_tag(hr, "hr") || !is_tag(foot, "center") || !foot->text[0])
			continue;
		if (text_ieq(foot->text, "cloudflare") || text_ieq(foot->text, "cloudflare-nginx"))
			return false;       /* Cloudflare's own page: not an origin's */
		char buf[48];
		int status;
		const char *reason;
		const char *word = product_word(foot->text, buf, sizeof buf);
		bool layout = title_status(s->title, &status, &reason) && html_find_tag(s, "h1");
		const char *name = product_name(word, layout);
		if (!name)
			continue;
		return found_set(f, name, strchr(foot->text, '/') ? foot->text : NULL,
				 "body footer <center>", foot->text, "</center>");
	}
	return false;
}

/* Apache's signature: <address>Apache/2.4.29 (Ubuntu) Server at HOST Port 80</address>. */
static bool body_address(const struct html_scan *s, struct found *f)
{
	const struct html_element *e = html_find_tag(s, "address");
	const char *at = e ? strstr(e->text, " Server at ") : NULL;
	if (!at)
		return false;
	char product[96], buf[48];
	size_t n = (size_t)(at - e->text);
	if (n >= sizeof product)
		n = sizeof product - 1;
	memcpy(product, e->text, n);
	product[n] = '\0';
	const char *name = product_name(product_word(product, buf, sizeof buf), true);
	if (!name)
		return false;
	return found_set(f, name, text_ieq(product, "Apache") ? NULL : product, "body <address>", e->text, "</address>");
}

/* "HTTP Error 403.14 - Forbidden" (IIS detailed errors, the ASP.NET Core
 * Module's "HTTP Error 500.37 - ANCM ..."): the sub-status into buf. */
static bool iis_substatus_of(const char *t, char *buf, size_t size)
{
	if (!text_starts(t, "HTTP Error "))
		return false;
	t += 11;
	size_t n = strspn(t, "0123456789");
	if (n != 3 || t[3] != '.')
		return false;
	size_t m = strspn(t + 4, "0123456789");
	if (m == 0 || m > 3 || strncmp(t + 4 + m, " - ", 3) != 0 || 4 + m >= size)
		return false;
	memcpy(buf, t, 4 + m);
	buf[4 + m] = '\0';
	return true;
}

/* IIS in its forms: the detailed error (IIS 7.5's #server_version, or an
 * h1-h3 "HTTP Error NNN.N - " heading: IIS 8+ and ANCM), the custom error
 * layout (div#header h1, .content-container fieldset h2 "404 - ..."),
 * HTTP.sys's own page ("HTTP Error 404. ..." under an h2 that starts with
 * the title) and ASP.NET's "Server Error in '/' Application.". */
static bool body_iis(const struct html_scan *s, struct found *f)
{
	char sub[16];
	const struct html_element *e;
	const struct html_element *heading = NULL;
	for (size_t i = 0; i < s->n_elements && !heading; i++) {
		e = &s->elements[i];
		if ((is_tag(e, "h1") || is_tag(e, "h2") || is_tag(e, "h3")) && iis_substatus_of(e->text, sub, sizeof sub)) {
			f->substatus = xstrdup(sub);
			heading = e;
		}
	}
	e = html_find_id(s, "server_version");
	if (e && text_starts(e->text, "Internet Information Services"))
		return found_set(f, "iis", e->text, "body #server_version '", e->text, "' (IIS detailed error)");
	if (heading)
		return found_set(f, "iis", NULL, "body heading '", heading->text, "' (IIS detailed error)");
	const struct html_element *header = html_find_id(s, "header");
	if (header && html_find_tag(s, "h1") > header &&
	    html_find_class(s, "content-container") && html_find_tag(s, "fieldset")) {
		for (size_t i = 0; i < s->n_elements; i++) {
			e = &s->elements[i];
			size_t d = strspn(e->text, "0123456789");
			if (is_tag(e, "h2") && d == 3 && (strncmp(e->text + 3, " - ", 3) == 0 || e->text[3] == '.'))
				return found_set(f, "iis", NULL, "body IIS error page (div#header h1, .content-container fieldset h2 '", e->text, "')");
		}
	}
	const struct html_element *p = find_text_prefix(s, "p", "HTTP Error ");
	const struct html_element *h2 = html_find_tag(s, "h2");
	if (p && h2 && strspn(p->text + 11, "0123456789") == 3 && p->text[14] == '.' && s->title &&
	    strncmp(h2->text, s->title, strlen(s->title)) == 0)
		return found_set(f, "iis", NULL, "body HTTP.sys error page '", p->text, "'");
	e = find_text_prefix(s, "h1", "Server Error in '");
	if (e && strstr(e->text, "' Application")) {
		const char *v = strstr(s->visible_text, "ASP.NET Version:");
		char detail[64] = "";
		if (v) {
			size_t n = 16 + strspn(v + 16, "0123456789.");
			snprintf(detail, sizeof detail, "%.*s", (int)(n < 60 ? n : 60), v);
		}
		return found_set(f, "iis", detail, "body ASP.NET error page '", e->text, "'");
	}
	return false;
}

static bool body_litespeed(const struct html_scan *s, struct found *f)
{
	const struct html_element *e = find_text_prefix(s, NULL, "Proudly powered by LiteSpeed");
	if (e)
		return found_set(f, "litespeed", NULL, "body footer '", "Proudly powered by LiteSpeed Web Server", "'");
	if (find_link(s, "litespeedtech.com/error-page"))
		return found_set(f, "litespeed", NULL, "body link ", "litespeedtech.com/error-page", "");
	return false;
}

/* Tomcat's error report valve: <h3>Apache Tomcat/8.5.57</h3>, the old title
 * "Apache Tomcat/8.0.23 - Error report", or its "HTTP Status 404 – Not
 * Found" heading when the version is hidden. */
static bool body_tomcat(const struct html_scan *s, struct found *f)
{
	const struct html_element *e = find_text_prefix(s, "h3", "Apache Tomcat");
	if (e)
		return found_set(f, "tomcat", e->text, "body <h3>", e->text, "</h3>");
	if (text_starts(s->title, "Apache Tomcat/")) {
		char detail[64];
		snprintf(detail, sizeof detail, "%.*s", (int)strcspn(s->title, " "), s->title);
		return found_set(f, "tomcat", detail, "title '", s->title, "'");
	}
	e = find_text_prefix(s, "h1", "HTTP Status ");
	if (e && s->title && strcmp(e->text, s->title) == 0 && strspn(e->text + 12, "0123456789") == 3 &&
	    (strncmp(e->text + 15, " \xe2\x80\x93 ", 5) == 0 || strncmp(e->text + 15, " - ", 3) == 0))
		return found_set(f, "tomcat", NULL, "body title and <h1> '", e->text, "' (Tomcat error report)");
	return false;
}

static bool body_jetty(const struct html_scan *s, struct found *f)
{
	const struct html_element *e = find_text_prefix(s, NULL, "Powered by Jetty://");
	if (!e)
		e = find_link(s, "eclipse.org/jetty");
	if (!e)
		return false;
	const char *t = text_starts(e->text, "Powered by ") ? e->text + 11 : NULL;
	return found_set(f, "jetty", t, "body '", e->text, "'");
}

/* Rails' stock public error pages (404.html, 422.html, 500.html). The pages
 * of CDNs, WAFs, load balancers and hosting platforms are recognised by
 * classify_layer.c, which also names their server. */
static bool body_rails(const struct html_scan *s, struct found *f)
{
	const struct html_element *e = find_text_prefix(s, "p", "If you are the application owner check the logs");
	if (e && html_find_class(s, "dialog"))
		return found_set(f, "rails", NULL, "body Rails public error page (div.dialog, '", e->text, "')");
	return false;
}

/* Whole-body texts of servers that send no markup. */
static bool body_plain(const struct html_scan *s, struct found *f)
{
	static const struct { const char *text, *name; bool prefix; } plain[] = {
		{"404 page not found", "go", false},
	};
	const char *t = s->visible_text;
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (plain[i].prefix ? str_istarts(t, plain[i].text) : strcmp(t, plain[i].text) == 0)
			return found_set(f, plain[i].name, NULL, "body text '", t, "'");
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };
	if (strncmp(t, "Cannot ", 7) == 0) {
		for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
			size_t n = strlen(methods[i]);
			if (strncmp(t + 7, methods[i], n) == 0 && t[7 + n] == ' ' && t[8 + n] == '/' && !strchr(t + 8 + n, ' '))
				return found_set(f, "express", NULL, "body text '", t, "' (Express)");
		}
	}
	return false;
}

/* Apache's canned page with ServerSignature Off: HTML 2.0 doctype, title
 * "NNN Reason", <h1>Reason</h1>, no other signature. */
static bool shape_apache(const struct html_scan *s, struct found *f)
{
	int status;
	const char *reason;
	if (!s->doctype_public || strcmp(s->doctype_public, "-//IETF//DTD HTML 2.0//EN") != 0 ||
	    !title_status(s->title, &status, &reason))
		return false;
	const struct html_element *h1 = html_find_tag(s, "h1");
	if (!h1 || strcmp(h1->text, reason) != 0)
		return false;
	f->weak = true;
	return found_set(f, "apache", NULL, "body Apache canned page shape (HTML 2.0 doctype, <h1>", reason, "</h1>), no signature");
}

/* (Open)LiteSpeed's page without its footer (the 503): body > div > div >
 * h1 "503" then h2 "Service Unavailable", matching the title. */
static bool shape_litespeed(const struct html_scan *s, struct found *f)
{
	int status;
	const char *reason;
	if (!title_status(s->title, &status, &reason))
		return false;
	char num[8];
	snprintf(num, sizeof num, "%d", status);
	for (size_t i = 0; i + 1 < s->n_elements; i++) {
		const struct html_element *h1 = &s->elements[i], *h2 = h1 + 1;
		if (!is_tag(h1, "h1") || strcmp(h1->text, num) || !is_tag(h2, "h2") || strcmp(h2->text, reason))
			continue;
		const struct html_element *d1 = html_parent(s, h1);
		const struct html_element *d2 = d1 ? html_parent(s, d1) : NULL;
		const struct html_element *body = d2 ? html_parent(s, d2) : NULL;
		if (is_tag(d1, "div") && is_tag(d2, "div") && is_tag(body, "body")) {
			f->weak = true;
			return found_set(f, "litespeed", NULL, "body LiteSpeed error page shape (div>div>h1 NNN, h2 '", reason, "'), no brand");
		}
	}
	return false;
}

static void body_software(const struct html_scan *s, struct found *f)
{
	bool (*const strong[])(const struct html_scan *, struct found *) = {
		body_center_footer, body_address, body_iis, body_litespeed, body_tomcat, body_jetty,
		body_rails, body_plain,
	};
	for (size_t i = 0; i < sizeof strong / sizeof *strong; i++)
		if (strong[i](s, f))
			return;
	if (!shape_apache(s, f))
		shape_litespeed(s, f);
}

/* ------------------------------------------------------------ headers */

/* The Server header first (not Cloudflare's own: that is the proxy), then
 * headers that name a product or a platform. */
static void header_software(const struct response *r, struct found *f)
{
	char buf[48];
	const char *v = response_header(r, "server");
	if (v && !text_ieq(v, "cloudflare") && !text_ieq(v, "cloudflare-nginx")) {
		const char *name = product_name(product_word(v, buf, sizeof buf), true);
		if (name) {
			found_set(f, name, strpbrk(v, "0123456789") ? v : NULL, "header server: ", v, "");
			return;
		}
	}
	v = response_header(r, "x-powered-by");
	if (text_starts(v, "ASP.NET")) {
		found_set(f, "iis", NULL, "header x-powered-by: ", v, "");
		return;
	}
	if (text_ieq(v, "Express")) {
		found_set(f, "express", NULL, "header x-powered-by: ", v, "");
		return;
	}
	static const struct { const char *header, *part, *name; } marks[] = {
		{"via", "varnish", "varnish"}, {"via", "cloudfront", "cloudfront"}, {"via", "vegur", "heroku"},
		{"x-served-by", "cache-", "fastly"}, {"x-cache", "cloudfront", "cloudfront"},
		{"x-amz-cf-id", "", "cloudfront"}, {"x-varnish", "", "varnish"},
		{"x-sucuri-id", "", "sucuri"}, {"x-iinfo", "", "incapsula"},
	};
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
		v = response_header(r, marks[i].header);
		if (v && str_icase_find(v, strlen(v), marks[i].part)) {
			char line[40];
			snprintf(line, sizeof line, "header %s: ", marks[i].header);
			found_set(f, marks[i].name, NULL, line, v, "");
			return;
		}
	}
}

static void found_free(struct found *f)
{
	free(f->detail);
	free(f->substatus);
}

bool classify_server(const struct response *r, const struct html_scan *scan, bool edge,
		     struct classification *c)
{
	struct found body, head;
	memset(&body, 0, sizeof body);
	memset(&head, 0, sizeof head);
	if (edge) {
		c->server = xstrdup("cloudflare");
		return true;
	}
	if (scan)
		body_software(scan, &body);
	header_software(r, &head);

	struct found *use = NULL;
	if (body.name[0] && !body.weak)
		use = &body;
	else if (head.name[0])
		use = &head;
	else if (body.name[0])
		use = &body;
	if (body.name[0])
		evidence_add(c, "%s", body.evidence);
	if (head.name[0])
		evidence_add(c, "%s", head.evidence);
	if (use) {
		c->server = xstrdup(use->name);
		c->server_evidence = xstrdup(use->evidence);
		c->server_detail = xstrdup(use->detail);
		if (!c->server_detail && use == &body && head.name[0] && strcmp(head.name, body.name) == 0)
			c->server_detail = xstrdup(head.detail);
	}
	if (body.substatus && c->server && strcmp(c->server, "iis") == 0)
		c->iis_substatus = xstrdup(body.substatus);
	bool signed_body = body.name[0] && !body.weak;
	found_free(&body);
	found_free(&head);
	return signed_body;
}
