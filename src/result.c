/* result.c: a probe's result: the response, what the classifier and the
 * facts make of it, and the diagnosis, analysed in that order. */
#include <config.h>
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "kb.h"

void probe_result_init(struct probe_result *p)
{
	memset(p, 0, sizeof *p);
	response_init(&p->resp);
	classification_init(&p->cls);
	diagnosis_init(&p->diag);
	p->dns_cloudflare = -1;
}

void probe_result_free(struct probe_result *p)
{
	if (!p)
		return;
	response_free(&p->resp);
	classification_free(&p->cls);
	facts_free(p->facts);
	diagnosis_free(&p->diag);
	local_evidence_free(p->local);
	free(p->origin_address);
	if (p->origin) {
		probe_result_free(p->origin);
		free(p->origin);
	}
	memset(p, 0, sizeof *p);
}

/* 1 when every address DNS gave is Cloudflare's, 0 when none is, -1 when
 * unknown (no lookup, no address, no ranges) or mixed. */
static int dns_in_cloudflare(const struct dns_info *d, const struct cf_ranges *ranges)
{
	if (!d->asked || !d->addresses.n || !ranges)
		return -1;
	size_t in = 0;
	for (size_t i = 0; i < d->addresses.n; i++)
		in += cfranges_contains(ranges, d->addresses.v[i]) == 1;
	return in == d->addresses.n ? 1 : in == 0 ? 0 : -1;
}

void probe_result_classify(struct probe_result *p)
{
	if (p->classified)
		return;
	classification_free(&p->cls);
	classify_response(&p->resp, &p->cls);
	p->classified = true;
}

void probe_result_analyse(struct probe_result *p, const struct kb *kb)
{
	probe_result_classify(p);
	facts_free(p->facts);
	p->facts = facts_from_probe(&p->resp, &p->cls);
	const struct cf_ranges *ranges = kb ? kb->ranges : NULL;
	if (ranges && p->resp.primary_ip)
		facts_add_address(p->facts, p->resp.primary_ip, cfranges_contains(ranges, p->resp.primary_ip));
	p->dns_cloudflare = dns_in_cloudflare(&p->resp.dns, ranges);
	facts_add_dns(p->facts, &p->resp.dns, p->dns_cloudflare);
	local_evidence_facts(p->local, kb, p->facts);
	if (p->origin) {
		classification_free(&p->origin->cls);
		classify_response(&p->origin->resp, &p->origin->cls);
		facts_add_origin(p->facts, &p->resp, &p->origin->resp, p->origin_address,
				 ranges ? cfranges_contains(ranges, p->origin_address) : -1);
		facts_add_origin_net(p->facts, &p->origin->resp, p->origin_address);
	}
	diagnosis_free(&p->diag);
	diagnosis_init(&p->diag);
	if (kb)
		diagnose(kb, p->facts, &p->diag);
}

/* A failed direct probe of the origin is often no fault: say what it means. */
const char *origin_probe_note(const struct response *r)
{
	if (r->transport == TRANSPORT_CONNECT)
		return _("An origin that admits only Cloudflare's ranges refuses direct connections: "
			 "that is correct, not a fault.");
	if (r->transport == TRANSPORT_TLS &&
	    (r->curl_code == 60 || (r->transport_detail && strstr(r->transport_detail, "issuer"))))
		return _("The origin's certificate looks like a Cloudflare Origin CA certificate: Cloudflare "
			 "trusts it, but it is not publicly trusted; try --origin-insecure.");
	return NULL;
}

char *log_unreadable_words(const struct log_file *f)
{
	const char *why = strerror(f->err ? f->err : EACCES);
	if (f->state != LOG_STATE_UNREADABLE)
		return xasprintf(_("Cannot read %s (%s)."), f->path, why);
	if (f->group && geteuid() != 0)
		/* TRANSLATORS: %1$s a log file, %2$s why ("Permission denied"), %3$s a
		   group such as adm; the command stays as it is. */
		return xasprintf(_("Cannot read %1$s (%2$s): run httpdoc with sudo, or add your user to "
				   "the group %3$s (sudo usermod -aG %3$s $USER, then log in again)."),
				 f->path, why, f->group);
	return xasprintf(_("Cannot read %s (%s): run httpdoc with sudo."), f->path, why);
}

char *log_gained_words(const struct local_evidence *e, size_t file)
{
	size_t n = log_file_lines_ours(&e->logs, file);
	if (!n)
		return xstrdup(_("nothing about this request"));
	/* TRANSLATORS: lines the log gained while the probe ran (lines that name
	   another request are not counted). */
	return xasprintf(ngettext("%zu new line", "%zu new lines", n), n);
}

/* ------------------------------------------------------------------ layers */

static const char *layer_words(enum layer_kind k)
{
	switch (k) {
	case LAYER_CDN: return _("CDN");
	case LAYER_WAF: return _("WAF");
	case LAYER_LOAD_BALANCER: return _("load balancer");
	case LAYER_PROXY: return _("proxy");
	case LAYER_HOSTING: return _("hosting platform");
	default: return _("origin");
	}
}

static const char *layer_page_words(enum layer_page p)
{
	switch (p) {
	case LPAGE_BLOCK: return _("block page");
	case LPAGE_CHALLENGE: return _("challenge page");
	case LPAGE_ERROR: return _("error page");
	case LPAGE_NO_BACKEND: return _("page saying no server behind it can answer");
	case LPAGE_ORIGIN_DOWN: return _("page saying it cannot reach the origin");
	case LPAGE_SUSPENDED: return _("suspension page");
	case LPAGE_NOT_FOUND: return _("page saying it has no site for this name");
	case LPAGE_DEFAULT: return _("placeholder page");
	default: return NULL;
	}
}

char *layer_producer_words(const struct classification *c)
{
	if (!c->product || c->generated_by == CF_GEN_EDGE || c->layer == LAYER_NONE)
		return NULL;
	const char *page = layer_page_words(c->layer_page);
	if (c->layer == LAYER_ORIGIN)
		/* TRANSLATORS: the software of the site itself wrote an error page: "WordPress: error page" */
		return page ? xasprintf(_("the origin server (%s: %s)"), c->product, page) : NULL;
	if (!page)
		/* TRANSLATORS: "Heroku (hosting platform)" */
		return xasprintf(_("%s (%s)"), c->product, layer_words(c->layer));
	/* TRANSLATORS: "F5 BIG-IP ASM (WAF): block page" */
	return xasprintf(_("%s (%s): %s"), c->product, layer_words(c->layer), page);
}

char *soft_error_words(const struct response *r, const struct classification *c)
{
	const char *page = layer_page_words(c->layer_page);
	if (!c->soft_error || !page)
		return NULL;
	/* TRANSLATORS: "200, but this is F5 BIG-IP ASM's block page" */
	return xasprintf(_("%d, but this is %s's %s"), r->status, c->product ? c->product : _("the site"), page);
}

const char *layer_reference(const struct classification *c)
{
	if (!c->reference[0] || strcmp(c->reference, c->ray_id) == 0)
		return NULL;
	return c->reference;
}
