/* report_text.c: a probe's result for people.
 *
 * Labels are translated and padded by display width (CJK labels take two
 * columns a character); every value that came from the network is passed
 * through term_safe() first. */
#include <config.h>
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "kb.h"
#include "report_fix.h"
#include "textwrap.h"

#define LABEL_COLS 14
#define TEXT_COLUMNS 80

struct out {
	struct buf b;
	bool color;
};

static void label(struct out *o, const char *text)
{
	buf_puts(&o->b, text);
	int pad = LABEL_COLS - (int)text_width(text, strlen(text), NULL);
	for (int i = 0; i < (pad > 1 ? pad : 1); i++)
		buf_append(&o->b, " ", 1);
}

static void indent(struct out *o)
{
	for (int i = 0; i < LABEL_COLS; i++)
		buf_append(&o->b, " ", 1);
}

/* Append network text made safe. */
static void net(struct out *o, const char *s)
{
	char *safe = term_safe(s ? s : "", s ? strlen(s) : 0, false);
	buf_puts(&o->b, safe);
	free(safe);
}

static const char *status_color(int status)
{
	if (status == 0 || status >= 500)
		return "\033[1;31m";
	if (status >= 400)
		return "\033[1;33m";
	if (status >= 300)
		return "\033[36m";
	return "\033[32m";
}

static void paint(struct out *o, const char *sgr)
{
	if (o->color)
		buf_puts(&o->b, sgr);
}

static void producer(struct out *o, const struct classification *c)
{
	char *layer = layer_producer_words(c);
	if (layer) {
		paint(o, c->layer == LAYER_ORIGIN ? "\033[34m" : "\033[35m");
		buf_puts(&o->b, layer);
		paint(o, "\033[0m");
		if (c->proxied)
			buf_printf(&o->b, " %s", _("(the answer passed through Cloudflare)"));
		buf_puts(&o->b, "\n");
		free(layer);
		return;
	}
	if (c->generated_by == CF_GEN_EDGE) {
		paint(o, "\033[35m");
		buf_puts(&o->b, _("Cloudflare's edge"));
		paint(o, "\033[0m");
		const char *kind = c->page == CF_PAGE_BLOCK ? _("block page")
				 : c->page == CF_PAGE_CHALLENGE ? _("challenge page")
				 : c->page == CF_PAGE_ERROR ? _("error page") : NULL;
		/* Whole phrases, space included, so a translation can bracket
		 * them its own way. */
		char *detail = kind && c->error_code ? xasprintf(_(" (%s, error %d)"), kind, c->error_code)
			     : kind ? xasprintf(_(" (%s)"), kind)
			     : c->error_code ? xasprintf(_(" (error %d)"), c->error_code) : NULL;
		if (detail)
			buf_puts(&o->b, detail);
		free(detail);
	} else {
		paint(o, "\033[34m");
		buf_puts(&o->b, _("the origin server"));
		paint(o, "\033[0m");
		if (c->proxied)
			buf_printf(&o->b, " %s", _("(the answer passed through Cloudflare)"));
		else if (c->branded)
			buf_printf(&o->b, " %s", _("(the page looks like Cloudflare's, but no Cloudflare headers came with it)"));
	}
	buf_puts(&o->b, "\n");
}

static void timing(struct out *o, const char *name, double ms, bool *first)
{
	if (ms < 0)
		return;
	buf_printf(&o->b, "%s%s %.1f ms", *first ? "" : ", ", name, ms);
	*first = false;
}

/* The DNS answer and the certificate. */
static void net_text(struct out *o, const struct probe_result *p)
{
	struct net_lines l;
	report_net_lines(p, &l);
	for (size_t i = 0; i < l.n; i++) {
		label(o, l.v[i].label);
		paint(o, l.v[i].tone == NET_BAD ? "\033[1;31m" : l.v[i].tone == NET_GOOD ? "\033[32m" : "");
		net(o, l.v[i].value);
		paint(o, l.v[i].tone != NET_NORMAL ? "\033[0m" : "");
		buf_puts(&o->b, "\n");
	}
	net_lines_free(&l);
}

