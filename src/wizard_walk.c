/* wizard_walk.c: the walk through the knowledge base (one question at a time,
 * the probe's answers shown with the fact that gave them) and the advice at
 * its end, drawn from the engine's state. KB text is translated with kb_tr();
 * snippets and commands are shown verbatim, set apart in a box. */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define SEP " \xe2\x80\xba "     /* › */
#define CONTINUED "\xe2\x86\xaa "      /* ↪: the line above goes on here */
#define MAX_CANDIDATES 6

void wz_walk_start(struct wizard *w, struct wz_result *res)
{
	res->entry = res->p.facts ? engine_entry_for(w->o.kb, res->p.facts) : NULL;
	if (res->entry && res->entry->start)
		res->engine = engine_new(w->o.kb, res->p.facts, res->entry->start);
}

/* A log question left to the person: why the logs did not answer it. A
 * log that could not be read: which, and how to give access; logs read
 * without a line that decides: this request's lines, to choose from; a
 * probe of another machine: where httpdoc could read it itself. */
static void log_hint(const struct wizard *w, const struct kb_node *q, struct wz_doc *d)
{
	const struct local_evidence *e = w->cur->p.local;
	if (!e || (!e->local && !e->given)) {
		if (!w->o.demo && !w->cur->sample && !w->cur->code && !w->o.no_logs)
			wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL,
				    _("Run httpdoc on the server itself (with sudo) and it reads this from the "
				      "server's log."));
		return;
	}
	const struct log_evidence *ev = &e->logs;
	size_t shown = 0;
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		if (!logmatch_reads(q, f->kind))
			continue;
		if (f->state != LOG_STATE_READ) {
			char *m = log_unreadable_words(f);
			char *safe = wz_net(m);
			wz_doc_para(d, WZ_BAD, "  ", WZ_NORMAL, safe);
			free(safe);
			free(m);
			continue;
		}
		for (size_t k = 0; k < ev->lines.n && shown < 3; k++) {
			const struct log_line *l = &ev->lines.v[k];
			if (l->file != i || l->recent || log_line_relation(l, &ev->req) != LOG_REL_OURS)
				continue;
			char *evd = log_line_evidence(ev, l);
			char *safe = wz_net(evd);
			char *m = xasprintf(_("in the server's log: %s"), safe);
			wz_doc_para(d, WZ_PROBE, "  ", WZ_NORMAL, m);
			free(m);
			free(safe);
			free(evd);
			shown++;
		}
	}
}

static const struct kb_node *asking(const struct wizard *w)
{
	if (!w->cur || !w->cur->engine || engine_state(w->cur->engine) != ENGINE_ASKING)
		return NULL;
	return engine_current(w->cur->engine);
}

size_t wz_walk_choices(const struct wizard *w)
{
	const struct kb_node *q = asking(w);
	return q ? q->n_choices : 0;
}

static const char *choice_label(const struct kb_node *q, size_t i)
{
	return i < q->n_choices && q->choices[i].label ? kb_tr(q->choices[i].label) : "?";
}

/* The entry's code, then the answers so far; when they do not fit, the
 * oldest give way to "…" (the code and the latest answers stay). */
char *wz_breadcrumb(const struct wizard *w, int cols)
{
	const struct wz_result *res = w->cur;
	size_t n = 0;
	const struct engine_step *path = res && res->engine ? engine_path(res->engine, &n) : NULL;
	char *head = res && res->entry ? xasprintf("%s %s", res->entry->code, kb_tr(res->entry->name)) : xstrdup("");
	if (n && wz_width(head) > cols / 3) {
		free(head);
		head = xstrdup(res->entry->code);
	}
	struct strlist parts = {0};
	int used = wz_width(head);
	size_t first = n;
	while (first > 0) {
		char *label = wz_truncate(choice_label(path[first - 1].question, path[first - 1].choice), 30);
		int need = 3 + wz_width(label) + (first > 1 ? 4 : 0);
		if (used + need > cols && first < n) {
			free(label);
			break;
		}
		strlist_add(&parts, label);
		used += 3 + wz_width(label);
		free(label);
		first--;
	}
	struct buf b = {0};
	buf_puts(&b, head);
	if (first > 0)
		buf_puts(&b, SEP "\xe2\x80\xa6");
	for (size_t i = parts.n; i > 0; i--) {
		buf_puts(&b, SEP);
		buf_puts(&b, parts.v[i - 1]);
	}
	char *s = wz_truncate(b.data ? b.data : "", cols);
	buf_free(&b);
	strlist_free(&parts);
	free(head);
	return s;
}

