/* cmd_explain.c: `httpdoc explain CODE | FIX-ID [--brief] [--json]`: what the
 * knowledge base says about a code without probing: the entry, every
 * question of its tree and where each answer leads, every fix in full
 * (report_explain.c renders the text; long text is paged on a terminal). A
 * fix's id shows that fix alone. The code answers what it implies first
 * (1020 is the error number the page shows; 403.14 the IIS sub-status). */
#include <config.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"
#include "facts.h"
#include "i18n.h"
#include "kb.h"
#include "kb_outline.h"
#include "report_explain.h"

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

/* Print o as one line; 0, or -1 when it cannot be written. Takes o. */
static int print_json(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

static json_t *json_generators(const char *generators)
{
	json_t *gens = json_array();
	char *copy = xstrdup(generators ? generators : ""), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		json_array_append_new(gens, json_string(t));
	free(copy);
	return gens;
}

/* The entry: the first question the code does not answer (questions), every
 * question from there on (outline), what the code answered (answered) and
 * every fix reachable (advice), each once, in the order of the outline. */
static int explain_json(const struct kb *kb, const struct kb_entry *entry, const struct engine *e)
{
	json_t *question = json_null(), *outline = json_array(), *answered = json_array();
	json_t *advice = json_array();
	if (e) {
		struct kb_outline o;
		kb_outline_build(kb, engine_current(e), &o);
		for (size_t i = 0; i < o.n_questions; i++)
			json_array_append_new(outline, json_question(o.questions[i]));
		for (size_t i = 0; i < o.n_fixes; i++)
			json_array_append_new(advice, json_advice(o.fixes[i]));
		kb_outline_free(&o);
		if (engine_state(e) == ENGINE_ASKING) {
			json_decref(question);
			question = json_question(engine_current(e));
		}
		size_t n = 0;
		const struct engine_step *path = engine_path(e, &n);
		for (size_t i = 0; i < n; i++) {
			const struct kb_node *q = path[i].question;
			json_array_append_new(answered, json_pack("{s:s, s:s, s:s}", "id", q->id,
								  "question", kb_tr(q->text), "answer",
								  kb_tr(q->choices[path[i].choice].label)));
		}
	}
	return print_json(json_pack("{s:s, s:s, s:s, s:s?, s:o, s:s?, s:b, s:s?, s:o, s:o, s:o, s:o}",
				    "code", entry->code, "name", kb_tr(entry->name),
				    "meaning", kb_tr(entry->meaning), "generated", kb_tr(entry->generated),
				    "generators", json_generators(entry->generators), "rfc", entry->rfc,
				    "unofficial", entry->unofficial, "tree", entry->tree,
				    "questions", question, "advice", advice, "outline", outline,
				    "answered", answered));
}

/* One fix, as in `advice`, and the codes whose trees reach it. */
static int fix_json(const struct kb *kb, const struct kb_node *fix)
{
	json_t *o = json_advice(fix), *codes = json_array();
	struct strlist reach = {0};
	explain_codes_reaching(kb, fix, &reach);
	for (size_t i = 0; i < reach.n; i++)
		json_array_append_new(codes, json_string(reach.v[i]));
	strlist_free(&reach);
	json_object_set_new(o, "codes", codes);
	return print_json(o);
}

/* ------------------------------------------------------------------ command */

static int show(char *text)
{
	int rc = cli_page(text);
	free(text);
	return rc;
}

int cmd_explain(struct cli *cli)
{
	if (cli->args.n != 1) {
		cli_error(_("usage: httpdoc explain CODE|FIX-ID [--brief] [--json] [--lang LL]"));
		return EXIT_USAGE;
	}
	const char *arg = cli->args.v[0];
	struct kb *kb = cli_load_kb();
	if (!kb)
		return EXIT_USAGE;
	int status = EXIT_OK, rc = 0;
	char *code = kb_code_normalise(arg);
	const struct kb_entry *entry = kb_entry_find(kb, code);
	const struct kb_node *node = entry ? NULL : kb_node_find(kb, arg);
	if (entry) {
		/* What the code itself says answers the first questions. */
		struct facts *implied = facts_for_code(entry->code);
		struct engine *e = engine_new(kb, implied, entry->start);
		rc = cli->json ? explain_json(kb, entry, e)
			       : show(explain_entry_text(kb, entry, e, kb_code_typed(arg) ? entry->code : NULL,
							       cli->brief));
		engine_free(e);
		facts_free(implied);
	} else if (node && node->kind == KB_ADVICE) {
		rc = cli->json ? fix_json(kb, node) : show(explain_fix_text(kb, node));
	} else if (node) {
		struct strlist reach = {0};
		explain_codes_reaching(kb, node, &reach);
		cli_error(_("'%s' is a question of the tree of %s: httpdoc explain %s shows it with the rest"),
			  arg, reach.n ? reach.v[0] : "?", reach.n ? reach.v[0] : "CODE");
		strlist_free(&reach);
		status = EXIT_USAGE;
	} else {
		cli_no_entry(kb, arg, code);
		status = EXIT_USAGE;
	}
	if (rc != 0) {
		cli_error(_("cannot write the entry for '%s'"), arg);
		status = EXIT_USAGE;
	}
	free(code);
	kb_free(kb);
	return status;
}
