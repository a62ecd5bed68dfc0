/* wizard_input.c: the one-line text field (the URL entry, and the origin's
 * address typed during the walk) and the walk's offer to ask the origin
 * directly. The field holds characters (wchar_t), so the cursor moves by
 * character and is drawn by display column. */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define INPUT_MAX 8192

void wz_input_set(struct wizard *w, const char *utf8)
{
	size_t n = utf8 ? mbstowcs(NULL, utf8, 0) : 0;
	if (n == (size_t)-1)
		n = 0;
	if (n + 1 > w->input_cap) {
		w->input_cap = n + 64;
		w->input = xrealloc(w->input, w->input_cap * sizeof *w->input);
	}
	if (n)
		mbstowcs(w->input, utf8, n + 1);
	w->input[n] = L'\0';
	w->input_len = w->input_pos = n;
}

char *wz_input_utf8(const struct wizard *w)
{
	size_t n = wcstombs(NULL, w->input, 0);
	if (n == (size_t)-1)
		return xstrdup("");
	char *s = xmalloc(n + 1);
	wcstombs(s, w->input, n + 1);
	return s;
}

static void input_insert(struct wizard *w, wchar_t c)
{
	if (w->input_len >= INPUT_MAX)
		return;
	if (w->input_len + 2 > w->input_cap) {
		w->input_cap = w->input_cap * 2 + 64;
		w->input = xrealloc(w->input, w->input_cap * sizeof *w->input);
	}
	memmove(w->input + w->input_pos + 1, w->input + w->input_pos,
		(w->input_len - w->input_pos + 1) * sizeof *w->input);
	w->input[w->input_pos++] = c;
	w->input_len++;
}

static void input_delete(struct wizard *w, size_t at)
{
	if (at >= w->input_len)
		return;
	memmove(w->input + at, w->input + at + 1, (w->input_len - at) * sizeof *w->input);
	w->input_len--;
	if (w->input_pos > at)
		w->input_pos--;
}

bool wz_input_edit(struct wizard *w, struct wz_key k)
{
	switch (k.code) {
	case WZK_BACKSPACE:
		if (w->input_pos)
			input_delete(w, w->input_pos - 1);
		return true;
	case WZK_DELETE: input_delete(w, w->input_pos); return true;
	case WZK_LEFT: if (w->input_pos) w->input_pos--; return true;
	case WZK_RIGHT: if (w->input_pos < w->input_len) w->input_pos++; return true;
	case WZK_HOME: w->input_pos = 0; return true;
	case WZK_END: w->input_pos = w->input_len; return true;
	case WZK_CHAR:
		if (k.ch == 0x15)               /* Ctrl-U: clear */
			wz_input_set(w, "");
		else if (k.ch == 0x01)          /* Ctrl-A, Ctrl-E: to the start, the end */
			w->input_pos = 0;
		else if (k.ch == 0x05)
			w->input_pos = w->input_len;
		else if (k.ch >= 0x20 && k.ch != 0x7f)
			input_insert(w, k.ch);
		else
			return false;
		return true;
	default:
		return false;
	}
}

/* The part of the typed text that fits in cols, keeping the cursor in it.
 * Sets *cursor to the cursor's column within the returned text. */
static char *input_window(const struct wizard *w, int cols, int *cursor)
{
	size_t start = 0;
	for (;;) {
		int wcols = wcswidth(w->input + start, w->input_pos - start);
		if (wcols < 0)
			wcols = (int)(w->input_pos - start);
		if (wcols < cols || start >= w->input_pos) {
			*cursor = wcols;
			break;
		}
		start++;
	}
	size_t end = start;
	int used = 0;
	while (end < w->input_len) {
		int cw = wcwidth(w->input[end]);
		if (cw < 0)
			cw = 1;
		if (used + cw > cols)
			break;
		used += cw;
		end++;
	}
	wchar_t *part = xcalloc(end - start + 1, sizeof *part);
	memcpy(part, w->input + start, (end - start) * sizeof *part);
	size_t n = wcstombs(NULL, part, 0);
	char *s = xmalloc(n == (size_t)-1 ? 1 : n + 1);
	if (n == (size_t)-1)
		s[0] = '\0';
	else
		wcstombs(s, part, n + 1);
	free(part);
	return s;
}

