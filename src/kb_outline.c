/* kb_outline.c: the questions and fixes a tree holds, each once. */
#include <config.h>
#include "kb_outline.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* kb_check refuses cycles, and the seen marks end them anyway; this bounds
 * the recursion through a knowledge base that was never checked. */
#define OUTLINE_MAX_DEPTH 256

struct walk {
	const struct kb *kb;
	bool *seen;                     /* by node index; NULL: nodes outside kb->nodes */
	struct kb_outline *o;
	size_t cap_q, cap_f;
};

static bool first_visit(struct walk *w, const struct kb_node *n)
{
	size_t i = (size_t)(n - w->kb->nodes);
	if (i >= w->kb->n_nodes)
		return true;
	if (w->seen[i])
		return false;
	w->seen[i] = true;
	return true;
}

static void add(const struct kb_node ***v, size_t *n, size_t *cap, const struct kb_node *node)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = node;
}

static void visit(struct walk *w, const struct kb_node *n, int depth)
{
	if (!n || depth > OUTLINE_MAX_DEPTH || !first_visit(w, n))
		return;
	if (n->kind == KB_ADVICE) {
		add(&w->o->fixes, &w->o->n_fixes, &w->cap_f, n);
		return;
	}
	add(&w->o->questions, &w->o->n_questions, &w->cap_q, n);
	for (size_t i = 0; i < n->n_choices; i++)
		visit(w, n->choices[i].target, depth + 1);
}

void kb_outline_build(const struct kb *kb, const struct kb_node *start, struct kb_outline *o)
{
	memset(o, 0, sizeof *o);
	struct walk w = {kb, xcalloc(kb->n_nodes ? kb->n_nodes : 1, sizeof(bool)), o, 0, 0};
	visit(&w, start, 0);
	free(w.seen);
}

void kb_outline_free(struct kb_outline *o)
{
	free(o->questions);
	free(o->fixes);
	memset(o, 0, sizeof *o);
}

size_t kb_outline_number(const struct kb_outline *o, const struct kb_node *node)
{
	const struct kb_node *const *v = node->kind == KB_ADVICE ? o->fixes : o->questions;
	size_t n = node->kind == KB_ADVICE ? o->n_fixes : o->n_questions;
	for (size_t i = 0; i < n; i++)
		if (v[i] == node)
			return i + 1;
	return 0;
}