/* The steps taken so far: the question, the answer, and who gave it. */
static void path_lines(const struct wizard *w, struct wz_doc *d)
{
	const struct wz_result *res = w->cur;
	size_t n = 0;
	const struct engine_step *path = engine_path(res->engine, &n);
	for (size_t i = 0; i < n; i++) {
		const struct kb_node *q = path[i].question;
		bool probe = path[i].by != ANSWER_BY_USER;
		wz_doc_para(d, WZ_NORMAL, probe ? "\xe2\x9c\x93 " : "\xe2\x80\xa2 ", probe ? WZ_PROBE : WZ_NORMAL,
			    kb_tr(q->text));
		char *ans = xasprintf("\xe2\x86\x92 %s", choice_label(q, path[i].choice));
		wz_doc_para(d, WZ_HEADING, "  ", WZ_NORMAL, ans);
		free(ans);
		if (probe && res->code) {
			char *why = xasprintf(_("follows from the code %s"), res->code);
			wz_doc_para(d, WZ_PROBE, "    ", WZ_NORMAL, why);
			free(why);
		} else if (probe) {
			/* The evidence came from the network or a log: made safe. */
			char *v = wz_net(path[i].evidence);
			char *why = xasprintf(path[i].by == ANSWER_BY_LOG ? _("read in the server's log: %s")
									 : _("answered by the probe: %s"), v);
			wz_doc_para(d, WZ_PROBE, "    ", WZ_NORMAL, why);
			free(why);
			free(v);
		} else {
			wz_doc_para(d, WZ_DIM, "    ", WZ_NORMAL, _("your answer"));
		}
	}
}

static void candidates(const struct wizard *w, struct wz_doc *d)
{
	const struct kb_node *c[MAX_CANDIDATES + 1];
	size_t n = engine_candidates(w->cur->engine, c, MAX_CANDIDATES + 1);
	if (!n)
		return;
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_add(d, WZ_DIM, _("Fixes still possible:"));
	for (size_t i = 0; i < n && i < MAX_CANDIDATES; i++)
		wz_doc_para(d, WZ_DIM, "  \xe2\x80\x93 ", WZ_DIM, kb_tr(c[i]->title));
	if (n > MAX_CANDIDATES)
		wz_doc_para(d, WZ_DIM, "  ", WZ_DIM, "\xe2\x80\xa6");
}

void wz_view_walk(struct wizard *w, struct wz_doc *d, int *sel_line, int *question_line)
{
	const struct kb_node *q = asking(w);
	if (!q)
		return;
	size_t n = 0;
	engine_path(w->cur->engine, &n);
	if (n) {
		wz_doc_newline(d);
		wz_doc_newline(d);
		wz_doc_add(d, WZ_DIM, _("Answered so far"));
		path_lines(w, d);
	}
	wz_doc_newline(d);
	wz_doc_newline(d);
	*question_line = (int)d->n - 1;
	wz_doc_addf(d, WZ_DIM, _("Question %zu"), n + 1);
	wz_doc_para(d, WZ_HEADING, NULL, WZ_NORMAL, kb_tr(q->text));
	if (q->why)
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL, kb_tr(q->why));
	if (q->fact && w->cur->code) {
		const char *words = wz_fact_words(q->fact);
		char *m = words ? xasprintf(_("No probe: this is your call. A probe would read %s (%s); r probes a URL."),
					    words, q->fact)
				: xasprintf(_("No probe: this is your call. A probe would read %s; r probes a URL."), q->fact);
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL, m);
		free(m);
	} else if (q->fact) {
		const char *known = facts_get(w->cur->p.facts, q->fact);
		char *v = known ? wz_net(known) : NULL;
		char *m = v ? xasprintf(_("The probe found %s = %s, which none of the answers covers: it is your call."), q->fact, v)
			    : xasprintf(_("The probe could not tell (%s is unknown), so it is your call."), q->fact);
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL, m);
		free(m);
		free(v);
	}
	if (q->logs)
		log_hint(w, q, d);
	enum wz_origin_offer offer = wz_origin_offer(w);
	if (offer == WZ_ORIGIN_ASK && !w->origin_entry)
		wz_doc_para(d, WZ_PROBE, "  ", WZ_NORMAL,
			    _("Press o to give the origin's address: httpdoc asks it directly and answers this itself."));
	else if (offer == WZ_ORIGIN_DEMO)
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL,
			    _("Demo: a saved response has no origin to ask. With a live probe, o (or --origin) asks the origin directly and answers this."));
	int field = -1;
	if (w->origin_entry)
		wz_view_origin_entry(w, d, &field);
	wz_doc_newline(d);
	if (w->choice_sel >= q->n_choices)
		w->choice_sel = 0;
	for (size_t i = 0; i < q->n_choices; i++) {
		bool sel = i == w->choice_sel && field < 0;
		char *num = i < 9 ? xasprintf("%s%zu  ", sel ? "\xe2\x96\xb8 " : "  ", i + 1)
				  : xstrdup(sel ? "\xe2\x96\xb8    " : "     ");
		size_t first = d->n;
		wz_doc_para(d, sel ? WZ_SELECTED : WZ_NORMAL, num, sel ? WZ_SELECTED : WZ_LABEL, choice_label(q, i));
		if (sel) {
			*sel_line = (int)first;
			wz_doc_highlight(d, first, WZ_SELECTED);
		}
		free(num);
	}
	if (field >= 0)
		*sel_line = field;      /* keep the field on the screen */
	candidates(w, d);
}

