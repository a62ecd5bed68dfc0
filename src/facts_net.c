/* facts_net.c: the facts the network around a response establishes: the
 * DNS answer, the certificate and the verifier's verdict, the shape of the
 * redirect chain, where a timeout stopped; each with the evidence shown to
 * the person (the answer, the certificate field, the hops). */
#include <config.h>
#include "facts.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redirects.h"
#include "util.h"

static void set_ev(struct facts *f, const char *name, const char *value, const char *evidence)
{
	facts_set_from(f, name, value, ANSWER_BY_PROBE, evidence);
}

/* ------------------------------------------------------------------ DNS */

/* An address no server of a site can be reached at from elsewhere:
 * loopback, unspecified, link-local and the documentation ranges. Private
 * ranges (10/8, 192.168/16 ...) are left out: an intranet site has them. */
static bool address_unusable(const char *a)
{
	unsigned char b[16];
	if (inet_pton(AF_INET, a, b) == 1) {
		return b[0] == 127 || b[0] == 0 || (b[0] == 169 && b[1] == 254) ||
		       (b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
		       (b[0] == 203 && b[1] == 0 && b[2] == 113);
	}
	if (inet_pton(AF_INET6, a, b) == 1) {
		static const unsigned char loop[16] = {[15] = 1}, any[16] = {0};
		return memcmp(b, loop, 16) == 0 || memcmp(b, any, 16) == 0 ||
		       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||
		       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
	}
	return false;
}

static char *join(const struct strlist *l)
{
	struct buf b = {0};
	for (size_t i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	return b.len ? buf_steal(&b) : xstrdup("");
}

/* What the addresses are, for a failed connection: "unusable" (none can be
 * reached from elsewhere), "ipv6_only" or "usable". */
static void address_kind(struct facts *f, const struct dns_info *d, const char *answer)
{
	if (!d->addresses.n || !d->server || d->server[0] == '/' || strncmp(d->server, "localhost", 9) == 0)
		return;   /* from the hosts file or localhost: nothing DNS says */
	bool unusable = true, all_v6 = true;
	for (size_t i = 0; i < d->addresses.n; i++) {
		unusable &= address_unusable(d->addresses.v[i]);
		all_v6 &= strchr(d->addresses.v[i], ':') != NULL;
	}
	const char *kind = unusable ? "unusable" : all_v6 ? "ipv6_only" : "usable";
	char *ev = xasprintf("%s%s", answer,
			     unusable ? " (loopback, unspecified or reserved: no server can be reached there)"
			     : all_v6 ? " (IPv6 only, no A record)" : "");
	set_ev(f, "dns.address_kind", kind, ev);
	free(ev);
}

void facts_add_dns(struct facts *f, const struct dns_info *d, int cloudflare)
{
	if (!d->asked || d->rcode == DNS_RC_UNKNOWN)
		return;
	char *answer = dns_answer_text(d);
	set_ev(f, "dns.rcode", dns_rcode_name(d->rcode), answer);
	address_kind(f, d, answer);
	if (cloudflare >= 0) {
		char *list = join(&d->addresses);
		char *ev = xasprintf("%s %s in Cloudflare's published ranges", list,
				     cloudflare ? (d->addresses.n > 1 ? "are" : "is") : d->addresses.n > 1 ? "are not" : "is not");
		set_ev(f, "dns.cloudflare", cloudflare ? "true" : "false", ev);
		free(ev);
		free(list);
	}
	if (d->domain_exists >= 0 && d->domain) {
		char *ev;
		if (d->domain_exists && d->domain_ns)
			ev = xasprintf("%s has name servers (NS %s, from %s)", d->domain, d->domain_ns, d->server);
		else if (d->domain_exists)
			ev = xasprintf("%s exists (NOERROR from %s)", d->domain, d->server);
		else if (strcasecmp(d->domain, d->host) == 0)
			ev = xasprintf("%s is itself the registered domain, and it does not exist (%s)", d->domain,
				       answer);
		else
			ev = xasprintf("%s does not exist either (NXDOMAIN from %s)", d->domain, d->server);
		set_ev(f, "dns.domain_exists", d->domain_exists ? "true" : "false", ev);
		free(ev);
	}
	if (d->cd_resolves >= 0) {
		char *ev = xasprintf("with checking disabled (CD): %s from %s for %s%s", d->cd_rcode ? d->cd_rcode : "?",
				     d->server, d->host, d->cd_resolves ? ", with an address" : "");
		set_ev(f, "dns.cd_resolves", d->cd_resolves ? "true" : "false", ev);
		free(ev);
	}
	free(answer);
}

/* ------------------------------------------------------------------ TLS */

/* "notAfter 2026-11-30 (expired 2 days ago)", "... (12 days left)". */
static char *dates_text(const struct tls_info *t, bool before)
{
	char *iso = iso8601_utc(before ? t->not_before : t->not_after);
	long days = tls_days_left(t);
	char *s;
	if (before)
		s = xasprintf("notBefore %.10s (not valid for another %lld days)", iso ? iso : "?",
			      (t->not_before - t->checked_at + 86399) / 86400);
	else if (days < 0)
		s = xasprintf("notAfter %.10s (expired %ld day%s ago)", iso ? iso : "?", -days, days == -1 ? "" : "s");
	else
		s = xasprintf("notAfter %.10s (%ld day%s left)", iso ? iso : "?", days, days == 1 ? "" : "s");
	free(iso);
	return s;
}

/* The certificate field behind a verdict, as evidence. */
char *facts_tls_evidence(const struct tls_info *t)
{
	if (!t->seen)
		return xstrdup("the handshake failed before the server sent a certificate");
	char *what = NULL;
	switch (t->verify_error) {
	case TLS_VERIFY_EXPIRED: what = dates_text(t, false); break;
	case TLS_VERIFY_NOT_YET_VALID: what = dates_text(t, true); break;
	case TLS_VERIFY_HOSTNAME: {
		char *names = join(&t->names);
		what = xasprintf("the certificate names %s%s, not %s", names[0] ? names : "no host",
				 t->names_total > (long)t->names.n ? " ..." : "", t->host ? t->host : "?");
		free(names);
		break;
	}
	case TLS_VERIFY_SELF_SIGNED:
		what = xasprintf("issuer %s is the subject itself (self-signed)", t->issuer ? t->issuer : "?");
		break;
	case TLS_VERIFY_UNKNOWN_ISSUER:
	case TLS_VERIFY_INCOMPLETE_CHAIN:
		what = xasprintf("issuer %s is not trusted here; the server sent %d certificate%s",
				 t->issuer ? t->issuer : "?", t->chain_len, t->chain_len == 1 ? "" : "s");
		break;
	case TLS_VERIFY_NONE: {
		char *d = dates_text(t, false);
		what = xasprintf("subject %s, issuer %s, %s", t->subject ? t->subject : "?",
				 t->issuer ? t->issuer : "?", d);
		free(d);
		break;
	}
	default:
		what = xasprintf("subject %s, issuer %s", t->subject ? t->subject : "?", t->issuer ? t->issuer : "?");
		break;
	}
	char *s = t->verify_code ? xasprintf("%s; verify error %d (%s)", what, t->verify_code,
					     t->verify_text ? t->verify_text : "?")
				 : t->verify_error == TLS_VERIFY_NONE ? xasprintf("%s; verified", what)
				 : xasprintf("%s; %s", what, t->verify_text ? t->verify_text : "");
	free(what);
	return s;
}

/* The verdict as a fact value: the JSON name, "none", or "no_certificate". */
static const char *verdict(const struct tls_info *t)
{
	if (!t->seen)
		return "no_certificate";
	const char *e = tls_verify_error_name(t->verify_error);
	return e ? e : "none";
}

void facts_add_tls(struct facts *f, const struct response *r)
{
	const struct tls_info *t = &r->tls;
	if (!t->attempted || (!t->seen && r->transport != TRANSPORT_TLS))
		return;
	char *ev = facts_tls_evidence(t);
	set_ev(f, "tls.verify_error", verdict(t), ev);
	free(ev);
}

/* A Cloudflare Origin CA certificate: Cloudflare trusts it, no browser does. */
static bool cloudflare_origin_ca(const struct tls_info *t)
{
	return t->issuer && strstr(t->issuer, "CloudFlare Origin SSL") != NULL;
}

#define SLOW_CONNECT_MS 1000.0   /* a TCP connection that takes longer is slow */

/* origin.connect: "refused", "timeout", "fast" or "slow". */
static void origin_connect(struct facts *f, const struct response *o, const char *a)
{
	const char *v = NULL;
	char *ev = NULL;
	if (o->transport == TRANSPORT_CONNECT) {
		v = "refused";
	} else if (o->transport == TRANSPORT_TIMEOUT && o->t.connect < 0) {
		v = "timeout";
	} else if (o->t.connect >= 0) {
		v = o->t.connect > SLOW_CONNECT_MS ? "slow" : "fast";
		ev = xasprintf("origin at %s: connected after %.1f ms", a, o->t.connect);
	}
	if (!v)
		return;
	if (!ev)
		ev = xasprintf("origin at %s: %s", a, o->transport_detail ? o->transport_detail : "?");
	set_ev(f, "origin.connect", v, ev);
	free(ev);
}

void facts_add_origin_net(struct facts *f, const struct response *o, const char *address)
{
	const struct tls_info *t = &o->tls;
	const char *a = address ? address : "?";
	origin_connect(f, o, a);
	if (!t->attempted)
		return;
	char *ev;
	const char *hs;
	if (t->seen) {
		hs = "ok";
		ev = xasprintf("origin at %s: %s handshake done, certificate for %s", a, t->version ? t->version : "TLS",
			       t->subject ? t->subject : "?");
	} else if (o->transport == TRANSPORT_TLS) {
		hs = "failed";
		ev = xasprintf("origin at %s: %s", a, o->transport_detail ? o->transport_detail : "TLS failed");
	} else if (o->transport == TRANSPORT_CONNECT || (o->transport == TRANSPORT_TIMEOUT && o->t.connect < 0)) {
		hs = "no_connection";
		ev = xasprintf("origin at %s: %s", a, o->transport_detail ? o->transport_detail : "no connection");
	} else {
		return;
	}
	set_ev(f, "origin.tls.handshake", hs, ev);
	free(ev);
	if (!t->seen)
		return;
	char *cert = facts_tls_evidence(t);
	const char *v = verdict(t);
	if ((t->verify_error == TLS_VERIFY_UNKNOWN_ISSUER || t->verify_error == TLS_VERIFY_INCOMPLETE_CHAIN) &&
	    cloudflare_origin_ca(t))
		v = "cloudflare_origin_ca";
	ev = xasprintf("origin at %s: %s", a, cert);
	set_ev(f, "origin.tls.verify_error", v, ev);
	free(ev);
	free(cert);
}

/* ------------------------------------------------------------------ redirects, timeouts */

void facts_add_chain(struct facts *f, const struct response *r)
{
	if (r->n_redirects) {
		char *ev = NULL;
		enum redirect_loop l = redirect_loop_find(r, &ev);
		set_ev(f, "redirects.loop", redirect_loop_name(l), ev ? ev : "no URL of the chain repeats");
		free(ev);
	}
	if (r->transport == TRANSPORT_PROTOCOL_REFUSED) {
		char *scheme = redirect_other_scheme(r);
		char *ev = scheme ? xasprintf("the last redirect points to %s", r->redirects[r->n_redirects - 1].location)
				  : xstrdup(r->transport_detail ? r->transport_detail : "no redirect to another scheme");
		set_ev(f, "redirects.to_other_scheme", scheme ? "true" : "false", ev);
		free(ev);
		free(scheme);
	}
	if (r->transport == TRANSPORT_TIMEOUT) {
		const char *last = r->n_redirects && r->redirects[r->n_redirects - 1].location
					   ? r->redirects[r->n_redirects - 1].location : r->url;
		bool https = last && str_istarts(last, "https:");
		const char *phase = r->t.connect < 0 ? (r->t.dns < 0 && !r->dns.asked ? "resolving" : "connecting")
				    : https && r->t.tls < 0 ? "tls" : r->t.ttfb < 0 ? "waiting" : "reading";
		struct buf b = {0};
		buf_printf(&b, "stopped after %.0f ms: ", r->t.total);
		const struct { const char *name; double ms; } t[] = {
			{"DNS", r->t.dns}, {"connected", r->t.connect}, {"TLS", https ? r->t.tls : -2},
			{"first byte", r->t.ttfb},
		};
		for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
			if (t[i].ms == -2)
				continue;
			if (t[i].ms < 0)
				buf_printf(&b, "%s%s never", i ? ", " : "", t[i].name);
			else
				buf_printf(&b, "%s%s at %.1f ms", i ? ", " : "", t[i].name, t[i].ms);
		}
		set_ev(f, "timeout.phase", phase, b.data);
		buf_free(&b);
	}
}

/* ------------------------------------------------------------------ the response */

void facts_add_auth(struct facts *f, const struct response *r)
{
	const char *h = response_header(r, "www-authenticate");
	if (!h || r->status != 401)
		return;
	size_t n = strcspn(h, " ,\t");
	if (!n || n > 32)
		return;
	char *scheme = xstrndup(h, n);
	for (char *p = scheme; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	char *ev = xasprintf("header www-authenticate: %s", h);
	set_ev(f, "auth.scheme", scheme, ev);
	free(ev);
	free(scheme);
}
