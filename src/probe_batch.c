/* probe_batch.c: many probes at once on libcurl's multi interface, with an
 * in-flight window of our own (a transfer queued in libcurl's own pool
 * would count its waiting time against its timeout), connections reused
 * per host, and the global set-up done by the first batch. */
#include <config.h>
#include "probe.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "probe_int.h"

/* libcurl's global set-up initialises the TLS library, about a millisecond
 * here and as much again at exit: only runs that transfer something pay it. */
static bool global_done;

static void global_init(void)
{
	if (!global_done)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	global_done = true;
}

void probe_global_cleanup(void)
{
	if (global_done)
		curl_global_cleanup();
	global_done = false;
}

struct probe_batch {
	CURLM *multi;
	long window;
	size_t running;
	struct probe_ctx *queue, *queue_tail;   /* not started yet */
	struct probe_ctx *active;               /* in the multi handle */
};

struct probe_batch *probe_batch_new(long parallel)
{
	global_init();
	struct probe_batch *b = xcalloc(1, sizeof *b);
	b->multi = curl_multi_init();
	b->window = parallel > 0 ? parallel : 16;
	/* Keep idle connections to reuse per host, at least one per slot. */
	curl_multi_setopt(b->multi, CURLMOPT_MAXCONNECTS, b->window * 2);
	return b;
}

void probe_batch_add(struct probe_batch *b, const char *url, const struct probe_options *o,
		     struct response *out, void *user)
{
	struct probe_ctx *ctx = xcalloc(1, sizeof *ctx);
	char *err = NULL;
	ctx->user = user;
	if (probe_ctx_setup(ctx, url, o, out, &err) != 0) {
		/* Only an allocation failure inside libcurl gets here: report it as a result. */
		out->transport = TRANSPORT_OTHER;
		out->transport_detail = err;
		curl_easy_cleanup(ctx->h);
		ctx->h = NULL;
	}
	if (b->queue_tail)
		b->queue_tail->next = ctx;
	else
		b->queue = ctx;
	b->queue_tail = ctx;
}

static void unlink_active(struct probe_batch *b, struct probe_ctx *ctx)
{
	for (struct probe_ctx **p = &b->active; *p; p = &(*p)->next) {
		if (*p == ctx) {
			*p = ctx->next;
			return;
		}
	}
}

size_t probe_batch_run(struct probe_batch *b, int timeout_ms, probe_done_fn done, void *cbdata)
{
	/* Fill the window from the queue. */
	while (b->queue && (long)b->running < b->window) {
		struct probe_ctx *ctx = b->queue;
		b->queue = ctx->next;
		if (!b->queue)
			b->queue_tail = NULL;
		if (!ctx->h) {   /* set-up failed: already a result */
			ctx->live.phase = PROBE_DONE;
			done(ctx->user, ctx->out, cbdata);
			probe_ctx_free(ctx);
			continue;
		}
		ctx->next = b->active;
		b->active = ctx;
		ctx->live.phase = PROBE_RESOLVING;
		curl_multi_add_handle(b->multi, ctx->h);
		b->running++;
	}
	if (b->running == 0)
		return 0;

	int still;
	curl_multi_perform(b->multi, &still);
	if (still > 0 && timeout_ms > 0) {
		curl_multi_poll(b->multi, NULL, 0, timeout_ms, NULL);
		curl_multi_perform(b->multi, &still);
	}
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(b->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct probe_ctx *ctx = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&ctx);
		CURLcode rc = m->data.result;
		curl_multi_remove_handle(b->multi, ctx->h);
		b->running--;
		unlink_active(b, ctx);
		probe_ctx_finish(ctx, rc);
		ctx->live.phase = PROBE_DONE;
		done(ctx->user, ctx->out, cbdata);
		probe_ctx_free(ctx);
	}
	size_t queued = 0;
	for (struct probe_ctx *q = b->queue; q; q = q->next)
		queued++;
	return b->running + queued;
}

bool probe_batch_live(const struct probe_batch *b, const void *user, struct probe_live *live)
{
	for (const struct probe_ctx *c = b->active; c; c = c->next) {
		if (c->user == user) {
			*live = c->live;
			return true;
		}
	}
	for (const struct probe_ctx *c = b->queue; c; c = c->next) {
		if (c->user == user) {
			*live = c->live;
			live->phase = PROBE_QUEUED;
			return true;
		}
	}
	return false;
}

void probe_batch_free(struct probe_batch *b)
{
	if (!b)
		return;
	while (b->active) {
		struct probe_ctx *c = b->active;
		b->active = c->next;
		curl_multi_remove_handle(b->multi, c->h);
		probe_ctx_free(c);
	}
	while (b->queue) {
		struct probe_ctx *c = b->queue;
		b->queue = c->next;
		probe_ctx_free(c);
	}
	curl_multi_cleanup(b->multi);
	free(b);
}
