/* response.h: what came back from one probe (or one replayed file).
 *
 * A response is filled by a probe_batch or by replay_load() and read by everything
 * after them. It owns all its strings; response_free() releases them. */
#ifndef HTTPDOC_RESPONSE_H
#define HTTPDOC_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "netinfo.h"

/* Bounds that hold for every response, from the network or from a file. */
#define RESPONSE_BODY_KEEP   (1024 * 1024)          /* bytes kept for analysis */
#define RESPONSE_BODY_READ   (8 * 1024 * 1024)      /* bytes read before we stop */
#define RESPONSE_HEADER_MAX  (256 * 1024)           /* total header bytes kept */
#define RESPONSE_HEADERS_MAX 1000                   /* header lines kept */

enum transport_kind {
	TRANSPORT_NONE = 0,
	TRANSPORT_DNS,
	TRANSPORT_CONNECT,
	TRANSPORT_TIMEOUT,
	TRANSPORT_TLS,
	TRANSPORT_EMPTY_REPLY,
	TRANSPORT_TOO_MANY_REDIRECTS,
	TRANSPORT_PROTOCOL_REFUSED,
	TRANSPORT_OTHER,
};

/* JSON name: "dns", "empty_reply", ...; NULL for TRANSPORT_NONE. */
const char *transport_kind_name(enum transport_kind k);
/* The name `explain` uses: "dns", "empty-reply", "too-many-redirects", ... */
const char *transport_kind_code(enum transport_kind k);
/* What the failure means, for people, translated. */
const char *transport_kind_words(enum transport_kind k);
/* Accepts either spelling; TRANSPORT_NONE when unknown. */
enum transport_kind transport_kind_parse(const char *s);

struct header {
	char *name;     /* as sent */
	char *value;    /* trimmed */
};

struct redirect_hop {
	int status;
	char *location; /* absolute URL of the next hop, or NULL */
};

/* Milliseconds from the start of the request; negative when unknown. */
struct timings {
	double dns, connect, tls, ttfb, total;
};

struct response {
	char *url;              /* what was asked for */
	char *final_url;        /* after redirects; NULL when nothing answered */

	int status;             /* 0 when nothing answered (transport error) */
	char *reason;           /* reason phrase, may be "" */
	char *http_version;     /* "1.0", "1.1", "2", "3" */

	struct header *headers; /* of the final response, in order */
	size_t n_headers;

	struct redirect_hop *redirects;
	size_t n_redirects;

	struct timings t;

	enum transport_kind transport;
	char *transport_detail; /* curl's words, or the replay parser's */
	int curl_code;          /* CURLcode, 0 when none */

	unsigned char *body;    /* decoded body, first RESPONSE_BODY_KEEP bytes, NUL-terminated */
	size_t body_len;
	size_t body_cap;        /* allocated for body; 0 when body is NULL */
	size_t body_seen;       /* decoded bytes seen in all */
	bool body_truncated;    /* reading stopped at a bound before the end */

	bool tls_verified;      /* false when --insecure turned verification off */
	bool replayed;          /* came from a file, not the network */
	long long probed_at;    /* Unix time of the probe (a replayed file: its mtime) */
	char *primary_ip;       /* the address that answered, or NULL */
	char *first_ip;         /* the address the URL's own host answered from, or NULL */
	char *local_ip;         /* our end of the connection that answered, or NULL */
	int local_port;         /* its port, 0 unknown */

	struct dns_info dns;    /* the URL's host in DNS (dns.asked false: no lookup) */
	struct tls_info tls;    /* the first TLS connection of the chain (tls.seen false: none) */
};

void response_init(struct response *r);
void response_free(struct response *r);

/* First header with this name (case-insensitive), or NULL. Borrowed. */
const char *response_header(const struct response *r, const char *name);

void response_add_header(struct response *r, const char *name, size_t nlen,
			 const char *value, size_t vlen);
void response_clear_headers(struct response *r);
void response_add_redirect(struct response *r, int status, const char *location);
/* Append body bytes, keeping at most RESPONSE_BODY_KEEP; counts all in body_seen. */
/* (The buffer grows as the body does: most bodies are a few kilobytes.) */
void response_add_body(struct response *r, const void *p, size_t n);

/* The reason phrase RFC 9110 gives for a status, or NULL. */
const char *status_reason_default(int status);

#endif
