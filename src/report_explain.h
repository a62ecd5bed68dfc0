/* report_explain.h: what `explain` prints, as text: a code's entry with its
 * whole tree (every question, its choices and where each leads, then every
 * fix in full), the short form of the same (--brief), or one fix.
 *
 * Wrapped by display width (CJK included) to EXPLAIN_COLUMNS; fixes are
 * rendered by report_fix.h. KB text is translated with kb_tr(). Each
 * function returns a new string the caller frees. */
#ifndef HTTPDOC_REPORT_EXPLAIN_H
#define HTTPDOC_REPORT_EXPLAIN_H

#include <stdbool.h>

#include "engine.h"
#include "kb.h"
#include "util.h"

#define EXPLAIN_COLUMNS 78

/* entry, walked by e as far as the code itself answers (e NULL: the entry
 * has no tree). typed: the code as the user may type it to walk the tree
 * in the wizard ("504", "cf1020"). */
char *explain_entry_text(const struct kb *kb, const struct kb_entry *entry, const struct engine *e,
			 const char *typed, bool brief);

/* One fix, and the codes whose trees lead to it. */
char *explain_fix_text(const struct kb *kb, const struct kb_node *fix);

/* The codes (entry codes, in the KB's order) whose trees can reach node. */
void explain_codes_reaching(const struct kb *kb, const struct kb_node *node, struct strlist *out);

#endif
