/* report_fix.c: a fix for people (text) and for tickets (Markdown), the one
 * rendering every reporter shares. Snippets and commands are copied into the
 * output byte for byte: no number, no wrapping, no translation; a snippet's
 * lines start at the left margin, so that what is copied is the snippet. */
#include <config.h>
#include "report_fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwrap.h"

/* Steps hang after "1. ": snippets and commands line up with their text. */
#define STEP_HANG 3

/* Append "\n" unless out is empty or already ends with a blank line. */
static void blank_line(struct buf *out, size_t start)
{
	if (out->len > start && !(out->len >= 2 && out->data[out->len - 1] == '\n' &&
				  out->data[out->len - 2] == '\n'))
		buf_puts(out, "\n");
}

/* Verbatim lines, each at column indent after a prefix (first for the
 * first line, rest for the others); a final newline ends the text, it adds
 * no line; an empty line stays empty (no trailing blanks). */
static void verbatim(struct buf *out, size_t indent, const char *first, const char *rest, const char *text)
{
	const char *p = text ? text : "";
	for (bool start = true; start || *p; start = false) {
		size_t len = strcspn(p, "\n");
		if (len || start)
			buf_printf(out, "%*s%s%.*s", (int)indent, "", start ? first : rest, (int)len, p);
		buf_puts(out, "\n");
		p += len;
		if (*p != '\n')
			break;
		p++;
	}
}

void fix_text(struct buf *out, const struct kb_node *fix, size_t indent, size_t columns)
{
	size_t start = out->len, body = indent + STEP_HANG;
	bool after_snippet = false;
	int step = 0;
	for (size_t i = 0; i < fix->n_blocks; i++) {
		const struct kb_block *b = &fix->blocks[i];
		if (after_snippet || b->kind == KB_SNIPPET)
			blank_line(out, start);
		after_snippet = false;
		if (b->kind == KB_STEP) {
			char num[32];
			snprintf(num, sizeof num, "%d. ", ++step);
			text_wrap(out, indent, num, kb_tr(b->text), columns);
		} else if (b->kind == KB_COMMAND) {
			verbatim(out, body, "$ ", "  ", b->text);
		} else {
			if (b->file)
				buf_printf(out, "%*s[%s] %s\n", (int)body, "", b->lang ? b->lang : "", b->file);
			else
				buf_printf(out, "%*s[%s]\n", (int)body, "", b->lang ? b->lang : "");
			/* At the left margin: indenting would change a snippet whose
			 * indentation matters (Python, YAML). */
			verbatim(out, 0, "", "", b->text);
			after_snippet = true;
		}
	}
	if (!fix->n_verify)
		return;
	if (after_snippet)
		blank_line(out, start);
	buf_printf(out, "%*s%s\n", (int)indent, "", _("To check the fix:"));
	for (size_t i = 0; i < fix->n_verify; i++)
		text_wrap(out, indent + 2, "- ", kb_tr(fix->verify[i]), columns);
}

/* ------------------------------------------------------------------ Markdown */

/* A fence longer than any run of backticks in text (at least three). */
static void fence(struct buf *out, const char *text, const char *info)
{
	size_t longest = 0, run = 0;
	for (const char *p = text ? text : ""; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t n = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < n; i++)
		buf_puts(out, "`");
	if (info)
		buf_puts(out, info);
	buf_puts(out, "\n");
}

void fix_markdown(struct buf *out, const struct kb_node *fix)
{
	size_t start = out->len;
	int step = 0;
	for (size_t i = 0; i < fix->n_blocks; i++) {
		const struct kb_block *b = &fix->blocks[i];
		if (b->kind == KB_STEP) {
			/* A list that starts at a number other than 1 keeps it, so the
			 * steps count on across the fences between them. */
			buf_printf(out, "%d. %s\n", ++step, kb_tr(b->text));
			continue;
		}
		blank_line(out, start);
		const char *info = b->kind == KB_COMMAND ? "sh" : b->lang;
		struct buf all = {0};
		if (b->kind == KB_SNIPPET && b->file) {
			char *file = xasprintf("`%s`", b->file);
			buf_printf(out, _("File: %s"), file);
			buf_puts(out, "\n\n");
			free(file);
		}
		/* Commands in a row share one fence. */
		size_t last = i;
		buf_puts(&all, b->text);
		while (b->kind == KB_COMMAND && last + 1 < fix->n_blocks &&
		       fix->blocks[last + 1].kind == KB_COMMAND) {
			last++;
			buf_printf(&all, "\n%s", fix->blocks[last].text);
		}
		i = last;
		fence(out, all.data, info);
		verbatim(out, 0, "", "", all.data);
		fence(out, all.data, NULL);
		buf_puts(out, "\n");
		buf_free(&all);
	}
	if (!fix->n_verify)
		return;
	blank_line(out, start);
	buf_printf(out, "**%s**\n\n", _("To check the fix:"));
	for (size_t i = 0; i < fix->n_verify; i++)
		buf_printf(out, "- %s\n", kb_tr(fix->verify[i]));
}
