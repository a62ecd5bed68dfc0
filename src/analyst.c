/* analyst.c: worker threads, a queue in and a queue out (see analyst.h). */
#include <config.h>
#include "analyst.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A first-in first-out list of pointers. */
struct fifo {
	void **v;
	size_t head, n, cap;
};

static void fifo_push(struct fifo *q, void *item)
{
	if (q->head + q->n == q->cap) {
		if (q->head) {          /* room at the front: slide down */
			memmove(q->v, q->v + q->head, q->n * sizeof *q->v);
			q->head = 0;
		}
		if (q->n == q->cap) {
			q->cap = q->cap ? q->cap * 2 : 64;
			q->v = xrealloc(q->v, q->cap * sizeof *q->v);
		}
	}
	q->v[q->head + q->n++] = item;
}

static void *fifo_pop(struct fifo *q)
{
	if (!q->n)
		return NULL;
	void *item = q->v[q->head++];
	if (--q->n == 0)
		q->head = 0;
	return item;
}

#define ANALYST_MAX_THREADS 8

struct analyst {
	pthread_t thread[ANALYST_MAX_THREADS];
	int n_threads;
	pthread_mutex_t lock;
	pthread_cond_t work;            /* an item arrived, or stop */
	pthread_cond_t finished;        /* an item is done */
	struct fifo in, out;
	size_t pending;                 /* submitted, not collected */
	bool stop;
	analyst_fn fn;
	void *ctx;
};

static void *run(void *arg)
{
	struct analyst *a = arg;
	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->in.n && !a->stop)
			pthread_cond_wait(&a->work, &a->lock);
		void *item = fifo_pop(&a->in);
		if (!item)
			break;          /* stop, and nothing left */
		pthread_mutex_unlock(&a->lock);
		a->fn(item, a->ctx);
		pthread_mutex_lock(&a->lock);
		fifo_push(&a->out, item);
		pthread_cond_signal(&a->finished);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

static void destroy(struct analyst *a)
{
	pthread_cond_destroy(&a->finished);
	pthread_cond_destroy(&a->work);
	pthread_mutex_destroy(&a->lock);
	free(a->in.v);
	free(a->out.v);
	free(a);
}

struct analyst *analyst_start(int threads, analyst_fn fn, void *ctx)
{
	struct analyst *a = xcalloc(1, sizeof *a);
	a->fn = fn;
	a->ctx = ctx;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->work, NULL);
	pthread_cond_init(&a->finished, NULL);
	if (threads > ANALYST_MAX_THREADS)
		threads = ANALYST_MAX_THREADS;
	while (a->n_threads < threads && pthread_create(&a->thread[a->n_threads], NULL, run, a) == 0)
		a->n_threads++;
	if (!a->n_threads) {
		destroy(a);
		return NULL;
	}
	return a;
}

void analyst_submit(struct analyst *a, void *item)
{
	pthread_mutex_lock(&a->lock);
	fifo_push(&a->in, item);
	a->pending++;
	pthread_cond_signal(&a->work);
	pthread_mutex_unlock(&a->lock);
}

size_t analyst_pending(struct analyst *a)
{
	pthread_mutex_lock(&a->lock);
	size_t n = a->pending;
	pthread_mutex_unlock(&a->lock);
	return n;
}

size_t analyst_collect(struct analyst *a, void **items, size_t max, bool wait)
{
	pthread_mutex_lock(&a->lock);
	while (wait && a->pending && !a->out.n)
		pthread_cond_wait(&a->finished, &a->lock);
	size_t n = 0;
	while (n < max && a->out.n)
		items[n++] = fifo_pop(&a->out);
	a->pending -= n;
	pthread_mutex_unlock(&a->lock);
	return n;
}

void analyst_stop(struct analyst *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_broadcast(&a->work);
	pthread_mutex_unlock(&a->lock);
	for (int i = 0; i < a->n_threads; i++)
		pthread_join(a->thread[i], NULL);
	destroy(a);
}
