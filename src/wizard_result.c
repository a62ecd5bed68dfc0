/* wizard_result.c: the result screen (status, who produced it and why we
 * think so, timings drawn to scale, redirects, the knowledge base's entry) and
 * the before/after comparison a re-probe shows. Every string from the
 * response goes through term_safe (wz_net) before it is put on a line. */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

char *wz_status_words(const struct response *r)
{
	if (r->transport != TRANSPORT_NONE)
		return xasprintf(_("no answer: %s"), transport_kind_words(r->transport));
	const char *reason = r->reason && *r->reason ? r->reason : status_reason_default(r->status);
	char *safe = wz_net(reason);
	char *s = xasprintf("%d %s", r->status, safe);
	free(safe);
	return s;
}

enum wz_role wz_status_role(const struct response *r)
{
	if (r->transport != TRANSPORT_NONE || r->status >= 500 || r->status < 100)
		return WZ_S5XX;
	if (r->status >= 400)
		return WZ_S4XX;
	if (r->status >= 300)
		return WZ_S3XX;
	return WZ_S2XX;
}

static bool failing(const struct response *r)
{
	return r->transport != TRANSPORT_NONE || r->status >= 400 || r->status < 100;
}

/* Who produced the answer, in words. */
static char *producer(const struct classification *c, enum wz_role *role)
{
	char *layer = layer_producer_words(c);
	if (layer) {
		*role = c->layer == LAYER_ORIGIN ? WZ_ORIGIN : WZ_EDGE;
		if (!c->proxied)
			return layer;
		char *s = xasprintf("%s %s", layer, _("(the answer passed through Cloudflare)"));
		free(layer);
		return s;
	}
	if (c->generated_by == CF_GEN_EDGE) {
		*role = WZ_EDGE;
		const char *kind = c->page == CF_PAGE_BLOCK ? _("block page")
				 : c->page == CF_PAGE_CHALLENGE ? _("challenge page")
				 : c->page == CF_PAGE_ERROR ? _("error page") : NULL;
		if (kind && c->error_code)
			return xasprintf(_("Cloudflare's edge (%s, error %d)"), kind, c->error_code);
		if (kind)
			return xasprintf(_("Cloudflare's edge (%s)"), kind);
		return xstrdup(_("Cloudflare's edge"));
	}
	*role = WZ_ORIGIN;
	if (c->proxied)
		return xstrdup(_("the origin server (the answer passed through Cloudflare)"));
	if (c->branded)
		return xstrdup(_("the origin server (the page looks like Cloudflare's, but no Cloudflare headers came with it)"));
	return xstrdup(_("the origin server"));
}

static const char *const labels[] = {
	N_("Status"), N_("Detail"), N_("Produced by"), N_("Evidence"), N_("Reference"), N_("Ray ID"), N_("Server"),
	N_("IIS sub-status"), N_("Page title"), N_("Final URL"), N_("Redirects"), N_("Timings"),
	N_("TLS"), N_("Body"),
	/* the DNS answer and the certificate (report_net.c) */
	N_("DNS"), N_("Aliases"), N_("Addresses"), N_("Connected to"), N_("Domain"), N_("Without DNSSEC"),
	N_("Certificate"), N_("Issuer"), N_("Names"), N_("Valid"), N_("Warning"),
};

static int label_cols(void)
{
	int w = 0;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (wz_width(_(labels[i])) > w)
			w = wz_width(_(labels[i]));
	return w + 2;
}

/* A field whose value came from the network. */
static void net_field(struct wz_doc *d, const char *label, int lc, enum wz_role role, const char *value)
{
	char *safe = wz_net(value);
	wz_doc_field(d, label, lc, role, safe);
	free(safe);
}

/* ------------------------------------------------------------------ timings */

#define PHASES 5

