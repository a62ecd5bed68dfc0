/* wizard_view.c: the frame every screen shares (title bar, message line, key
 * bar, scrolling, the small-terminal notice) and the simple screens: URL
 * entry, the demo menu, the live probe and help. */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

void wz_view_free(struct wz_view *v)
{
	for (int i = 0; v->lines && i < v->rows; i++)
		wz_line_free(&v->lines[i]);
	free(v->lines);
	memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------------------ demo titles */

static const struct {
	const char *name, *title;
} samples[] = {
	{"cloudflare-1020-block", N_("Cloudflare 1020: access denied by a custom rule")},
	{"cloudflare-522", N_("Cloudflare 522: the origin did not answer the connection")},
	{"cloudflare-managed-challenge", N_("Cloudflare managed challenge instead of the page")},
	{"iis-403-14", N_("IIS 403.14: directory listing denied")},
	{"origin-nginx-403-behind-cloudflare", N_("nginx 403 from the origin, behind Cloudflare")},
	{"origin-nginx-502-php-fpm", N_("nginx 502: php-fpm does not answer")},
	{"origin-nginx-504-php-fpm", N_("nginx 504: php-fpm is too slow")},
	{"redirect-loop-flexible-ssl", N_("Redirect loop: Cloudflare's Flexible SSL")},
};

const char *wizard_sample_title(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".http") == 0)
		n -= 5;
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
		if (strlen(samples[i].name) == n && strncmp(samples[i].name, base, n) == 0)
			return _(samples[i].title);
	return base;
}

/* ------------------------------------------------------------------ the frame */

static const char *screen_title(enum wz_screen s)
{
	switch (s) {
	case WZ_SCREEN_CODE: return _("What the code means");
	case WZ_SCREEN_URL: return _("Diagnose a website");
	case WZ_SCREEN_DEMO: return _("Demo: sample responses");
	case WZ_SCREEN_PROBING: return _("Probing");
	case WZ_SCREEN_RESULT: return _("What came back");
	case WZ_SCREEN_WALK: return _("Finding the cause");
	case WZ_SCREEN_ADVICE: return _("The fix");
	case WZ_SCREEN_COMPARE: return _("Before and after");
	case WZ_SCREEN_HELP: return _("Keys");
	}
	return "";
}

/* What the title bar names on the right: the URL, or the sample. */
static char *context(const struct wizard *w)
{
	enum wz_screen s = w->screen == WZ_SCREEN_HELP ? w->under_help : w->screen;
	if (s == WZ_SCREEN_URL || s == WZ_SCREEN_DEMO)
		return NULL;
	if (w->cur && w->cur->code)
		return xasprintf(_("code %s, no probe"), w->cur->code);
	if (w->o.demo || w->o.replay) {
		const char *path = w->cur ? w->cur->sample : w->sample;
		const char *base = path ? strrchr(path, '/') : NULL;
		if (!path)
			return NULL;
		return xasprintf(w->o.demo ? _("demo: %s") : _("saved response: %s"), base ? base + 1 : path);
	}
	return w->url ? wz_net(w->url) : NULL;
}

static void title_bar(struct wizard *w, struct wz_doc *d)
{
	wz_doc_newline(d);
	wz_doc_fill(d, WZ_BAR);
	wz_doc_addf(d, WZ_BAR, " httpdoc \xc2\xb7 %s", screen_title(w->screen));
	char *right = context(w);
	if (right) {
		int room = d->width - wz_doc_col(d) - 3;
		if (room > 8) {
			char *cut = wz_truncate(right, room);
			wz_doc_pad(d, d->width - wz_width(cut) - 1);
			wz_doc_add(d, WZ_BAR, cut);
			free(cut);
		}
		free(right);
	}
}

struct hint {
	const char *key, *what;
	int drop;               /* a narrow bar drops the highest first */
};

/* The keys of a screen, in the order shown, each with the order it is
 * dropped in when the bar is narrow (the arrows go first, Enter last). */
