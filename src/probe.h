/* probe.h: one HTTP(S) request with libcurl, bounded in every dimension.
 *
 * The only part of httpdoc that includes curl/curl.h. */
#ifndef HTTPDOC_PROBE_H
#define HTTPDOC_PROBE_H

#include <stdbool.h>

#include "response.h"
#include "util.h"

struct probe_options {
	long timeout_s;           /* whole probe, default 15 */
	long connect_timeout_s;   /* default 10 */
	long max_redirs;          /* default 10 */
	const char *user_agent;   /* NULL: httpdoc/VERSION */
	const char *method;       /* NULL: GET */
	struct strlist headers;   /* extra "Name: value" lines */
	bool insecure;            /* skip TLS verification */
	const char *connect_to;   /* ADDR[:PORT] to connect to instead of the URL's host, or NULL */
	const char *dns_server;   /* --dns-server ADDR[:PORT], or NULL: the system's resolver */
	const char *cacert;       /* --cacert FILE: a CA trusted besides the system's, or NULL */
};

void probe_options_init(struct probe_options *o);
void probe_options_free(struct probe_options *o);

/* Check that url is a well-formed http or https URL. Returns 0 and sets
 * *normalised (caller frees) or returns -1 with *err (caller frees). */
int probe_check_url(const char *url, char **normalised, char **err);

/* The parts of a URL a server's log names: its host (lower case, IPv6
 * without brackets), its port (the scheme's when none is given) and the
 * request target ("/path?query"). Returns 0, or -1 for a URL that is not
 * one; *host and *target: caller frees. */
int probe_url_parts(const char *url, char **host, int *port, char **target);

/* Check an --origin address, ADDR[:PORT]: a host name or IPv4 address, or
 * [IPv6] in brackets; a port from 1 to 65535. */
bool probe_check_origin(const char *addr);

/* Check a --cacert file: 0, or -1 with *err (caller frees) when it holds
 * no certificate OpenSSL can read. */
int probe_check_cacert(const char *path, char **err);

/* Probes, one or many at once, through libcurl's multi interface, with our own
 * in-flight window (libcurl's connection queue would spend each transfer's
 * timeout while it waits). Connections are reused per host. */
struct probe_batch;

enum probe_phase {
	PROBE_QUEUED, PROBE_RESOLVING, PROBE_CONNECTING, PROBE_TLS, PROBE_WAITING,
	PROBE_READING, PROBE_DONE,
};

/* What a running probe is doing, for a live display. */
struct probe_live {
	enum probe_phase phase;
	double elapsed_ms;
	long long bytes;          /* body bytes so far */
};

/* Called once per finished probe, in completion order. out is complete. */
typedef void (*probe_done_fn)(void *user, struct response *out, void *cbdata);

/* The first call sets libcurl up (not thread-safe: from one thread only). */
struct probe_batch *probe_batch_new(long parallel);
/* Queue a probe. url must have passed probe_check_url; out (initialised by
 * the caller) and user must stay valid until done is called. o is copied. */
void probe_batch_add(struct probe_batch *b, const char *url, const struct probe_options *o,
		     struct response *out, void *user);
/* Run for at most timeout_ms (0: do what is ready and return), calling done
 * for each probe that finished. Returns how many are running or queued. */
size_t probe_batch_run(struct probe_batch *b, int timeout_ms, probe_done_fn done, void *cbdata);
/* The live state of the probe queued with this user pointer; false if unknown. */
bool probe_batch_live(const struct probe_batch *b, const void *user, struct probe_live *live);
/* Abandon every unfinished probe (they are not reported) and free b. */
void probe_batch_free(struct probe_batch *b);


/* Undo what the first probe_batch_new did, if it ran (at exit, from main). */
void probe_global_cleanup(void);

/* libcurl's version string, for --version. */
const char *probe_curl_version(void);

#endif