static const char *const glyph[PHASES] = {
	"\xe2\x96\x91", "\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88", "\xe2\x96\x84",   /* ░ ▒ ▓ █ ▄ */
};
static const enum wz_role phase_role[PHASES] = {WZ_T_DNS, WZ_T_CONNECT, WZ_T_TLS, WZ_T_WAIT, WZ_T_TRANSFER};
static const char *const phase_name[PHASES] = {N_("DNS"), N_("connect"), N_("TLS"), N_("wait"), N_("transfer")};

/* The five phases in milliseconds from libcurl's cumulative times. */
static void phases(const struct timings *t, double v[PHASES])
{
	double dns = t->dns > 0 ? t->dns : 0;
	double conn = t->connect > 0 ? t->connect : dns;
	double tls = t->tls > 0 ? t->tls : conn;
	double first = t->ttfb > 0 ? t->ttfb : tls;
	double total = t->total > first ? t->total : first;
	double ends[PHASES] = {dns, conn, tls, first, total};
	double prev = 0;
	for (int i = 0; i < PHASES; i++) {
		v[i] = ends[i] > prev ? ends[i] - prev : 0;
		if (ends[i] > prev)
			prev = ends[i];
	}
}

/* Columns for each phase out of width, to scale; a phase that took any time
 * gets at least one column (taken from the longest). */
static void bar_columns(const double v[PHASES], int width, int cols[PHASES])
{
	double total = 0;
	for (int i = 0; i < PHASES; i++)
		total += v[i];
	int used = 0;
	double frac[PHASES];
	for (int i = 0; i < PHASES; i++) {
		double exact = total > 0 ? v[i] / total * width : 0;
		cols[i] = (int)exact;
		frac[i] = exact - cols[i];
		used += cols[i];
	}
	while (total > 0 && used < width) {
		int best = 0;
		for (int i = 1; i < PHASES; i++)
			if (frac[i] > frac[best])
				best = i;
		cols[best]++;
		frac[best] = -1;
		used++;
	}
	for (int i = 0; i < PHASES; i++) {
		if (v[i] > 0 && cols[i] == 0) {
			int big = 0;
			for (int k = 1; k < PHASES; k++)
				if (cols[k] > cols[big])
					big = k;
			if (cols[big] > 1) {
				cols[big]--;
				cols[i] = 1;
			}
		}
	}
}

static void timing_bar(struct wz_doc *d, const struct response *r, int lc)
{
	if (r->replayed || r->t.total < 0) {
		wz_doc_field(d, _("Timings"), lc, WZ_DIM,
			     r->replayed ? _("none: a saved response") : _("none"));
		return;
	}
	if (r->transport != TRANSPORT_NONE) {
		char *t = xasprintf(_("the attempt ended after %.1f ms"), r->t.total);
		wz_doc_field(d, _("Timings"), lc, WZ_DIM, t);
		free(t);
		return;
	}
	double v[PHASES];
	int cols[PHASES];
	phases(&r->t, v);
	int width = d->width - lc;
	bar_columns(v, width, cols);
	wz_doc_newline(d);
	wz_doc_add(d, WZ_LABEL, _("Timings"));
	wz_doc_pad(d, lc);
	for (int i = 0; i < PHASES; i++) {
		struct buf b = {0};
		for (int k = 0; k < cols[i]; k++)
			buf_puts(&b, glyph[i]);
		if (b.len)
			wz_doc_add(d, phase_role[i], b.data);
		buf_free(&b);
	}
	/* The legend, wrapped under the bar. */
	wz_doc_newline(d);
	wz_doc_pad(d, lc);
	for (int i = 0; i <= PHASES; i++) {
		char *item = i < PHASES ? xasprintf("%s %s %.1f ms", glyph[i], _(phase_name[i]), v[i])
					: xasprintf(_("total %.1f ms"), r->t.total);
		if (i == 2 && r->t.tls < 0) {
			free(item);
			continue;       /* no TLS handshake: plain http */
		}
		if (wz_doc_col(d) > lc && wz_doc_col(d) + 2 + wz_width(item) > d->width) {
			wz_doc_newline(d);
			wz_doc_pad(d, lc);
		} else if (wz_doc_col(d) > lc) {
			wz_doc_add(d, WZ_NORMAL, "  ");
		}
		wz_doc_add(d, i < PHASES ? phase_role[i] : WZ_NORMAL, i < PHASES ? glyph[i] : "");
		wz_doc_add(d, WZ_DIM, i < PHASES ? item + strlen(glyph[i]) : item);
		free(item);
	}
}

