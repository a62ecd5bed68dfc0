/* engine.h: the decision engine, a pure state machine over the knowledge base.
 *
 * No I/O and no curses. Start it at a node with a set of facts; it answers
 * every question whose fact is known, stops at the first question it cannot
 * answer (ENGINE_ASKING) or at advice (ENGINE_ADVICE). The caller answers,
 * goes back, and reads the path. The engine borrows kb and facts: both must
 * outlive it. */
#ifndef HTTPDOC_ENGINE_H
#define HTTPDOC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "classify.h"
#include "facts.h"
#include "kb.h"
#include "response.h"

enum engine_state { ENGINE_ASKING, ENGINE_ADVICE };

struct engine_step {
	const struct kb_node *question;
	size_t choice;          /* index into question->choices */
	enum answer_by by;      /* the person, or where the deciding fact came from */
	char *evidence;         /* what decided it (the fact's evidence, else "fact = value");
	                           NULL for the person's answers; owned by the engine */
};

struct engine;

struct engine *engine_new(const struct kb *kb, const struct facts *facts, const struct kb_node *start);
void engine_free(struct engine *e);

enum engine_state engine_state(const struct engine *e);
const struct kb_node *engine_current(const struct engine *e);

/* Answer the current question with choice i; then answers what facts answer.
 * Returns 0, or -1 when not asking or i is out of range. */
int engine_answer(struct engine *e, size_t i);
/* Undo back to the last question the user answered. Returns 0, -1 if none. */
int engine_back(struct engine *e);

const struct engine_step *engine_path(const struct engine *e, size_t *n);

/* The advice nodes reachable from the current node (the current one when it is
 * advice), at most max, in tree order. */
size_t engine_candidates(const struct engine *e, const struct kb_node **out, size_t max);

/* The entry a probe starts from: transport failure, Cloudflare 1xxx, the
 * layer's page (layer.page: "waf-block", "lb-backend-down", "cdn-origin-down",
 * "hosting-suspended", "site-not-found"; not for Cloudflare's edge), IIS
 * sub-status, a soft error's "403" (block, challenge) or "500" (the rest),
 * status, then the status class ("4xx"). NULL when nothing fits. */
const struct kb_entry *engine_entry_for(const struct kb *kb, const struct facts *facts);

#endif
