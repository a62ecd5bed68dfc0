/* wizard_copy.c: `c` on a fix: a snippet taken whole, exactly as the
 * knowledge base has it (the screen may have broken its long lines): handed
 * to the UI for the terminal's clipboard (OSC 52) and written to a new file
 * httpdoc-snippet-FIX-N.txt in the report directory, whose path the message
 * line gives (a terminal may ignore OSC 52; the file is always there). */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const struct kb_node *fix_shown(const struct wizard *w)
{
	if (w->screen != WZ_SCREEN_ADVICE || !w->cur || !w->cur->engine)
		return NULL;
	const struct kb_node *a = engine_current(w->cur->engine);
	return a && a->kind == KB_ADVICE ? a : NULL;
}

/* The n-th snippet (from 1) of fix, or NULL. */
static const struct kb_block *nth_snippet(const struct kb_node *fix, size_t n)
{
	for (size_t i = 0; fix && i < fix->n_blocks; i++)
		if (fix->blocks[i].kind == KB_SNIPPET && --n == 0)
			return &fix->blocks[i];
	return NULL;
}

size_t wz_copy_count(const struct wizard *w)
{
	const struct kb_node *fix = fix_shown(w);
	size_t n = 0;
	for (size_t i = 0; fix && i < fix->n_blocks; i++)
		n += fix->blocks[i].kind == KB_SNIPPET;
	return n;
}

static void take(struct wizard *w, size_t n)
{
	const struct kb_node *fix = fix_shown(w);
	const struct kb_block *b = nth_snippet(fix, n);
	if (!b)
		return;
	free(w->clipboard);
	w->clipboard = xstrdup(b->text);

	size_t len = strlen(b->text);
	char *text = len && b->text[len - 1] == '\n' ? xstrdup(b->text) : xasprintf("%s\n", b->text);
	char *name = xasprintf("httpdoc-snippet-%s-%zu.txt", fix->id, n);
	int err = 0;
	char *path = wz_write_new_file(w->o.report_dir ? w->o.report_dir : ".", name, text, &err);
	char *m = path ? xasprintf(_("Snippet %zu saved to %s, and sent to the clipboard (OSC 52)"), n, path)
		       : xasprintf(_("Snippet %zu sent to the clipboard (OSC 52); it could not be saved: %s"), n,
				   strerror(err));
	wz_set_msg(w, path ? WZ_GOOD : WZ_BAD, m);
	free(m);
	free(path);
	free(name);
	free(text);
}

void wz_copy_key(struct wizard *w)
{
	size_t n = wz_copy_count(w);
	if (n == 0) {
		wz_set_msg(w, WZ_DIM, _("This fix has no snippet to copy."));
	} else if (n == 1) {
		take(w, 1);
	} else {
		w->copy_pending = true;
		char *m = xasprintf(_("Copy which snippet? Press its number, 1 to %zu (Esc: none)."), n < 9 ? n : 9);
		wz_set_msg(w, WZ_NORMAL, m);
		free(m);
	}
}

void wz_copy_pick(struct wizard *w, struct wz_key k)
{
	w->copy_pending = false;
	size_t n = wz_copy_count(w);
	if (k.code == WZK_CHAR && k.ch >= L'1' && k.ch <= L'9' && (size_t)(k.ch - L'0') <= n)
		take(w, (size_t)(k.ch - L'0'));
}

char *wizard_take_clipboard(struct wizard *w)
{
	char *s = w->clipboard;
	w->clipboard = NULL;
	return s;
}
