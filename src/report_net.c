/* report_net.c: the DNS answer and the certificate as labelled lines, the
 * same for the text report, the Markdown report and the wizard's result
 * screen; each renders them its own way (and makes the values safe). */
#include <config.h>
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define NAMES_SHOWN 4           /* names of a certificate listed on its line */
#define EXPIRY_WARN_DAYS 14     /* a certificate this close to its end is named */

static void add(struct net_lines *l, const char *label, enum net_tone tone, char *value)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = (struct net_line){label, value, tone};
}

void net_lines_free(struct net_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].value);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static char *joined(const struct strlist *l, size_t max, const char *sep)
{
	struct buf b = {0};
	for (size_t i = 0; i < l->n && i < max; i++)
		buf_printf(&b, "%s%s", i ? sep : "", l->v[i]);
	return b.len ? buf_steal(&b) : xstrdup("");
}

static void dns_lines(const struct probe_result *p, struct net_lines *l)
{
	const struct response *r = &p->resp;
	const struct dns_info *d = &r->dns;
	if (!d->asked || d->rcode == DNS_RC_UNKNOWN)
		return;
	const char *server = d->server ? d->server : "?";
	char *v;
	if (d->rcode == DNS_RC_TIMEOUT)
		v = xasprintf(_("no answer in time from %s (TIMEOUT)"), server);
	else if (d->rcode == DNS_RC_NO_SERVER)
		v = xasprintf(_("no DNS server could be reached: %s (NO_SERVER)"), server);
	else if (d->rcode_text)
		v = xasprintf(_("%s (%s) from %s"), dns_rcode_name(d->rcode), d->rcode_text, server);
	else
		v = xasprintf(_("%s from %s"), dns_rcode_name(d->rcode), server);
	add(l, _("DNS"), d->rcode == DNS_RC_NOERROR && d->addresses.n ? NET_NORMAL : NET_BAD, v);
	if (d->cname.n) {
		char *chain = joined(&d->cname, d->cname.n, " -> ");
		add(l, _("Aliases"), d->cname_loop ? NET_BAD : NET_NORMAL,
		    d->cname_loop ? xasprintf(_("%s (a loop)"), chain) : xstrdup(chain));
		free(chain);
	}
	if (d->rcode == DNS_RC_NOERROR) {
		char *a = joined(&d->addresses, d->addresses.n, ", ");
		add(l, _("Addresses"), NET_NORMAL,
		    !d->addresses.n ? xstrdup(_("none (no A or AAAA record)"))
		    : p->dns_cloudflare == 1 ? xasprintf(_("%s (Cloudflare's)"), a) : xstrdup(a));
		free(a);
	}
	const char *conn = r->first_ip ? r->first_ip : NULL;
	if (conn) {
		bool listed = strlist_contains(&d->addresses, conn);
		add(l, _("Connected to"), NET_NORMAL,
		    listed ? xstrdup(conn) : xasprintf(_("%s (found by the system resolver, not in the DNS answer)"), conn));
	}
	if (d->domain_exists >= 0 && d->domain) {
		char *dom = d->domain_exists ? (d->domain_ns ? xasprintf(_("%s exists (name server %s)"), d->domain, d->domain_ns)
						 : xasprintf(_("%s exists"), d->domain))
				 : xasprintf(_("%s does not exist"), d->domain);
		add(l, _("Domain"), d->domain_exists ? NET_NORMAL : NET_BAD, dom);
	}
	if (d->cd_resolves >= 0)
		add(l, _("Without DNSSEC"), NET_BAD,
		    xstrdup(d->cd_resolves ? _("resolves with checking disabled (CD): the DNSSEC signatures fail")
				: _("fails with checking disabled (CD) too: the name servers fail")));
}

/* "2026-11-30" */
static char *day(long long t)
{
	char *iso = iso8601_utc(t);
	char *s = iso ? xstrndup(iso, 10) : xstrdup("?");
	free(iso);
	return s;
}

char *report_tls_short(const struct tls_info *t)
{
	if (!t->attempted)
		return xstrdup("-");
	if (!t->seen)
		return xstrdup(_("no certificate"));
	long days = tls_days_left(t);
	if (t->verified)
		return xasprintf(_("verified, %ld days left"), days);
	if (t->verify_error == TLS_VERIFY_EXPIRED)
		return xasprintf(_("expired %ld days ago"), -days);
	return xasprintf(_("not verified: %s"), tls_verify_error_name(t->verify_error));
}

char *report_tls_warning(const struct tls_info *t)
{
	if (!t->seen || !t->not_after)
		return NULL;
	long days = tls_days_left(t);
	if (days < 0 || days > EXPIRY_WARN_DAYS || t->verify_error == TLS_VERIFY_EXPIRED)
		return NULL;
	char *d = day(t->not_after);
	char *s = days == 0 ? xasprintf(_("the certificate expires within a day (%s): renew it now"), d)
		  : xasprintf(ngettext("the certificate expires in %ld day (%s): renew it now",
				       "the certificate expires in %ld days (%s): renew it now", (unsigned long)days),
			      days, d);
	free(d);
	return s;
}

static void tls_lines(const struct tls_info *t, struct net_lines *l)
{
	if (!t->attempted)
		return;
	if (!t->seen) {
		add(l, _("TLS"), NET_BAD, xstrdup(_("no certificate: the handshake failed before one came")));
		return;
	}
	const char *v = t->version ? t->version : "TLS";
	if (t->verified)
		add(l, _("TLS"), NET_GOOD, xasprintf(_("%s, certificate verified"), v));
	else
		add(l, _("TLS"), NET_BAD, xasprintf(_("%s, certificate NOT verified: %s (%s)"), v,
						    t->verify_text ? t->verify_text : "?",
						    tls_verify_error_name(t->verify_error)));
	add(l, _("Certificate"), NET_NORMAL, xstrdup(t->subject ? t->subject : "?"));
	add(l, _("Issuer"), NET_NORMAL, xstrdup(t->issuer ? t->issuer : "?"));
	if (t->names_total) {
		char *names = joined(&t->names, NAMES_SHOWN, ", ");
		long more = t->names_total - (long)(t->names.n < NAMES_SHOWN ? t->names.n : NAMES_SHOWN);
		add(l, _("Names"), t->verify_error == TLS_VERIFY_HOSTNAME ? NET_BAD : NET_NORMAL,
		    more > 0 ? xasprintf(_("%s and %ld more"), names, more)
			     : xstrdup(names));
		free(names);
	}
	long days = tls_days_left(t);
	char *from = day(t->not_before), *to = day(t->not_after), *when;
	if (t->not_before > t->checked_at)
		when = xasprintf(_("%s to %s (not valid yet)"), from, to);
	else if (days < 0)
		when = xasprintf(ngettext("%s to %s (expired %ld day ago)", "%s to %s (expired %ld days ago)",
					  (unsigned long)-days), from, to, -days);
	else
		when = xasprintf(ngettext("%s to %s (%ld day left)", "%s to %s (%ld days left)", (unsigned long)days),
				 from, to, days);
	bool bad = days <= EXPIRY_WARN_DAYS || t->not_before > t->checked_at;
	add(l, _("Valid"), bad ? NET_BAD : NET_NORMAL, when);
	free(from);
	free(to);
	char *warn = report_tls_warning(t);
	if (warn)
		add(l, _("Warning"), NET_BAD, warn);
}

void report_net_lines(const struct probe_result *p, struct net_lines *l)
{
	l->v = NULL;
	l->n = 0;
	dns_lines(p, l);
	tls_lines(&p->resp.tls, l);
}