static void compare_row(struct wz_doc *d, const char *label, int lc, int col,
			enum wz_role r1, const char *a, enum wz_role r2, const char *b);

/* ------------------------------------------------------------------ edge and origin */

static int origin_label_cols(void)
{
	const char *l[] = {_("Total time"), _("Origin detail")};
	int lc = label_cols();
	for (size_t i = 0; i < sizeof l / sizeof *l; i++)
		if (wz_width(l[i]) + 2 > lc)
			lc = wz_width(l[i]) + 2;
	return lc;
}

static char *who_of(const struct probe_result *p, enum wz_role *role)
{
	*role = p->cls.generated_by == CF_GEN_EDGE ? WZ_EDGE : WZ_ORIGIN;
	if (p->resp.transport != TRANSPORT_NONE)
		return xstrdup("\xe2\x80\x94");
	if (p->cls.product && p->cls.layer != LAYER_ORIGIN && p->cls.generated_by != CF_GEN_EDGE)
		return xstrdup(p->cls.product);
	return xstrdup(p->cls.generated_by == CF_GEN_EDGE ? _("Cloudflare's edge") : _("the origin server"));
}

static char *total_of(const struct response *r)
{
	return r->t.total >= 0 ? xasprintf("%.1f ms", r->t.total) : xstrdup("\xe2\x80\x94");
}

/* The URL as visitors get it beside the same URL asked of the origin
 * directly (--origin, or the address typed in the walk). */
static void origin_part(const struct probe_result *p, struct wz_doc *d)
{
	const struct probe_result *q = p->origin;
	int lc = origin_label_cols(), col = (d->width - lc) / 2;
	char *addr = wz_net(p->origin_address ? p->origin_address : "?");
	char *head = xasprintf(_("origin at %s"), addr);
	char *cut1 = wz_truncate(_("through DNS (as visitors)"), col - 2), *cut2 = wz_truncate(head, col - 2);
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_pad(d, lc);
	wz_doc_add(d, WZ_HEADING, cut1);
	wz_doc_pad(d, lc + col);
	wz_doc_add(d, WZ_HEADING, cut2);
	free(cut1);
	free(cut2);
	free(head);
	free(addr);

	char *s1 = wz_status_words(&p->resp), *s2 = wz_status_words(&q->resp);
	compare_row(d, _("Status"), lc, col, wz_status_role(&p->resp), s1, wz_status_role(&q->resp), s2);
	enum wz_role r1, r2;
	char *w1 = who_of(p, &r1), *w2 = who_of(q, &r2);
	compare_row(d, _("Produced by"), lc, col, r1, w1, r2, w2);
	char *v1 = wz_net(p->cls.server ? p->cls.server : "\xe2\x80\x94");
	char *v2 = wz_net(q->cls.server ? q->cls.server : "\xe2\x80\x94");
	compare_row(d, _("Server"), lc, col, WZ_NORMAL, v1, WZ_NORMAL, v2);
	char *t1 = total_of(&p->resp), *t2 = total_of(&q->resp);
	compare_row(d, _("Total time"), lc, col, WZ_NORMAL, t1, WZ_NORMAL, t2);
	if (p->resp.tls.attempted || q->resp.tls.attempted) {
		char *c1 = report_tls_short(&p->resp.tls), *c2 = report_tls_short(&q->resp.tls);
		compare_row(d, _("Certificate"), lc, col, p->resp.tls.verified ? WZ_NORMAL : WZ_BAD, c1,
			    q->resp.tls.verified ? WZ_NORMAL : WZ_BAD, c2);
		free(c1);
		free(c2);
	}
	if (q->resp.transport != TRANSPORT_NONE) {
		net_field(d, _("Origin detail"), lc, WZ_NORMAL, q->resp.transport_detail);
		const char *note = origin_probe_note(&q->resp);
		if (note)
			wz_doc_field(d, "", lc, WZ_DIM, note);
	}
	if (!q->resp.tls_verified && p->resp.tls_verified && p->resp.url && str_istarts(p->resp.url, "https:"))
		wz_doc_field(d, _("TLS"), lc, WZ_DIM, _("not verified for the origin (--origin-insecure)"));
	free(s1);
	free(s2);
	free(w1);
	free(w2);
	free(v1);
	free(v2);
	free(t1);
	free(t2);
}

