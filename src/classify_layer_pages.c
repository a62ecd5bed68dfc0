/* classify_layer_pages.c: the recognisers of WAFs, bot protections, proxies
 * and CDNs (load balancers and hosting platforms: classify_layer_hosts.c).
 *
 * Each recogniser asks for the structure of the product's own page (its
 * title, ids, classes, a footer, the links it loads, the header it sets on
 * what it writes, the exact shape of a plain-text body) and reads the ID the
 * page or a header gives. A page that merely talks about a product (a blog
 * post quoting F5's wording, a status page listing Akamai) has none of that
 * structure. Rows are ordered most specific first; cheap tests come first in
 * each recogniser so that a page of another kind leaves at once. */
#include <config.h>
#include "classify_layer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define VALUE(v, s) evidence_value(v, sizeof v, s)

/* A JavaScript string literal right after p ("= 'abc'"), into out's ref. */
static void ref_js_string(struct layer_seen *out, const char *p)
{
	p += strspn(p, " \t=:");
	if (*p == '\'' || *p == '"')
		layer_ref_set(out, p + 1);
}

/* ------------------------------------------------------------ WAFs and bot protections */

/* F5 BIG-IP ASM / Advanced WAF (and NGINX App Protect): the default blocking
 * page, served with 200: title "Request Rejected", text "The requested URL
 * was rejected. Please consult with your administrator. Your support ID is: N". */
static bool p_f5_asm(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!text_ieq(in->title, "Request Rejected") ||
	    !str_istarts(in->text, "The requested URL was rejected. Please consult with your administrator."))
		return false;
	const char *id = strstr(in->text, "support ID is:");
	if (id)
		layer_ref_set(o, id + 14);
	o->page = LPAGE_BLOCK;
	evidence_add(c, "title 'Request Rejected' and text 'The requested URL was rejected. Please consult with "
		     "your administrator.' (F5 BIG-IP ASM blocking page)");
	return true;
}

/* PerimeterX (HUMAN): the block template sets window._pxAppId and
 * window._pxUuid (the reference ID) and renders into div#px-captcha. */
static bool p_perimeterx(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!strstr(in->script, "window._pxAppId"))
		return false;
	const char *uuid = strstr(in->script, "window._pxUuid");
	if (!uuid && !(in->marks & MARK_PX_CAPTCHA))
		return false;
	if (uuid)
		ref_js_string(o, uuid + 14);
	o->page = LPAGE_BLOCK;
	evidence_add(c, "script window._pxAppId with %s (PerimeterX block page)",
		     uuid ? "window._pxUuid" : "div#px-captcha");
	return true;
}

/* DataDome: var dd={'rt':..,'cid':..,'host':'geo.captcha-delivery.com'} and
 * its captcha script; 't':'bv' is a hard block, anything else a challenge. */
static bool p_datadome(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	const char *dd = strstr(in->script, "var dd=");
	if (!dd)
		dd = strstr(in->script, "var dd =");
	if (!dd || !(strstr(dd, "captcha-delivery.com") || (in->marks & MARK_DATADOME)))
		return false;
	bool banned = strstr(dd, "'t':'bv'") != NULL;
	o->page = banned ? LPAGE_BLOCK : LPAGE_CHALLENGE;
	evidence_add(c, "script var dd={...} with captcha-delivery.com (DataDome %s)",
		     banned ? "block" : "challenge");
	return true;
}

/* AWS WAF: the x-amzn-waf-action header on its challenge and CAPTCHA answers
 * (202 and 405), or the challenge page loading *.awswaf.com's script. */
static bool p_aws_waf(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *action = response_header(in->r, "x-amzn-waf-action");
	bool body = (in->marks & MARK_AWSWAF) &&
		    (strstr(in->script, "AwsWafIntegration") || strstr(in->script, "gokuProps"));
	if (!action && !body)
		return false;
	o->page = action && text_ieq(action, "block") ? LPAGE_BLOCK : LPAGE_CHALLENGE;
	if (action)
		evidence_add(c, "header x-amzn-waf-action: %s (AWS WAF)", VALUE(v, action));
	if (body)
		evidence_add(c, "script from *.awswaf.com with AwsWafIntegration (AWS WAF challenge page)");
	layer_ref_header(o, in->r, "x-amzn-requestid");
	layer_ref_header(o, in->r, "x-amz-cf-id");
	return true;
}

/* Imperva Incapsula: the block page frames /_Incapsula_Resource?...&incident_id=ID
 * (or says "Incapsula incident ID: ID"). Its bot script alone, which it injects
 * into ordinary pages, is not a block. */
