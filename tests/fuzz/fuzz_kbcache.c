/* fuzz_kbcache.c: the reader of the compiled knowledge base on arbitrary
 * payloads. The header is a real one (the key of a copy of the sample
 * knowledge base, tests/data/kb-sample, in a scratch directory) and the
 * payload's checksum is recomputed, so every input reaches the record and
 * string-table checks. A load must either refuse the copy (and parse the
 * XML) or give a knowledge base whose every string and link can be
 * followed.
 *
 * FUZZ_KBCACHE_SEED=FILE: also write the real payload there (a seed). */
#include <config.h>

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirs.h"
#include "kb.h"
#include "kb_cache.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char cache_file[512];
static unsigned char *header;   /* magic, format, key length, key */
static size_t header_len;

/* One scratch knowledge base and cache a process, and the header of its copy. */
static int setup(void)
{
	if (header)
		return 0;
	scratch_name("httpdoc-fuzz-kbcache");
	/* The small sample knowledge base: a refused copy costs a full parse. */
	const char *src = getenv("HTTPDOC_KB_DIR"), *data = getenv("TESTS_DATA");
	if (!src)
		src = KBDIR;
	char *cmd = NULL;
	int n = data ? asprintf(&cmd, "mkdir -p %s/kb %s/cache && cp '%s'/kb-sample/*.xml '%s'/kb.rng %s/kb/",
				dir, dir, data, src, dir)
		     : asprintf(&cmd, "mkdir -p %s/kb %s/cache && cp '%s'/../tests/data/kb-sample/*.xml '%s'/kb.rng %s/kb/",
				dir, dir, src, src, dir);
	if (n < 0)
		return -1;
	int rc = system(cmd);
	free(cmd);
	if (rc != 0)
		return -1;
	char cache[128], kbdir[128];
	snprintf(cache, sizeof cache, "%s/cache", dir);
	snprintf(kbdir, sizeof kbdir, "%s/kb", dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("HTTPDOC_KB_CACHE");
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load_with(kbdir, KB_LOAD_FRESH, &kb, &err) != 0) {
		free(err);
		return -1;
	}
	kb_free(kb);
	char sub[160];
	snprintf(sub, sizeof sub, "%s/httpdoc", cache);
	DIR *d = opendir(sub);
	for (struct dirent *e; d && (e = readdir(d));)
		if (strncmp(e->d_name, "kb-", 3) == 0 && strlen(e->d_name) < 64)
			snprintf(cache_file, sizeof cache_file, "%s/%.63s", sub, e->d_name);
	if (d)
		closedir(d);
	size_t len = 0;
	char *text = NULL;
	if (cache_file[0])
		file_read(cache_file, SIZE_MAX, &text, &len);
	unsigned char *file = (unsigned char *)text;
	uint32_t key_len;
	if (!file || len < 16 + 12) {
		free(file);
		return -1;
	}
	memcpy(&key_len, file + 12, 4);
	header_len = 16 + (size_t)key_len;
	const char *seed = getenv("FUZZ_KBCACHE_SEED");
	FILE *f = seed && header_len + 12 <= len ? fopen(seed, "wb") : NULL;
	if (f) {
		fwrite(file + header_len + 12, 1, len - header_len - 12, f);
		fclose(f);
	}
	header = file;  /* only the first header_len bytes are used */
	return 0;
}

/* Follow everything a caller may follow. */
static size_t walk(const struct kb *kb)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->n_entries; i++) {
		const struct kb_entry *e = &kb->entries[i];
		n += strlen(e->code) + strlen(e->file) + (e->name ? strlen(e->name) : 0);
		if (e->start)
			n += strlen(e->start->id);
		n += kb_entry_find(kb, e->code) != NULL;
	}
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *d = &kb->nodes[i];
		n += strlen(d->id) + (d->text ? strlen(d->text) : 0) + (d->title ? strlen(d->title) : 0);
		for (size_t j = 0; j < d->n_choices; j++)
			n += strlen(d->choices[j].next) + strlen(d->choices[j].target->id);
		for (size_t j = 0; j < d->n_blocks; j++)
			n += strlen(d->blocks[j].text);
		for (size_t j = 0; j < d->n_verify; j++)
			n += strlen(d->verify[j]);
		n += kb_node_find(kb, d->id) != NULL;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (setup() != 0 || size > (16u << 20))
		return 0;
	FILE *f = fopen(cache_file, "wb");
	if (!f)
		return 0;
	uint32_t len = (uint32_t)size;
	uint64_t sum = kb_cache_payload_sum(data, size);
	fwrite(header, 1, header_len, f);
	fwrite(&len, 1, 4, f);
	fwrite(&sum, 1, 8, f);
	fwrite(data, 1, size, f);
	fclose(f);

	char kbdir[128];
	snprintf(kbdir, sizeof kbdir, "%s/kb", dir);
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(kbdir, &kb, &err) == 0) {
		volatile size_t n = walk(kb);
		(void)n;
		kb_free(kb);
	}
	free(err);
	return 0;
}