static void diagnosis_text(struct out *o, const struct diagnosis *d)
{
	if (!d->node_id && !d->title)
		return;
	buf_puts(&o->b, "\n");
	label(o, _("Diagnosis"));
	paint(o, "\033[1m");
	buf_puts(&o->b, d->title ? d->title : "");
	paint(o, "\033[0m");
	if (d->node_id)
		buf_printf(&o->b, "  [%s]", d->node_id);
	buf_puts(&o->b, "\n");
	if (d->summary)
		text_wrap(&o->b, LABEL_COLS, "", d->summary, TEXT_COLUMNS);
	if (d->n_answered) {
		bool log = false;
		for (size_t i = 0; i < d->n_answered; i++)
			log |= d->answered[i].by == ANSWER_BY_LOG;
		buf_printf(&o->b, "  %s\n", log ? _("Answered by the probe and the server's logs:")
					       : _("Answered by the probe:"));
		for (size_t i = 0; i < d->n_answered; i++) {
			const struct diagnosis_answer *a = &d->answered[i];
			char *qa = xasprintf("%s → %s", a->question, a->answer);
			text_wrap(&o->b, 4, "- ", qa, TEXT_COLUMNS);
			free(qa);
			if (a->evidence) {
				/* Evidence is network or log text: made safe, and wrapped. */
				char *safe = term_safe(a->evidence, strlen(a->evidence), false);
				char *ev = xasprintf("%s %s", a->by == ANSWER_BY_LOG ? _("log:") : _("evidence:"), safe);
				text_wrap(&o->b, 8, "", ev, TEXT_COLUMNS);
				free(ev);
				free(safe);
			}
		}
	}
	if (d->open_questions.n) {
		buf_printf(&o->b, "  %s\n", _("Still to answer (run the wizard: httpdoc URL):"));
		for (size_t i = 0; i < d->open_questions.n; i++)
			text_wrap(&o->b, 4, "- ", d->open_questions.v[i], TEXT_COLUMNS);
	}
	if (d->reached_advice && d->node && d->node->kind == KB_ADVICE) {
		buf_printf(&o->b, "  %s\n", _("What to do:"));
		fix_text(&o->b, d->node, 4, TEXT_COLUMNS);
	} else if (d->advice.n) {
		buf_printf(&o->b, "  %s\n", _("Possible fixes:"));
		for (size_t i = 0; i < d->advice.n; i++) {
			char num[32];
			snprintf(num, sizeof num, "%zu. ", i + 1);
			text_wrap(&o->b, 4, num, d->advice.v[i], TEXT_COLUMNS);
		}
	}
}

/* The server's own logs: each one read and what it gained for this request,
 * or why it could not be read; while questions stay open, the lines
 * themselves. */
static void logs_text(struct out *o, const struct probe_result *p)
{
	const struct local_evidence *e = p->local;
	if (!e)
		return;
	const struct log_evidence *ev = &e->logs;
	if (!ev->n_files) {
		if (e->given) {
			label(o, _("Server logs"));
			buf_printf(&o->b, "%s\n", _("none of the files given is a log that could be opened"));
		}
		return;
	}
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		if (i == 0)
			label(o, _("Server logs"));
		else
			indent(o);
		if (f->state != LOG_STATE_READ) {
			char *head = xasprintf("%s (%s): %s", f->path, log_kind_name(f->kind), _("not read"));
			net(o, head);
			buf_puts(&o->b, "\n");
			free(head);
			char *words = log_unreadable_words(f);
			char *safe = term_safe(words, strlen(words), false);
			text_wrap(&o->b, LABEL_COLS + 2, "", safe, TEXT_COLUMNS);
			free(safe);
			free(words);
			continue;
		}
		char *gained = log_gained_words(e, i);
		char *line = xasprintf("%s (%s): %s", f->path, log_kind_name(f->kind), gained);
		net(o, line);
		buf_puts(&o->b, "\n");
		free(line);
		free(gained);
		if (p->diag.reached_advice)
			continue;
		size_t shown = 0;
		for (size_t k = 0; k < ev->lines.n && shown < 3; k++) {
			const struct log_line *l = &ev->lines.v[k];
			if (l->file != i || l->recent || log_line_relation(l, &ev->req) == LOG_REL_OTHER)
				continue;
			char *evd = log_line_evidence(ev, l);
			char *safe = term_safe(evd, strlen(evd), false);
			text_wrap(&o->b, LABEL_COLS + 2, "", safe, TEXT_COLUMNS);
			free(safe);
			free(evd);
			shown++;
		}
	}
}

