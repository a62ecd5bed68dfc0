/* report_md.c: the Markdown report for a support ticket.
 *
 * Everything a support engineer asks for first: status, time, Ray ID, who
 * produced the page and why we think so, headers, redirect chain, timings,
 * the path through the knowledge base and the advice. Network text is made
 * terminal-safe and kept out of Markdown syntax (inline code, escaped pipes). */
#include <config.h>
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "report_fix.h"

/* Network text as inline code: safe for terminals, with backticks and pipes neutralised. */
static void code(struct buf *b, const char *s)
{
	char *safe = term_safe(s ? s : "", s ? strlen(s) : 0, false);
	buf_puts(b, "`");
	for (const char *p = safe; *p; p++) {
		if (*p == '`')
			buf_puts(b, "'");
		else if (*p == '|')
			buf_puts(b, "\\|");
		else
			buf_append(b, p, 1);
	}
	buf_puts(b, "`");
	free(safe);
}

/* What decided an answer, under its list item. */
static void md_evidence(struct buf *b, const char *evidence)
{
	buf_printf(b, "   - %s ", _("evidence:"));
	code(b, evidence);
	buf_puts(b, "\n");
}

static void row(struct buf *b, const char *name)
{
	buf_printf(b, "| %s | ", name);
}

static void ms(struct buf *b, const char *name, double v)
{
	if (v >= 0)
		buf_printf(b, "| %s | %.1f ms |\n", name, v);
}

/* The server's logs read around the probe: each file, what it gained (its
 * lines of this request, as code), or why it could not be read. */
static void logs_markdown(struct buf *b, const struct local_evidence *e)
{
	if (!e || !e->logs.n_files)
		return;
	const struct log_evidence *ev = &e->logs;
	buf_printf(b, "\n## %s\n\n", _("Server logs"));
	buf_printf(b, "%s\n\n", _("Log lines may contain visitors' IP addresses and the addresses they "
				   "asked for: review them before you share this report."));
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		buf_puts(b, "- ");
		code(b, f->path);
		buf_printf(b, " (%s): ", log_kind_name(f->kind));
		char *words = f->state == LOG_STATE_READ ? log_gained_words(e, i) : log_unreadable_words(f);
		char *safe = term_safe(words, strlen(words), false);
		buf_printf(b, "%s\n", safe);
		free(safe);
		free(words);
		size_t shown = 0;
		for (size_t k = 0; f->state == LOG_STATE_READ && k < ev->lines.n && shown < 10; k++) {
			const struct log_line *l = &ev->lines.v[k];
			if (l->file != i || l->recent || log_line_relation(l, &ev->req) == LOG_REL_OTHER)
				continue;
			char *evd = log_line_evidence(ev, l);
			buf_puts(b, "   - ");
			code(b, evd);
			buf_puts(b, "\n");
			free(evd);
			shown++;
		}
	}
}

