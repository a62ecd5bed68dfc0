/* report_explain.c: a code's advice for reading without a probe: the entry,
 * the tree as an outline that names every node, and every fix in full. */
#include <config.h>
#include "report_explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kb_outline.h"
#include "report_fix.h"
#include "textwrap.h"

#define BRIEF_MAX_ADVICE 64

static void wrap(struct buf *b, size_t indent, const char *prefix, const char *text)
{
	text_wrap(b, indent, prefix, text ? text : "", EXPLAIN_COLUMNS);
}

static void head(struct buf *b, const struct kb_entry *entry)
{
	char *code = xasprintf("%s  ", entry->code);
	wrap(b, 0, code, kb_tr(entry->name));
	free(code);
	if (entry->rfc)
		buf_printf(b, "    %s\n", entry->rfc);
	if (entry->unofficial)
		buf_printf(b, "    %s\n", _("Unofficial: not in an RFC or the IANA registry."));

	buf_printf(b, "\n%s\n", _("Meaning"));
	wrap(b, 2, "", kb_tr(entry->meaning));

	buf_printf(b, "\n%s\n", _("Who generates it"));
	char *gens = kb_generators_words(entry);
	wrap(b, 2, "", gens);
	free(gens);
	if (entry->generated)
		wrap(b, 2, "", kb_tr(entry->generated));
}

/* label and the space after it, unless it ends in full-width punctuation
 * ("Fix 1: ", "対処 1："). New string. */
static char *label_prefix(const char *label)
{
	size_t n = strlen(label);
	return xasprintf("%s%s", label, n && (unsigned char)label[n - 1] < 0x80 ? " " : "");
}

/* A fix: its title after label (and its id, unless NULL), its summary and
 * its body (report_fix.h) at indent. */
static void fix_block(struct buf *b, const struct kb_node *fix, const char *label, size_t indent,
		      bool id)
{
	char *title = id ? xasprintf("%s  [%s]", kb_tr(fix->title), fix->id) : xstrdup(kb_tr(fix->title));
	char *prefix = label ? label_prefix(label) : xstrdup("");
	wrap(b, indent - 2, prefix, title);
	free(prefix);
	free(title);
	if (fix->summary)
		wrap(b, indent, "", kb_tr(fix->summary));
	fix_text(b, fix, indent, EXPLAIN_COLUMNS);
}

/* ------------------------------------------------------------------ the short form */

/* What answers q without asking: a fact of the probe, the server's logs. */
static void answered_by(struct buf *b, const struct kb_node *q)
{
	if (q->fact) {
		char *prefix = label_prefix(_("A probe answers this from:"));
		wrap(b, 4, prefix, q->fact);
		free(prefix);
	}
	if (q->logs) {
		/* TRANSLATORS: followed by kinds of log: nginx, apache, php-fpm ... */
		char *prefix = label_prefix(_("On the server itself, httpdoc answers this from the log of:"));
		wrap(b, 4, prefix, q->logs);
		free(prefix);
	}
}

/* Where a choice leads: the question or the fix by its number and id. */
static void leads_to(struct buf *b, const struct kb_outline *o, const struct kb_node *target)
{
	if (!target)
		return;
	size_t n = kb_outline_number(o, target);
	char *what = xasprintf(target->kind == KB_ADVICE ? _("Fix %zu:") : _("Question %zu"), n);
	char *prefix = label_prefix(what);
	char *line = target->kind == KB_ADVICE ? xasprintf("%s%s  [%s]", prefix, kb_tr(target->title), target->id)
					       : xasprintf("%s  [%s]", what, target->id);
	free(prefix);
	wrap(b, 7, "\xe2\x86\x92 ", line);      /* → */
	free(line);
	free(what);
}

/* Under a question's text: why it is asked, what answers it without
 * asking, and its choices, numbered; with o, where each choice leads. */
static void question_body(struct buf *b, const struct kb_node *q, const struct kb_outline *o)
{
	if (q->why)
		wrap(b, 4, "", kb_tr(q->why));
	answered_by(b, q);
	for (size_t i = 0; i < q->n_choices; i++) {
		char num[32];
		snprintf(num, sizeof num, "%zu. ", i + 1);
		wrap(b, 4, num, kb_tr(q->choices[i].label));
		if (o)
			leads_to(b, o, q->choices[i].target);
	}
}

static void question_brief(struct buf *b, const struct kb_node *q)
{
	wrap(b, 2, "", kb_tr(q->text));
	question_body(b, q, NULL);
}

static void brief(struct buf *b, const struct engine *e)
{
	const struct kb_node *cand[BRIEF_MAX_ADVICE];
	size_t n = engine_candidates(e, cand, BRIEF_MAX_ADVICE);
	buf_printf(b, "\n%s\n", _("First question"));
	question_brief(b, engine_current(e));
	buf_printf(b, "\n%s\n", _("Where the answers lead"));
	for (size_t i = 0; i < n; i++)
		wrap(b, 2, "- ", kb_tr(cand[i]->title));
	buf_puts(b, "\n");
	wrap(b, 0, "", _("Run 'httpdoc URL' to walk this tree with your site's own answers."));
}

