/* classify_layer_hosts.c: the recognisers of load balancers, platform
 * routers and hosting platforms (WAFs, proxies and CDNs: classify_layer_pages.c).
 *
 * Same rules: the structure of the product's own page, a header it sets on
 * what it writes, or the exact shape of its plain-text body; never its name in
 * text. F5 BIG-IP LTM comes last: it is known by its Server header alone. */
#include <config.h>
#include "classify_layer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define VALUE(v, s) evidence_value(v, sizeof v, s)

/* ------------------------------------------------------------ load balancers */

/* Google's front end (Cloud Load Balancing, App Engine, Cloud Run): title
 * "Error 502 (Server Error)!!1", the logo span#logo, <ins>That’s an error.</ins>. */
static bool p_google(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	size_t tl = in->title ? strlen(in->title) : 0;
	if (!(in->marks & MARK_LOGO) || !text_starts(in->title, "Error ") || tl < 4 ||
	    strcmp(in->title + tl - 3, "!!1") != 0)
		return false;
	bool ins = false;
	for (size_t i = 0; i < in->s->n_elements && !ins; i++)
		ins = layer_is_tag(&in->s->elements[i], "ins") &&
		      (strcmp(in->s->elements[i].text, "That\xe2\x80\x99s an error.") == 0 ||
		       strcmp(in->s->elements[i].text, "That's an error.") == 0);
	if (!ins)
		return false;
	o->page = in->r->status == 404 ? LPAGE_NOT_FOUND : layer_lb_page(in->r->status);
	evidence_add(c, "title '%s', span#logo and <ins>That's an error.</ins> (Google front end)", VALUE(v, in->title));
	return true;
}

/* An AWS Application or Classic Load Balancer writes "Server: awselb/2.0"
 * on what it answers itself; its 403 is AWS WAF's default block response. */
static bool p_aws_elb(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *srv = layer_header_value(in->r, "server", "awselb");
	if (!srv || in->body_named)
		return false;
	if (in->r->status == 403) {
		o->name = "aws-waf";
		o->page = LPAGE_BLOCK;
		evidence_add(c, "header server: %s on a 403: AWS WAF's default block response through the load balancer",
			     VALUE(v, srv));
		return true;
	}
	o->page = layer_lb_page(in->r->status);
	evidence_add(c, "header server: %s (the load balancer answered itself)", VALUE(v, srv));
	return true;
}

/* Azure Application Gateway: nginx's layout with the footer
 * <center>Microsoft-Azure-Application-Gateway/v2</center>, or its Server header. */
static bool p_azure_appgw(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *srv = layer_header_value(in->r, "server", "Microsoft-Azure-Application-Gateway");
	const struct html_element *footer = NULL;
	for (size_t i = 0; in->s && i + 1 < in->s->n_elements && !footer; i++)
		if (layer_is_tag(&in->s->elements[i], "hr") && layer_is_tag(&in->s->elements[i + 1], "center") &&
		    text_starts(in->s->elements[i + 1].text, "Microsoft-Azure-Application-Gateway"))
			footer = &in->s->elements[i + 1];
	if (!footer && !(srv && !in->body_named))
		return false;
	int st = in->r->status;
	o->page = st == 403 ? LPAGE_BLOCK : layer_lb_page(st);
	if (footer)     /* the very line classify_server wrote for it */
		evidence_add(c, "body footer <center>%s</center>", VALUE(v, footer->text));
	else
		evidence_add(c, "header server: %s", VALUE(v, srv));
	return true;
}