static size_t hints(const struct wizard *w, struct hint *h)
{
	size_t n = 0;
	bool result = w->cur != NULL;
#define H(k, t, p) (h[n].key = (k), h[n].what = (t), h[n].drop = (p), n++)
	switch (w->screen) {
	case WZ_SCREEN_URL:
		H(_("Enter"), _("probe"), 1);
		if (wz_history_shown(w))
			H("\xe2\x86\x91\xe2\x86\x93", _("recent"), 5);
		H(_("Esc"), w->url_back ? _("back") : _("quit"), 1);
		break;
	case WZ_SCREEN_DEMO:
		H(_("Enter"), _("open"), 1);
		H("\xe2\x86\x91\xe2\x86\x93", _("choose"), 5);
		H("?", _("help"), 2);
		H("q", _("quit"), 2);
		break;
	case WZ_SCREEN_PROBING:
		H(_("Esc"), _("cancel"), 1);
		H("q", _("quit"), 2);
		break;
	case WZ_SCREEN_HELP:
		H(_("Esc"), _("close"), 1);
		break;
	case WZ_SCREEN_RESULT:
	case WZ_SCREEN_CODE:
		if (result && w->cur->engine)
			H(_("Enter"), _("find the cause"), 1);
		if (!w->o.replay)
			H("\xe2\x86\x90", _("back"), 3);
		break;
	case WZ_SCREEN_WALK:
		if (w->origin_entry) {
			H(_("Enter"), _("ask the origin"), 1);
			H(_("Esc"), _("cancel"), 1);
			return n;       /* every other key is typed into the field */
		}
		H(_("Enter"), _("answer"), 1);
		H("\xe2\x86\x91\xe2\x86\x93", _("choose"), 5);
		H("\xe2\x86\x90", _("back"), 3);
		if (wz_origin_offer(w) == WZ_ORIGIN_ASK)
			H("o", _("ask the origin"), 2);
		break;
	case WZ_SCREEN_ADVICE:
		if (w->copy_pending) {
			H("1\xe2\x80\xa6" "9", _("snippet to copy"), 1);
			H(_("Esc"), _("cancel"), 1);
			return n;
		}
		H("\xe2\x86\x91\xe2\x86\x93", _("scroll"), 5);
		H("\xe2\x86\x90", _("back"), 3);
		if (wz_copy_count(w))
			H("c", _("copy snippet"), 3);
		break;
	case WZ_SCREEN_COMPARE:
		H(_("Enter"), _("the new result"), 1);
		break;
	}
	bool shown = (w->screen >= WZ_SCREEN_RESULT && w->screen <= WZ_SCREEN_COMPARE) ||
		     w->screen == WZ_SCREEN_CODE;
	if (shown && result) {
		H("?", _("help"), 2);
		H("q", _("quit"), 2);
		H("r", w->cur->code ? _("probe a URL") : w->o.demo || w->o.replay ? _("read again") : _("re-probe"), 4);
		if (!w->cur->code)
			H("s", _("save report"), 4);
	}
#undef H
	return n;
}

static int hint_cols(const struct hint *h)
{
	return 1 + wz_width(h->key) + 1 + wz_width(h->what) + 1;
}

static void key_bar(struct wizard *w, struct wz_doc *d, const char *where)
{
	struct hint h[12];
	size_t n = hints(w, h);
	int right = where ? wz_width(where) + 2 : 0, total = 0;
	for (size_t i = 0; i < n; i++)
		total += hint_cols(&h[i]);
	while (total > d->width - right) {
		size_t worst = n;
		for (size_t i = 0; i < n; i++)
			if (h[i].key && (worst == n || h[i].drop >= h[worst].drop))
				worst = i;
		if (worst == n)
			break;
		total -= hint_cols(&h[worst]);
		h[worst].key = NULL;
	}
	wz_doc_newline(d);
	wz_doc_fill(d, WZ_BAR);
	for (size_t i = 0; i < n; i++) {
		if (!h[i].key)
			continue;
		wz_doc_add(d, WZ_BAR, " ");
		wz_doc_add(d, WZ_BAR_KEY, h[i].key);
		wz_doc_addf(d, WZ_BAR, " %s ", h[i].what);
	}
	if (where) {
		wz_doc_pad(d, d->width - right + 1);
		wz_doc_add(d, WZ_BAR, where);
	}
}

/* Below WZ_MIN_COLS x WZ_MIN_ROWS: say so, in the middle, in what fits. */
static void too_small(struct wizard *w, struct wz_view *v)
{
	struct wz_doc d;
	wz_doc_init(&d, w->cols);
	char *size = xasprintf(_("(now %d\xc3\x97%d, needs %d\xc3\x97%d)"), w->cols, w->rows, WZ_MIN_COLS, WZ_MIN_ROWS);
	struct strlist lines = {0};
	wz_wrap(_("Please enlarge the terminal."), w->cols, &lines);
	wz_wrap(size, w->cols, &lines);
	int top = (w->rows - (int)lines.n) / 2;
	for (int r = 0; r < w->rows; r++) {
		wz_doc_newline(&d);
		int i = r - (top > 0 ? top : 0);
		if (i >= 0 && (size_t)i < lines.n) {
			wz_doc_pad(&d, (w->cols - wz_width(lines.v[i])) / 2);
			wz_doc_add(&d, i == 0 ? WZ_HEADING : WZ_DIM, lines.v[i]);
		}
	}
	for (int r = 0; r < w->rows; r++)
		v->lines[r] = d.lines[r];
	free(d.lines);
	strlist_free(&lines);
	free(size);
}

