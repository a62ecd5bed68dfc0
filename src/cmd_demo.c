/* cmd_demo.c: `httpdoc --demo`: the wizard on the bundled sample responses,
 * read with replay_load exactly as `probe --replay` reads them; no network. */
#include <config.h>
#include "cmd.h"
#include "dirs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

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
	return cmd_wizard(cli, true);
}
