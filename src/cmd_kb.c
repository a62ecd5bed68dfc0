/* cmd_kb.c: `httpdoc kb check [DIR]` and `httpdoc kb codes [DIR]`. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "kb.h"

static int kb_check_dir(const char *dir)
{
	struct kb *kb;
	char *err = NULL;
	if (kb_load_with(dir, KB_LOAD_FRESH, &kb, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	struct strlist problems = {0};
	size_t n = kb_check(kb, &problems);
	for (size_t i = 0; i < problems.n; i++)
		fprintf(stderr, "%s\n", problems.v[i]);
	if (n == 0) {
		struct kb_stats st;
		kb_stats(kb, &st);
		printf(_("%s: %zu entries, %zu nodes: valid\n"), dir, kb->n_entries, kb->n_nodes);
		/* TRANSLATORS: the questions of the decision trees that httpdoc answers
		   itself, out of all; "probe" and "log" say from what. */
		printf(_("questions: %zu; answered by a machine: %zu (probe %zu, log %zu); "
			 "by a person only: %zu\n"),
		       st.questions, st.by_probe + st.by_log, st.by_probe, st.by_log,
		       st.questions - st.by_probe - st.by_log);
	}
	strlist_free(&problems);
	kb_free(kb);
	return n ? EXIT_USAGE : EXIT_OK;
}

/* Every code with an entry, one per line, in the knowledge base's order:
 * what `explain` accepts, for shell completion and scripts. */
static int kb_codes(const char *dir)
{
	struct kb *kb;
	char *err = NULL;
	if (kb_load(dir, &kb, &err) != 0) {
		cli_error(_("invalid knowledge base: %s"), err);
		free(err);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < kb->n_entries; i++)
		puts(kb->entries[i].code);
	kb_free(kb);
	return EXIT_OK;
}

int cmd_kb(struct cli *cli)
{
	const char *verb = cli->args.n ? cli->args.v[0] : "";
	bool check = strcmp(verb, "check") == 0, codes = strcmp(verb, "codes") == 0;
	if ((!check && !codes) || cli->args.n > 2) {
		cli_error(_("usage: httpdoc kb check [DIR] | httpdoc kb codes [DIR]"));
		return EXIT_USAGE;
	}
	const char *dir = cli->args.n == 2 ? cli->args.v[1] : kb_default_dir();
	return check ? kb_check_dir(dir) : kb_codes(dir);
}
