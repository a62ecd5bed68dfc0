/* cmd_explain.c: `httpdoc explain CODE [--json]`: what the knowledge base
 * says about a code, without probing: the entry, and its tree walked as far
 * as it goes with no facts (the first question, the advice it can lead to). */
#include <config.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cmd.h"
#include "engine.h"
#include "facts.h"
#include "textwrap.h"
#include "i18n.h"
#include "kb.h"
#include "report_fix.h"

/* Text output fits in 80 columns. */
#define WRAP_COLUMNS 78
#define MAX_ADVICE 64
#define NEAREST 3

/* ------------------------------------------------------------------ wrapping */

/* Print text wrapped: prefix at column indent, the rest of the lines aligned
 * after the prefix. */
static void print_wrapped(size_t indent, const char *prefix, const char *text)
{
	struct buf b = {0};
	text_wrap(&b, indent, prefix, text, WRAP_COLUMNS);
	fputs(b.data, stdout);
	buf_free(&b);
}

/* ------------------------------------------------------------------ text */

static const char *generator_words(const char *token)
{
	if (strcmp(token, "origin") == 0)
		return _("the origin server");
	if (strcmp(token, "edge") == 0)
		return _("Cloudflare's edge");
	if (strcmp(token, "proxy") == 0)
		return _("a proxy (load balancer or CDN)");
	if (strcmp(token, "client") == 0)
		return _("the client");
	return token;
}

static char *generators_text(const char *generators)
{
	struct buf b = {0};
	char *copy = xstrdup(generators ? generators : ""), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		buf_printf(&b, "%s%s", b.len ? _(", ") : "", generator_words(t));
	free(copy);
	char *s = buf_steal(&b);
	return s ? s : xstrdup("");
}

static void text_advice(const struct kb_node *a)
{
	print_wrapped(2, "", kb_tr(a->title));
	if (a->summary)
		print_wrapped(4, "", kb_tr(a->summary));
	struct buf b = {0};
	fix_text(&b, a, 4, WRAP_COLUMNS);
	if (b.data)
		fputs(b.data, stdout);
	buf_free(&b);
}

static void text_question(const struct kb_node *q)
{
	print_wrapped(2, "", kb_tr(q->text));
	if (q->why)
		print_wrapped(4, "", kb_tr(q->why));
	if (q->fact)
		printf("    %s %s\n", _("A probe answers this from:"), q->fact);
	if (q->logs)
		/* TRANSLATORS: followed by kinds of log: nginx, apache, php-fpm ... */
		printf("    %s %s\n", _("On the server itself, httpdoc answers this from the log of:"), q->logs);
	for (size_t i = 0; i < q->n_choices; i++) {
		char num[32];
		snprintf(num, sizeof num, "%zu. ", i + 1);
		print_wrapped(4, num, kb_tr(q->choices[i].label));
	}
}

static void explain_text(const struct kb_entry *entry, const struct engine *e)
{
	printf("%s  %s\n", entry->code, kb_tr(entry->name));
	if (entry->rfc)
		printf("    %s\n", entry->rfc);
	if (entry->unofficial)
		printf("    %s\n", _("Unofficial: not in an RFC or the IANA registry."));

	printf("\n%s\n", _("Meaning"));
	print_wrapped(2, "", kb_tr(entry->meaning));

	printf("\n%s\n", _("Who generates it"));
	char *gens = generators_text(entry->generators);
	print_wrapped(2, "", gens);
	free(gens);
	if (entry->generated)
		print_wrapped(2, "", kb_tr(entry->generated));

	if (!e) {
		printf("\n%s\n", _("There is no decision tree for this code: nothing more to walk through."));
		return;
	}
	const struct kb_node *cur = engine_current(e);
	if (engine_state(e) == ENGINE_ADVICE) {
		printf("\n%s\n", _("What to do"));
		text_advice(cur);
		return;
	}
	printf("\n%s\n", _("First question"));
	text_question(cur);

	const struct kb_node *cand[MAX_ADVICE];
	size_t n = engine_candidates(e, cand, MAX_ADVICE);
	printf("\n%s\n", _("Where the answers lead"));
	for (size_t i = 0; i < n; i++)
		print_wrapped(2, "- ", kb_tr(cand[i]->title));
	printf("\n");
	print_wrapped(0, "", _("Run 'httpdoc URL' to walk this tree with your site's own answers."));
}

/* ------------------------------------------------------------------ JSON */

static json_t *json_strings(char *const *v, size_t n, bool translate)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(translate ? kb_tr(v[i]) : v[i]));
	return a;
}

