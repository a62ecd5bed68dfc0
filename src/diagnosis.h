/* diagnosis.h: a probe's result walked through the knowledge base, headless.
 *
 * Starts the engine at the entry engine_entry_for() picks, lets the facts
 * answer what they can, and records where it stopped: the node, the questions
 * the probe answered, the question still open and the advice reached (or the
 * advice still possible). All strings are translated copies owned here. */
#ifndef HTTPDOC_DIAGNOSIS_H
#define HTTPDOC_DIAGNOSIS_H

#include <stdbool.h>

#include "facts.h"
#include "kb.h"
#include "util.h"

struct diagnosis_answer {
	char *question;
	char *answer;
	enum answer_by by;
	char *evidence;         /* what decided it; NULL for the person's answers */
};

struct diagnosis {
	const struct kb_entry *entry;   /* NULL when the KB has nothing for this */
	const struct kb_node *node;     /* where the walk stopped */
	char *node_id;
	char *title;                    /* entry name or advice title */
	char *summary;
	struct diagnosis_answer *answered;
	size_t n_answered;
	struct strlist open_questions;
	struct strlist advice;          /* steps of the advice reached, or titles of the possible advice */
	bool reached_advice;
};

void diagnosis_init(struct diagnosis *d);
void diagnosis_free(struct diagnosis *d);
void diagnose(const struct kb *kb, const struct facts *facts, struct diagnosis *d);

#endif