/* ------------------------------------------------------------------ result */

/* What Enter leads to, given what the probe answered. */
static void next_hint(const struct wz_result *res, struct wz_doc *d)
{
	if (!res->engine)
		return;
	size_t n = 0, by_probe = 0;
	const struct engine_step *path = engine_path(res->engine, &n);
	for (size_t i = 0; i < n; i++)
		by_probe += path[i].by != ANSWER_BY_USER;
	char *next;
	if (engine_state(res->engine) == ENGINE_ADVICE)
		next = xstrdup(_("Press Enter for the fix: the probe answered every question."));
	else if (by_probe)
		next = xasprintf(ngettext("Press Enter to find the cause: the probe already answered %zu question.",
					  "Press Enter to find the cause: the probe already answered %zu questions.",
					  by_probe), by_probe);
	else
		next = xstrdup(_("Press Enter to find the cause, one question at a time."));
	wz_doc_newline(d);
	wz_doc_para(d, WZ_HEADING, "\xe2\x86\x92 ", WZ_HEADING, next);
	free(next);
}

/* The knowledge base's entry: what the code means and who usually sends it. */
static void kb_part(const struct wz_result *res, struct wz_doc *d)
{
	const struct kb_entry *e = res->entry;
	wz_doc_newline(d);
	if (!e) {
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, _("The knowledge base has nothing for this response."));
		return;
	}
	wz_doc_newline(d);
	wz_doc_addf(d, WZ_HEADING, "%s %s", e->code, kb_tr(e->name));
	if (e->rfc)
		/* TRANSLATORS: the RFC that defines a status, e.g. "RFC 9110, 15.5.4", after its name. */
		wz_doc_addf(d, WZ_DIM, _("  (%s)"), e->rfc);
	wz_doc_para(d, WZ_NORMAL, "  ", WZ_NORMAL, kb_tr(e->meaning));
	if (e->generated)
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL, kb_tr(e->generated));
	if (!res->engine) {
		wz_doc_newline(d);
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, failing(&res->p.resp)
			    || res->p.cls.soft_error ? _("The knowledge base has no questions for this code.")
			    : _("Nothing to fix here."));
	}
}