/* Lines [from, from + n) of src become rows of v starting at row; src keeps
 * only what was not moved. */
static int move_lines(struct wz_view *v, int row, struct wz_doc *src, size_t from, size_t n)
{
	for (size_t i = from; i < src->n && i < from + n && row < v->rows; i++, row++) {
		v->lines[row] = src->lines[i];
		memset(&src->lines[i], 0, sizeof src->lines[i]);
	}
	return row;
}

const struct wz_view *wizard_view(struct wizard *w)
{
	struct wz_view *v = &w->view;
	wz_view_free(v);
	v->cols = w->cols;
	v->rows = w->rows;
	v->lines = xcalloc((size_t)w->rows, sizeof *v->lines);
	if (w->cols < WZ_MIN_COLS || w->rows < WZ_MIN_ROWS) {
		too_small(w, v);
		return v;
	}

	struct wz_doc top, body, bottom;
	wz_doc_init(&top, w->cols);
	wz_doc_init(&body, w->cols - 1);        /* one column of margin on the left */
	wz_doc_init(&bottom, w->cols);
	title_bar(w, &top);
	int sel = -1, anchor = -1;
	w->cursor_line = -1;
	switch (w->screen) {
	case WZ_SCREEN_URL: wz_view_url(w, &body, &sel); break;
	case WZ_SCREEN_DEMO: wz_view_demo(w, &body, &sel); break;
	case WZ_SCREEN_PROBING: wz_view_probing(w, &body); break;
	case WZ_SCREEN_RESULT: wz_view_result(w, &body); break;
	case WZ_SCREEN_COMPARE: wz_view_compare(w, &body); break;
	case WZ_SCREEN_HELP: wz_view_help(w, &body); break;
	case WZ_SCREEN_CODE: wz_view_code(w, &body); break;
	case WZ_SCREEN_WALK:
	case WZ_SCREEN_ADVICE: {
		char *crumb = wz_breadcrumb(w, w->cols - 2);
		wz_doc_newline(&top);
		wz_doc_add(&top, WZ_DIM, " ");
		wz_doc_add(&top, WZ_DIM, crumb);
		free(crumb);
		if (w->screen == WZ_SCREEN_WALK)
			wz_view_walk(w, &body, &sel, &anchor);
		else
			wz_view_advice(w, &body);
		break;
	}
	}

	int avail = w->rows - (int)top.n - 2;
	int max = (int)body.n > avail ? (int)body.n - avail : 0;
	if (w->screen == WZ_SCREEN_WALK && anchor >= 0) {
		/* Show as much of the path as fits, but the question from its start,
		 * and the highlighted answer. */
		w->scroll = anchor < max ? anchor : max;
	}
	if (sel >= 0) {
		if (sel < w->scroll)
			w->scroll = sel;
		if (sel >= w->scroll + avail)
			w->scroll = sel - avail + 1;
	}
	if (w->scroll > max)
		w->scroll = max;
	if (w->scroll < 0)
		w->scroll = 0;

	/* The message line, then the key bar with where we are when it scrolls. */
	wz_doc_newline(&bottom);
	if (w->msg) {
		char *cut = wz_truncate(w->msg, w->cols - 2);
		wz_doc_add(&bottom, WZ_NORMAL, " ");
		wz_doc_add(&bottom, w->msg_role, cut);
		free(cut);
	}
	char *where = NULL;
	if (max > 0)
		where = xasprintf("%d-%d/%zu", w->scroll + 1, w->scroll + avail, body.n);
	key_bar(w, &bottom, where);
	free(where);

	/* The body gets a one-column left margin: shift its lines by a space. */
	for (size_t i = 0; i < body.n; i++) {
		struct wz_line *l = &body.lines[i];
		l->spans = xrealloc(l->spans, (l->n_spans + 1) * sizeof *l->spans);
		memmove(l->spans + 1, l->spans, l->n_spans * sizeof *l->spans);
		l->spans[0].text = xstrdup(" ");
		l->spans[0].role = WZ_NORMAL;
		l->n_spans++;
	}
	int row = move_lines(v, 0, &top, 0, top.n);
	int body_row = row;
	row = move_lines(v, row, &body, (size_t)w->scroll, (size_t)avail);
	move_lines(v, w->rows - 2, &bottom, 0, 2);
	v->cursor = false;
	if (w->cursor_line >= w->scroll && w->cursor_line < w->scroll + avail) {
		v->cursor = true;
		v->cursor_row = body_row + w->cursor_line - w->scroll;
		v->cursor_col = w->cursor_col + 1;
	}
	wz_doc_free(&top);
	wz_doc_free(&body);
	wz_doc_free(&bottom);
	return v;
}

