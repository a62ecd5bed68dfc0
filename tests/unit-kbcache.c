/* unit-kbcache.c: the compiled copy of the knowledge base. A load from the
 * copy gives exactly what parsing the XML gives; any change to a file the
 * load read means the XML is parsed and validated again; a damaged copy is
 * never trusted; HTTPDOC_KB_CACHE=0 keeps nothing. Works on a copy of the
 * real knowledge base in a scratch directory, with its own cache directory. */
#include <config.h>
#include "kb.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "tap.h"
#include "util.h"

static char kbdir[] = "/tmp/httpdoc-kbcache-kb.XXXXXX";
static char cachedir[] = "/tmp/httpdoc-kbcache-cache.XXXXXX";

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const char *node_id(const struct kb_node *n)
{
	return n ? n->id : NULL;
}

/* NULL when a and b hold the same knowledge base, else what differs first. */
static char *kb_diff(const struct kb *a, const struct kb *b)
{
	if (a->n_entries != b->n_entries || a->n_nodes != b->n_nodes)
		return xasprintf("counts %zu/%zu entries, %zu/%zu nodes", a->n_entries, b->n_entries,
				 a->n_nodes, b->n_nodes);
	for (size_t i = 0; i < a->n_entries; i++) {
		const struct kb_entry *x = &a->entries[i], *y = &b->entries[i];
		if (!same_str(x->code, y->code) || !same_str(x->name, y->name) ||
		    !same_str(x->meaning, y->meaning) || !same_str(x->generated, y->generated) ||
		    !same_str(x->generators, y->generators) || !same_str(x->rfc, y->rfc) ||
		    x->unofficial != y->unofficial || !same_str(x->tree, y->tree) ||
		    !same_str(node_id(x->start), node_id(y->start)) || !same_str(x->family, y->family) ||
		    !same_str(x->file, y->file) || x->line != y->line)
			return xasprintf("entry %zu (%s)", i, x->code);
	}
	for (size_t i = 0; i < a->n_nodes; i++) {
		const struct kb_node *x = &a->nodes[i], *y = &b->nodes[i];
		if (x->kind != y->kind || !same_str(x->id, y->id) || !same_str(x->file, y->file) ||
		    x->line != y->line || !same_str(x->text, y->text) || !same_str(x->why, y->why) ||
		    !same_str(x->fact, y->fact) || !same_str(x->logs, y->logs) || !same_str(x->title, y->title) ||
		    !same_str(x->summary, y->summary) || x->n_choices != y->n_choices ||
		    x->n_blocks != y->n_blocks || x->n_verify != y->n_verify)
			return xasprintf("node %s", x->id);
		for (size_t j = 0; j < x->n_choices; j++) {
			const struct kb_choice *c = &x->choices[j], *d = &y->choices[j];
			if (!same_str(c->when, d->when) || !same_str(c->next, d->next) ||
			    !same_str(c->label, d->label) || !same_str(node_id(c->target), node_id(d->target)) ||
			    !same_str(c->log, d->log) || c->log_recent != d->log_recent || c->log_else != d->log_else)
				return xasprintf("node %s, choice %zu", x->id, j);
		}
		for (size_t j = 0; j < x->n_blocks; j++) {
			const struct kb_block *c = &x->blocks[j], *d = &y->blocks[j];
			if (c->kind != d->kind || !same_str(c->text, d->text) || !same_str(c->lang, d->lang) ||
			    !same_str(c->file, d->file) || c->line != d->line ||
			    !same_str(c->context, d->context) || !same_str(c->platform, d->platform) ||
			    !same_str(c->unchecked, d->unchecked))
				return xasprintf("node %s, block %zu", x->id, j);
		}
		for (size_t j = 0; j < x->n_verify; j++)
			if (!same_str(x->verify[j], y->verify[j]))
				return xasprintf("node %s, verify %zu", x->id, j);
	}
	if (!a->ranges != !b->ranges)
		return xstrdup("ranges present in one only");
	if (a->ranges && (cfranges_contains(a->ranges, "173.245.48.1") != cfranges_contains(b->ranges, "173.245.48.1")))
		return xstrdup("ranges differ");
	return NULL;
}

