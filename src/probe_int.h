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
	struct curl_slist *headers, *connect_to;
	void *user;             /* batch: the caller's pointer */
	struct probe_live live;
	struct probe_ctx *next; /* batch: queue or running list */
	struct block *blocks;   /* every header block seen, in order */
	size_t n_blocks;
	size_t header_bytes;
	bool stopped_by_us;     /* we ended the transfer at a bound */
	bool headers_done;      /* the final block's headers ended */
	char errbuf[CURL_ERROR_SIZE];
};

/* Set up ctx->h for url (already normalised) with the options; the result
 * goes to out. On failure returns -1 with *err (caller frees). */
int probe_ctx_setup(struct probe_ctx *ctx, const char *url, const struct probe_options *o,
		    struct response *out, char **err);
/* Fill ctx->out once the transfer ended with rc. */
void probe_ctx_finish(struct probe_ctx *ctx, CURLcode rc);
/* Free ctx, its easy handle and lists (not ctx->out). */
void probe_ctx_free(struct probe_ctx *ctx);

#endif