/* ------------------------------------------------------------------ advice */

/* A line of code with tabs expanded to stops of four. */
static char *expand_tabs(const char *s, size_t len)
{
	struct buf b = {0};
	buf_puts(&b, "");
	int col = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\t') {
			do {
				buf_puts(&b, " ");
				col++;
			} while (col % 4);
		} else {
			buf_append(&b, s + i, 1);
			if (((unsigned char)s[i] & 0xC0) != 0x80)
				col++;
		}
	}
	return buf_steal(&b);
}

/* How much of rest goes on a row of room columns: all that fits, broken
 * after a space when the line goes on (a token is cut only when it is
 * longer than a whole row). *skip: the space to drop at the break. */
static size_t code_break(const char *rest, int room, size_t *skip)
{
	size_t fit = room > 0 ? wz_fit(rest, room) : 0;
	*skip = 0;
	if (!rest[fit])
		return fit;
	if (rest[fit] == ' ') {
		*skip = 1;
		return fit;
	}
	size_t brk = fit;
	while (brk > 0 && rest[brk - 1] != ' ')
		brk--;
	if (brk > 0)
		return brk;
	return fit ? fit : (size_t)(mblen(rest, MB_CUR_MAX) > 0 ? mblen(rest, MB_CUR_MAX) : 1);
}

/* Verbatim lines behind a gutter. A line too long for the screen breaks
 * at a space and goes on behind a dotted gutter and a continuation mark
 * (↪), so that no word of it is split; `c` takes a snippet whole. */
static void code_lines(struct wz_doc *d, int indent, const char *gutter, const char *more, const char *text)
{
	const char *p = text ? text : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = expand_tabs(p, len);
		const char *rest = line;
		bool first = true;
		do {
			wz_doc_newline(d);
			wz_doc_pad(d, indent);
			wz_doc_add(d, WZ_DIM, first ? gutter : more);
			if (!first)
				wz_doc_add(d, WZ_DIM, CONTINUED);
			size_t skip, fit = code_break(rest, d->width - wz_doc_col(d), &skip);
			char *part = xstrndup(rest, fit);
			wz_doc_add(d, WZ_CODE, part);
			free(part);
			rest += fit + skip;
			first = false;
		} while (*rest);
		free(line);
		if (!nl)
			break;
		p = nl + 1;
		if (!*p)
			break;      /* a final newline is no extra line */
	}
}

static void snippet(struct wz_doc *d, int indent, const struct kb_block *b, size_t number)
{
	wz_doc_newline(d);
	wz_doc_pad(d, indent);
	wz_doc_add(d, WZ_DIM, "\xe2\x94\x8c\xe2\x94\x80 ");
	if (number)
		wz_doc_addf(d, WZ_BAR_KEY, "%zu", number);
	wz_doc_add(d, WZ_DIM, " ");
	wz_doc_add(d, WZ_LABEL, b->lang ? b->lang : _("snippet"));
	if (b->file) {
		wz_doc_add(d, WZ_DIM, " \xc2\xb7 ");
		wz_doc_add(d, WZ_DIM, b->file);
	}
	code_lines(d, indent, "\xe2\x94\x82 ", "\xe2\x94\x86 ", b->text);
	wz_doc_newline(d);
	wz_doc_pad(d, indent);
	wz_doc_add(d, WZ_DIM, "\xe2\x94\x94\xe2\x94\x80");
}