char *report_markdown(const struct probe_result *p)
{
	const struct response *r = &p->resp;
	const struct classification *c = &p->cls;
	struct buf b = {0};
	char when[64] = "?";
	time_t t = (time_t)r->probed_at;
	struct tm tm;
	if (t && gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);

	buf_printf(&b, "# %s ", _("httpdoc report:"));
	code(&b, r->url ? r->url : _("saved response"));
	buf_puts(&b, "\n\n");

	buf_printf(&b, "| %s | %s |\n|---|---|\n", _("Field"), _("Value"));
	row(&b, _("Time"));
	buf_printf(&b, "%s%s |\n", when, r->replayed ? _(" (file time of a saved response)") : "");
	row(&b, _("Status"));
	if (r->transport != TRANSPORT_NONE) {
		buf_printf(&b, "%s: %s — ", _("no answer"), transport_kind_name(r->transport));
		code(&b, r->transport_detail);
	} else {
		buf_printf(&b, "%d ", r->status);
		code(&b, r->reason);
		buf_puts(&b, " (HTTP/");
		buf_puts(&b, r->http_version && strlen(r->http_version) < 8 ? r->http_version : "?");
		buf_puts(&b, ")");
	}
	buf_puts(&b, " |\n");
	if (r->final_url && r->url && strcmp(r->url, r->final_url)) {
		row(&b, _("Final URL"));
		code(&b, r->final_url);
		buf_puts(&b, " |\n");
	}
	if (r->transport == TRANSPORT_NONE) {
		char *layer = layer_producer_words(c);
		row(&b, _("Produced by"));
		buf_printf(&b, "%s |\n", layer ? layer : c->generated_by == CF_GEN_EDGE ? _("Cloudflare's edge")
										  : _("the origin server"));
		free(layer);
		char *soft = soft_error_words(r, c);
		if (soft) {
			row(&b, _("Soft error"));
			buf_printf(&b, "**%s** |\n", soft);
			free(soft);
		}
		if (layer_reference(c)) {
			row(&b, _("Reference"));
			code(&b, layer_reference(c));
			buf_puts(&b, " |\n");
		}
		row(&b, _("Through Cloudflare"));
		buf_printf(&b, "%s |\n", c->proxied ? _("yes") : _("no"));
		if (c->page != CF_PAGE_NONE) {
			row(&b, _("Cloudflare page"));
			buf_printf(&b, "%s |\n", cf_page_name(c->page));
		}
		if (c->error_code) {
			row(&b, _("Cloudflare error"));
			buf_printf(&b, "%d |\n", c->error_code);
		}
	}
	if (c->ray_id[0]) {
		row(&b, _("Ray ID"));
		code(&b, c->ray_id);
		buf_puts(&b, " |\n");
	}
	row(&b, _("Server"));
	if (c->server_detail || c->server)
		code(&b, c->server_detail ? c->server_detail : c->server);
	else
		buf_puts(&b, _("unknown"));
	buf_puts(&b, " |\n");
	if (c->iis_substatus) {
		row(&b, _("IIS sub-status"));
		code(&b, c->iis_substatus);
		buf_puts(&b, " |\n");
	}
	if (r->primary_ip) {
		row(&b, _("Address"));
		code(&b, r->primary_ip);
		buf_puts(&b, " |\n");
	}
	row(&b, _("TLS verification"));
	buf_printf(&b, "%s |\n", r->tls_verified ? _("on") : _("OFF (--insecure)"));
	/* The DNS answer and the certificate, a row each. */
	struct net_lines nl;
	report_net_lines(p, &nl);
	for (size_t i = 0; i < nl.n; i++) {
		row(&b, nl.v[i].label);
		if (nl.v[i].tone == NET_BAD)
			buf_puts(&b, "**!** ");
		code(&b, nl.v[i].value);
		buf_puts(&b, " |\n");
	}
	net_lines_free(&nl);
	if (p->origin && p->origin->resp.tls.attempted) {
		char *v = report_tls_short(&p->origin->resp.tls);
		char *lbl = xasprintf(_("Certificate of the origin at %s"), p->origin_address ? p->origin_address : "?");
		row(&b, lbl);
		code(&b, v);
		buf_puts(&b, " |\n");
		free(lbl);
		free(v);
	}

	if (c->evidence.n) {
		buf_printf(&b, "\n## %s\n\n", _("Evidence"));
		for (size_t i = 0; i < c->evidence.n; i++) {
			buf_puts(&b, "- ");
			code(&b, c->evidence.v[i]);
			buf_puts(&b, "\n");
		}
	}
	if (r->n_redirects) {
		buf_printf(&b, "\n## %s\n\n", _("Redirect chain"));
		for (size_t i = 0; i < r->n_redirects; i++) {
			buf_printf(&b, "%zu. %d → ", i + 1, r->redirects[i].status);
			code(&b, r->redirects[i].location ? r->redirects[i].location : "?");
			buf_puts(&b, "\n");
		}
	}
	if (!r->replayed && r->t.total >= 0) {
		buf_printf(&b, "\n## %s\n\n| %s | ms |\n|---|---|\n", _("Timings"), _("Phase"));
		ms(&b, _("DNS"), r->t.dns);
		ms(&b, _("connect"), r->t.connect);
		ms(&b, _("TLS"), r->t.tls);
		ms(&b, _("first byte"), r->t.ttfb);
		ms(&b, _("total"), r->t.total);
	}
	if (r->n_headers) {
		buf_printf(&b, "\n## %s\n\n```http\n", _("Response headers"));
		for (size_t i = 0; i < r->n_headers; i++) {
			char *n = term_safe(r->headers[i].name, strlen(r->headers[i].name), false);
			char *v = term_safe(r->headers[i].value, strlen(r->headers[i].value), false);
			/* A line of backticks inside would end the fence. */
			for (char *q = v; *q; q++)
				if (*q == '`')
					*q = '\'';
			buf_printf(&b, "%s: %s\n", n, v);
			free(n);
			free(v);
		}
		buf_puts(&b, "```\n");
	}

	logs_markdown(&b, p->local);

	const struct diagnosis *d = &p->diag;
	if (d->node_id || d->title) {
		buf_printf(&b, "\n## %s\n\n**%s**", _("Diagnosis"), d->title ? d->title : "");
		if (d->node_id)
			buf_printf(&b, " (`%s`)", d->node_id);
		buf_puts(&b, "\n\n");
		if (d->summary)
			buf_printf(&b, "%s\n\n", d->summary);
		if (d->n_answered) {
			buf_printf(&b, "### %s\n\n", _("Path through the knowledge base"));
			for (size_t i = 0; i < d->n_answered; i++) {
				const struct diagnosis_answer *a = &d->answered[i];
				buf_printf(&b, "%zu. %s — %s (%s)\n", i + 1, a->question, a->answer,
					   a->by == ANSWER_BY_LOG ? _("answered from the server's log")
					   : a->by == ANSWER_BY_PROBE ? _("answered by the probe") : _("answered by the user"));
				if (a->evidence)
					md_evidence(&b, a->evidence);
			}
			buf_puts(&b, "\n");
		}
		if (d->open_questions.n) {
			buf_printf(&b, "### %s\n\n", _("Open questions"));
			for (size_t i = 0; i < d->open_questions.n; i++)
				buf_printf(&b, "- %s\n", d->open_questions.v[i]);
			buf_puts(&b, "\n");
		}
		if (d->reached_advice && d->node && d->node->kind == KB_ADVICE) {
			buf_printf(&b, "### %s\n\n", _("Advice"));
			fix_markdown(&b, d->node);
		} else if (d->advice.n) {
			buf_printf(&b, "### %s\n\n", _("Possible fixes"));
			for (size_t i = 0; i < d->advice.n; i++)
				buf_printf(&b, "%zu. %s\n", i + 1, d->advice.v[i]);
		}
	}
	return buf_steal(&b);
}
