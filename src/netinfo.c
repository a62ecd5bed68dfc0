/* netinfo.c: the DNS and TLS records of a response: names and freeing. */
#include <config.h>
#include "netinfo.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *dns_rcode_name(enum dns_rcode rc)
{
	switch (rc) {
	case DNS_RC_NOERROR: return "NOERROR";
	case DNS_RC_NXDOMAIN: return "NXDOMAIN";
	case DNS_RC_SERVFAIL: return "SERVFAIL";
	case DNS_RC_REFUSED: return "REFUSED";
	case DNS_RC_TIMEOUT: return "TIMEOUT";
	case DNS_RC_NO_SERVER: return "NO_SERVER";
	default: return NULL;
	}
}

const char *tls_verify_error_name(enum tls_verify_error e)
{
	switch (e) {
	case TLS_VERIFY_EXPIRED: return "expired";
	case TLS_VERIFY_NOT_YET_VALID: return "not_yet_valid";
	case TLS_VERIFY_HOSTNAME: return "hostname";
	case TLS_VERIFY_SELF_SIGNED: return "self_signed";
	case TLS_VERIFY_UNKNOWN_ISSUER: return "unknown_issuer";
	case TLS_VERIFY_INCOMPLETE_CHAIN: return "incomplete_chain";
	case TLS_VERIFY_OTHER: return "other";
	default: return NULL;
	}
}

void dns_info_free(struct dns_info *d)
{
	free(d->host);
	free(d->server);
	free(d->rcode_text);
	strlist_free(&d->addresses);
	strlist_free(&d->cname);
	free(d->cd_rcode);
	free(d->domain);
	free(d->domain_ns);
	memset(d, 0, sizeof *d);
	d->cd_resolves = d->domain_exists = -1;
}

void tls_info_free(struct tls_info *t)
{
	free(t->host);
	free(t->version);
	free(t->subject);
	free(t->issuer);
	strlist_free(&t->names);
	free(t->verify_text);
	memset(t, 0, sizeof *t);
}

static void strlist_copy(struct strlist *dst, const struct strlist *src)
{
	for (size_t i = 0; i < src->n; i++)
		strlist_add(dst, src->v[i]);
}

void dns_info_copy(struct dns_info *dst, const struct dns_info *src)
{
	dns_info_free(dst);
	*dst = *src;
	dst->host = xstrdup(src->host);
	dst->server = xstrdup(src->server);
	dst->rcode_text = xstrdup(src->rcode_text);
	dst->addresses = (struct strlist){0};
	dst->cname = (struct strlist){0};
	strlist_copy(&dst->addresses, &src->addresses);
	strlist_copy(&dst->cname, &src->cname);
	dst->cd_rcode = xstrdup(src->cd_rcode);
	dst->domain = xstrdup(src->domain);
	dst->domain_ns = xstrdup(src->domain_ns);
}

void tls_info_copy(struct tls_info *dst, const struct tls_info *src)
{
	tls_info_free(dst);
	*dst = *src;
	dst->host = xstrdup(src->host);
	dst->version = xstrdup(src->version);
	dst->subject = xstrdup(src->subject);
	dst->issuer = xstrdup(src->issuer);
	dst->names = (struct strlist){0};
	strlist_copy(&dst->names, &src->names);
	dst->verify_text = xstrdup(src->verify_text);
}

char *dns_answer_text(const struct dns_info *d)
{
	const char *host = d->host ? d->host : "?", *server = d->server ? d->server : "?";
	struct buf b = {0};
	switch (d->rcode) {
	case DNS_RC_TIMEOUT:
		buf_printf(&b, "no answer from %s for %s in time (TIMEOUT)", server, host);
		break;
	case DNS_RC_NO_SERVER:
		buf_printf(&b, "no DNS server could be reached (%s) for %s (NO_SERVER)", server, host);
		break;
	case DNS_RC_NOERROR:
		buf_printf(&b, "NOERROR from %s for %s", server, host);
		if (d->cname.n) {
			buf_puts(&b, ", an alias of ");
			for (size_t i = 0; i < d->cname.n; i++)
				buf_printf(&b, "%s%s", i ? " -> " : "", d->cname.v[i]);
		}
		if (d->addresses.n) {
			buf_puts(&b, ": ");
			for (size_t i = 0; i < d->addresses.n; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", d->addresses.v[i]);
		} else {
			buf_puts(&b, d->cname_loop ? ", but the aliases loop" : ", but no A or AAAA record");
		}
		break;
	default:
		buf_printf(&b, "%s", dns_rcode_name(d->rcode) ? dns_rcode_name(d->rcode) : "no answer");
		if (d->rcode_text)
			buf_printf(&b, " (%s)", d->rcode_text);
		buf_printf(&b, " from %s for %s", server, host);
		if (d->cname_loop)
			buf_puts(&b, " (the aliases loop)");
		break;
	}
	return buf_steal(&b);
}

long tls_days_left(const struct tls_info *t)
{
	long long s = t->not_after - t->checked_at;
	/* Floor, so a certificate that expired an hour ago has -1 days left. */
	return (long)(s >= 0 ? s / 86400 : -((-s + 86399) / 86400));
}

char *iso8601_utc(long long t)
{
	if (!t)
		return NULL;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return NULL;
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}
