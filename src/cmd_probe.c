/* cmd_probe.c: `httpdoc probe`: probe URLs (or replay a saved response), print the diagnosis. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "kb.h"
#include "replay.h"
#include "report.h"

/* Read URLs from FILE ('-' = stdin): one a line, blank lines and # comments skipped. */
static int read_url_list(const char *path, struct strlist *urls)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		cli_error(_("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) >= 0) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t len = strlen(s);
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		if (len && s[0] != '#')
			strlist_add(urls, s);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return 0;
}

static bool failing(const struct response *r)
{
	return r->transport != TRANSPORT_NONE || r->status >= 400 || r->status < 100;
}

static void emit(const struct cli *cli, const struct probe_result *p, bool first)
{
	char *s;
	if (cli->json) {
		s = report_json(p);
		printf("%s\n", s);
	} else if (cli->report) {
		s = report_markdown(p);
		printf("%s%s", first ? "" : "\n---\n\n", s);
	} else {
		s = report_text(p, cli->color);
		printf("%s%s", first ? "" : "\n", s);
	}
	free(s);
	fflush(stdout);
}

static struct kb *load_kb(void)
{
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(kb_default_dir(), &kb, &err) != 0) {
		cli_error(_("invalid knowledge base: %s"), err);
		free(err);
		return NULL;
	}
	return kb;
}

static int replay(struct cli *cli)
{
	if (cli->args.n || cli->input) {
		cli_error(_("--replay takes one saved response and no URLs"));
		return EXIT_USAGE;
	}
	struct probe_result p;
	probe_result_init(&p);
	char *err = NULL;
	if (replay_load(cli->replay, &p.resp, &err) != 0) {
		cli_error("%s", err);   /* replay_load escapes what it quotes */
		free(err);
		probe_result_free(&p);
		return EXIT_USAGE;
	}
	struct kb *kb = load_kb();
	if (!kb) {
		probe_result_free(&p);
		return EXIT_USAGE;
	}
	probe_result_analyse(&p, kb);
	emit(cli, &p, true);
	int status = failing(&p.resp) ? EXIT_FAILING : EXIT_OK;
	probe_result_free(&p);
	kb_free(kb);
	return status;
}

int cmd_probe(struct cli *cli)
{
	if (cli->replay)
		return replay(cli);

	struct strlist urls = {0};
	for (size_t i = 0; i < cli->args.n; i++)
		strlist_add(&urls, cli->args.v[i]);
	if (cli->input && read_url_list(cli->input, &urls) != 0) {
		strlist_free(&urls);
		return EXIT_USAGE;
	}
	if (urls.n == 0) {
		cli_error(_("probe needs a URL (or --input FILE, or --replay FILE)"));
		strlist_free(&urls);
		return EXIT_USAGE;
	}
	/* Refuse bad input before probing anything. */
	for (size_t i = 0; i < urls.n; i++) {
		char *norm, *err;
		if (probe_check_url(urls.v[i], &norm, &err) != 0) {
			cli_error("%s", err);
			free(err);
			strlist_free(&urls);
			return EXIT_USAGE;
		}
		free(norm);
	}
	struct kb *kb = load_kb();
	if (!kb) {
		strlist_free(&urls);
		return EXIT_USAGE;
	}

	int status = EXIT_OK;
	for (size_t i = 0; i < urls.n; i++) {
		struct probe_result p;
		probe_result_init(&p);
		char *err = NULL;
		if (probe_run(urls.v[i], &cli->probe, &p.resp, &err) != 0) {
			cli_error("%s", err);
			free(err);
			probe_result_free(&p);
			status = EXIT_USAGE;
			continue;
		}
		probe_result_analyse(&p, kb);
		emit(cli, &p, i == 0);
		if (failing(&p.resp) && status == EXIT_OK)
			status = EXIT_FAILING;
		probe_result_free(&p);
	}
	kb_free(kb);
	strlist_free(&urls);
	return status;
}
