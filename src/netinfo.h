/* netinfo.h: what the network said around a response: the DNS answer for
 * the URL's host and the TLS connection's certificate, as plain data.
 *
 * Filled by the probe (dns.c resolves, probe_tls.c reads the certificate),
 * read by the facts and the reporters. Everything is owned by the struct;
 * every string may hold bytes from the network (escape before a terminal). */
#ifndef HTTPDOC_NETINFO_H
#define HTTPDOC_NETINFO_H

#include <stdbool.h>

#include "util.h"

/* The DNS answer, as the JSON names it. DNS_RC_UNKNOWN: no exchange. */
enum dns_rcode {
	DNS_RC_UNKNOWN = 0,
	DNS_RC_NOERROR,
	DNS_RC_NXDOMAIN,
	DNS_RC_SERVFAIL,     /* also other failure codes (FORMERR, NOTIMP) and malformed answers */
	DNS_RC_REFUSED,
	DNS_RC_TIMEOUT,      /* a server took the question and never answered */
	DNS_RC_NO_SERVER,    /* no configured server could be reached at all */
};
/* "NOERROR", "NXDOMAIN", ...; NULL for DNS_RC_UNKNOWN. */
const char *dns_rcode_name(enum dns_rcode rc);

struct dns_info {
	bool asked;               /* a lookup ran (false: replay, an address in the URL, --origin) */
	char *host;               /* the name asked for */
	char *server;             /* "127.0.0.1#5353", "/etc/hosts", "localhost (RFC 6761)" */
	enum dns_rcode rcode;
	char *rcode_text;         /* the exact code when the enum folds it ("NOTIMP"), or NULL */
	struct strlist addresses; /* A, then AAAA */
	struct strlist cname;     /* the CNAME chain from the host, in order */
	bool cname_loop;          /* the chain came back to a name it had passed */
	int cd_resolves;          /* SERVFAIL: the same query with checking disabled got an address (1), not (0); -1 not asked */
	char *cd_rcode;           /* its answer code, or NULL */
	char *domain;             /* NXDOMAIN: the registered domain above the host, or NULL */
	int domain_exists;        /* NXDOMAIN: that domain has name servers (1), not (0); -1 unknown */
	char *domain_ns;          /* its first name server, or NULL */
	double ms;                /* how long the lookup took */
	bool transfer_pinned;     /* the transfer was told to use these addresses */
};

/* Why the certificate was refused, as the JSON names it. */
enum tls_verify_error {
	TLS_VERIFY_NONE = 0,      /* verified, or not judged */
	TLS_VERIFY_EXPIRED,
	TLS_VERIFY_NOT_YET_VALID,
	TLS_VERIFY_HOSTNAME,
	TLS_VERIFY_SELF_SIGNED,
	TLS_VERIFY_UNKNOWN_ISSUER,
	TLS_VERIFY_INCOMPLETE_CHAIN,
	TLS_VERIFY_OTHER,
};
/* "expired", "hostname", ...; NULL for TLS_VERIFY_NONE. */
const char *tls_verify_error_name(enum tls_verify_error e);

#define TLS_NAMES_KEEP 100        /* names (subjectAltName) kept; the rest only counted */

struct tls_info {
	bool attempted;           /* TLS was used or tried (an https URL or hop) */
	bool seen;                /* a TLS handshake reached the certificate */
	char *host;               /* the name the certificate was checked against */
	char *version;            /* "TLSv1.3" */
	char *subject, *issuer;   /* RFC 2253 form */
	struct strlist names;     /* DNS and IP names, at most TLS_NAMES_KEEP */
	long names_total;         /* how many the certificate has */
	long long not_before, not_after;  /* Unix time; 0 when unknown */
	int chain_len;            /* certificates the server sent */
	bool verified;            /* the chain and the name were accepted */
	bool judged;              /* the verifier ran (false: --insecure without a result) */
	int verify_code;          /* the verifier's own code (X509_V_ERR_*), 0 when none */
	char *verify_text;        /* the verifier's words for it */
	enum tls_verify_error verify_error;
	bool hostname_ok;         /* the certificate covers host */
	long long checked_at;     /* Unix time the dates were judged at */
};

void dns_info_free(struct dns_info *d);
void tls_info_free(struct tls_info *t);
/* Deep copies; dst's old content is freed first. */
void dns_info_copy(struct dns_info *dst, const struct dns_info *src);
void tls_info_copy(struct tls_info *dst, const struct tls_info *src);
/* The answer in one line, for evidence and a failure's detail:
 * "NXDOMAIN from 127.0.0.1#5353 for nope.test" (caller frees). */
char *dns_answer_text(const struct dns_info *d);

/* Whole days from checked_at until not_after (negative once expired). */
long tls_days_left(const struct tls_info *t);
/* "2026-11-30T12:00:00Z" for a Unix time (caller frees); NULL for 0. */
char *iso8601_utc(long long t);

#endif
