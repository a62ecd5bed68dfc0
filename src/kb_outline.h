/* kb_outline.h: a tree of the knowledge base laid out for reading: every
 * question reachable from a node, once each, and every fix (advice) they can
 * lead to, once each, both in the order a depth-first walk first meets them
 * (the order engine_candidates() gives). Pure: no I/O. The nodes are
 * borrowed from the KB. */
#ifndef HTTPDOC_KB_OUTLINE_H
#define HTTPDOC_KB_OUTLINE_H

#include <stddef.h>

#include "kb.h"

struct kb_outline {
	const struct kb_node **questions;
	size_t n_questions;
	const struct kb_node **fixes;
	size_t n_fixes;
};

/* The outline of what start leads to (start itself first: a question, or
 * the only fix when it is advice). Free with kb_outline_free. */
void kb_outline_build(const struct kb *kb, const struct kb_node *start, struct kb_outline *o);
void kb_outline_free(struct kb_outline *o);

/* The 1-based number of node among the outline's questions or fixes (by
 * its kind), or 0 when it is not in the outline. */
size_t kb_outline_number(const struct kb_outline *o, const struct kb_node *node);

#endif