static bool p_incapsula(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!(in->marks & MARK_INCAPSULA))
		return false;
	const struct html_element *e = layer_link(in->s, "incident_id=");
	const char *t = strstr(in->text, "Incapsula incident ID:");
	if (e && strstr(e->link, "_Incapsula_Resource"))
		layer_ref_set(o, strstr(e->link, "incident_id=") + 12);
	else if (t)
		layer_ref_set(o, t + 22);
	else
		return false;
	o->page = LPAGE_BLOCK;
	evidence_add(c, "body /_Incapsula_Resource frame with an incident ID (Imperva Incapsula block page)");
	return true;
}

/* Sucuri: the JavaScript cookie challenge (sucuri_cloudproxy_js, 200), or the
 * block page with its stylesheet and a "Block ID:" row (also in X-Sucuri-Block). */
static bool p_sucuri(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (strstr(in->script, "sucuri_cloudproxy_js")) {
		o->page = LPAGE_CHALLENGE;
		evidence_add(c, "script sucuri_cloudproxy_js (Sucuri's JavaScript challenge)");
		return true;
	}
	if (!(in->marks & MARK_SUCURI) &&
	    !(text_starts(in->title, "Sucuri WebSite Firewall") && response_header(in->r, "x-sucuri-id")))
		return false;
	for (size_t i = 0; in->s && i < in->s->n_elements && !o->ref[0]; i++) {
		const struct html_element *e = &in->s->elements[i], *next;
		if (layer_is_tag(e, "td") && text_ieq(e->text, "Block ID:") && (next = html_next_sibling(in->s, e)))
			layer_ref_set(o, next->text);
	}
	layer_ref_header(o, in->r, "x-sucuri-block");
	o->page = LPAGE_BLOCK;
	evidence_add(c, "%s (Sucuri Website Firewall block page)", (in->marks & MARK_SUCURI)
		     ? "stylesheet sucuri-firewall-block.css" : "title 'Sucuri WebSite Firewall' and header x-sucuri-id");
	return true;
}

/* Wordfence (WordPress): the block view's div.top-accent and table.block-data
 * with its "Block Reason" cell, and a link to wordfence.com or the "Generated
 * by Wordfence" line. It names no ID; the reason goes to the evidence. */
static bool p_wordfence(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	if (!in->s || !html_find_class(in->s, "block-data") || !html_find_class(in->s, "top-accent"))
		return false;
	const struct html_element *gen = html_find_class(in->s, "generated");
	if (!(in->marks & MARK_WORDFENCE) && !(gen && text_starts(gen->text, "Generated by Wordfence")))
		return false;
	o->page = LPAGE_BLOCK;
	evidence_add(c, "body div.top-accent and table.block-data (Wordfence block page)");
	for (size_t i = 0; i < in->s->n_elements; i++) {
		const struct html_element *e = &in->s->elements[i];
		if (layer_is_tag(e, "td") && html_element_has_class(e, "reason")) {
			evidence_add(c, "Wordfence block reason: '%s'", VALUE(v, e->text));
			break;
		}
	}
	return true;
}

/* Imunify360: its WebShield answers with "Server: imunify360-webshield";
 * its bot protection's page opens with "Access denied by Imunify360". */
static bool p_imunify360(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *srv = layer_header_value(in->r, "server", "imunify360");
	const struct html_element *e = layer_text_prefix(in->s, NULL, "Access denied by Imunify360");
	if (!srv && !(e && !layer_is_tag(e, "html")))
		return false;
	o->page = LPAGE_BLOCK;
	if (srv)
		evidence_add(c, "header server: %s", VALUE(v, srv));
	if (e)
		evidence_add(c, "body <%s> '%s'", e->tag, VALUE(v, e->text));
	return true;
}

/* ModSecurity: the "ModSecurity Action" reason phrase, or the shared-hosting
 * page "Not Acceptable!" that says it was generated by Mod_Security. */
static bool p_modsecurity(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (text_starts(in->r->reason, "ModSecurity Action")) {
		o->page = LPAGE_BLOCK;
		evidence_add(c, "reason phrase 'ModSecurity Action'");
		return true;
	}
	if (!in->s || !text_ieq(in->title, "Not Acceptable!"))
		return false;
	const struct html_element *h1 = html_find_tag(in->s, "h1");
	const struct html_element *p = layer_text_prefix(in->s, "p", "An appropriate representation");
	if (!h1 || !text_ieq(h1->text, "Not Acceptable!") || !p ||
	    !str_icase_find(p->text, strlen(p->text), "generated by Mod_Security"))
		return false;
	o->page = LPAGE_BLOCK;
	evidence_add(c, "title and <h1> 'Not Acceptable!' with 'This error was generated by Mod_Security.'");
	return true;
}

/* ------------------------------------------------------------ proxies */

/* Microsoft Forefront TMG / ISA Server: "Error Code: 403 Forbidden. Forefront
 * TMG denied the specified Uniform Resource Locator (URL). (12202)" in its
 * technical-information list. */