void wz_view_advice(struct wizard *w, struct wz_doc *d)
{
	const struct kb_node *a = w->cur && w->cur->engine ? engine_current(w->cur->engine) : NULL;
	if (!a || a->kind != KB_ADVICE)
		return;
	wz_doc_newline(d);
	wz_doc_para(d, WZ_HEADING, NULL, WZ_NORMAL, kb_tr(a->title));
	if (a->summary)
		wz_doc_para(d, WZ_NORMAL, NULL, WZ_NORMAL, kb_tr(a->summary));
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_add(d, WZ_HEADING, _("What to do"));
	int step = 0, indent = 1;
	size_t snippets = 0;
	for (size_t i = 0; i < a->n_blocks; i++) {
		const struct kb_block *b = &a->blocks[i];
		if (b->kind == KB_STEP) {
			char *num = xasprintf("%2d. ", ++step);
			if (i > 0)
				wz_doc_newline(d);
			wz_doc_para(d, WZ_NORMAL, num, WZ_LABEL, kb_tr(b->text));
			indent = wz_width(num);
			free(num);
		} else if (b->kind == KB_SNIPPET) {
			snippet(d, indent, b, ++snippets);
		} else {
			code_lines(d, indent, "$ ", "\xe2\x94\x86 ", b->text);
		}
	}
	if (a->n_verify) {
		wz_doc_newline(d);
		wz_doc_newline(d);
		wz_doc_add(d, WZ_HEADING, _("How to check the fix"));
		for (size_t i = 0; i < a->n_verify; i++)
			wz_doc_para(d, WZ_NORMAL, " \xe2\x80\xa2 ", WZ_NORMAL, kb_tr(a->verify[i]));
		wz_doc_para(d, WZ_DIM, "   ", WZ_NORMAL,
			    w->cur->code ? _("Then press r and give the URL that showed the error: httpdoc probes it.")
			    : w->o.demo ? _("In the demo, r reads the sample again.")
			    : w->o.replay ? _("Then save the response anew (curl -si URL > FILE) and press r: "
					      "httpdoc reads it again and shows before and after.")
					: _("Then press r: httpdoc probes again and shows before and after."));
	}
	size_t n = 0;
	engine_path(w->cur->engine, &n);
	if (n) {
		wz_doc_newline(d);
		wz_doc_newline(d);
		wz_doc_add(d, WZ_HEADING, _("How we got here"));
		path_lines(w, d);
	}
}

/* ------------------------------------------------------------------ for the report */

void wz_walk_diagnosis(const struct wz_result *res, struct diagnosis *d)
{
	const struct engine *e = res->engine;
	const struct kb_node *node = engine_current(e);
	d->entry = res->entry;
	d->node = node;
	d->node_id = node ? xstrdup(node->id) : NULL;
	bool advice = engine_state(e) == ENGINE_ADVICE && node;
	d->reached_advice = advice;
	if (advice) {
		d->title = xstrdup(kb_tr(node->title));
		d->summary = xstrdup(kb_tr(node->summary ? node->summary
							   : res->entry ? res->entry->meaning : node->title));
	} else if (res->entry) {
		d->title = xstrdup(kb_tr(res->entry->name));
		d->summary = xstrdup(kb_tr(res->entry->meaning));
	}
	size_t n = 0;
	const struct engine_step *path = engine_path(e, &n);
	d->answered = n ? xcalloc(n, sizeof *d->answered) : NULL;
	d->n_answered = n;
	for (size_t i = 0; i < n; i++) {
		d->answered[i].question = xstrdup(kb_tr(path[i].question->text));
		d->answered[i].answer = xstrdup(choice_label(path[i].question, path[i].choice));
		d->answered[i].by = path[i].by;
		d->answered[i].evidence = xstrdup(path[i].evidence);
	}
	if (advice) {
		/* As diagnose() lists it: steps translated, snippets and commands
		 * as written, then how to verify. */
		for (size_t i = 0; i < node->n_blocks; i++) {
			const struct kb_block *b = &node->blocks[i];
			strlist_add(&d->advice, b->kind == KB_STEP ? kb_tr(b->text) : b->text);
		}
		for (size_t i = 0; i < node->n_verify; i++)
			strlist_add(&d->advice, kb_tr(node->verify[i]));
	} else {
		if (node)
			strlist_add(&d->open_questions, kb_tr(node->text));
		const struct kb_node *c[16];
		size_t k = engine_candidates(e, c, 16);
		for (size_t i = 0; i < k; i++)
			strlist_add(&d->advice, kb_tr(c[i]->title));
	}
}