#define COLUMN_COLS 34

/* A cell of the comparison: s made safe, then padded (or cut) to COLUMN_COLS columns. */
static void cell(struct out *o, const char *s)
{
	char *safe = term_safe(s, strlen(s), false);
	size_t n = mbstowcs(NULL, safe, 0);
	if (n == (size_t)-1) {
		buf_printf(&o->b, "%-*.*s", COLUMN_COLS, COLUMN_COLS - 1, safe);
	} else {
		wchar_t *w = xmalloc((n + 1) * sizeof *w);
		mbstowcs(w, safe, n + 1);
		int cols = 0;
		size_t i = 0;
		for (; i < n; i++) {
			int cw = wcwidth(w[i]);
			if (cols + (cw > 0 ? cw : 0) > COLUMN_COLS - 1)
				break;
			cols += cw > 0 ? cw : 0;
		}
		w[i] = L'\0';
		size_t bytes = wcstombs(NULL, w, 0);
		char *cut = xmalloc(bytes + 1);
		wcstombs(cut, w, bytes + 1);
		buf_puts(&o->b, cut);
		for (; cols < COLUMN_COLS; cols++)
			buf_append(&o->b, " ", 1);
		free(cut);
		free(w);
	}
	free(safe);
}

static char *status_words(const struct response *r)
{
	if (r->transport != TRANSPORT_NONE)
		return xasprintf("%s: %s", _("no answer"), transport_kind_name(r->transport));
	return xasprintf("%d %s", r->status, r->reason ? r->reason : "");
}

static const char *producer_words(const struct probe_result *p)
{
	if (p->resp.transport != TRANSPORT_NONE)
		return "-";
	if (p->cls.product && p->cls.layer != LAYER_ORIGIN && p->cls.generated_by != CF_GEN_EDGE)
		return p->cls.product;
	return p->cls.generated_by == CF_GEN_EDGE ? _("Cloudflare's edge") : _("the origin server");
}

/* The URL as the world sees it beside the same URL asked of the origin directly. */
/* End a row of cells: no trailing blanks. */
static void endrow(struct out *o)
{
	while (o->b.len && o->b.data[o->b.len - 1] == ' ')
		o->b.data[--o->b.len] = '\0';
	buf_puts(&o->b, "\n");
}

static void origin_text(struct out *o, const struct probe_result *p)
{
	const struct probe_result *q = p->origin;
	char *head = xasprintf(_("origin at %s"), p->origin_address ? p->origin_address : "?");
	char *s1 = status_words(&p->resp), *s2 = status_words(&q->resp);
	char t1[32] = "-", t2[32] = "-";
	if (p->resp.t.total >= 0)
		snprintf(t1, sizeof t1, "%.1f ms", p->resp.t.total);
	if (q->resp.t.total >= 0)
		snprintf(t2, sizeof t2, "%.1f ms", q->resp.t.total);

	buf_puts(&o->b, "\n");
	indent(o);
	cell(o, _("through DNS (as visitors)"));
	cell(o, head);
	endrow(o);
	label(o, _("Status"));
	cell(o, s1);
	cell(o, s2);
	endrow(o);
	label(o, _("Produced by"));
	cell(o, producer_words(p));
	cell(o, producer_words(q));
	endrow(o);
	label(o, _("Server"));
	cell(o, p->cls.server ? p->cls.server : "-");
	cell(o, q->cls.server ? q->cls.server : "-");
	endrow(o);
	label(o, _("Total time"));
	cell(o, t1);
	cell(o, t2);
	endrow(o);
	if (p->resp.tls.attempted || q->resp.tls.attempted) {
		char *v1 = report_tls_short(&p->resp.tls), *v2 = report_tls_short(&q->resp.tls);
		label(o, _("Certificate"));
		cell(o, v1);
		cell(o, v2);
		endrow(o);
		free(v1);
		free(v2);
	}
	if (q->resp.transport != TRANSPORT_NONE) {
		label(o, _("Origin detail"));
		net(o, q->resp.transport_detail);
		buf_puts(&o->b, "\n");
		const char *note = origin_probe_note(&q->resp);
		if (note)
			text_wrap(&o->b, LABEL_COLS, "", note, TEXT_COLUMNS);
	}
	free(head);
	free(s1);
	free(s2);
}

