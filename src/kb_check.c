/* kb_check.c: what the schema cannot say about a knowledge base: the graph
 * (reachability, cycles), the facts questions name and the values they
 * expect, and coverage (the codes and trees httpdoc promises). */
#include <config.h>
#include "kb.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "logkind.h"

/* ------------------------------------------------------------------ coverage */

/* What the knowledge base must hold. Items are space separated: a code, a
 * range ("400-418", "403.1-403.19"), or alternatives ("500.100|500.1": one of
 * them). The status codes and IIS sub-status codes are the ones the seed
 * documents name. */
enum req_kind { REQ_ENTRY, REQ_TREE, REQ_NODE };

static const struct {
	enum req_kind kind;
	const char *items;
} REQUIRED[] = {
	/* status codes, official */
	{REQ_ENTRY, "100-103 200-208 226 300-308 400-418 421-426 428 429 431 451 500-508 510 511"},
	/* status codes, unofficial */
	{REQ_ENTRY, "419 420 440 444 449 450 494-499 509 520 598 599"},
	/* IIS sub-status codes; the seed's "500.1 ASP error" is IIS's 500.100 */
	{REQ_ENTRY, "401.1-401.5 401.7 403.1-403.19 404.1-404.3 500.11-500.15 500.100|500.1"},
	/* Cloudflare */
	{REQ_ENTRY, "520-527 530 1000-1020 1023 1025 1033 1034 1101 1102 1200"},
	/* transport failures and the class fall-backs */
	{REQ_ENTRY, "dns connect timeout tls empty-reply too-many-redirects 4xx 5xx"},
	/* decision trees */
	{REQ_TREE, "400 401 403 404 405 408 409 410 413 414 429 451 499 500 502 503 504"},
	{REQ_TREE, "520-526 530 1005-1012 1015 1020"},
	{REQ_TREE, "dns connect timeout tls empty-reply too-many-redirects 4xx 5xx"},
	/* pages of the layers in front of the origin (the fact layer.page) */
	{REQ_TREE, "waf-block lb-backend-down cdn-origin-down hosting-suspended site-not-found"},
	/* shared anchors other files point at (KB conventions) */
	{REQ_NODE, "cf-block-start cf-challenge-start cf-origin-ranges tr-redirect-loop-start "
		   "5xx-php-fpm-tuning"},
};

/* "403.1-403.19" -> 403.1 ... 403.19; "1000-1020" -> 1000 ... 1020; else the item. */
static void expand_item(const char *item, struct strlist *out)
{
	const char *dash = strchr(item, '-');
	char *lo_end, *hi_end;
	if (dash && isdigit((unsigned char)item[0]) && isdigit((unsigned char)dash[1])) {
		const char *dot = strchr(item, '.');
		if (dot && dot < dash) {        /* sub-status range, one base */
			long lo = strtol(dot + 1, &lo_end, 10);
			const char *hdot = strchr(dash + 1, '.');
			long hi = hdot ? strtol(hdot + 1, &hi_end, 10) : -1;
			for (long i = lo; i <= hi; i++)
				strlist_addf(out, "%.*s.%ld", (int)(dot - item), item, i);
			return;
		}
		long lo = strtol(item, &lo_end, 10), hi = strtol(dash + 1, &hi_end, 10);
		if (lo_end == dash && !*hi_end) {
			for (long i = lo; i <= hi; i++)
				strlist_addf(out, "%ld", i);
			return;
		}
	}
	strlist_add(out, item);
}

static void expand(const char *items, struct strlist *out)
{
	char *copy = xstrdup(items), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		expand_item(t, out);
	free(copy);
}

/* The entry for code, where code may list alternatives "a|b". */
static const struct kb_entry *entry_any(const struct kb *kb, const char *code)
{
	char *copy = xstrdup(code), *save = NULL;
	const struct kb_entry *e = NULL;
	for (char *t = strtok_r(copy, "|", &save); t && !e; t = strtok_r(NULL, "|", &save))
		e = kb_entry_find(kb, t);
	free(copy);
	return e;
}