/* The one cache file (there is one per knowledge-base directory), or NULL. */
static char *cache_file(void)
{
	char *sub = xasprintf("%s/httpdoc", cachedir), *found = NULL;
	size_t n = 0;
	DIR *d = opendir(sub);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (strncmp(e->d_name, "kb-", 3) == 0) {
			free(found);
			found = xasprintf("%s/%s", sub, e->d_name);
			n++;
		}
	}
	if (d)
		closedir(d);
	free(sub);
	if (n != 1) {
		free(found);
		return NULL;
	}
	return found;
}

static struct kb *load(unsigned flags)
{
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load_with(kbdir, flags, &kb, &err) != 0)
		printf("#   %s\n", err);
	free(err);
	return kb;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static void test_same_as_parsed(const struct kb *fresh)
{
	char *file = cache_file();
	ok(file != NULL, "a load that passed leaves one cache file");
	struct kb *cached = load(0);
	ok(cached && cached->cached, "the next load reads the copy");
	char *why = cached ? kb_diff(fresh, cached) : xstrdup("no load");
	ok(!why, "the copy holds exactly what the XML holds (%s)", why ? why : "same");
	free(why);
	ok(cached && kb_entry_find(cached, "504") && kb_node_find(cached, fresh->nodes[0].id),
	   "look-ups work on the copy");
	kb_free(cached);

	struct kb *again = load(KB_LOAD_FRESH);
	ok(again && !again->cached, "KB_LOAD_FRESH parses and validates even with a copy");
	kb_free(again);
	free(file);
}

/* Every byte of the copy is covered: flip one and the copy is refused, the
 * XML is read instead, and the result is still the same knowledge base. */
static void test_damaged(const struct kb *fresh)
{
	char *file = cache_file();
	size_t len = 0;
	char *good = NULL;
	if (file)
		file_read(file, SIZE_MAX, &good, &len);
	ok(good && len > 4096, "the cache file is there (%zu bytes)", len);
	if (!good) {
		free(file);
		return;
	}
	size_t refused = 0, tried = 0, equal = 0;
	for (size_t pos = 0; pos < len; pos += pos < 256 ? 13 : len / 24) {
		char *bad = xmalloc(len);
		memcpy(bad, good, len);
		bad[pos] ^= 0x5a;
		spit(file, bad, len);
		free(bad);
		struct kb *kb = load(0);
		tried++;
		refused += kb && !kb->cached;
		char *why = kb ? kb_diff(fresh, kb) : xstrdup("no load");
		equal += !why;
		free(why);
		kb_free(kb);
	}
	is_int(refused, tried, "a copy with one byte changed is never used (%zu places)", tried);
	is_int(equal, tried, "and every such load still gives the same knowledge base");

	size_t cuts[] = {0, 7, 16, 100, len / 2, len - 1};
	refused = 0;
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		spit(file, good, cuts[i]);
		struct kb *kb = load(0);
		refused += kb && !kb->cached && !kb_diff(fresh, kb);
		kb_free(kb);
	}
	is_int(refused, sizeof cuts / sizeof *cuts, "a truncated copy is never used");
	struct kb *kb = load(0);
	ok(kb && kb->cached, "the copy written after a refusal is used again");
	kb_free(kb);
	free(good);
	free(file);
}

