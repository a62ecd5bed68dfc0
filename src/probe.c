/* probe.c: one bounded HTTP(S) request with libcurl.
 *
 * With probe_batch.c, the only files that include curl/curl.h. A probe
 * records every header block (so redirects and 1xx answers are seen), keeps
 * the final block's headers, decodes the body through libcurl's content
 * decoding and keeps its first RESPONSE_BODY_KEEP bytes, and stops reading
 * at RESPONSE_BODY_READ decoded or raw bytes, so endless bodies and
 * compression bombs end quickly. */
#include <config.h>
#include "probe.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "probe_int.h"

#define URL_MAX 8192

void probe_options_init(struct probe_options *o)
{
	memset(o, 0, sizeof *o);
	o->timeout_s = 15;
	o->connect_timeout_s = 10;
	o->max_redirs = 10;
}

void probe_options_free(struct probe_options *o)
{
	strlist_free(&o->headers);
}

const char *probe_curl_version(void)
{
	return curl_version();
}

bool probe_check_origin(const char *s)
{
	char host[254];
	long port;
	bool v6;
	if (!addr_port_split(s, host, sizeof host, &port, &v6))
		return false;
	for (const char *p = host; *p; p++)
		if (v6 ? !strchr("0123456789abcdefABCDEF:.", *p)
		       : !(isalnum((unsigned char)*p) || *p == '-' || *p == '.'))
			return false;
	return true;
}

int probe_check_url(const char *url, char **normalised, char **err)
{
	*normalised = NULL;
	*err = NULL;
	if (!url || !*url) {
		*err = xstrdup(_("empty URL"));
		return -1;
	}
	size_t len = strlen(url);
	if (len > URL_MAX) {
		*err = xasprintf(_("URL too long (%zu bytes; at most %d)"), len, URL_MAX);
		return -1;
	}
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *full = NULL;
	CURLUcode rc = curl_url_set(h, CURLUPART_URL, url, CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME);
	if (rc) {
		char *safe = term_safe(url, len > 200 ? 200 : len, false);
		*err = xasprintf(_("'%s' is not a valid URL (%s)"), safe, curl_url_strerror(rc));
		free(safe);
		goto out;
	}
	curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
	if (!scheme || (!str_ieq(scheme, "http") && !str_ieq(scheme, "https"))) {
		char *safe = term_safe(scheme ? scheme : "", scheme ? strlen(scheme) : 0, false);
		*err = xasprintf(_("scheme '%s' is not supported: httpdoc probes http and https URLs only"), safe);
		free(safe);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) || !host || !*host) {
		*err = xasprintf(_("'%s' has no host"), url);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_URL, &full, 0) == CURLUE_OK)
		*normalised = xstrdup(full);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(full);
	curl_url_cleanup(h);
	return *normalised ? 0 : -1;
}