static void check_coverage(const struct kb *kb, struct strlist *problems)
{
	struct strlist missing = {0};
	for (size_t r = 0; r < sizeof REQUIRED / sizeof *REQUIRED; r++) {
		struct strlist items = {0};
		expand(REQUIRED[r].items, &items);
		for (size_t i = 0; i < items.n; i++) {
			const char *code = items.v[i];
			if (REQUIRED[r].kind == REQ_NODE) {
				if (!kb_node_find(kb, code))
					strlist_addf(problems, "%s: no node '%s' (other files point at it)",
						     kb->dir, code);
				continue;
			}
			const struct kb_entry *e = entry_any(kb, code);
			if (!e && !strlist_contains(&missing, code)) {
				strlist_add(&missing, code);
				strlist_addf(problems, "%s: no entry for code '%s' (required)", kb->dir, code);
			} else if (e && REQUIRED[r].kind == REQ_TREE && !e->tree) {
				strlist_addf(problems, "%s/%s:%d: entry '%s' has no decision tree (one is required)",
					     kb->dir, e->file, e->line, e->code);
			}
		}
		strlist_free(&items);
	}
	strlist_free(&missing);
}

/* ------------------------------------------------------------------ facts */

static bool is_status(const char *v)
{
	return strlen(v) == 3 && v[0] >= '1' && v[0] <= '9' && strspn(v, "0123456789") == 3;
}

static bool is_count(const char *v)
{
	return *v && strspn(v, "0123456789") == strlen(v);
}

static bool is_cf_code(const char *v)
{
	return str_ieq(v, "none") || (is_count(v) && (strlen(v) == 3 || strlen(v) == 4));
}

static bool is_substatus(const char *v)
{
	return strlen(v) > 4 && v[0] >= '1' && v[0] <= '9' && strspn(v, "0123456789") == 3 &&
	       v[3] == '.' && is_count(v + 4);
}

static bool is_token(const char *v)
{
	return *v && strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-_.") == strlen(v);
}

#define BOOL_VALUES "true false"
#define TLS_VALUES "expired not_yet_valid hostname self_signed unknown_issuer incomplete_chain other none no_certificate"
#define TRANSPORT_VALUES "dns connect timeout tls empty_reply too_many_redirects protocol_refused other none"

/* The values each fact can take: a list, or a test for open-ended ones. */
static const struct {
	const char *fact;
	const char *values;
	bool (*valid)(const char *v);
} FACT_VALUES[] = {
	{"status", NULL, is_status},
	{"status.class", "1xx 2xx 3xx 4xx 5xx", NULL},
	{"server", NULL, is_token},
	{"iis_substatus", NULL, is_substatus},
	{"cloudflare.proxied", BOOL_VALUES, NULL},
	{"cloudflare.branded", BOOL_VALUES, NULL},
	{"cloudflare.generated_by", "edge origin", NULL},
	{"cloudflare.page", "block challenge error none", NULL},
	{"cloudflare.error_code", NULL, is_cf_code},
	{"transport.kind", TRANSPORT_VALUES, NULL},
	{"redirects.count", NULL, is_count},
	{"redirects.to_https", BOOL_VALUES, NULL},
	{"tls.verified", BOOL_VALUES, NULL},
	{"scheme", "http https", NULL},
	{"origin.status", NULL, is_status},
	{"origin.transport", TRANSPORT_VALUES, NULL},
	{"origin.same_as_edge", BOOL_VALUES, NULL},
	{"origin.healthy", BOOL_VALUES, NULL},
	{"origin.is_cloudflare", BOOL_VALUES, NULL},
	{"address.cloudflare", BOOL_VALUES, NULL},
	{"dns.rcode", "noerror nxdomain servfail refused timeout no_server", NULL},
	{"dns.address_kind", "unusable ipv6_only usable local", NULL},
	{"dns.cloudflare", BOOL_VALUES, NULL},
	{"dns.domain_exists", BOOL_VALUES, NULL},
	{"dns.cd_resolves", BOOL_VALUES, NULL},
	{"tls.verify_error", TLS_VALUES, NULL},
	{"redirects.loop", "same_url scheme www path growing_path repeat none", NULL},
	{"redirects.to_other_scheme", BOOL_VALUES, NULL},
	{"timeout.phase", "resolving connecting tls waiting reading", NULL},
	{"auth.scheme", NULL, is_token},
	{"origin.connect", "refused timeout fast slow", NULL},
	{"origin.tls.handshake", "ok failed no_connection", NULL},
	{"origin.tls.verify_error", TLS_VALUES " cloudflare_origin_ca", NULL},
	{"local.listening", "none loopback all", NULL},
};

