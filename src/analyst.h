/* analyst.h: threads for the work that follows a transfer.
 *
 * In a batch, the calling thread keeps the transfers moving while these run
 * fn on each finished item (classify, walk the knowledge base, render): on a
 * fast network that work costs more CPU than the transfers. Items are the
 * caller's; they come back in the order fn finishes them, which with more
 * than one thread need not be the order they went in. Nothing here knows
 * what an item is; fn must be safe to run on several items at once. */
#ifndef HTTPDOC_ANALYST_H
#define HTTPDOC_ANALYST_H

#include <stdbool.h>
#include <stddef.h>

struct analyst;

typedef void (*analyst_fn)(void *item, void *ctx);

/* Start up to threads threads (at most 8); ctx is passed to fn and must stay
 * valid until analyst_stop. NULL when no thread can be made (do the work
 * inline). */
struct analyst *analyst_start(int threads, analyst_fn fn, void *ctx);

/* Hand over an item (not NULL). */
void analyst_submit(struct analyst *a, void *item);

/* Items submitted and not yet collected. */
size_t analyst_pending(struct analyst *a);

/* Up to max finished items into items; with wait, blocks until there is at
 * least one (returns 0 at once when nothing is pending). Returns the count. */
size_t analyst_collect(struct analyst *a, void **items, size_t max, bool wait);

/* Finish the items still queued, end the threads and free a. The items not
 * collected are dropped (the caller collects first). NULL is a no-op. */
void analyst_stop(struct analyst *a);

#endif
