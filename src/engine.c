/* engine.c: the decision engine: a walk through one tree of the knowledge
 * base, answering from facts what it can. Pure: no I/O, no gettext. */
#include <config.h>
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* kb_check refuses cycles; this bounds a walk through a KB that was never
 * checked, so a loop stops at a question instead of spinning. */
#define ENGINE_MAX_AUTO_STEPS 256

struct engine {
	const struct kb *kb;
	const struct facts *facts;
	const struct kb_node *cur;
	struct engine_step *path;
	size_t n, cap;
};

/* Take choice at the current question; evidence is taken over (may be NULL). */
static void push_step(struct engine *e, size_t choice, enum answer_by by, char *evidence)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->path = xrealloc(e->path, e->cap * sizeof *e->path);
	}
	e->path[e->n++] = (struct engine_step){e->cur, choice, by, evidence};
	e->cur = e->cur->choices[choice].target;
}

/* Drop the steps from k on. */
static void truncate_path(struct engine *e, size_t k)
{
	while (e->n > k)
		free(e->path[--e->n].evidence);
}

static bool when_has(const char *when, const char *value)
{
	size_t vlen = strlen(value);
	for (const char *p = when; *p;) {
		size_t len = strcspn(p, " ");
		if (len == vlen && strncasecmp(p, value, len) == 0)
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

/* The choice the fact's value stands for: an exact token first, then "*".
 * Returns n_choices when none matches. */
static size_t choice_for(const struct kb_node *q, const char *value)
{
	size_t any = q->n_choices;
	for (size_t i = 0; i < q->n_choices; i++) {
		const char *when = q->choices[i].when;
		if (!when)
			continue;
		if (when_has(when, value))
			return i;
		if (any == q->n_choices && when_has(when, "*"))
			any = i;
	}
	return any;
}

/* The choice a log question's fact names: "log.ID" holds the index of the
 * choice the server's log selected (logmatch.c sets it). */
static size_t choice_from_log(const struct kb_node *q, const char *value)
{
	char *end;
	unsigned long i = strtoul(value, &end, 10);
	return *value >= '0' && *value <= '9' && !*end && i < q->n_choices ? (size_t)i : q->n_choices;
}

static void auto_advance(struct engine *e)
{
	for (int steps = 0; steps < ENGINE_MAX_AUTO_STEPS; steps++) {
		const struct kb_node *q = e->cur;
		if (q->kind != KB_QUESTION)
			return;
		size_t c = q->n_choices;
		const char *value = q->fact ? facts_get(e->facts, q->fact) : NULL;
		char *fact = NULL;
		if (value) {
			c = choice_for(q, value);
			fact = xstrdup(q->fact);
		}
		if ((c == q->n_choices || !q->choices[c].target) && q->logs) {
			free(fact);
			fact = facts_log_name(q->id);
			value = facts_get(e->facts, fact);
			c = value ? choice_from_log(q, value) : q->n_choices;
		}
		if (c == q->n_choices || !q->choices[c].target) {
			free(fact);
			return;
		}
		const char *ev = facts_evidence(e->facts, fact);
		push_step(e, c, facts_by(e->facts, fact),
			  ev ? xstrdup(ev) : xasprintf("%s = %s", fact, value));
		free(fact);
	}
}

struct engine *engine_new(const struct kb *kb, const struct facts *facts, const struct kb_node *start)
{
	if (!start)
		return NULL;
	struct engine *e = xcalloc(1, sizeof *e);
	e->kb = kb;
	e->facts = facts;
	e->cur = start;
	auto_advance(e);
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	truncate_path(e, 0);
	free(e->path);
	free(e);
}

enum engine_state engine_state(const struct engine *e)
{
	return e->cur->kind == KB_ADVICE ? ENGINE_ADVICE : ENGINE_ASKING;
}

const struct kb_node *engine_current(const struct engine *e)
{
	return e->cur;
}

int engine_answer(struct engine *e, size_t i)
{
	if (engine_state(e) != ENGINE_ASKING || i >= e->cur->n_choices || !e->cur->choices[i].target)
		return -1;
	push_step(e, i, ANSWER_BY_USER, NULL);
	auto_advance(e);
	return 0;
}

int engine_back(struct engine *e)
{
	size_t k = e->n;
	while (k > 0 && e->path[k - 1].by != ANSWER_BY_USER)
		k--;
	if (k == 0)
		return -1;
	e->cur = e->path[k - 1].question;
	truncate_path(e, k - 1);
	return 0;
}

const struct engine_step *engine_path(const struct engine *e, size_t *n)
{
	*n = e->n;
	return e->path;
}

/* ------------------------------------------------------------------ candidates */

struct gather {
	const struct kb *kb;
	bool *seen;             /* by node index */
	const struct kb_node **out;
	size_t n, max;
};

static void gather_advice(struct gather *g, const struct kb_node *n, int depth)
{
	if (g->n == g->max || depth > ENGINE_MAX_AUTO_STEPS)
		return;
	size_t i = (size_t)(n - g->kb->nodes);
	if (i < g->kb->n_nodes) {
		if (g->seen[i])
			return;
		g->seen[i] = true;
	}
	if (n->kind == KB_ADVICE) {
		g->out[g->n++] = n;
		return;
	}
	for (size_t c = 0; c < n->n_choices; c++)
		if (n->choices[c].target)
			gather_advice(g, n->choices[c].target, depth + 1);
}

size_t engine_candidates(const struct engine *e, const struct kb_node **out, size_t max)
{
	struct gather g = {e->kb, xcalloc(e->kb->n_nodes, sizeof(bool)), out, 0, max};
	gather_advice(&g, e->cur, 0);
	free(g.seen);
	return g.n;
}

/* ------------------------------------------------------------------ where to start */

/* The entry for each kind of page a layer writes about itself (the fact
 * layer.page); the knowledge base gives each its tree. */
static const struct {
	const char *page, *code;
} LAYER_ENTRIES[] = {
	{"block", "waf-block"}, {"challenge", "waf-block"},
	{"no_backend", "lb-backend-down"},
	{"origin_unreachable", "cdn-origin-down"},
	{"suspended", "hosting-suspended"},
	{"not_found", "site-not-found"}, {"default_page", "site-not-found"},
};

static const struct kb_entry *with_tree(const struct kb *kb, const char *code)
{
	const struct kb_entry *e = kb_entry_find(kb, code);
	return e && e->start ? e : NULL;
}

const struct kb_entry *engine_entry_for(const struct kb *kb, const struct facts *facts)
{
	const char *v = facts_get(facts, "transport.kind");
	if (v && strcmp(v, "none") != 0) {
		const char *code = transport_kind_code(transport_kind_parse(v));
		return kb_entry_find(kb, code ? code : v);
	}

	const struct kb_entry *e;
	v = facts_get(facts, "cloudflare.error_code");
	if (v && strlen(v) == 4 && v[0] == '1' && (e = with_tree(kb, v)))
		return e;
	/* A page a CDN, WAF, load balancer, proxy or hosting platform wrote about
	 * itself: its layer's tree. Cloudflare's edge pages keep their own. */
	const char *gen = facts_get(facts, "cloudflare.generated_by");
	v = facts_get(facts, "layer.page");
	if (v && !(gen && strcmp(gen, "edge") == 0)) {
		for (size_t i = 0; i < sizeof LAYER_ENTRIES / sizeof *LAYER_ENTRIES; i++)
			if (strcmp(v, LAYER_ENTRIES[i].page) == 0 && (e = with_tree(kb, LAYER_ENTRIES[i].code)))
				return e;
	}
	v = facts_get(facts, "iis_substatus");
	if (v && (e = with_tree(kb, v)))
		return e;
	/* A block, challenge or error page served with a success status walks the
	 * tree of what the page is, not "200 OK". */
	v = facts_get(facts, "soft_error");
	if (v && strcmp(v, "true") == 0) {
		const char *page = facts_get(facts, "layer.page");
		bool refused = page && (strcmp(page, "block") == 0 || strcmp(page, "challenge") == 0);
		if ((e = with_tree(kb, refused ? "403" : "500")))
			return e;
	}
	const char *status = facts_get(facts, "status");
	if (status && (e = with_tree(kb, status)))
		return e;

	const char *cls = facts_get(facts, "status.class");
	char derived[4];
	if (!cls && status && strlen(status) == 3) {
		derived[0] = status[0];
		derived[1] = derived[2] = 'x';
		derived[3] = '\0';
		cls = derived;
	}
	if (cls && (e = with_tree(kb, cls)))
		return e;
	return status ? kb_entry_find(kb, status) : NULL;
}