static bool in_list(const char *list, const char *v)
{
	char *copy = xstrdup(list), *save = NULL;
	bool found = false;
	for (char *t = strtok_r(copy, " ", &save); t && !found; t = strtok_r(NULL, " ", &save))
		found = str_ieq(t, v);
	free(copy);
	return found;
}

/* Can fact ever have value v? header.* facts can have any value. */
static bool value_plausible(const char *fact, const char *v)
{
	if (strcmp(v, "*") == 0 || strncmp(fact, "header.", 7) == 0)
		return true;
	for (size_t i = 0; i < sizeof FACT_VALUES / sizeof *FACT_VALUES; i++) {
		if (strcmp(FACT_VALUES[i].fact, fact) != 0)
			continue;
		if (FACT_VALUES[i].values)
			return in_list(FACT_VALUES[i].values, v);
		char *lower = xstrdup(v);
		for (char *p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		bool ok = FACT_VALUES[i].valid(lower);
		free(lower);
		return ok;
	}
	return true;
}

/* The longest past a log-recent choice may look into: a day. */
#define LOG_RECENT_MAX_MINUTES 1440

/* A log question names kinds httpdoc reads, and its choices' patterns compile. */
static void check_log_question(const struct kb_node *q, const char *where, struct strlist *problems)
{
	if (q->logs) {
		struct strlist kinds = {0};
		char *copy = xstrdup(q->logs), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			if (log_kind_parse(t) == LOG_UNKNOWN)
				strlist_addf(problems, "%sunknown log kind '%s' (known: %s)", where, t,
					     LOG_KIND_NAMES);
			else if (strlist_contains(&kinds, t))
				strlist_addf(problems, "%slog kind '%s' named twice", where, t);
			strlist_add(&kinds, t);
		}
		free(copy);
		strlist_free(&kinds);
	}
	unsigned elses = 0;
	size_t patterns = 0;
	for (size_t i = 0; i < q->n_choices; i++) {
		const struct kb_choice *c = &q->choices[i];
		if (!c->log && !c->log_recent && !c->log_else)
			continue;
		if (!q->logs) {
			strlist_addf(problems, "%schoice %zu reads a log, but the question names no logs",
				     where, i + 1);
			continue;
		}
		if (c->log_recent && !c->log)
			strlist_addf(problems, "%schoice %zu has log-recent but no log pattern", where, i + 1);
		if (c->log_recent > LOG_RECENT_MAX_MINUTES)
			strlist_addf(problems, "%schoice %zu: log-recent=\"%u\" is more than a day (%d minutes)",
				     where, i + 1, c->log_recent, LOG_RECENT_MAX_MINUTES);
		if (c->log_else & elses)
			strlist_addf(problems, "%stwo choices have the same log-else", where);
		elses |= c->log_else;
		if (!c->log)
			continue;
		patterns++;
		regex_t re;
		int rc = regcomp(&re, c->log, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char msg[200];
			regerror(rc, &re, msg, sizeof msg);
			strlist_addf(problems, "%schoice %zu: log pattern '%s' does not compile: %s",
				     where, i + 1, c->log, msg);
		} else if (regexec(&re, "", 0, NULL, 0) == 0) {
			strlist_addf(problems, "%schoice %zu: log pattern '%s' matches every line",
				     where, i + 1, c->log);
		}
		if (rc == 0)
			regfree(&re);
	}
	if (q->logs && !patterns)
		strlist_addf(problems, "%snames logs but no choice has a log pattern", where);
}

static void check_question(const struct kb *kb, const struct kb_node *q, struct strlist *problems)
{
	char *where = xasprintf("%s/%s:%d: question '%s': ", kb->dir, q->file, q->line, q->id);
	if (q->fact && !facts_name_known(q->fact))
		strlist_addf(problems, "%sunknown fact '%s'", where, q->fact);
	struct strlist seen = {0};
	bool any_when = false;
	for (size_t i = 0; i < q->n_choices; i++) {
		const char *when = q->choices[i].when;
		if (!when)
			continue;
		any_when = true;
		if (!q->fact) {
			strlist_addf(problems, "%schoice when=\"%s\" but the question names no fact",
				     where, when);
			continue;
		}
		char *copy = xstrdup(when), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			for (char *p = t; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			if (facts_name_known(q->fact) && !value_plausible(q->fact, t))
				strlist_addf(problems, "%s'%s' is not a value fact '%s' can take",
					     where, t, q->fact);
			if (strlist_contains(&seen, t))
				strlist_addf(problems, "%svalue '%s' is in two choices", where, t);
			else
				strlist_add(&seen, t);
		}
		free(copy);
	}
	if (q->fact && !any_when)
		strlist_addf(problems, "%snames fact '%s' but no choice has a 'when'", where, q->fact);
	strlist_free(&seen);
	check_log_question(q, where, problems);
	free(where);
}