/* ------------------------------------------------------------------ the whole advice */

static void question_full(struct buf *b, const struct kb_outline *o, size_t i)
{
	const struct kb_node *q = o->questions[i];
	char *label = xasprintf(_("Question %zu:"), i + 1);
	char *prefix = label_prefix(label);
	char *text = xasprintf("%s  [%s]", kb_tr(q->text), q->id);
	buf_puts(b, "\n");
	wrap(b, 2, prefix, text);
	free(text);
	free(prefix);
	free(label);
	question_body(b, q, o);
}

static void whole(struct buf *b, const struct kb *kb, const struct engine *e, const char *typed)
{
	struct kb_outline o;
	kb_outline_build(kb, engine_current(e), &o);
	buf_printf(b, "\n%s\n", _("The questions, and where each answer leads"));
	for (size_t i = 0; i < o.n_questions; i++)
		question_full(b, &o, i);
	buf_printf(b, "\n");
	buf_printf(b, o.n_fixes == 1 ? _("The fix (%zu)") : _("The fixes (%zu)"), o.n_fixes);
	buf_puts(b, "\n");
	for (size_t i = 0; i < o.n_fixes; i++) {
		char *label = xasprintf(_("Fix %zu:"), i + 1);
		buf_puts(b, "\n");
		fix_block(b, o.fixes[i], label, 4, true);
		free(label);
	}
	buf_puts(b, "\n");
	char *hint = typed ? xasprintf(_("Walk this tree with your own answers: httpdoc %s (or httpdoc URL, and "
					 "a probe answers what it can). One fix alone: httpdoc explain FIX-ID."), typed)
			   : xstrdup(_("Walk this tree in the wizard: httpdoc URL (a probe answers what it can). "
				       "One fix alone: httpdoc explain FIX-ID."));
	wrap(b, 0, "", hint);
	free(hint);
	kb_outline_free(&o);
}

char *explain_entry_text(const struct kb *kb, const struct kb_entry *entry, const struct engine *e,
			 const char *typed, bool short_form)
{
	struct buf b = {0};
	head(&b, entry);
	if (!e) {
		buf_printf(&b, "\n%s\n", _("There is no decision tree for this code: nothing more to walk through."));
		return buf_steal(&b);
	}
	size_t n = 0;
	const struct engine_step *path = engine_path(e, &n);
	if (n && !short_form) {
		buf_printf(&b, "\n%s\n", _("What the code itself answers"));
		for (size_t i = 0; i < n; i++) {
			const struct kb_node *q = path[i].question;
			char *qa = xasprintf("%s \xe2\x86\x92 %s", kb_tr(q->text), kb_tr(q->choices[path[i].choice].label));
			wrap(&b, 2, "- ", qa);
			free(qa);
		}
	}
	const struct kb_node *cur = engine_current(e);
	if (engine_state(e) == ENGINE_ADVICE) {
		buf_printf(&b, "\n%s\n", _("What to do"));
		fix_block(&b, cur, NULL, 4, !short_form);
		return buf_steal(&b);
	}
	if (short_form)
		brief(&b, e);
	else
		whole(&b, kb, e, typed);
	return buf_steal(&b);
}

/* ------------------------------------------------------------------ one fix */

void explain_codes_reaching(const struct kb *kb, const struct kb_node *node, struct strlist *out)
{
	for (size_t i = 0; i < kb->n_entries; i++) {
		const struct kb_entry *entry = &kb->entries[i];
		if (!entry->start)
			continue;
		struct kb_outline o;
		kb_outline_build(kb, entry->start, &o);
		if (kb_outline_number(&o, node) || entry->start == node)
			strlist_add(out, entry->code);
		kb_outline_free(&o);
	}
}

char *explain_fix_text(const struct kb *kb, const struct kb_node *fix)
{
	struct buf b = {0};
	char *title = xasprintf("%s  [%s]", kb_tr(fix->title), fix->id);
	wrap(&b, 0, "", title);
	free(title);
	if (fix->summary)
		wrap(&b, 2, "", kb_tr(fix->summary));
	struct strlist codes = {0};
	explain_codes_reaching(kb, fix, &codes);
	if (codes.n) {
		struct buf list = {0};
		for (size_t i = 0; i < codes.n; i++)
			buf_printf(&list, "%s%s", i ? _(", ") : "", codes.v[i]);
		char *line = xasprintf(_("Reached from the trees of: %s"), list.data);
		wrap(&b, 2, "", line);
		free(line);
		buf_free(&list);
	}
	strlist_free(&codes);
	buf_puts(&b, "\n");
	fix_text(&b, fix, 2, EXPLAIN_COLUMNS);
	return buf_steal(&b);
}