/* An edit to a file is a new validation, and a broken edit is reported. */
static void test_edited(void)
{
	char *path = xasprintf("%s/nginx.xml", kbdir);
	size_t len = 0;
	char *orig;
	file_read(path, SIZE_MAX, &orig, &len);
	char *end = orig ? strstr(orig, "</kb>") : NULL;
	ok(end != NULL, "nginx.xml ends with </kb>");
	if (!end) {
		free(orig);
		free(path);
		return;
	}
	struct buf edited = {0};
	buf_append(&edited, orig, (size_t)(end - orig));
	buf_puts(&edited, "<bogus/>\n</kb>\n");
	spit(path, edited.data, edited.len);
	struct kb *kb = NULL;
	char *err = NULL;
	ok(kb_load(kbdir, &kb, &err) == -1 && err && strstr(err, "nginx.xml:"),
	   "after an edit that breaks the schema the load fails with file:line");
	if (err)
		printf("#   %s\n", err);
	free(err);

	/* The same size and modification time as before: still not the same file. */
	spit(path, orig, len);
	struct kb *back = load(0);
	ok(back && !back->cached, "restoring the file is again a full load");
	kb_free(back);
	buf_free(&edited);
	free(orig);
	free(path);
}

static void test_off(void)
{
	char *file = cache_file();
	if (file)
		unlink(file);
	setenv("HTTPDOC_KB_CACHE", "0", 1);
	struct kb *kb = load(0);
	ok(kb && !kb->cached, "HTTPDOC_KB_CACHE=0: a full load");
	kb_free(kb);
	char *none = cache_file();
	ok(!none, "HTTPDOC_KB_CACHE=0: nothing written");
	free(none);
	free(file);
	unsetenv("HTTPDOC_KB_CACHE");
}

/* What a process that died mid-write left is removed once it is an hour
 * old; a younger one may still be being written and stays. */
static void test_stale(void)
{
	char *old = xasprintf("%s/httpdoc/kb-0000000000000000.bin.AbC123", cachedir);
	char *young = xasprintf("%s/httpdoc/kb-0000000000000000.bin.XyZ789", cachedir);
	spit(old, "half", 4);
	spit(young, "half", 4);
	struct timespec two_hours_ago[2] = {{time(NULL) - 7200, 0}, {time(NULL) - 7200, 0}};
	utimensat(AT_FDCWD, old, two_hours_ago, 0);
	struct kb *kb = load(KB_LOAD_FRESH);
	kb_free(kb);
	ok(access(old, F_OK) != 0, "a write left behind two hours ago is removed by the next store");
	ok(access(young, F_OK) == 0, "one written a moment ago is left alone");
	unlink(young);
	free(old);
	free(young);
}

/* With no cache directory and a home that does not exist, nothing is made. */
static void test_no_home(void)
{
	char *home = xasprintf("%s/no-such-home", cachedir);
	char *saved_xdg = xstrdup(getenv("XDG_CACHE_HOME"));
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", home, 1);
	struct kb *kb = load(0);
	struct stat st;
	ok(kb && !kb->cached && stat(home, &st) != 0,
	   "a home directory that does not exist: a full load, and the home is not created");
	kb_free(kb);
	setenv("XDG_CACHE_HOME", saved_xdg, 1);
	free(saved_xdg);
	free(home);
}

int main(void)
{
	const char *src = getenv("HTTPDOC_KB_DIR");
	if (!src || !mkdtemp(kbdir) || !mkdtemp(cachedir)) {
		tap_skip_all("no HTTPDOC_KB_DIR or no scratch directory");
	}
	char *cmd = xasprintf("cp '%s'/*.xml '%s'/kb.rng '%s'/cloudflare-ips.txt '%s'/", src, src, src, kbdir);
	int copied = system(cmd);
	free(cmd);
	setenv("XDG_CACHE_HOME", cachedir, 1);
	unsetenv("HTTPDOC_KB_CACHE");

	struct kb *fresh = copied == 0 ? load(KB_LOAD_FRESH) : NULL;
	ok(fresh && !fresh->cached, "the real knowledge base parses and validates");
	if (fresh) {
		test_same_as_parsed(fresh);
		test_damaged(fresh);
		test_edited();
		test_stale();
		test_off();
		test_no_home();
	}
	kb_free(fresh);
	cmd = xasprintf("rm -rf '%s' '%s'", kbdir, cachedir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", cmd);
	free(cmd);
	return tap_done();
}
