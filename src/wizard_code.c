/* wizard_code.c: the wizard on a code instead of a probe (`httpdoc 504`, or
 * 504 typed in the URL entry): the screen of what the code means, then the
 * walk of its tree with every question the user's, except what the code
 * itself implies (1020 is the number Cloudflare's page shows). A question a
 * probe would answer says what the probe would read; `r` probes a URL. */
#include <config.h>
#include "wizard_impl.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"

#define NEAREST 3

void wz_code_open(struct wizard *w, const struct kb_entry *entry)
{
	struct wz_result *res = xcalloc(1, sizeof *res);
	probe_result_init(&res->p);
	res->code = entry->code;
	res->entry = entry;
	res->p.facts = facts_for_code(entry->code);
	if (entry->start)
		res->engine = engine_new(w->o.kb, res->p.facts, entry->start);
	wz_result_replace(w, res);
	wz_go(w, WZ_SCREEN_CODE);
}

bool wz_code_typed(struct wizard *w, const char *text)
{
	if (!kb_code_typed(text))
		return false;
	char *code = kb_code_normalise(text);
	const struct kb_entry *entry = code ? kb_entry_find(w->o.kb, code) : NULL;
	if (entry) {
		if (w->o.history_file) {
			history_add(&w->history, entry->code);
			history_save(w->o.history_file, &w->history);
		}
		wz_code_open(w, entry);
	} else {
		struct strlist near = {0};
		kb_nearest_codes(w->o.kb, code ? code : text, &near, NEAREST);
		struct buf list = {0};
		for (size_t i = 0; i < near.n; i++)
			buf_printf(&list, "%s%s", i ? _(", ") : "", near.v[i]);
		char *safe = wz_net(text);
		char *m = near.n ? xasprintf(_("No code %s in the knowledge base; nearest: %s. A host name needs "
					       "its scheme: http://%s/"), safe, list.data, safe)
				 : xasprintf(_("No code %s in the knowledge base. A host name needs its scheme: "
					       "http://%s/"), safe, safe);
		wz_set_msg(w, WZ_BAD, m);
		free(m);
		free(safe);
		buf_free(&list);
		strlist_free(&near);
	}
	free(code);
	return true;
}

void wz_code_carry(struct engine *to, const struct engine *from)
{
	size_t n = 0;
	const struct engine_step *path = engine_path(from, &n);
	for (bool moved = true; moved && engine_state(to) == ENGINE_ASKING;) {
		moved = false;
		for (size_t i = 0; i < n && !moved; i++) {
			if (path[i].by == ANSWER_BY_USER && path[i].question == engine_current(to))
				moved = engine_answer(to, path[i].choice) == 0;
		}
	}
}

/* ------------------------------------------------------------------ facts in words */

static const struct {
	const char *fact, *words;
} fact_words[] = {
	{"status", N_("the status code of the answer")},
	{"status.class", N_("the class of the status code (4xx, 5xx)")},
	{"server", N_("the server software that the page or its headers name")},
	{"iis_substatus", N_("the IIS sub-status that a detailed error page shows")},
	{"cloudflare.proxied", N_("whether the answer passed through Cloudflare")},
	{"cloudflare.branded", N_("whether the page is one of Cloudflare's own")},
	{"cloudflare.generated_by", N_("who wrote the page: Cloudflare's edge or your server")},
	{"cloudflare.page", N_("the kind of Cloudflare page: a block, a challenge or an error")},
	{"cloudflare.error_code", N_("the error number on Cloudflare's page")},
	{"transport.kind", N_("how the connection failed")},
	{"redirects.count", N_("the redirects the address answers with")},
	{"redirects.to_https", N_("the redirects the address answers with")},
	{"tls.verified", N_("whether the certificate can be verified")},
	{"scheme", N_("whether the address is http or https")},
	{"address.cloudflare", N_("whether the address that answered is one of Cloudflare's")},
	{"origin.", N_("what the origin answers when it is asked directly (--origin)")},
	{"header.", N_("a header of the answer")},
	{"log.", N_("the server's own log, when httpdoc runs on the server")},
};

const char *wz_fact_words(const char *fact)
{
	for (size_t i = 0; fact && i < sizeof fact_words / sizeof *fact_words; i++) {
		const char *f = fact_words[i].fact;
		size_t n = strlen(f);
		if (f[n - 1] == '.' ? strncmp(fact, f, n) == 0 : strcmp(fact, f) == 0)
			return _(fact_words[i].words);
	}
	return NULL;
}

/* ------------------------------------------------------------------ the screen */

static enum wz_role code_role(const char *code)
{
	return code[0] == '5' || code[0] == '1' ? WZ_S5XX : code[0] == '4' ? WZ_S4XX
	     : code[0] == '3' ? WZ_S3XX : code[0] == '2' ? WZ_S2XX : WZ_S5XX;
}

void wz_view_code(struct wizard *w, struct wz_doc *d)
{
	const struct wz_result *res = w->cur;
	const struct kb_entry *e = res ? res->entry : NULL;
	if (!e)
		return;
	wz_doc_newline(d);
	wz_doc_newline(d);
	wz_doc_add(d, code_role(e->code), e->code);
	wz_doc_add(d, WZ_HEADING, " ");
	wz_doc_add(d, WZ_HEADING, kb_tr(e->name));
	if (e->rfc)
		wz_doc_addf(d, WZ_DIM, _("  (%s)"), e->rfc);
	wz_doc_para(d, WZ_NORMAL, "  ", WZ_NORMAL, kb_tr(e->meaning));

	char *gens = kb_generators_words(e);
	wz_doc_newline(d);
	wz_doc_field(d, _("Who generates it"), wz_width(_("Who generates it")) + 2, WZ_NORMAL, gens);
	free(gens);
	if (e->generated)
		wz_doc_para(d, WZ_DIM, "  ", WZ_NORMAL, kb_tr(e->generated));

	wz_doc_newline(d);
	if (!res->engine) {
		wz_doc_para(d, WZ_DIM, NULL, WZ_NORMAL, _("The knowledge base has no questions for this code."));
		return;
	}
	wz_doc_para(d, WZ_PROBE, NULL, WZ_NORMAL,
		    _("Nothing was probed: every question is yours. Where a probe could answer one, the "
		      "question says what it would read; r probes a URL to answer them."));
	wz_doc_newline(d);
	wz_doc_para(d, WZ_HEADING, "\xe2\x86\x92 ", WZ_HEADING,
		    engine_state(res->engine) == ENGINE_ADVICE
		    ? _("Press Enter for the fix: the code itself answers every question.")
		    : _("Press Enter to find the cause, one question at a time."));
}
