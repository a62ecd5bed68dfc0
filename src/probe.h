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
};

void probe_options_init(struct probe_options *o);
void probe_options_free(struct probe_options *o);

/* Check that url is a well-formed http or https URL. Returns 0 and sets
 * *normalised (caller frees) or returns -1 with *err (caller frees). */
int probe_check_url(const char *url, char **normalised, char **err);

/* Probe url into out (initialised by the caller). A transport failure is a
 * result (out->transport), not an error. Returns -1 only for bad input (the
 * URL or options), with *err set. */
int probe_run(const char *url, const struct probe_options *o, struct response *out, char **err);

/* Global set-up and tear-down of libcurl (call once from main). */
void probe_global_init(void);
void probe_global_cleanup(void);

/* libcurl's version string, for --version. */
const char *probe_curl_version(void);

#endif