void wz_input_field(struct wizard *w, struct wz_doc *d, int cols)
{
	int cur = 0;
	char *shown = input_window(w, cols, &cur);
	w->cursor_line = (int)d->n - 1;
	w->cursor_col = wz_doc_col(d) + cur;
	int at = wz_doc_col(d);
	wz_doc_add(d, WZ_INPUT, shown);
	wz_doc_pad(d, at + cols);
	/* The padding is part of the field: it gets the input's look. */
	struct wz_line *l = &d->lines[d->n - 1];
	if (l->n_spans)
		l->spans[l->n_spans - 1].role = WZ_INPUT;
	free(shown);
}

/* ------------------------------------------------------------------ the origin */

enum wz_origin_offer wz_origin_offer(const struct wizard *w)
{
	const struct wz_result *res = w->cur;
	if (w->screen != WZ_SCREEN_WALK || !res || !res->engine || engine_state(res->engine) != ENGINE_ASKING)
		return WZ_ORIGIN_NO;
	const struct kb_node *q = engine_current(res->engine);
	const char *proxied = facts_get(res->p.facts, "cloudflare.proxied");
	if (!q || !q->fact || strncmp(q->fact, "origin.", 7) != 0 || facts_get(res->p.facts, q->fact) ||
	    !proxied || strcmp(proxied, "true") != 0)
		return WZ_ORIGIN_NO;
	return w->o.demo || res->sample ? WZ_ORIGIN_DEMO : WZ_ORIGIN_ASK;
}

void wz_origin_open(struct wizard *w)
{
	switch (wz_origin_offer(w)) {
	case WZ_ORIGIN_ASK:
		w->origin_entry = true;
		wz_input_set(w, "");
		return;
	case WZ_ORIGIN_DEMO:
		wz_set_msg(w, WZ_DIM, _("A saved response cannot be asked again at its origin."));
		return;
	default:
		return;
	}
}

void wz_origin_key(struct wizard *w, struct wz_key k)
{
	if (k.code == WZK_ESC) {
		w->origin_entry = false;
		return;
	}
	if (k.code != WZK_ENTER) {
		wz_input_edit(w, k);
		return;
	}
	char *typed = wz_input_utf8(w);
	if (!probe_check_origin(typed)) {
		char *safe = wz_net(typed);
		char *m = xasprintf(_("Expected ADDR or ADDR:PORT (an IPv6 address in brackets), not '%s'"), safe);
		wz_set_msg(w, WZ_BAD, m);
		free(m);
		free(safe);
	} else {
		w->origin_entry = false;
		wz_probe_origin(w, typed);
	}
	free(typed);
}

void wz_view_origin_entry(struct wizard *w, struct wz_doc *d, int *sel_line)
{
	wz_doc_newline(d);
	wz_doc_newline(d);
	const char *label = _("Origin address: ");
	wz_doc_add(d, WZ_LABEL, label);
	*sel_line = (int)d->n - 1;
	wz_input_field(w, d, d->width - wz_doc_col(d) - 1);
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
		    _("The server's own address, as ADDR or ADDR:PORT (e.g. 203.0.113.7 or [2001:db8::7]:8443), "
		      "not the address the name resolves to: that is Cloudflare's. Enter asks it directly, "
		      "Esc cancels."));
}

/* ------------------------------------------------------------------ the URL entry */

void wz_url_key(struct wizard *w, struct wz_key k)
{
	switch (k.code) {
	case WZK_ENTER: {
		char *typed = wz_input_utf8(w), *norm = NULL, *err = NULL;
		if (wz_code_typed(w, typed)) {
			/* a code, never a host: its walk with no probe */
		} else if (probe_check_url(typed, &norm, &err) != 0) {
			char *safe = wz_net(err);
			wz_set_msg(w, WZ_BAD, safe);
			free(safe);
		} else {
			wz_probe_url(w, norm);
			norm = NULL;
		}
		free(typed);
		free(norm);
		free(err);
		return;
	}
	case WZK_ESC:
		if (w->url_back) {
			w->url_back = false;
			wz_go(w, w->url_from);
		} else {
			w->quit = true;
		}
		return;
	case WZK_UP:
	case WZK_DOWN: {
		int n = (int)wz_history_shown(w), sel = w->history_sel + (k.code == WZK_DOWN ? 1 : -1);
		if (!n || sel < -1 || sel >= n)
			return;
		w->history_sel = sel;
		wz_input_set(w, sel >= 0 ? w->history.v[sel] : "");
		return;
	}
	case WZK_CHAR:
		if (k.ch == 0x04 && !w->input_len)
			w->quit = true;         /* Ctrl-D on an empty line */
		else
			wz_input_edit(w, k);
		return;
	default:
		wz_input_edit(w, k);
		return;
	}
}