/* The schema wants text in every text element, but white space alone passes
 * it and is nothing once normalised. */
static void check_texts(const struct kb *kb, struct strlist *problems)
{
	for (size_t i = 0; i < kb->n_entries; i++) {
		const struct kb_entry *e = &kb->entries[i];
		if (!*e->name || !*e->meaning || (e->generated && !*e->generated))
			strlist_addf(problems, "%s/%s:%d: entry '%s' has an empty text",
				     kb->dir, e->file, e->line, e->code);
	}
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *n = &kb->nodes[i];
		bool empty = (n->text && !*n->text) || (n->why && !*n->why) ||
			     (n->title && !*n->title) || (n->summary && !*n->summary);
		for (size_t c = 0; c < n->n_choices; c++)
			empty |= !*n->choices[c].label;
		for (size_t b = 0; b < n->n_blocks; b++)
			empty |= !*n->blocks[b].text;
		for (size_t v = 0; v < n->n_verify; v++)
			empty |= !*n->verify[v];
		if (empty)
			strlist_addf(problems, "%s/%s:%d: node '%s' has an empty text",
				     kb->dir, n->file, n->line, n->id);
	}
}

/* ------------------------------------------------------------------ snippets */

/* Every snippet and command is judged by the software it is for (the
 * snippet check of `make check`); what that check cannot judge must say why,
 * and a context must be one the check knows for the snippet's language. */
static const struct {
	const char *lang;
	const char *contexts;           /* NULL: the language is never checked */
} SNIPPET_LANGS[] = {
	{"nginx", "main events http server location upstream"},
	{"apache", "server virtualhost directory"},
	{"htaccess", ""}, {"modsecurity", ""},
	{"php-fpm", "global pool"}, {"php.ini", ""},
	{"iis", ""}, {"firewall", "nftables iptables"}, {"shell", ""}, {"php", ""},
	{"text", NULL}, {"http", NULL}, {"dns", NULL},
};

static void check_block(const struct kb *kb, const struct kb_node *n, const struct kb_block *b,
			struct strlist *problems)
{
	if (b->kind == KB_COMMAND || !b->lang)
		return;
	for (size_t i = 0; i < sizeof SNIPPET_LANGS / sizeof *SNIPPET_LANGS; i++) {
		if (strcmp(SNIPPET_LANGS[i].lang, b->lang) != 0)
			continue;
		const char *contexts = SNIPPET_LANGS[i].contexts;
		if (!contexts && !b->unchecked)
			strlist_addf(problems, "%s/%s:%d: a %s snippet of '%s' cannot be checked by any "
				     "software here: say why in unchecked=\"...\"",
				     kb->dir, n->file, b->line, b->lang, n->id);
		if (b->context && (!contexts || !in_list(contexts, b->context)))
			strlist_addf(problems, "%s/%s:%d: context=\"%s\" is not one of a %s snippet's "
				     "(%s)", kb->dir, n->file, b->line, b->context, b->lang,
				     contexts && *contexts ? contexts : "none");
		return;
	}
}

static void check_snippets(const struct kb *kb, struct strlist *problems)
{
	for (size_t i = 0; i < kb->n_nodes; i++)
		for (size_t j = 0; j < kb->nodes[i].n_blocks; j++)
			check_block(kb, &kb->nodes[i], &kb->nodes[i].blocks[j], problems);
}

/* ------------------------------------------------------------------ graph */

enum { WHITE, GREY, BLACK };

struct graph {
	const struct kb *kb;
	unsigned char *colour;
	size_t *stack;          /* the DFS path, as node indices */
	size_t depth;
	struct strlist *problems;
};

static size_t node_index(const struct kb *kb, const struct kb_node *n)
{
	return (size_t)(n - kb->nodes);
}

/* Depth first from node i; a choice that leads back onto the current path
 * closes a cycle. Without cycles every path ends in advice: a question has
 * at least one choice (schema) and every choice leads to a node (kb_load). */
