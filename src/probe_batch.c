/* probe_batch.c: many probes at once on libcurl's multi interface, with an
 * in-flight window of our own (a transfer queued in libcurl's own pool
 * would count its waiting time against its timeout), connections reused
 * per host, and the global set-up done by the first batch. */
#include <config.h>
#include "probe.h"

#include <curl/curl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "dns.h"
#include "probe_int.h"

#define DNS_FDS_MAX 64          /* resolver sockets waited on at once */

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
	dns_global_cleanup();
}

/* One resolver per DNS server asked (NULL: the system's), for the batch's
 * lifetime: lookups of the same host share one exchange. */
struct resolver {
	char *server;
	struct dns_resolver *r;
	struct resolver *next;
	size_t first, count;    /* its sockets in the current wait */
};

struct probe_batch {
	CURLM *multi;
	long window;
	size_t running;
	struct probe_ctx *queue, *queue_tail;   /* not started yet */
	struct probe_ctx *active;               /* resolving, or in the multi handle */
	struct probe_ctx *ready;                /* ended before a transfer (DNS): to report */
	struct resolver *resolvers;
};

static double now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The resolver for ctx's server; NULL when c-ares cannot start (then
 * libcurl resolves, as before). */
static struct dns_resolver *resolver_for(struct probe_batch *b, const struct probe_ctx *ctx)
{
	for (struct resolver *x = b->resolvers; x; x = x->next)
		if (same(x->server, ctx->dns_server))
			return x->r;
	char *err = NULL;
	/* Two tries of a question (c-ares doubles the second) fit in the
	 * connect timeout (and the whole one): a third each, within 0.1-2 s. */
	long limit = ctx->connect_timeout_ms < ctx->timeout_ms ? ctx->connect_timeout_ms : ctx->timeout_ms;
	long try_ms = limit / 3;
	try_ms = try_ms < 100 ? 100 : try_ms > 2000 ? 2000 : try_ms;
	struct dns_resolver *r = dns_resolver_new(ctx->dns_server, try_ms, &err);
	free(err);
	if (!r)
		return NULL;
	struct resolver *x = xcalloc(1, sizeof *x);
	x->server = xstrdup(ctx->dns_server);
	x->r = r;
	x->next = b->resolvers;
	b->resolvers = x;
	return r;
}

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

/* The batch a lookup belongs to, for its callback. */
struct lookup_arg {
	struct probe_batch *b;
	struct probe_ctx *ctx;
};

static void unlink_active(struct probe_batch *b, struct probe_ctx *ctx);

/* A lookup ended: start the transfer, pinned to the answer, or report the
 * probe as a DNS failure. */
static void on_resolved(void *arg, const struct dns_info *info)
{
	struct probe_ctx *ctx = arg;
	struct probe_batch *b = ctx->batch;
	ctx->resolving = false;
	if (probe_ctx_resolved(ctx, info)) {
		ctx->live.phase = PROBE_CONNECTING;
		curl_multi_add_handle(b->multi, ctx->h);
		return;
	}
	unlink_active(b, ctx);
	ctx->next = b->ready;
	b->ready = ctx;
}

/* Start a probe taken from the queue: its DNS lookup first where it has one. */
static void start(struct probe_batch *b, struct probe_ctx *ctx)
{
	ctx->next = b->active;
	b->active = ctx;
	ctx->live.phase = PROBE_RESOLVING;
	b->running++;
	struct dns_resolver *r = ctx->needs_dns ? resolver_for(b, ctx) : NULL;
	if (!r) {
		curl_multi_add_handle(b->multi, ctx->h);
		return;
	}
	ctx->batch = b;
	ctx->resolving = true;
	ctx->dns_started = now_ms();
	dns_lookup(r, ctx->host, on_resolved, ctx);
}

/* Wait at most timeout_ms for the transfers and the lookups together. */
static void wait_all(struct probe_batch *b, int timeout_ms)
{
	struct curl_waitfd extra[DNS_FDS_MAX];
	int fds[DNS_FDS_MAX];
	short events[DNS_FDS_MAX], revents[DNS_FDS_MAX];
	size_t n = 0;
	long wait = timeout_ms;
	for (struct resolver *x = b->resolvers; x; x = x->next) {
		x->first = n;
		x->count = dns_resolver_fds(x->r, fds + n, events + n, DNS_FDS_MAX - n);
		n += x->count;
		wait = dns_resolver_timeout_ms(x->r, wait);
	}
	for (size_t i = 0; i < n; i++)
		extra[i] = (struct curl_waitfd){fds[i], (short)((events[i] & POLLIN ? CURL_WAIT_POLLIN : 0) |
							 (events[i] & POLLOUT ? CURL_WAIT_POLLOUT : 0)), 0};
	curl_multi_poll(b->multi, n ? extra : NULL, (unsigned)n, (int)(wait > 0 ? wait : 0), NULL);
	for (size_t i = 0; i < n; i++)
		revents[i] = (short)((extra[i].revents & CURL_WAIT_POLLIN ? POLLIN : 0) |
				     (extra[i].revents & CURL_WAIT_POLLOUT ? POLLOUT : 0));
	for (struct resolver *x = b->resolvers; x; x = x->next)
		dns_resolver_process(x->r, fds + x->first, revents + x->first, x->count);
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

static size_t lookups_pending(const struct probe_batch *b)
{
	size_t n = 0;
	for (const struct resolver *x = b->resolvers; x; x = x->next)
		n += dns_resolver_pending(x->r);
	return n;
}

/* Report the probes that ended before a transfer. */
static void report_ready(struct probe_batch *b, probe_done_fn done, void *cbdata)
{
	while (b->ready) {
		struct probe_ctx *ctx = b->ready;
		b->ready = ctx->next;
		b->running--;
		ctx->live.phase = PROBE_DONE;
		done(ctx->user, ctx->out, cbdata);
		probe_ctx_free(ctx);
	}
}

size_t probe_batch_run(struct probe_batch *b, int timeout_ms, probe_done_fn done, void *cbdata)
{
	/* Fill the window from the queue (a lookup answered already may end a
	 * probe at once and free its place). */
	do {
		report_ready(b, done, cbdata);
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
			start(b, ctx);
		}
	} while (b->ready);
	if (b->running == 0)
		return 0;

	int still;
	curl_multi_perform(b->multi, &still);
	if (still > 0 || lookups_pending(b)) {
		wait_all(b, timeout_ms > 0 && still + lookups_pending(b) > 0 ? timeout_ms : 0);
		curl_multi_perform(b->multi, &still);
	}
	report_ready(b, done, cbdata);
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
	double now = now_ms();
	for (struct probe_ctx *c = b->active; c; c = c->next)
		if (c->resolving)
			c->live.elapsed_ms = now - c->dns_started;
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
	/* First the lookups, so that none ends on a probe freed below. */
	while (b->resolvers) {
		struct resolver *x = b->resolvers;
		b->resolvers = x->next;
		dns_resolver_free(x->r);
		free(x->server);
		free(x);
	}
	while (b->ready) {
		struct probe_ctx *c = b->ready;
		b->ready = c->next;
		probe_ctx_free(c);
	}
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