/* HAProxy's built-in pages: no title, <h1>NNN Reason</h1> and one fixed sentence. */
static bool p_haproxy(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	static const struct { int status; const char *text; } SENTENCES[] = {
		{400, "Your browser sent an invalid request."},
		{403, "Request forbidden by administrative rules."},
		{408, "Your browser didn't send a complete request in time."},
		{429, "You have sent too many requests in a given amount of time."},
		{500, "An internal server error occurred."},
		{502, "The server returned an invalid or incomplete response."},
		{503, "No server is available to handle this request."},
		{504, "The server didn't respond in time."},
	};
	if (!in->s || in->title || in->s->n_elements > 4)
		return false;
	for (size_t i = 0; i < in->s->n_elements; i++)
		if (!strchr("hbp", in->s->elements[i].tag[0]) || strlen(in->s->elements[i].tag) > 4)
			return false;       /* html, body, h1 and an implied p only */
	const struct html_element *h1 = html_find_tag(in->s, "h1");
	if (!h1 || strspn(h1->text, "0123456789") != 3 || h1->text[3] != ' ')
		return false;
	int st = atoi(h1->text);
	size_t hl = strlen(h1->text);
	if (strncmp(in->text, h1->text, hl) != 0 || in->text[hl] != ' ')
		return false;
	for (size_t i = 0; i < sizeof SENTENCES / sizeof *SENTENCES; i++) {
		if (SENTENCES[i].status != st || strcmp(in->text + hl + 1, SENTENCES[i].text) != 0)
			continue;
		o->page = st == 403 || st == 429 ? LPAGE_BLOCK : layer_lb_page(st);
		evidence_add(c, "body <h1>%d ...</h1> '%s' (HAProxy's own page)", st, SENTENCES[i].text);
		return true;
	}
	return false;
}

static bool p_envoy(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	if (!layer_plain_is(in, "no healthy upstream", false) &&
	    !layer_plain_is(in, "upstream connect error or disconnect/reset before headers", true) &&
	    !layer_plain_is(in, "upstream request timeout", false))
		return false;
	o->page = LPAGE_NO_BACKEND;
	evidence_add(c, "body text '%s' (Envoy)", VALUE(v, in->text));
	return true;
}

static bool p_traefik(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!layer_plain_is(in, "no available server", false))
		return false;
	o->page = LPAGE_NO_BACKEND;
	evidence_add(c, "body text 'no available server' (Traefik: the service has no healthy server)");
	return true;
}

/* Cloud Foundry's gorouter: X-Cf-Routererror, and "404 Not Found: Requested
 * route ('HOST') does not exist." or "502 Bad Gateway: Registered endpoint
 * failed to handle the request." */
static bool p_gorouter(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *err = response_header(in->r, "x-cf-routererror");
	bool route = layer_plain_is(in, "404 Not Found: Requested route", true) ||
		     layer_plain_is(in, "503 Service Unavailable: Requested route", true);
	bool endpoint = layer_plain_is(in, "502 Bad Gateway: Registered endpoint failed", true);
	if (!err && !route && !endpoint)
		return false;
	o->page = text_ieq(err, "unknown_route") || (!err && in->r->status == 404) ? LPAGE_NOT_FOUND
		: layer_lb_page(in->r->status);
	if (err)
		evidence_add(c, "header x-cf-routererror: %s (Cloud Foundry gorouter)", VALUE(v, err));
	else
		evidence_add(c, "body text '%s' (Cloud Foundry gorouter)", VALUE(v, in->text));
	layer_ref_header(o, in->r, "x-vcap-request-id");
	return true;
}

static bool p_ingress(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!layer_plain_is(in, "default backend - 404", false))
		return false;
	o->page = LPAGE_NOT_FOUND;
	evidence_add(c, "body text 'default backend - 404' (Kubernetes ingress-nginx: no rule for this host or path)");
	return true;
}

/* F5 BIG-IP LTM answering itself ("Server: BigIP"): last, from the header alone. */
static bool p_f5_ltm(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	const char *srv = response_header(in->r, "server");
	if (in->body_named || !(text_ieq(srv, "BigIP") || text_ieq(srv, "BIG-IP")))
		return false;
	o->page = in->r->status == 503 ? LPAGE_NO_BACKEND : LPAGE_NONE;
	evidence_add(c, "header server: %s (the BIG-IP answered itself)", srv);
	return true;
}

/* ------------------------------------------------------------ hosting */

/* Heroku's router: a frame of herokucdn.com/error-pages/NAME.html. */
static bool p_heroku(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	if (!(in->marks & MARK_HEROKU) || in->s->n_elements > 16)
		return false;
	const struct html_element *e = layer_link(in->s, "herokucdn.com/error-pages/");
	if (!layer_is_tag(e, "iframe"))
		return false;
	const char *name = strstr(e->link, "error-pages/") + 12;
	o->page = strncmp(name, "application-error", 17) == 0 ? LPAGE_NO_BACKEND
		: strncmp(name, "no-such-app", 11) == 0 ? LPAGE_NOT_FOUND : LPAGE_ERROR;
	evidence_add(c, "body frame %s (Heroku router)", VALUE(v, e->link));
	return true;
}