static void find_cycles(struct graph *g, size_t i)
{
	const struct kb_node *n = &g->kb->nodes[i];
	g->colour[i] = GREY;
	g->stack[g->depth++] = i;
	for (size_t c = 0; c < n->n_choices; c++) {
		size_t t = node_index(g->kb, n->choices[c].target);
		if (g->colour[t] == WHITE) {
			find_cycles(g, t);
		} else if (g->colour[t] == GREY) {
			struct buf b = {0};
			size_t k = g->depth;
			while (k > 0 && g->stack[k - 1] != t)
				k--;
			for (k = k ? k - 1 : 0; k < g->depth; k++)
				buf_printf(&b, "%s -> ", g->kb->nodes[g->stack[k]].id);
			buf_puts(&b, g->kb->nodes[t].id);
			strlist_addf(g->problems, "%s/%s:%d: cycle: %s", g->kb->dir, n->file, n->line,
				     b.data);
			buf_free(&b);
		}
	}
	g->depth--;
	g->colour[i] = BLACK;
}

static void mark_reachable(const struct kb *kb, size_t i, bool *reached)
{
	if (reached[i])
		return;
	reached[i] = true;
	const struct kb_node *n = &kb->nodes[i];
	for (size_t c = 0; c < n->n_choices; c++)
		mark_reachable(kb, node_index(kb, n->choices[c].target), reached);
}

/* Report the nodes no entry leads to; a node led to only by other such nodes
 * is left out: the one at the top of its branch says enough. */
static void check_reachable(const struct kb *kb, struct strlist *problems)
{
	bool *reached = xcalloc(kb->n_nodes, sizeof *reached);
	bool *orphan_ref = xcalloc(kb->n_nodes, sizeof *orphan_ref);
	for (size_t i = 0; i < kb->n_entries; i++)
		if (kb->entries[i].start)
			mark_reachable(kb, node_index(kb, kb->entries[i].start), reached);
	for (size_t i = 0; i < kb->n_nodes; i++) {
		if (reached[i])
			continue;
		const struct kb_node *n = &kb->nodes[i];
		for (size_t c = 0; c < n->n_choices; c++) {
			size_t t = node_index(kb, n->choices[c].target);
			if (t != i)
				orphan_ref[t] = true;
		}
	}
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *n = &kb->nodes[i];
		if (!reached[i] && !orphan_ref[i])
			strlist_addf(problems, "%s/%s:%d: node '%s' is not reachable from any entry",
				     kb->dir, n->file, n->line, n->id);
	}
	free(reached);
	free(orphan_ref);
}

/* ------------------------------------------------------------------ public */

static int problem_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

size_t kb_check(const struct kb *kb, struct strlist *problems)
{
	struct strlist found = {0};
	struct graph g = {
		.kb = kb,
		.colour = xcalloc(kb->n_nodes, 1),
		.stack = xcalloc(kb->n_nodes + 1, sizeof(size_t)),
		.problems = &found,
	};
	for (size_t i = 0; i < kb->n_nodes; i++)
		if (g.colour[i] == WHITE)
			find_cycles(&g, i);
	free(g.colour);
	free(g.stack);
	check_reachable(kb, &found);
	for (size_t i = 0; i < kb->n_nodes; i++)
		if (kb->nodes[i].kind == KB_QUESTION)
			check_question(kb, &kb->nodes[i], &found);
	check_texts(kb, &found);
	check_snippets(kb, &found);
	/* File problems in file and line order; coverage after them. */
	if (found.n)
		qsort(found.v, found.n, sizeof *found.v, problem_cmp);
	check_coverage(kb, &found);
	for (size_t i = 0; i < found.n; i++)
		strlist_add(problems, found.v[i]);
	size_t n = found.n;
	strlist_free(&found);
	return n;
}

void kb_stats(const struct kb *kb, struct kb_stats *st)
{
	*st = (struct kb_stats){0};
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *n = &kb->nodes[i];
		if (n->kind != KB_QUESTION)
			continue;
		st->questions++;
		if (!n->fact && n->logs)
			st->by_log++;
		else if (!n->fact)
			continue;
		else if (facts_name_by(n->fact) == ANSWER_BY_LOG)
			st->by_log++;
		else
			st->by_probe++;
	}
}