char *report_text(const struct probe_result *p, bool color)
{
	const struct response *r = &p->resp;
	const struct classification *c = &p->cls;
	struct out o = {.color = color};

	label(&o, _("URL"));
	net(&o, r->url ? r->url : _("(saved response)"));
	buf_puts(&o.b, "\n");

	label(&o, _("Status"));
	paint(&o, status_color(r->status));
	if (r->transport != TRANSPORT_NONE) {
		buf_printf(&o.b, "%s (%s)", _("no answer"), transport_kind_name(r->transport));
		paint(&o, "\033[0m");
		buf_printf(&o.b, ": %s\n", transport_kind_words(r->transport));
		label(&o, _("Detail"));
		net(&o, r->transport_detail);
		buf_puts(&o.b, "\n");
	} else {
		buf_printf(&o.b, "%d ", r->status);
		net(&o, r->reason && *r->reason ? r->reason : status_reason_default(r->status));
		paint(&o, "\033[0m");
		buf_puts(&o.b, " (HTTP/");
		net(&o, r->http_version);
		buf_puts(&o.b, ")\n");
		char *soft = soft_error_words(r, c);
		if (soft) {
			indent(&o);
			paint(&o, "\033[1;31m");
			net(&o, soft);
			paint(&o, "\033[0m");
			buf_puts(&o.b, "\n");
			free(soft);
		}
		if (r->final_url && r->url && strcmp(r->final_url, r->url) != 0) {
			label(&o, _("Final URL"));
			net(&o, r->final_url);
			buf_puts(&o.b, "\n");
		}
		label(&o, _("Produced by"));
		producer(&o, c);
		for (size_t i = 0; i < c->evidence.n; i++) {
			if (i == 0)
				label(&o, _("Evidence"));
			else
				indent(&o);
			net(&o, c->evidence.v[i]);
			buf_puts(&o.b, "\n");
		}
		if (layer_reference(c)) {
			label(&o, _("Reference"));
			net(&o, layer_reference(c));
			buf_puts(&o.b, "\n");
		}
		if (c->ray_id[0]) {
			label(&o, _("Ray ID"));
			net(&o, c->ray_id);
			buf_puts(&o.b, "\n");
		}
		label(&o, _("Server"));
		net(&o, c->server_detail ? c->server_detail : c->server ? c->server : _("unknown"));
		buf_puts(&o.b, "\n");
		if (c->iis_substatus) {
			label(&o, _("IIS sub-status"));
			net(&o, c->iis_substatus);
			buf_puts(&o.b, "\n");
		}
		if (c->title) {
			label(&o, _("Page title"));
			net(&o, c->title);
			buf_puts(&o.b, "\n");
		}
		if (r->body_truncated) {
			label(&o, _("Body"));
			buf_printf(&o.b, _("stopped after %zu bytes"), r->body_seen);
			if (r->transport_detail) {
				buf_puts(&o.b, ": ");
				net(&o, r->transport_detail);
			}
			buf_puts(&o.b, "\n");
		}
	}
	for (size_t i = 0; i < r->n_redirects; i++) {
		if (i == 0)
			label(&o, _("Redirects"));
		else
			indent(&o);
		buf_printf(&o.b, "%d -> ", r->redirects[i].status);
		net(&o, r->redirects[i].location ? r->redirects[i].location : "?");
		buf_puts(&o.b, "\n");
	}
	net_text(&o, p);
	if (!r->replayed && r->t.total >= 0) {
		bool first = true;
		label(&o, _("Timings"));
		timing(&o, _("DNS"), r->t.dns, &first);
		timing(&o, _("connect"), r->t.connect, &first);
		timing(&o, _("TLS"), r->t.tls, &first);
		timing(&o, _("first byte"), r->t.ttfb, &first);
		timing(&o, _("total"), r->t.total, &first);
		buf_puts(&o.b, "\n");
	}
	if (!r->tls_verified) {
		label(&o, _("TLS"));
		paint(&o, "\033[1;31m");
		buf_puts(&o.b, _("certificate verification was OFF (--insecure)"));
		paint(&o, "\033[0m");
		buf_puts(&o.b, "\n");
	}
	if (p->origin)
		origin_text(&o, p);
	logs_text(&o, p);
	diagnosis_text(&o, &p->diag);
	return buf_steal(&o.b);
}