/* Vercel: X-Vercel-Error, or its page titled "404: NOT_FOUND" with a line
 * "Code: DEPLOYMENT_NOT_FOUND"; the ID is X-Vercel-Id (also on the page). */
static bool p_vercel(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96], code[64] = "";
	const char *err = response_header(in->r, "x-vercel-error");
	if (err) {
		snprintf(code, sizeof code, "%s", err);
	} else if (in->s && in->title && strspn(in->title, "0123456789") == 3 && in->title[3] == ':') {
		const struct html_element *e = layer_text_prefix(in->s, NULL, "Code: ");
		if (e && strspn(e->text + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") >= 3 && !layer_is_tag(e, "html") && !layer_is_tag(e, "body"))
			snprintf(code, sizeof code, "%.*s", (int)strspn(e->text + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"), e->text + 6);
	}
	if (!code[0])
		return false;
	o->page = strcmp(code, "DEPLOYMENT_NOT_FOUND") == 0 || strncmp(code, "DNS_", 4) == 0 ? LPAGE_NOT_FOUND
		: strcmp(code, "NOT_FOUND") == 0 ? LPAGE_NONE
		: strcmp(code, "DEPLOYMENT_PAUSED") == 0 || strcmp(code, "DEPLOYMENT_DISABLED") == 0 ||
		  strcmp(code, "DEPLOYMENT_BLOCKED") == 0 ? LPAGE_SUSPENDED : LPAGE_ERROR;
	layer_ref_header(o, in->r, "x-vercel-id");
	const struct html_element *id = o->ref[0] ? NULL : layer_text_prefix(in->s, NULL, "ID: ");
	if (id)
		layer_ref_set(o, id->text + 4);
	evidence_add(c, "%s %s (Vercel)", err ? "header x-vercel-error:" : "body 'Code:'", VALUE(v, code));
	return true;
}

/* Netlify's answer for a host it serves no site for: "Not Found - Request ID: ID". */
static bool p_netlify(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!layer_plain_is(in, "Not Found - Request ID:", true))
		return false;
	layer_ref_set(o, in->text + 23);
	layer_ref_header(o, in->r, "x-nf-request-id");
	o->page = LPAGE_NOT_FOUND;
	evidence_add(c, "body text 'Not Found - Request ID: ...' (Netlify: no site for this host name)");
	return true;
}

/* GitHub Pages: "Site not found · GitHub Pages" with GitHub's links; a site's
 * "Page not found" is an ordinary 404 of a site that exists. */
static bool p_github_pages(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	size_t tl = in->title ? strlen(in->title) : 0;
	if (tl < 12 || strcmp(in->title + tl - 12, "GitHub Pages") != 0 ||
	    !(layer_link(in->s, "githubstatus.com") || layer_link(in->s, "help.github.com") ||
	      layer_link(in->s, "docs.github.com")))
		return false;
	o->page = text_starts(in->title, "Site not found") ? LPAGE_NOT_FOUND : LPAGE_NONE;
	layer_ref_header(o, in->r, "x-github-request-id");
	evidence_add(c, "title '%s' with GitHub's links", VALUE(v, in->title));
	return true;
}

/* cPanel: the request ended at /cgi-sys/suspendedpage.cgi (a suspended
 * account) or /cgi-sys/defaultwebpage.cgi (no site for the name yet), by a
 * redirect or a frame. A plain <a> link to one proves nothing. */
static const char *cpanel_page(const struct layer_in *in, const char *part, unsigned mark)
{
	const struct response *r = in->r;
	if (r->final_url && strstr(r->final_url, part))
		return "final URL";
	for (size_t i = 0; i < r->n_redirects; i++)
		if (r->redirects[i].location && strstr(r->redirects[i].location, part))
			return "redirect to";
	for (size_t i = 0; (in->marks & mark) && i < in->s->n_elements; i++) {
		const struct html_element *e = &in->s->elements[i];
		if (e->link && strstr(e->link, part) && (layer_is_tag(e, "iframe") || layer_is_tag(e, "frame")))
			return "frame of";
	}
	return NULL;
}

static bool p_cpanel(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	const char *how = cpanel_page(in, "/cgi-sys/suspendedpage.cgi", MARK_CPANEL_SUSPENDED);
	if (how) {
		o->page = LPAGE_SUSPENDED;
		evidence_add(c, "%s /cgi-sys/suspendedpage.cgi (cPanel's page for a suspended account)", how);
		return true;
	}
	how = cpanel_page(in, "/cgi-sys/defaultwebpage.cgi", MARK_CPANEL_DEFAULT);
	if (!how)
		return false;
	o->page = LPAGE_DEFAULT;
	evidence_add(c, "%s /cgi-sys/defaultwebpage.cgi (cPanel's default page: no site for this name)", how);
	return true;
}

/* Plesk's default page: the footer "This page was generated by Plesk" linking
 * to plesk.com (or the older "Default Parallels Plesk Panel Page" title). */
static bool p_plesk(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (text_starts(in->title, "Default Parallels Plesk")) {
		evidence_add(c, "title 'Default Parallels Plesk Panel Page'");
	} else {
		if (!(in->marks & MARK_PLESK))
			return false;
		const struct html_element *f = layer_text_prefix(in->s, NULL, "This page was generated by Plesk");
		if (!f || layer_is_tag(f, "html") || layer_is_tag(f, "body"))
			return false;
		evidence_add(c, "footer 'This page was generated by Plesk' with a link to plesk.com");
	}
	o->page = in->r->status < 300 ? LPAGE_DEFAULT : LPAGE_NONE;
	return true;
}

/* WordPress's wp_die() page (the "critical error", the database error):
 * <body id="error-page"> with div.wp-die-message, often served with 200. */
static bool p_wordpress(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	if (!(in->marks & MARK_WP_DIE))
		return false;
	const struct html_element *body = html_find_tag(in->s, "body");
	const struct html_element *msg = html_find_class(in->s, "wp-die-message");
	if (!body || !body->id || strcmp(body->id, "error-page") != 0)
		return false;
	o->page = LPAGE_ERROR;
	evidence_add(c, "body#error-page with .wp-die-message '%s' (WordPress wp_die page)", VALUE(v, msg->text));
	return true;
}

/* ------------------------------------------------------------ the table */

const struct layer_product LAYER_PRODUCTS_HOSTS[] = {
	{"google", "Google front end", LAYER_LOAD_BALANCER, p_google},
	{"aws-elb", "AWS Elastic Load Balancing", LAYER_LOAD_BALANCER, p_aws_elb},
	{"azure-appgw", "Azure Application Gateway", LAYER_LOAD_BALANCER, p_azure_appgw},
	{"haproxy", "HAProxy", LAYER_LOAD_BALANCER, p_haproxy},
	{"envoy", "Envoy", LAYER_PROXY, p_envoy},
	{"traefik", "Traefik", LAYER_PROXY, p_traefik},
	{"gorouter", "Cloud Foundry gorouter", LAYER_LOAD_BALANCER, p_gorouter},
	{"kubernetes-ingress", "Kubernetes ingress-nginx", LAYER_LOAD_BALANCER, p_ingress},
	{"heroku", "Heroku", LAYER_HOSTING, p_heroku},
	{"vercel", "Vercel", LAYER_HOSTING, p_vercel},
	{"netlify", "Netlify", LAYER_HOSTING, p_netlify},
	{"github-pages", "GitHub Pages", LAYER_HOSTING, p_github_pages},
	{"cpanel", "cPanel", LAYER_HOSTING, p_cpanel},
	{"plesk", "Plesk", LAYER_HOSTING, p_plesk},
	{"wordpress", "WordPress", LAYER_ORIGIN, p_wordpress},
	{"f5-bigip-ltm", "F5 BIG-IP LTM", LAYER_LOAD_BALANCER, p_f5_ltm},
	{NULL, NULL, LAYER_NONE, NULL},
};
