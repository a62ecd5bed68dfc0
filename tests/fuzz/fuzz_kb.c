/* fuzz_kb.c: the knowledge-base loader (schema validation, graph building,
 * checks) on an arbitrary file placed beside the real schema. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirs.h"
#include "kb.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


/* One scratch directory a process: the schema copied in once. */
static int setup(void)
{
	if (dir[0])
		return 0;
	/* Every input is parsed and validated, none remembered between runs. */
	setenv("HTTPDOC_KB_CACHE", "0", 1);
	scratch_name("httpdoc-fuzz-kb");
	char *cmd = NULL;
	const char *src = getenv("HTTPDOC_KB_DIR");
	if (asprintf(&cmd, "mkdir -p %s && cp '%s/kb.rng' %s/", dir, src ? src : KBDIR, dir) < 0)
		return -1;
	int rc = system(cmd);
	free(cmd);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (setup() != 0)
		return 0;
	char path[128];
	snprintf(path, sizeof path, "%s/fuzz.xml", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(dir, &kb, &err) == 0) {
		struct strlist problems = {0};
		kb_check(kb, &problems);
		strlist_free(&problems);
		kb_free(kb);
	}
	free(err);
	return 0;
}
