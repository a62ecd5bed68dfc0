/* probe_dns.c: where a probe connects: the URL's host and port as DNS
 * knows them, and the transfer pinned to the addresses of the answer the
 * batch got for it (dns.c asks; libcurl's CURLOPT_RESOLVE pins). */
#include <config.h>
#include "probe.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "probe_int.h"

/* The host of a parsed URL (caller frees), IDN as punycode where libcurl
 * can convert it; NULL when there is none. */
static char *host_of(CURLU *u)
{
	char *host = NULL, *copy = NULL;
	if (curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		copy = xstrdup(host);
	curl_free(host);
	return copy;
}

char *probe_url_host(const char *url)
{
	CURLU *u = curl_url();
	char *host = url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK ? host_of(u) : NULL;
	curl_url_cleanup(u);
	return host;
}

void probe_url_host_port(const char *url, char **host, long *port)
{
	CURLU *u = curl_url();
	char *p = NULL;
	*host = NULL;
	*port = str_istarts(url, "https:") ? 443 : 80;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		*host = host_of(u);
		if (curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK && p)
			*port = strtol(p, NULL, 10);
	}
	curl_free(p);
	curl_url_cleanup(u);
	if (*host && (*host)[0] == '[') {
		size_t len = strlen(*host);
		memmove(*host, *host + 1, len - 1);
		(*host)[len - 2] = '\0';
	}
}

bool probe_url_is_address(const char *url)
{
	const char *a = strstr(url, "://");
	if (!a)
		return false;
	a += 3;
	size_t len = strcspn(a, "/?#");
	const char *at = memchr(a, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	char host[64];
	if (*a == '[') {
		const char *close = memchr(a, ']', len);
		if (!close || (size_t)(close - a - 1) >= sizeof host)
			return false;
		memcpy(host, a + 1, (size_t)(close - a - 1));
		host[close - a - 1] = '\0';
	} else {
		size_t hl = strcspn(a, ":/?#");
		if (hl > len || hl >= sizeof host)
			return false;
		memcpy(host, a, hl);
		host[hl] = '\0';
	}
	return probe_is_address(host);
}

bool probe_is_address(const char *host)
{
	unsigned char b[16];
	return inet_pton(AF_INET, host, b) == 1 || inet_pton(AF_INET6, host, b) == 1;
}

/* "[2001:db8::1]" for an IPv6 address, else the address as it is. */
static void add_address(struct buf *b, const char *a)
{
	if (strchr(a, ':'))
		buf_printf(b, "[%s]", a);
	else
		buf_puts(b, a);
}

bool probe_ctx_resolved(struct probe_ctx *ctx, const struct dns_info *info)
{
	struct response *r = ctx->out;
	dns_info_copy(&r->dns, info);
	ctx->dns_ms = info->ms;
	if (!info->addresses.n) {
		if (!ctx->dns_server)
			return true;    /* the system's resolver may know more (NSS, search domains) */
		r->transport = TRANSPORT_DNS;
		r->curl_code = CURLE_COULDNT_RESOLVE_HOST;
		r->transport_detail = dns_answer_text(info);
		r->t.total = info->ms;
		r->tls.attempted = str_istarts(ctx->url, "https:");
		return false;
	}
	/* The transfer connects to these addresses and no others: for the URL's
	 * port and for both default ports (a redirect between http and https). */
	struct buf addrs = {0};
	for (size_t i = 0; i < info->addresses.n && i < 16; i++) {
		if (i)
			buf_puts(&addrs, ",");
		add_address(&addrs, info->addresses.v[i]);
	}
	long ports[3] = {ctx->port, 80, 443};
	for (int i = 0; i < 3; i++) {
		if ((i == 1 && ctx->port == 80) || (i == 2 && ctx->port == 443))
			continue;
		char *spec = xasprintf("%s:%ld:%s", ctx->host, ports[i], addrs.data);
		ctx->resolve = curl_slist_append(ctx->resolve, spec);
		free(spec);
	}
	buf_free(&addrs);
	curl_easy_setopt(ctx->h, CURLOPT_RESOLVE, ctx->resolve);
	r->dns.transfer_pinned = true;
	/* The lookup's time counts against --timeout. */
	long left = ctx->timeout_ms - (long)info->ms;
	curl_easy_setopt(ctx->h, CURLOPT_TIMEOUT_MS, left > 1 ? left : 1L);
	return true;
}