void wz_view_result(struct wizard *w, struct wz_doc *d)
{
	const struct response *r = &w->cur->p.resp;
	const struct classification *c = &w->cur->p.cls;
	int lc = label_cols();
	char *status = wz_status_words(r);
	wz_doc_newline(d);
	wz_doc_field(d, _("Status"), lc, wz_status_role(r), status);
	free(status);
	if (r->transport != TRANSPORT_NONE) {
		net_field(d, _("Detail"), lc, WZ_NORMAL, r->transport_detail);
	} else {
		if (r->http_version) {
			char *v = wz_net(r->http_version);
			wz_doc_addf(d, WZ_DIM, "  HTTP/%s", v);
			free(v);
		}
		char *soft = soft_error_words(r, c);
		if (soft)
			net_field(d, "", lc, WZ_BAD, soft);
		free(soft);
		enum wz_role role;
		char *who = producer(c, &role);
		wz_doc_field(d, _("Produced by"), lc, role, who);
		free(who);
		for (size_t i = 0; i < c->evidence.n; i++)
			net_field(d, i ? "" : _("Evidence"), lc, WZ_DIM, c->evidence.v[i]);
		if (layer_reference(c))
			net_field(d, _("Reference"), lc, WZ_NORMAL, layer_reference(c));
	}
	if (c->ray_id[0])
		net_field(d, _("Ray ID"), lc, WZ_NORMAL, c->ray_id);
	if (r->transport == TRANSPORT_NONE)
		net_field(d, _("Server"), lc, WZ_NORMAL,
			  c->server_detail ? c->server_detail : c->server ? c->server : _("unknown"));
	if (c->iis_substatus)
		net_field(d, _("IIS sub-status"), lc, WZ_NORMAL, c->iis_substatus);
	if (c->title)
		net_field(d, _("Page title"), lc, WZ_NORMAL, c->title);
	if (r->final_url && r->url && strcmp(r->final_url, r->url) != 0)
		net_field(d, _("Final URL"), lc, WZ_NORMAL, r->final_url);
	for (size_t i = 0; i < r->n_redirects; i++) {
		char *loc = wz_net(r->redirects[i].location ? r->redirects[i].location : "?");
		char *hop = xasprintf("%d \xe2\x86\x92 %s", r->redirects[i].status, loc);
		wz_doc_field(d, i ? "" : _("Redirects"), lc, WZ_NORMAL, hop);
		free(hop);
		free(loc);
	}
	if (r->body_truncated && r->transport == TRANSPORT_NONE) {
		char *b = xasprintf(_("stopped after %zu bytes"), r->body_seen);
		wz_doc_field(d, _("Body"), lc, WZ_DIM, b);
		free(b);
	}
	struct net_lines nl;
	report_net_lines(&w->cur->p, &nl);
	for (size_t i = 0; i < nl.n; i++)
		net_field(d, nl.v[i].label, lc,
			  nl.v[i].tone == NET_BAD ? WZ_BAD : nl.v[i].tone == NET_GOOD ? WZ_GOOD : WZ_NORMAL, nl.v[i].value);
	net_lines_free(&nl);
	timing_bar(d, r, lc);
	if (!r->tls_verified)
		wz_doc_field(d, _("TLS"), lc, WZ_BAD, _("certificate verification was OFF (--insecure)"));
	if (w->cur->p.origin)
		origin_part(&w->cur->p, d);
	next_hint(w->cur, d);
	kb_part(w->cur, d);
}

/* ------------------------------------------------------------------ before and after */

static void compare_row(struct wz_doc *d, const char *label, int lc, int col,
			enum wz_role r1, const char *a, enum wz_role r2, const char *b)
{
	wz_doc_newline(d);
	wz_doc_add(d, WZ_LABEL, label);
	wz_doc_pad(d, lc);
	char *ca = wz_truncate(a, col - 2);
	char *cb = wz_truncate(b, col - 2);
	wz_doc_add(d, r1, ca);
	wz_doc_pad(d, lc + col);
	wz_doc_add(d, r2, cb);
	free(ca);
	free(cb);
}

static char *who_short(const struct wz_result *res)
{
	if (res->p.resp.transport != TRANSPORT_NONE)
		return xstrdup("\xe2\x80\x94");
	if (res->p.cls.product && res->p.cls.layer != LAYER_ORIGIN && res->p.cls.generated_by != CF_GEN_EDGE)
		return xstrdup(res->p.cls.product);
	return xstrdup(res->p.cls.generated_by == CF_GEN_EDGE ? _("Cloudflare's edge") : _("the origin server"));
}