/* ------------------------------------------------------------------ URL entry */

void wz_view_url(struct wizard *w, struct wz_doc *d, int *sel_line)
{
	wz_doc_newline(d);
	wz_doc_para(d, WZ_HEADING, NULL, WZ_NORMAL, _("Which address shows the error?"));
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
		    _("An http:// or https:// URL; a bare host name is tried with https. A code instead "
		      "(504, 403.14, cf1020) walks its questions with no probe: a bare number is a code, "
		      "never a host."));
	wz_doc_newline(d);
	wz_doc_newline(d);
	const char *label = _("URL: ");
	wz_doc_add(d, WZ_LABEL, label);
	wz_input_field(w, d, d->width - wz_doc_col(d) - 1);

	size_t recent = wz_history_shown(w);
	if (recent) {
		wz_doc_newline(d);
		wz_doc_newline(d);
		wz_doc_add(d, WZ_HEADING, _("Recent"));
		for (size_t i = 0; i < recent; i++) {
			char *safe = wz_net(w->history.v[i]);
			char *cut = wz_truncate(safe, d->width - 4);
			wz_doc_newline(d);
			bool sel = (int)i == w->history_sel;
			if (sel)
				*sel_line = (int)d->n - 1;
			wz_doc_add(d, sel ? WZ_SELECTED : WZ_NORMAL, sel ? "\xe2\x96\xb8 " : "  ");
			wz_doc_add(d, sel ? WZ_SELECTED : WZ_NORMAL, cut);
			if (sel)
				wz_doc_fill(d, WZ_SELECTED);
			free(cut);
			free(safe);
		}
	}
}

/* ------------------------------------------------------------------ demo menu */

void wz_view_demo(struct wizard *w, struct wz_doc *d, int *sel_line)
{
	wz_doc_newline(d);
	wz_doc_para(d, WZ_NORMAL, NULL, WZ_NORMAL,
		    _("Saved responses of real failures. Pick one: it is diagnosed exactly like a live probe, with no network."));
	wz_doc_newline(d);
	size_t n = w->o.samples ? w->o.samples->n : 0;
	for (size_t i = 0; i < n; i++) {
		bool sel = i == w->demo_sel;
		char *num = i < 9 ? xasprintf("%s%zu  ", sel ? "\xe2\x96\xb8 " : "  ", i + 1)
				  : xstrdup(sel ? "\xe2\x96\xb8    " : "     ");
		size_t first = d->n;
		wz_doc_para(d, sel ? WZ_SELECTED : WZ_NORMAL, num, sel ? WZ_SELECTED : WZ_LABEL,
			    wizard_sample_title(w->o.samples->v[i]));
		if (sel) {
			*sel_line = (int)first;
			wz_doc_highlight(d, first, WZ_SELECTED);
		}
		free(num);
	}
	if (n && w->demo_sel < n) {
		const char *base = strrchr(w->o.samples->v[w->demo_sel], '/');
		wz_doc_newline(d);
		wz_doc_newline(d);
		wz_doc_addf(d, WZ_DIM, _("File: %s"), base ? base + 1 : w->o.samples->v[w->demo_sel]);
	}
}

/* ------------------------------------------------------------------ probing */

static const char *phase_words(enum probe_phase p)
{
	switch (p) {
	case PROBE_QUEUED:
	case PROBE_RESOLVING: return _("Resolving the host name");
	case PROBE_CONNECTING: return _("Connecting");
	case PROBE_TLS: return _("TLS handshake");
	case PROBE_WAITING: return _("Waiting for the first byte");
	case PROBE_READING: return _("Reading the answer");
	case PROBE_DONE: return _("Done");
	}
	return "";
}

