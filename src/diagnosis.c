/* diagnosis.c: a probe's facts walked through the knowledge base, without a
 * person to answer: where the walk stopped and what it found, in the current
 * language. */
#include <config.h>
#include "diagnosis.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Enough for any tree: the candidates are listed, not walked again. */
#define DIAGNOSIS_MAX_CANDIDATES 64

void diagnosis_init(struct diagnosis *d)
{
	memset(d, 0, sizeof *d);
}

void diagnosis_free(struct diagnosis *d)
{
	free(d->node_id);
	free(d->title);
	free(d->summary);
	for (size_t i = 0; i < d->n_answered; i++) {
		free(d->answered[i].question);
		free(d->answered[i].answer);
		free(d->answered[i].evidence);
	}
	free(d->answered);
	strlist_free(&d->open_questions);
	strlist_free(&d->advice);
	diagnosis_init(d);
}

static char *tr_dup(const char *s)
{
	return s ? xstrdup(kb_tr(s)) : NULL;
}

static void record_path(const struct engine *e, struct diagnosis *d)
{
	size_t n;
	const struct engine_step *path = engine_path(e, &n);
	if (!n)
		return;
	d->answered = xcalloc(n, sizeof *d->answered);
	for (size_t i = 0; i < n; i++) {
		const struct kb_node *q = path[i].question;
		d->answered[i].question = tr_dup(q->text);
		d->answered[i].answer = tr_dup(q->choices[path[i].choice].label);
		d->answered[i].by = path[i].by;
		d->answered[i].evidence = xstrdup(path[i].evidence);
	}
	d->n_answered = n;
}

/* The advice as lines: steps translated, snippets and commands as written,
 * then how to verify. */
static void record_advice(const struct kb_node *a, struct diagnosis *d)
{
	for (size_t i = 0; i < a->n_blocks; i++) {
		const struct kb_block *b = &a->blocks[i];
		strlist_add(&d->advice, b->kind == KB_STEP ? kb_tr(b->text) : b->text);
	}
	for (size_t i = 0; i < a->n_verify; i++)
		strlist_add(&d->advice, kb_tr(a->verify[i]));
}

void diagnose(const struct kb *kb, const struct facts *facts, struct diagnosis *d)
{
	const struct kb_entry *entry = engine_entry_for(kb, facts);
	if (!entry)
		return;
	d->entry = entry;
	struct engine *e = engine_new(kb, facts, entry->start);
	if (!e) {       /* an entry without a tree: its explanation is all there is */
		d->title = tr_dup(entry->name);
		d->summary = tr_dup(entry->meaning);
		return;
	}
	const struct kb_node *node = engine_current(e);
	d->node = node;
	d->node_id = xstrdup(node->id);
	record_path(e, d);
	if (engine_state(e) == ENGINE_ADVICE) {
		d->reached_advice = true;
		d->title = tr_dup(node->title);
		d->summary = tr_dup(node->summary ? node->summary : entry->meaning);
		record_advice(node, d);
	} else {
		d->title = tr_dup(entry->name);
		d->summary = tr_dup(entry->meaning);
		strlist_add(&d->open_questions, kb_tr(node->text));
		const struct kb_node *cand[DIAGNOSIS_MAX_CANDIDATES];
		size_t n = engine_candidates(e, cand, DIAGNOSIS_MAX_CANDIDATES);
		for (size_t i = 0; i < n; i++)
			strlist_add(&d->advice, kb_tr(cand[i]->title));
	}
	engine_free(e);
}
