/* report_fix.h: one rendering of a fix (an advice node of the knowledge
 * base) for text and for Markdown. The probe's text report, `explain` and
 * the Markdown report all show a fix through these functions.
 *
 * Steps are numbered and wrapped by display width (CJK included). Snippets
 * and commands are never numbered, wrapped or translated: they are set apart
 * (a snippet under its language and file) so that each can be copied as it
 * stands. The ways to check the fix come last, under their own heading.
 * KB text is translated with kb_tr(). Both functions append to out. */
#ifndef HTTPDOC_REPORT_FIX_H
#define HTTPDOC_REPORT_FIX_H

#include <stddef.h>

#include "kb.h"
#include "util.h"

/* The body of fix (steps, snippets, commands, checks; not its title or
 * summary) as text: steps from column indent, lines at most columns wide
 * except verbatim ones. */
void fix_text(struct buf *out, const struct kb_node *fix, size_t indent, size_t columns);

/* The same as Markdown: a numbered list of the steps, each snippet in a
 * fence of its own at the left margin (its language as the info string,
 * its file named above it), commands in a `sh` fence, the checks as a
 * bulleted list under a bold heading. */
void fix_markdown(struct buf *out, const struct kb_node *fix);

#endif