static char *server_short(const struct wz_result *res)
{
	const struct classification *c = &res->p.cls;
	return wz_net(c->server_detail ? c->server_detail : c->server ? c->server : "\xe2\x80\x94");
}

static char *time_short(const struct wz_result *res)
{
	const struct response *r = &res->p.resp;
	if (r->replayed || r->t.total < 0)
		return xstrdup("\xe2\x80\x94");
	return xasprintf("%.1f ms", r->t.total);
}

static char *ray_short(const struct wz_result *res)
{
	return res->p.cls.ray_id[0] ? wz_net(res->p.cls.ray_id) : xstrdup("\xe2\x80\x94");
}

void wz_view_compare(struct wizard *w, struct wz_doc *d)
{
	const struct wz_result *a = w->before, *b = w->cur;
	int lc = label_cols(), col = (d->width - lc) / 2;
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_pad(d, lc);
	wz_doc_add(d, WZ_HEADING, _("Before"));
	wz_doc_pad(d, lc + col);
	wz_doc_add(d, WZ_HEADING, _("After"));

	char *sa = wz_status_words(&a->p.resp), *sb = wz_status_words(&b->p.resp);
	compare_row(d, _("Status"), lc, col, wz_status_role(&a->p.resp), sa, wz_status_role(&b->p.resp), sb);
	char *wa = who_short(a), *wb = who_short(b);
	compare_row(d, _("Produced by"), lc, col,
		    a->p.cls.generated_by == CF_GEN_EDGE ? WZ_EDGE : WZ_ORIGIN, wa,
		    b->p.cls.generated_by == CF_GEN_EDGE ? WZ_EDGE : WZ_ORIGIN, wb);
	char *va = server_short(a), *vb = server_short(b);
	compare_row(d, _("Server"), lc, col, WZ_NORMAL, va, WZ_NORMAL, vb);
	char *ra = ray_short(a), *rb = ray_short(b);
	compare_row(d, _("Ray ID"), lc, col, WZ_NORMAL, ra, WZ_NORMAL, rb);
	char *ta = time_short(a), *tb = time_short(b);
	compare_row(d, _("Timings"), lc, col, WZ_NORMAL, ta, WZ_NORMAL, tb);

	wz_doc_newline(d);
	bool fa = failing(&a->p.resp) || a->p.cls.soft_error, fb = failing(&b->p.resp) || b->p.cls.soft_error;
	bool same = a->p.resp.status == b->p.resp.status && a->p.resp.transport == b->p.resp.transport;
	char *verdict;
	enum wz_role role;
	if (fa && !fb) {
		verdict = xasprintf(_("\xe2\x9c\x93 The error is gone: the site now answers %s."), sb);
		role = WZ_GOOD;
	} else if (fa && same) {
		verdict = xasprintf(_("Still failing: %s, as before."), sb);
		role = WZ_BAD;
	} else if (fa) {
		verdict = xasprintf(_("It changed: %s, then %s."), sa, sb);
		role = wz_status_role(&b->p.resp);
	} else if (fb) {
		verdict = xasprintf(_("It got worse: %s."), sb);
		role = WZ_BAD;
	} else {
		verdict = xasprintf(_("\xe2\x9c\x93 No error, before or after: %s."), sb);
		role = WZ_GOOD;
	}
	wz_doc_para(d, role, NULL, WZ_NORMAL, verdict);
	if (w->demo_reread)
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL,
			    w->o.replay ? _("The file was read again: it changes when the response is saved anew "
					    "(curl -si URL > FILE).")
					: _("Demo: the sample was read again from its file; a saved response does not change."));
	wz_doc_newline(d);
	wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, _("Enter shows the new result and walks it from the start."));
	free(verdict);
	free(sa);
	free(sb);
	free(wa);
	free(wb);
	free(va);
	free(vb);
	free(ra);
	free(rb);
	free(ta);
	free(tb);
}