static json_t *json_advice(const struct kb_node *a)
{
	json_t *steps = json_array(), *snippets = json_array(), *commands = json_array();
	for (size_t i = 0; i < a->n_blocks; i++) {
		const struct kb_block *b = &a->blocks[i];
		if (b->kind == KB_STEP)
			json_array_append_new(steps, json_string(kb_tr(b->text)));
		else if (b->kind == KB_COMMAND)
			json_array_append_new(commands, json_string(b->text));
		else
			json_array_append_new(snippets, json_pack("{s:s, s:s?, s:s}", "lang", b->lang,
								  "file", b->file, "text", b->text));
	}
	return json_pack("{s:s, s:s, s:s?, s:o, s:o, s:o, s:o}",
			 "id", a->id, "title", kb_tr(a->title), "summary", kb_tr(a->summary),
			 "steps", steps, "snippets", snippets, "commands", commands,
			 "verify", json_strings(a->verify, a->n_verify, true));
}

static json_t *json_question(const struct kb_node *q)
{
	json_t *choices = json_array();
	for (size_t i = 0; i < q->n_choices; i++)
		json_array_append_new(choices, json_pack("{s:s, s:s?, s:s, s:s?}",
							 "label", kb_tr(q->choices[i].label),
							 "when", q->choices[i].when,
							 "next", q->choices[i].next,
							 "log", q->choices[i].log));
	json_t *logs = json_null();
	if (q->logs) {
		logs = json_array();
		char *copy = xstrdup(q->logs), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			json_array_append_new(logs, json_string(t));
		free(copy);
	}
	return json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o}", "id", q->id, "text", kb_tr(q->text),
			 "why", kb_tr(q->why), "fact", q->fact, "logs", logs, "choices", choices);
}

static int explain_json(const struct kb_entry *entry, const struct engine *e)
{
	json_t *gens = json_array();
	char *copy = xstrdup(entry->generators ? entry->generators : ""), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		json_array_append_new(gens, json_string(t));
	free(copy);

	json_t *question = json_null(), *advice = json_array();
	if (e) {
		const struct kb_node *cand[MAX_ADVICE];
		size_t n = engine_candidates(e, cand, MAX_ADVICE);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(advice, json_advice(cand[i]));
		if (engine_state(e) == ENGINE_ASKING) {
			json_decref(question);
			question = json_question(engine_current(e));
		}
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:o, s:s?, s:b, s:s?, s:o, s:o}",
			      "code", entry->code, "name", kb_tr(entry->name),
			      "meaning", kb_tr(entry->meaning), "generated", kb_tr(entry->generated),
			      "generators", gens, "rfc", entry->rfc, "unofficial", entry->unofficial,
			      "tree", entry->tree, "questions", question, "advice", advice);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

/* ------------------------------------------------------------------ command */

static void no_entry(const struct kb *kb, const char *arg, const char *code)
{
	struct strlist near = {0};
	kb_nearest_codes(kb, code ? code : arg, &near, NEAREST);
	struct buf b = {0};
	for (size_t i = 0; i < near.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", near.v[i]);
	if (code && near.n)
		cli_error(_("no entry for '%s'; nearest: %s"), code, b.data);
	else if (code)
		cli_error(_("no entry for '%s'"), code);
	else if (near.n)
		cli_error(_("'%s' is not a code httpdoc knows; nearest: %s"), arg, b.data);
	else
		cli_error(_("'%s' is not a code httpdoc knows (try 403, 403.14, 522, 1020 or timeout)"),
			  arg);
	buf_free(&b);
	strlist_free(&near);
}

int cmd_explain(struct cli *cli)
{
	if (cli->args.n != 1) {
		cli_error(_("usage: httpdoc explain CODE [--json] [--lang LL]"));
		return EXIT_USAGE;
	}
	const char *arg = cli->args.v[0];
	struct kb *kb;
	char *err;
	if (kb_load(kb_default_dir(), &kb, &err) != 0) {
		cli_error("%s", err);
		free(err);
		return EXIT_USAGE;
	}
	int status = EXIT_USAGE;
	char *code = kb_code_normalise(arg);
	const struct kb_entry *entry = kb_entry_find(kb, code);
	if (!entry) {
		no_entry(kb, arg, code);
	} else {
		/* What the code itself says (1020 is the code the page shows) answers the first questions. */
		struct facts *none = facts_for_code(entry->code);
		struct engine *e = engine_new(kb, none, entry->start);
		status = EXIT_OK;
		if (!cli->json)
			explain_text(entry, e);
		else if (explain_json(entry, e) != 0) {
			cli_error(_("cannot write the entry for '%s' as JSON"), code);
			status = EXIT_USAGE;
		}
		engine_free(e);
		facts_free(none);
	}
	free(code);
	kb_free(kb);
	return status;
}