static bool p_tmg(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	for (size_t i = 0; in->s && i < in->s->n_elements; i++) {
		const struct html_element *e = &in->s->elements[i];
		if (!layer_is_tag(e, "li") || strncmp(e->text, "Error Code:", 11) != 0 ||
		    (!strstr(e->text, "Forefront TMG") && !strstr(e->text, "ISA Server")))
			continue;
		const char *paren = strrchr(e->text, '(');
		long code = paren ? strtol(paren + 1, NULL, 10) : 0;
		o->page = code == 12202 || code == 12217 ? LPAGE_BLOCK
			: code == 10060 || code == 10061 || code == 10065 || code == 11001 ? LPAGE_ORIGIN_DOWN
			: LPAGE_ERROR;
		evidence_add(c, "body '%s' (Forefront TMG / ISA Server error page)", VALUE(v, e->text));
		return true;
	}
	return false;
}

/* Squid: <body id="ERR_...">, div#titles and a footer "Generated ... by
 * HOST (squid/N)"; or its X-Squid-Error header. The code names the page. */
static bool p_squid(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	char v[96];
	const char *hdr = layer_header_value(in->r, "x-squid-error", "ERR_");
	const char *code = hdr;
	if (in->marks & MARK_SQUID) {
		const struct html_element *body = html_find_tag(in->s, "body");
		const struct html_element *foot = html_find_id(in->s, "footer");
		if (body && html_find_id(in->s, "titles") && foot && strstr(foot->text, "(squid")) {
			code = body->id;
			evidence_add(c, "body id %s with div#titles and footer '%s' (Squid error page)",
				     VALUE(v, body->id), VALUE(v, foot->text));
		}
	}
	if (!code)
		return false;
	if (hdr)
		evidence_add(c, "header x-squid-error: %s", VALUE(v, hdr));
	o->page = str_istarts(code, "ERR_ACCESS_DENIED") || str_istarts(code, "ERR_CACHE_ACCESS_DENIED") ? LPAGE_BLOCK
		: str_istarts(code, "ERR_CONNECT_FAIL") || str_istarts(code, "ERR_READ_TIMEOUT") ||
		  str_istarts(code, "ERR_DNS_FAIL") || str_istarts(code, "ERR_CANNOT_FORWARD") ||
		  str_istarts(code, "ERR_ZERO_SIZE_OBJECT") || str_istarts(code, "ERR_READ_ERROR") ? LPAGE_ORIGIN_DOWN
		: LPAGE_ERROR;
	return true;
}

/* ------------------------------------------------------------ CDNs */

/* Akamai (AkamaiGHost): a page of a few elements whose <h1> repeats the
 * title, ending with "Reference #18.ee82d717.1611391222.3e90b23" (and, on
 * newer pages, a link to errors.edgesuite.net). "Access Denied" is a block;
 * its 5xx pages say it could not read or reach the origin. */
static bool p_akamai(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!in->s || in->s->n_elements > 16 || !in->title)
		return false;
	const struct html_element *h1 = html_find_tag(in->s, "h1");
	if (!h1 || !text_starts(h1->text, in->title))
		return false;   /* its <h1> repeats the title: "Access Denied", "Internal Server Error - Read" */
	const char *p = strstr(in->text, "Reference #");
	if (!p)
		return false;
	const char *q = p + 11;
	size_t a = strspn(q, "0123456789");
	if (!a || q[a] != '.' || strspn(q + a + 1, "0123456789abcdef") < 6)
		return false;
	layer_ref_set(o, q);
	const char *after = q + strlen(o->ref);
	if (*after && !str_istarts(after, " https://errors.edgesuite.net/"))
		return false;   /* the reference ends the page (or precedes its own link) */
	o->page = text_ieq(in->title, "Access Denied") ? LPAGE_BLOCK
		: in->r->status >= 500 ? LPAGE_ORIGIN_DOWN : LPAGE_ERROR;
	evidence_add(c, "title and <h1> '%s', then 'Reference #%s' (Akamai error page)", h1->text, o->ref);
	return true;
}

/* Amazon CloudFront: title "ERROR: The request could not be satisfied", the
 * <pre> "Generated by cloudfront (CloudFront) Request ID: ...". */
static bool p_cloudfront(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!in->s || !text_ieq(in->title, "ERROR: The request could not be satisfied"))
		return false;
	const struct html_element *pre = layer_text_prefix(in->s, "pre", "Generated by cloudfront (CloudFront)");
	if (!pre)
		return false;
	const char *id = strstr(pre->text, "Request ID:");
	if (id)
		layer_ref_set(o, id + 11);
	layer_ref_header(o, in->r, "x-amz-cf-id");
	int st = in->r->status;
	o->page = st == 502 || st == 504 ? LPAGE_ORIGIN_DOWN
		: st == 403 && strstr(in->text, "Request blocked.") ? LPAGE_BLOCK
		: st == 403 && strstr(in->text, "Bad request.") ? LPAGE_NOT_FOUND
		: LPAGE_ERROR;
	evidence_add(c, "title 'ERROR: The request could not be satisfied' and <pre> 'Generated by cloudfront (CloudFront)'");
	return true;
}