int probe_url_parts(const char *url, char **host, int *port, char **target)
{
	*host = *target = NULL;
	*port = 0;
	CURLU *h = curl_url();
	char *hs = NULL, *ps = NULL, *path = NULL, *query = NULL;
	int rc = -1;
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_DEFAULT_SCHEME | CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &hs, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_PORT, &ps, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto out;
	curl_url_get(h, CURLUPART_PATH, &path, 0);
	curl_url_get(h, CURLUPART_QUERY, &query, 0);
	/* "[::1]" -> "::1", lower case. */
	size_t n = strlen(hs);
	*host = n >= 2 && hs[0] == '[' && hs[n - 1] == ']' ? xstrndup(hs + 1, n - 2) : xstrdup(hs);
	for (char *c = *host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	*port = atoi(ps);
	*target = query ? xasprintf("%s?%s", path && *path ? path : "/", query) : xstrdup(path && *path ? path : "/");
	rc = 0;
out:
	curl_free(hs);
	curl_free(ps);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(h);
	return rc;
}

/* "HTTP/1.1 301 Moved Permanently" -> status, version and reason. */
static bool parse_status_line(const char *line, size_t len, int *status, char **version, char **reason)
{
	if (len < 10 || strncmp(line, "HTTP/", 5) != 0)
		return false;
	const char *p = line + 5, *end = line + len;
	const char *v = p;
	while (p < end && *p != ' ')
		p++;
	if (p - v < 1 || p + 4 > end || p[0] != ' ')
		return false;
	p++;
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9'))
		return false;
	*status = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	*version = xstrndup(v, (size_t)(strchr(v, ' ') - v));
	p += 3;
	if (p < end && *p == ' ')
		p++;
	size_t rl = (size_t)(end - p);
	while (rl && (p[rl - 1] == '\r' || p[rl - 1] == '\n'))
		rl--;
	*reason = xstrndup(p, rl);
	return true;
}

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	struct probe_ctx *ctx = userp;
	struct response *r = ctx->out;
	size_t len = size * n;
	int status;
	char *version, *reason;

	if (parse_status_line(data, len, &status, &version, &reason)) {
		/* A new block: the previous one (if any) was a redirect or 1xx. */
		ctx->blocks = xrealloc(ctx->blocks, (ctx->n_blocks + 1) * sizeof *ctx->blocks);
		ctx->blocks[ctx->n_blocks].status = status;
		ctx->blocks[ctx->n_blocks].location = NULL;
		ctx->n_blocks++;
		if (!r->first_ip) {
			char *ip = NULL;
			if (curl_easy_getinfo(ctx->h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip)
				r->first_ip = xstrdup(ip);
		}
		probe_tls_from_connection(ctx);
		response_clear_headers(r);
		free(r->http_version);
		free(r->reason);
		r->http_version = version;
		r->reason = reason;
		r->status = status;
		ctx->header_bytes = 0;
		ctx->headers_done = false;
		free(r->body);
		r->body = NULL;
		r->body_len = r->body_cap = r->body_seen = 0;
		return len;
	}
	if (len <= 2 && (data[0] == '\r' || data[0] == '\n')) {
		ctx->headers_done = true;
		return len;
	}
	const char *colon = memchr(data, ':', len);
	if (!colon || !ctx->n_blocks)
		return len;
	ctx->header_bytes += len;
	if (ctx->header_bytes > RESPONSE_HEADER_MAX)
		return len;     /* keep reading, stop keeping */
	size_t nlen = (size_t)(colon - data);
	response_add_header(r, data, nlen, colon + 1, len - nlen - 1);
	if (nlen == 8 && strncasecmp(data, "location", 8) == 0 && !ctx->blocks[ctx->n_blocks - 1].location)
		ctx->blocks[ctx->n_blocks - 1].location = xstrdup(r->headers[r->n_headers - 1].value);
	return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
	struct probe_ctx *ctx = userp;
	size_t len = size * n;
	response_add_body(ctx->out, data, len);
	if (ctx->out->body_seen >= RESPONSE_BODY_READ) {
		ctx->out->body_truncated = true;
		ctx->stopped_by_us = true;
		return 0;   /* ends the transfer with CURLE_WRITE_ERROR */
	}
	return len;
}

static void update_live(struct probe_ctx *ctx, curl_off_t dlnow)
{
	curl_off_t t = 0;
	struct probe_live *l = &ctx->live;
	curl_easy_getinfo(ctx->h, CURLINFO_TOTAL_TIME_T, &t);
	l->elapsed_ms = (double)t / 1000.0;
	l->bytes = (long long)ctx->out->body_seen;
	curl_off_t dns = 0, conn = 0, tls = 0, first = 0;
	curl_easy_getinfo(ctx->h, CURLINFO_NAMELOOKUP_TIME_T, &dns);
	curl_easy_getinfo(ctx->h, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(ctx->h, CURLINFO_APPCONNECT_TIME_T, &tls);
	curl_easy_getinfo(ctx->h, CURLINFO_STARTTRANSFER_TIME_T, &first);
	bool https = str_istarts(ctx->url, "https:");
	if (first > 0 || dlnow > 0)
		l->phase = PROBE_READING;
	else if (conn > 0 && (!https || tls > 0))
		l->phase = PROBE_WAITING;
	else if (conn > 0)
		l->phase = PROBE_TLS;
	else if (dns > 0)
		l->phase = PROBE_CONNECTING;
	else
		l->phase = PROBE_RESOLVING;
}

static int on_progress(void *userp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ult, curl_off_t uln)
{
	struct probe_ctx *ctx = userp;
	update_live(ctx, dlnow);
	/* Raw bytes on the wire: bounds a body that decodes to little or nothing. */
	if (dlnow > (curl_off_t)RESPONSE_BODY_READ * 2) {
		ctx->out->body_truncated = true;
		ctx->stopped_by_us = true;
		return 1;
	}
	return 0;
}

static enum transport_kind kind_of(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return TRANSPORT_DNS;
	case CURLE_COULDNT_CONNECT:
		return TRANSPORT_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return TRANSPORT_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		return TRANSPORT_TLS;
	case CURLE_GOT_NOTHING:
		return TRANSPORT_EMPTY_REPLY;
	case CURLE_TOO_MANY_REDIRECTS:
		return TRANSPORT_TOO_MANY_REDIRECTS;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return TRANSPORT_PROTOCOL_REFUSED;
	default:
		return TRANSPORT_OTHER;
	}
}

/* libcurl ends with CURLE_UNSUPPORTED_PROTOCOL both when it refuses a redirect
 * to a scheme other than http(s) and when it cannot read a status line
 * ("HTTP/1.1 OK", "FOO 200 BAR" taken for HTTP/0.9, status 000). Only the
 * first is a refusal: the last block seen is then a redirect whose Location
 * names another scheme (a relative one cannot). */
static bool refused_redirect(const struct probe_ctx *ctx)
{
	if (!ctx->n_blocks)
		return false;
	const struct block *b = &ctx->blocks[ctx->n_blocks - 1];
	if (b->status < 300 || b->status > 399 || !b->location)
		return false;
	CURLU *u = curl_url();
	char *scheme = NULL;
	bool refused = curl_url_set(u, CURLUPART_URL, b->location, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
		       curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		       !str_ieq(scheme, "http") && !str_ieq(scheme, "https");
	curl_free(scheme);
	curl_url_cleanup(u);
	return refused;
}

/* curl's words for a failure, or ours where curl has none or misleading ones.
 * Like curl's, these stay English: transport_detail is diagnostic text. */
static const char *failure_detail(const struct probe_ctx *ctx, CURLcode rc)
{
	bool head_cut = ctx->n_blocks > 0 && !ctx->headers_done;
	if (rc == CURLE_OK)   /* libcurl 7.88 drops a head cut short as if it ended */
		return head_cut ? "connection closed before the end of the response headers"
				: "no valid HTTP status in the response";
	if (rc == CURLE_OUT_OF_MEMORY && head_cut)   /* its words for a header line over 100 KiB */
		return "response header line too long (libcurl takes at most 100 KiB)";
	return ctx->errbuf[0] ? ctx->errbuf : curl_easy_strerror(rc);
}

static double ms_of(CURL *h, CURLINFO what)
{
	curl_off_t us = -1;
	if (curl_easy_getinfo(h, what, &us) != CURLE_OK || us < 0)
		return -1;
	return (double)us / 1000.0;
}

/* Resolve each hop's Location against the URL it came from. */
static void record_redirects(struct probe_ctx *ctx, const char *start_url, size_t n_hops)
{
	CURLU *u = curl_url();
	curl_url_set(u, CURLUPART_URL, start_url, 0);
	for (size_t i = 0; i < n_hops; i++) {
		struct block *b = &ctx->blocks[i];
		if (b->status < 300 || b->status > 399)
			continue;
		char *abs = NULL;
		if (b->location && curl_url_set(u, CURLUPART_URL, b->location, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK)
			curl_url_get(u, CURLUPART_URL, &abs, 0);
		response_add_redirect(ctx->out, b->status, abs ? abs : b->location);
		curl_free(abs);
	}
	curl_url_cleanup(u);
}

/* Whether any hop of the chain is https. */
static bool used_https(const struct probe_ctx *ctx)
{
	if (str_istarts(ctx->url, "https:"))
		return true;
	for (size_t i = 0; i < ctx->n_blocks; i++)
		if (ctx->blocks[i].location && str_istarts(ctx->blocks[i].location, "https:"))
			return true;
	return false;
}

void probe_ctx_finish(struct probe_ctx *ctx, CURLcode rc)
{
	CURL *h = ctx->h;
	const char *url = ctx->url;
	struct response *r = ctx->out;
	r->tls.attempted = r->tls.seen || used_https(ctx);
	r->t.dns = ms_of(h, CURLINFO_NAMELOOKUP_TIME_T);
	r->t.connect = ms_of(h, CURLINFO_CONNECT_TIME_T);
	r->t.tls = ms_of(h, CURLINFO_APPCONNECT_TIME_T);
	r->t.ttfb = ms_of(h, CURLINFO_STARTTRANSFER_TIME_T);
	/* libcurl reports 0 for a phase that never completed. */
	if (r->t.connect <= 0)
		r->t.connect = -1;
	if (r->t.tls <= 0)
		r->t.tls = -1;   /* no TLS handshake (plain http), or it failed */
	if (r->t.ttfb <= 0)
		r->t.ttfb = -1;
	r->t.total = ms_of(h, CURLINFO_TOTAL_TIME_T);
	/* Our own DNS lookup ran before libcurl started: count from the start. */
	if (ctx->dns_ms > 0) {
		double *phases[] = {&r->t.dns, &r->t.connect, &r->t.tls, &r->t.ttfb, &r->t.total};
		for (size_t i = 0; i < sizeof phases / sizeof *phases; i++)
			if (*phases[i] >= 0)
				*phases[i] += ctx->dns_ms;
		if (r->t.dns < 0)
			r->t.dns = ctx->dns_ms;
	}
	char *eff = NULL, *ip = NULL;
	curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
	if (ip && *ip)
		r->primary_ip = xstrdup(ip);
	/* Our end of the connection: a server's log names it ("[client ADDR:PORT]"). */
	char *lip = NULL;
	long lport = 0;
	curl_easy_getinfo(h, CURLINFO_LOCAL_IP, &lip);
	curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &lport);
	if (lip && *lip)
		r->local_ip = xstrdup(lip);
	r->local_port = lport > 0 && lport < 65536 ? (int)lport : 0;

	/* Blocks that are not the last non-1xx block are hops of the chain. */
	size_t last = ctx->n_blocks;
	while (last > 0 && ctx->blocks[last - 1].status < 200)
		last--;
	/* A status only counts once its headers ended (a head cut short is no
	 * answer) and only when it is one (libcurl may let "000" through). */
	bool answered = ctx->n_blocks > 0 && ctx->headers_done && r->status >= 100;
	bool ok = answered && (rc == CURLE_OK || ctx->stopped_by_us);

	if (ok || (answered && rc != CURLE_TOO_MANY_REDIRECTS && rc != CURLE_UNSUPPORTED_PROTOCOL)) {
		record_redirects(ctx, url, last ? last - 1 : 0);
		r->final_url = xstrdup(eff ? eff : url);
		if (!r->reason || !*r->reason) {
			/* HTTP/2 and 3 carry no reason phrase: give the standard one. */
			free(r->reason);
			r->reason = xstrdup(status_reason_default(r->status) ? status_reason_default(r->status) : "");
		}
		if (!ok) {
			/* The status came; the body did not finish. Not a transport failure. */
			r->body_truncated = true;
			r->transport_detail = xstrdup(ctx->errbuf[0] ? ctx->errbuf : curl_easy_strerror(rc));
			r->curl_code = (int)rc;
		}
		return;
	}

	/* Nothing usable came back: a transport failure, status unknown. */
	record_redirects(ctx, url, ctx->n_blocks);
	r->transport = kind_of(rc);
	if (r->transport == TRANSPORT_TLS) {
		r->tls.attempted = true;
		probe_tls_failed(ctx);
	}
	if (r->transport == TRANSPORT_PROTOCOL_REFUSED && !refused_redirect(ctx))
		r->transport = TRANSPORT_OTHER;
	r->curl_code = (int)rc;
	r->transport_detail = xstrdup(failure_detail(ctx, rc));
	r->status = 0;
	free(r->reason);
	free(r->http_version);
	r->reason = r->http_version = NULL;
	/* A loop's last headers still tell who answered (Cloudflare or not). */
	if (r->transport != TRANSPORT_TOO_MANY_REDIRECTS)
		response_clear_headers(r);
	free(r->body);
	r->body = NULL;
	r->body_len = r->body_cap = r->body_seen = 0;
	r->body_truncated = false;
}

int probe_ctx_setup(struct probe_ctx *ctx, const char *url, const struct probe_options *o,
		     struct response *out, char **err)
{
	ctx->out = out;
	ctx->url = xstrdup(url);
	ctx->h = curl_easy_init();
	if (!ctx->h) {
		*err = xstrdup(_("libcurl could not start a transfer"));
		return -1;
	}
	out->url = xstrdup(url);
	out->tls_verified = !o->insecure;
	out->probed_at = (long long)time(NULL);
	/* A probe of an address, or of --origin's, asks no DNS: no host to find. */
	if (!o->connect_to && !probe_url_is_address(url)) {
		probe_url_host_port(url, &ctx->host, &ctx->port);
		ctx->needs_dns = ctx->host && !probe_is_address(ctx->host);
	}
	ctx->dns_server = xstrdup(o->dns_server);
	ctx->timeout_ms = o->timeout_s * 1000;
	ctx->connect_timeout_ms = o->connect_timeout_s * 1000;

	for (size_t i = 0; i < o->headers.n; i++)
		ctx->headers = curl_slist_append(ctx->headers, o->headers.v[i]);
	if (o->connect_to) {
		/* "::ADDR:PORT": any host and port of the URL goes to ADDR:PORT. */
		const char *colon = strrchr(o->connect_to, ':');
		const char *bracket = strchr(o->connect_to, ']');
		bool has_port = colon && (o->connect_to[0] != '[' || (bracket && colon > bracket));
		char *spec = has_port ? xasprintf("::%s", o->connect_to) : xasprintf("::%s:", o->connect_to);
		ctx->connect_to = curl_slist_append(ctx->connect_to, spec);
		free(spec);
	}

	CURL *h = ctx->h;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, o->max_redirs);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "httpdoc/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, ctx->headers);
	curl_easy_setopt(h, CURLOPT_CONNECT_TO, ctx->connect_to);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ctx->errbuf);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, ctx);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, ctx);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, ctx);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_PRIVATE, ctx);
	if (o->method) {
		if (str_ieq(o->method, "HEAD"))
			curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		else
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, o->method);
	}
	/* Like curl(1): a CA bundle named in the environment replaces the default. */
	const char *ca = getenv("CURL_CA_BUNDLE");
	if (!ca || !*ca)
		ca = getenv("SSL_CERT_FILE");
	if (ca && *ca)
		curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	if (o->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	probe_tls_setup(ctx, o);
	return 0;
}

void probe_ctx_free(struct probe_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_blocks; i++)
		free(ctx->blocks[i].location);
	free(ctx->blocks);
	if (ctx->h)
		curl_easy_cleanup(ctx->h);
	curl_slist_free_all(ctx->headers);
	curl_slist_free_all(ctx->connect_to);
	curl_slist_free_all(ctx->resolve);
	free(ctx->url);
	free(ctx->host);
	free(ctx->dns_server);
	tls_info_free(&ctx->hs);
	free(ctx);
}
