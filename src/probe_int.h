/* probe_int.h: private to probe.c and probe_batch.c: one transfer's state
 * and what the batch does with it. */
#ifndef HTTPDOC_PROBE_INT_H
#define HTTPDOC_PROBE_INT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "probe.h"
#include "response.h"

struct block {
	int status;
	char *location;
};

struct probe_ctx {
	struct response *out;
	CURL *h;
	char *url;              /* normalised */
	struct curl_slist *headers, *connect_to, *resolve;
	void *user;             /* batch: the caller's pointer */
	struct probe_live live;
	struct probe_ctx *next; /* batch: queue or running list */
	struct block *blocks;   /* every header block seen, in order */
	size_t n_blocks;
	size_t header_bytes;
	bool stopped_by_us;     /* we ended the transfer at a bound */
	bool headers_done;      /* the final block's headers ended */
	char errbuf[CURL_ERROR_SIZE];
	/* DNS, done by the batch before the transfer starts */
	char *host;             /* the URL's host as DNS knows it (IDN as punycode), no brackets */
	long port;              /* the URL's port */
	bool needs_dns;         /* a name (not an address) and no --origin address */
	char *dns_server;       /* --dns-server, or NULL for the system's */
	double dns_started, dns_ms;
	bool resolving;         /* the lookup is running */
	struct probe_batch *batch;
	long connect_timeout_ms;
	long timeout_ms;        /* the whole probe's limit, DNS included */
	/* TLS */
	const char *cacert;     /* --cacert, borrowed from the options */
	struct tls_info hs;     /* the handshake in progress, as the verify callback saw it */
};

/* Set up ctx->h for url (already normalised) with the options; the result
 * goes to out. On failure returns -1 with *err (caller frees). */
int probe_ctx_setup(struct probe_ctx *ctx, const char *url, const struct probe_options *o,
		    struct response *out, char **err);
/* Fill ctx->out once the transfer ended with rc. */
void probe_ctx_finish(struct probe_ctx *ctx, CURLcode rc);
/* Free ctx, its easy handle and lists (not ctx->out). */
void probe_ctx_free(struct probe_ctx *ctx);

/* The DNS answer for ctx->host is in: keep it in ctx->out and pin the
 * transfer to its addresses. Returns false when there is no address and the
 * transfer should not start (a given --dns-server had none): ctx->out then
 * holds a dns failure, complete. */
bool probe_ctx_resolved(struct probe_ctx *ctx, const struct dns_info *info);

/* probe_dns.c: the host of a URL (caller frees), IDN as punycode, an IPv6
 * address in brackets; NULL when there is none. */
char *probe_url_host(const char *url);
/* The host (no brackets; caller frees) and port of a URL already checked. */
void probe_url_host_port(const char *url, char **host, long *port);
/* An IPv4 or IPv6 address (no brackets), not a name. */
bool probe_is_address(const char *host);
/* The host of a URL libcurl normalised ("scheme://[user@]host[:port]/...")
 * is an address, read without parsing the whole URL. */
bool probe_url_is_address(const char *url);

/* probe_tls.c: record each handshake's certificate and verdict (set up once
 * per transfer); read them from the connection once a response started;
 * keep the failed handshake's record when TLS ended the transfer. */
void probe_tls_setup(struct probe_ctx *ctx, const struct probe_options *o);
void probe_tls_from_connection(struct probe_ctx *ctx);
void probe_tls_failed(struct probe_ctx *ctx);

#endif