/* Fastly: a small synthetic page with "Guru Mediation:" and "Details:
 * cache-SITE ..." (the reference), or "Fastly error: unknown domain". */
static bool p_fastly(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	bool unknown = text_starts(in->title, "Fastly error: unknown domain");
	if (!in->s || in->s->n_elements > 24)
		return false;
	const struct html_element *guru = layer_text_prefix(in->s, NULL, "Guru Mediation:");
	const struct html_element *det = layer_text_prefix(in->s, "p", "Details: cache-");
	if (!unknown && !(guru && det))
		return false;
	if (det)        /* "cache-lga21925-LGA 1611375768 3689556411": the node, time and request */
		snprintf(o->ref, sizeof o->ref, "%s", det->text + 9);
	o->page = unknown ? LPAGE_NOT_FOUND : in->r->status == 503 ? LPAGE_ORIGIN_DOWN
		: in->r->status == 403 ? LPAGE_BLOCK : LPAGE_ERROR;
	evidence_add(c, unknown ? "title 'Fastly error: unknown domain'" : "body 'Guru Mediation:' and 'Details: cache-...' (Fastly)");
	return true;
}

/* Varnish's built-in page: "Guru Meditation:" and "XID: N" (the reference). */
static bool p_varnish(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	if (!in->s || in->s->n_elements > 24)
		return false;
	const struct html_element *guru = layer_text_prefix(in->s, "h3", "Guru Meditation:");
	const struct html_element *xid = layer_text_prefix(in->s, "p", "XID: ");
	if (!guru || !xid)
		return false;
	layer_ref_set(o, xid->text + 5);
	o->page = in->r->status == 503 ? LPAGE_ORIGIN_DOWN : LPAGE_ERROR;
	evidence_add(c, "body 'Guru Meditation:' and 'XID: %s' (Varnish)", o->ref);
	return true;
}

/* Azure Front Door: <h2>Our services aren't available right now</h2> with the
 * request's reference in div#errorref, the same as its X-Azure-Ref header. */
static bool p_azure_front_door(const struct layer_in *in, struct classification *c, struct layer_seen *o)
{
	const char *hdr = response_header(in->r, "x-azure-ref");
	if (!in->s || (!(in->marks & MARK_ERRORREF) && !hdr))
		return false;
	const struct html_element *h2 = layer_text_prefix(in->s, "h2", "Our services aren");
	if (!h2)
		return false;
	const struct html_element *er = html_find_id(in->s, "errorref");
	if (er)
		layer_ref_set(o, er->text);
	layer_ref_header(o, in->r, "x-azure-ref");
	o->page = LPAGE_ORIGIN_DOWN;
	evidence_add(c, "body <h2> 'Our services aren't available right now' with %s (Azure Front Door)",
		     er ? "div#errorref" : "header x-azure-ref");
	return true;
}

/* ------------------------------------------------------------ the table */

/* WAFs, bot protections, proxies and CDNs; classify_layer_hosts.c has the rest. */
const struct layer_product LAYER_PRODUCTS_FRONT[] = {
	{"f5-bigip-asm", "F5 BIG-IP ASM", LAYER_WAF, p_f5_asm},
	{"perimeterx", "PerimeterX (HUMAN)", LAYER_WAF, p_perimeterx},
	{"datadome", "DataDome", LAYER_WAF, p_datadome},
	{"aws-waf", "AWS WAF", LAYER_WAF, p_aws_waf},
	{"incapsula", "Imperva Incapsula", LAYER_WAF, p_incapsula},
	{"sucuri", "Sucuri Website Firewall", LAYER_WAF, p_sucuri},
	{"wordfence", "Wordfence", LAYER_WAF, p_wordfence},
	{"imunify360", "Imunify360", LAYER_WAF, p_imunify360},
	{"modsecurity", "ModSecurity", LAYER_WAF, p_modsecurity},
	{"forefront-tmg", "Microsoft Forefront TMG / ISA Server", LAYER_PROXY, p_tmg},
	{"squid", "Squid", LAYER_PROXY, p_squid},
	{"akamai", "Akamai", LAYER_CDN, p_akamai},
	{"cloudfront", "Amazon CloudFront", LAYER_CDN, p_cloudfront},
	{"fastly", "Fastly", LAYER_CDN, p_fastly},
	{"varnish", "Varnish", LAYER_PROXY, p_varnish},
	{"azure-front-door", "Azure Front Door", LAYER_CDN, p_azure_front_door},
	{NULL, NULL, LAYER_NONE, NULL},
};