void wz_view_probing(struct wizard *w, struct wz_doc *d)
{
	bool https = w->url && str_istarts(w->url, "https:");
	char *url = wz_net(w->url);
	wz_doc_newline(d);
	wz_doc_para(d, WZ_HEADING, NULL, WZ_NORMAL, url);
	free(url);
	wz_doc_newline(d);
	enum probe_phase now = w->live.phase == PROBE_QUEUED ? PROBE_RESOLVING : w->live.phase;
	for (enum probe_phase p = PROBE_RESOLVING; p <= PROBE_READING; p++) {
		wz_doc_newline(d);
		if (p == PROBE_TLS && !https) {
			wz_doc_add(d, WZ_DIM, "   ");
			wz_doc_addf(d, WZ_DIM, "%s %s", phase_words(p), _("(none: plain http)"));
			continue;
		}
		if (p < now) {
			wz_doc_add(d, WZ_PROBE, " \xe2\x9c\x93 ");
			wz_doc_add(d, WZ_NORMAL, phase_words(p));
		} else if (p == now) {
			wz_doc_add(d, WZ_HEADING, " \xe2\x96\xb8 ");
			wz_doc_add(d, WZ_HEADING, phase_words(p));
		} else {
			wz_doc_add(d, WZ_DIM, "   ");
			wz_doc_add(d, WZ_DIM, phase_words(p));
		}
	}
	if (w->pending && w->pending->p.origin) {
		char *addr = wz_net(w->origin);
		char *m = xasprintf(_("Beside it, the origin at %s directly: %s"), addr,
				    phase_words(w->origin_live.phase == PROBE_QUEUED ? PROBE_RESOLVING
										     : w->origin_live.phase));
		wz_doc_newline(d);
		wz_doc_para(d, WZ_ORIGIN, NULL, WZ_NORMAL, m);
		free(m);
		free(addr);
	}
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_addf(d, WZ_NORMAL, _("Elapsed %.1f s"), wz_probe_elapsed(w));
	if (w->live.bytes > 0)
		wz_doc_addf(d, WZ_DIM, _(", %lld bytes read"), w->live.bytes);
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, "");
	char *limit = xasprintf(_("It gives up after %ld s. Esc cancels."), w->o.probe ? w->o.probe->timeout_s : 15L);
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, limit);
	free(limit);
}

/* ------------------------------------------------------------------ help */

void wz_view_help(struct wizard *w, struct wz_doc *d)
{
	static const struct {
		const char *keys, *what;
	} keys[] = {
		{"\xe2\x86\x91 \xe2\x86\x93  j k", N_("move between answers, or scroll")},
		{N_("Enter"), N_("choose the highlighted answer; go on")},
		{"1 \xe2\x80\xa6 9", N_("choose the answer with that number")},
		{N_("\xe2\x86\x90 Backspace b"), N_("go back one question")},
		{N_("PgUp PgDn Space"), N_("scroll a page")},
		{"r", N_("probe again and compare before and after")},
		{"s", N_("save a Markdown report for a support ticket")},
		{"o", N_("behind Cloudflare: ask the origin directly, when a question needs it")},
		{"c", N_("on a fix: copy a snippet whole, to the clipboard (OSC 52) and to a file")},
		{"?", N_("this help")},
		{"q", N_("quit")},
		{N_("Esc"), N_("cancel a running probe; close this help")},
	};
	int kw = 0;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (wz_width(_(keys[i].keys)) > kw)
			kw = wz_width(_(keys[i].keys));
	kw += 4;
	wz_doc_newline(d);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		char *label = xasprintf("  %s", _(keys[i].keys));
		wz_doc_field(d, label, kw, WZ_NORMAL, _(keys[i].what));
		free(label);
	}
	wz_doc_newline(d);
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
		    _("Typing a URL: Enter probes it, \xe2\x86\x91 and \xe2\x86\x93 recall recent ones, Esc quits."));
	if (w->o.demo)
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
			    _("Demo: the samples are saved responses; r reads the file again and nothing goes to the network."));
	if (w->o.replay)
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
			    _("A saved response (--replay): r reads the file again, so save the response anew "
			      "(curl -si URL > FILE) after a fix; nothing goes to the network."));
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
		    _("A code instead of a URL (httpdoc 504): no probe, every question is yours; r probes a URL."));
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
		    _("Colours mean: red a server error or no answer, yellow a client error, green success; "
		      "magenta Cloudflare's edge, blue the origin server. NO_COLOR or --no-color turns them off."));
}
