/* cmd_demo.c: `httpdoc --demo` without a terminal wizard: the diagnosis of
 * each bundled sample response, read exactly as `probe --replay` reads it. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "i18n.h"
#include "kb.h"
#include "paths.h"
#include "replay.h"
#include "report.h"

const char *demo_dir(void)
{
	return data_dir("HTTPDOC_DEMO_DIR", DEMODIR, "demo");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sample files (*.http) of the demo directory, sorted. */
int demo_list(struct strlist *files)
{
	DIR *d = opendir(demo_dir());
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".http") == 0)
			strlist_addf(files, "%s/%s", demo_dir(), e->d_name);
	}
	closedir(d);
	qsort(files->v, files->n, sizeof *files->v, by_name);
	return files->n ? 0 : -1;
}

int cmd_demo(struct cli *cli)
{
	struct strlist files = {0};
	if (demo_list(&files) != 0) {
		cli_error(_("no sample responses in %s"), demo_dir());
		strlist_free(&files);
		return EXIT_USAGE;
	}
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(kb_default_dir(), &kb, &err) != 0) {
		cli_error(_("invalid knowledge base: %s"), err);
		free(err);
		strlist_free(&files);
		return EXIT_USAGE;
	}
	int status = EXIT_OK;
	for (size_t i = 0; i < files.n; i++) {
		struct probe_result p;
		probe_result_init(&p);
		if (replay_load(files.v[i], &p.resp, &err) != 0) {
			cli_error("%s", err);
			free(err);
			status = EXIT_USAGE;
		} else {
			probe_result_analyse(&p, kb);
			const char *base = strrchr(files.v[i], '/');
			char *text = cli->json ? report_json(&p) : report_text(&p, cli->color);
			if (cli->json)
				printf("%s\n", text);
			else
				printf("%s== %s %s ==\n%s", i ? "\n" : "", _("Sample"), base ? base + 1 : files.v[i], text);
			free(text);
		}
		probe_result_free(&p);
	}
	kb_free(kb);
	strlist_free(&files);
	return status;
}
