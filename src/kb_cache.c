/* kb_cache.c: the compiled copy of a validated knowledge base (see kb_cache.h).
 *
 * File layout, native byte order (the key names the program that wrote it):
 *   "HDKBCACH" | u32 format | u32 key length | key | u32 payload length |
 *   u64 kb_cache_payload_sum() | payload
 * and the payload is the string table's length and five counts, then the
 * records of the entries, nodes, choices, blocks and verify lines as u32
 * fields, then the string table. A string field is 0 for NULL, else one more
 * than its offset in the table; a node field is UINT32_MAX for none. */
#include <config.h>
#include "kb_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define CACHE_MAGIC "HDKBCACH"
#define CACHE_FORMAT 3u     /* 2: questions' logs, choices' log patterns; 3: snippets' checks */
#define CACHE_MAX_BYTES (64u << 20)
#define NO_NODE UINT32_MAX

struct kb_cached {
	void *map;                      /* the file, mapped read-only; strings point into it */
	size_t map_len;
	struct kb_choice *choices;      /* every node's choices, in node order */
	struct kb_block *blocks;
	char **verify;
};

/* ------------------------------------------------------------------ where */

/* $XDG_CACHE_HOME, else ~/.cache (only under a home directory that exists:
 * nothing is created above it). NULL when turned off or there is neither. */
static char *cache_root(void)
{
	const char *off = getenv("HTTPDOC_KB_CACHE");
	if (off && strcmp(off, "0") == 0)
		return NULL;
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg == '/')
		return xstrdup(xdg);
	const char *home = getenv("HOME");
	struct stat st;
	if (home && *home == '/' && stat(home, &st) == 0 && S_ISDIR(st.st_mode))
		return xasprintf("%s/.cache", home);
	return NULL;
}

static char *cache_dir(void)
{
	char *root = cache_root();
	char *dir = root ? xasprintf("%s/httpdoc", root) : NULL;
	free(root);
	return dir;
}

/* A check of the payload against a damaged file: two running sums of its
 * 64-bit words (cheap enough to run on every load, unlike a CRC). Fed in
 * pieces whose lengths are multiples of 8 but for the last. */
struct sum {
	uint64_t a, b;
};

static void sum_add(struct sum *s, const unsigned char *p, size_t n)
{
	uint64_t w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		s->a += w;
		s->b += s->a;
	}
	for (; i < n; i++) {
		s->a += p[i];
		s->b += s->a;
	}
}

static uint64_t sum_end(const struct sum *s)
{
	return s->a ^ (s->b << 1 | s->b >> 63);
}

uint64_t kb_cache_payload_sum(const void *p, size_t n)
{
	struct sum s = {1, 0};
	sum_add(&s, p, n);
	return sum_end(&s);
}

/* The same sum, read through a small buffer rather than the mapping: the
 * pages of the strings a run never shows are then never mapped in (a third
 * of a megabyte less resident). */
static bool payload_sum_fd(int fd, off_t off, size_t n, uint64_t *out)
{
	struct sum s = {1, 0};
	unsigned char chunk[65536];
	while (n) {
		size_t want = n < sizeof chunk ? n : sizeof chunk;
		ssize_t got = pread(fd, chunk, want, off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || ((size_t)got % 8 && (size_t)got != n))
			return false;
		sum_add(&s, chunk, (size_t)got);
		off += got;
		n -= (size_t)got;
	}
	*out = sum_end(&s);
	return true;
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return h;
}

/* One file per knowledge-base directory, named after its absolute path. */
static char *cache_path(const char *dir)
{
	char *base = cache_dir();
	if (!base)
		return NULL;
	char *abs = realpath(dir, NULL);
	const char *name = abs ? abs : dir;
	uint64_t h = fnv1a(0xcbf29ce484222325ull, name, strlen(name));
	free(abs);
	char *path = xasprintf("%s/kb-%016llx.bin", base, (unsigned long long)h);
	free(base);
	return path;
}

/* ------------------------------------------------------------------ key */

/* A file is named by where it is and when it last changed: its device,
 * inode, size, and modification and change times to the nanosecond. Any
 * write, replacement or copy over it changes one of them (the change time
 * cannot be set back by hand), without reading a byte of it. */
static bool key_add_file(struct buf *key, const char *path, const char *name)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	buf_printf(key, "%s %llu %llu %lld %lld.%09ld %lld.%09ld\n", name, (unsigned long long)st.st_dev,
		   (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		   st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	return true;
}

bool kb_cache_key(const char *dir, const struct strlist *xml_files,
		  const char *const *other_paths, struct buf *key)
{
	char *base = cache_dir();
	if (!base)
		return false;
	free(base);
	buf_printf(key, "httpdoc %s kb-cache %u ptr %zu\n", PACKAGE_VERSION, CACHE_FORMAT, sizeof(void *));
	/* The loader's own code is part of what the copy depends on: a rebuilt
	 * program is a different key even at the same version. */
	if (!key_add_file(key, "/proc/self/exe", "exe"))
		buf_puts(key, "exe unknown\n");      /* no /proc: the version alone */
	bool ok = true;
	for (size_t i = 0; ok && i < xml_files->n; i++) {
		char *path = xasprintf("%s/%s", dir, xml_files->v[i]);
		ok = key_add_file(key, path, xml_files->v[i]);
		free(path);
	}
	for (size_t i = 0; ok && other_paths[i]; i++)
		ok = key_add_file(key, other_paths[i], other_paths[i]);
	if (!ok)
		buf_free(key);
	return ok;
}

/* ------------------------------------------------------------------ writing */

struct writer {
	struct buf recs;
	struct buf strs;
};

static void put_u32(struct writer *w, uint32_t v)
{
	buf_append(&w->recs, &v, sizeof v);
}

static void put_str(struct writer *w, const char *s)
{
	if (!s) {
		put_u32(w, 0);
		return;
	}
	put_u32(w, (uint32_t)w->strs.len + 1);
	buf_append(&w->strs, s, strlen(s) + 1);
}

static uint32_t node_index(const struct kb *kb, const struct kb_node *n)
{
	return n ? (uint32_t)(n - kb->nodes) : NO_NODE;
}

static void put_payload(struct writer *w, const struct kb *kb)
{
	size_t n_choices = 0, n_blocks = 0, n_verify = 0;
	for (size_t i = 0; i < kb->n_nodes; i++) {
		n_choices += kb->nodes[i].n_choices;
		n_blocks += kb->nodes[i].n_blocks;
		n_verify += kb->nodes[i].n_verify;
	}
	put_u32(w, (uint32_t)kb->n_entries);
	put_u32(w, (uint32_t)kb->n_nodes);
	put_u32(w, (uint32_t)n_choices);
	put_u32(w, (uint32_t)n_blocks);
	put_u32(w, (uint32_t)n_verify);
	for (size_t i = 0; i < kb->n_entries; i++) {
		const struct kb_entry *e = &kb->entries[i];
		put_str(w, e->code);
		put_str(w, e->name);
		put_str(w, e->meaning);
		put_str(w, e->generated);
		put_str(w, e->generators);
		put_str(w, e->rfc);
		put_u32(w, e->unofficial);
		put_str(w, e->tree);
		put_u32(w, node_index(kb, e->start));
		put_str(w, e->family);
		put_str(w, e->file);
		put_u32(w, (uint32_t)e->line);
	}
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *n = &kb->nodes[i];
		put_u32(w, n->kind);
		put_str(w, n->id);
		put_str(w, n->file);
		put_u32(w, (uint32_t)n->line);
		put_str(w, n->text);
		put_str(w, n->why);
		put_str(w, n->fact);
		put_str(w, n->logs);
		put_u32(w, (uint32_t)n->n_choices);
		put_str(w, n->title);
		put_str(w, n->summary);
		put_u32(w, (uint32_t)n->n_blocks);
		put_u32(w, (uint32_t)n->n_verify);
	}
	for (size_t i = 0; i < kb->n_nodes; i++)
		for (size_t j = 0; j < kb->nodes[i].n_choices; j++) {
			const struct kb_choice *c = &kb->nodes[i].choices[j];
			put_str(w, c->when);
			put_str(w, c->next);
			put_str(w, c->label);
			put_u32(w, node_index(kb, c->target));
			put_str(w, c->log);
			put_u32(w, c->log_recent);
			put_u32(w, c->log_else);
		}
	for (size_t i = 0; i < kb->n_nodes; i++)
		for (size_t j = 0; j < kb->nodes[i].n_blocks; j++) {
			const struct kb_block *b = &kb->nodes[i].blocks[j];
			put_u32(w, b->kind);
			put_str(w, b->text);
			put_str(w, b->lang);
			put_str(w, b->file);
			put_u32(w, (uint32_t)b->line);
			put_str(w, b->context);
			put_str(w, b->platform);
			put_str(w, b->unchecked);
		}
	for (size_t i = 0; i < kb->n_nodes; i++)
		for (size_t j = 0; j < kb->nodes[i].n_verify; j++)
			put_str(w, kb->nodes[i].verify[j]);
}

static bool write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		s += k;
		n -= (size_t)k;
	}
	return true;
}

/* A process that died between writing and renaming leaves "kb-*.bin.XXXXXX"
 * behind: remove those an hour old (a younger one may still be written). */
static void remove_stale(const char *sub)
{
	DIR *d = opendir(sub);
	time_t now = time(NULL);
	for (struct dirent *e; d && (e = readdir(d));) {
		const char *dot = strstr(e->d_name, ".bin.");
		if (strncmp(e->d_name, "kb-", 3) != 0 || !dot || strlen(dot) != 11)
			continue;
		char *p = xasprintf("%s/%s", sub, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > 3600)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

void kb_cache_store(const struct kb *kb, const char *dir, const struct buf *key)
{
	char *path = cache_path(dir);
	if (!path || !key->len) {
		free(path);
		return;
	}
	struct writer w = {0};
	put_payload(&w, kb);
	struct buf payload = {0};
	uint32_t strs_len = (uint32_t)w.strs.len;
	buf_append(&payload, &strs_len, 4);
	buf_append(&payload, w.recs.data, w.recs.len);
	buf_append(&payload, w.strs.data, w.strs.len);
	buf_free(&w.recs);
	buf_free(&w.strs);
	struct buf out = {0};
	uint32_t format = CACHE_FORMAT, key_len = (uint32_t)key->len, len = (uint32_t)payload.len;
	uint64_t sum = kb_cache_payload_sum(payload.data, payload.len);
	buf_append(&out, CACHE_MAGIC, 8);
	buf_append(&out, &format, 4);
	buf_append(&out, &key_len, 4);
	buf_append(&out, key->data, key->len);
	buf_append(&out, &len, 4);
	buf_append(&out, &sum, 8);
	buf_append(&out, payload.data, payload.len);
	buf_free(&payload);

	/* Written beside, then renamed: a reader sees the old file or the new one. */
	char *root = cache_root(), *sub = cache_dir();
	if (root && sub) {
		mkdir(root, 0700);
		mkdir(sub, 0700);
	}
	free(root);
	if (sub)
		remove_stale(sub);
	free(sub);
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = out.len <= CACHE_MAX_BYTES ? mkstemp(tmp) : -1;
	if (fd >= 0) {
		bool ok = write_all(fd, out.data, out.len);
		ok = close(fd) == 0 && ok;
		if (!ok || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	buf_free(&out);
}

/* ------------------------------------------------------------------ reading */

struct reader {
	const unsigned char *p, *end;
	const char *strs;
	uint32_t strs_len;
	bool bad;
};

static uint32_t get_u32(struct reader *r)
{
	uint32_t v = 0;
	if ((size_t)(r->end - r->p) < sizeof v) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof v);
	r->p += sizeof v;
	return v;
}

static char *get_str(struct reader *r)
{
	uint32_t v = get_u32(r);
	if (v == 0)
		return NULL;
	if (v > r->strs_len) {
		r->bad = true;
		return NULL;
	}
	return (char *)r->strs + v - 1;
}

/* A string that must be there: ids, codes, file names, texts the engine shows. */
static char *get_str_set(struct reader *r)
{
	char *s = get_str(r);
	if (!s)
		r->bad = true;
	return s;
}

static const struct kb_node *get_node(struct reader *r, const struct kb *kb)
{
	uint32_t v = get_u32(r);
	if (v == NO_NODE)
		return NULL;
	if (v >= kb->n_nodes) {
		r->bad = true;
		return NULL;
	}
	return &kb->nodes[v];
}

static bool fits(uint32_t count, size_t record_u32s, const struct reader *r)
{
	return (uint64_t)count * record_u32s * 4 <= (uint64_t)(r->end - r->p);
}

static bool read_payload(struct reader *r, struct kb *kb, struct kb_cached *c)
{
	uint32_t n_entries = get_u32(r), n_nodes = get_u32(r), n_choices = get_u32(r),
		 n_blocks = get_u32(r), n_verify = get_u32(r);
	if (r->bad || !fits(n_entries, 12, r) || !fits(n_nodes, 12, r) || !fits(n_choices, 4, r) ||
	    !fits(n_blocks, 8, r) || !fits(n_verify, 1, r))
		return false;
	kb->entries = xcalloc(n_entries ? n_entries : 1, sizeof *kb->entries);
	kb->nodes = xcalloc(n_nodes ? n_nodes : 1, sizeof *kb->nodes);
	c->choices = xcalloc(n_choices ? n_choices : 1, sizeof *c->choices);
	c->blocks = xcalloc(n_blocks ? n_blocks : 1, sizeof *c->blocks);
	c->verify = xcalloc(n_verify ? n_verify : 1, sizeof *c->verify);
	kb->n_entries = n_entries;
	kb->n_nodes = n_nodes;

	for (uint32_t i = 0; i < n_entries; i++) {
		struct kb_entry *e = &kb->entries[i];
		e->code = get_str_set(r);
		e->name = get_str(r);
		e->meaning = get_str(r);
		e->generated = get_str(r);
		e->generators = get_str(r);
		e->rfc = get_str(r);
		e->unofficial = get_u32(r) != 0;
		e->tree = get_str(r);
		e->start = get_node(r, kb);
		e->family = get_str(r);
		e->file = get_str_set(r);
		e->line = (int)get_u32(r);
		if (!e->tree != !e->start)
			r->bad = true;
	}
	size_t used_choices = 0, used_blocks = 0, used_verify = 0;
	for (uint32_t i = 0; i < n_nodes && !r->bad; i++) {
		struct kb_node *n = &kb->nodes[i];
		uint32_t kind = get_u32(r);
		n->kind = kind == KB_ADVICE ? KB_ADVICE : KB_QUESTION;
		n->id = get_str_set(r);
		n->file = get_str_set(r);
		n->line = (int)get_u32(r);
		n->text = get_str(r);
		n->why = get_str(r);
		n->fact = get_str(r);
		n->logs = get_str(r);
		n->n_choices = get_u32(r);
		n->title = get_str(r);
		n->summary = get_str(r);
		n->n_blocks = get_u32(r);
		n->n_verify = get_u32(r);
		if (kind > KB_ADVICE || n->n_choices > n_choices - used_choices ||
		    n->n_blocks > n_blocks - used_blocks || n->n_verify > n_verify - used_verify) {
			r->bad = true;
			break;
		}
		n->choices = n->n_choices ? c->choices + used_choices : NULL;
		n->blocks = n->n_blocks ? c->blocks + used_blocks : NULL;
		n->verify = n->n_verify ? c->verify + used_verify : NULL;
		used_choices += n->n_choices;
		used_blocks += n->n_blocks;
		used_verify += n->n_verify;
	}
	if (r->bad || used_choices != n_choices || used_blocks != n_blocks || used_verify != n_verify)
		return false;
	for (uint32_t i = 0; i < n_choices; i++) {
		struct kb_choice *ch = &c->choices[i];
		ch->when = get_str(r);
		ch->next = get_str_set(r);
		ch->label = get_str(r);
		ch->target = get_node(r, kb);
		if (!ch->target)
			r->bad = true;
		ch->log = get_str(r);
		ch->log_recent = get_u32(r);
		ch->log_else = get_u32(r);
	}
	for (uint32_t i = 0; i < n_blocks; i++) {
		struct kb_block *b = &c->blocks[i];
		uint32_t kind = get_u32(r);
		if (kind > KB_COMMAND)
			r->bad = true;
		b->kind = (enum kb_block_kind)kind;
		b->text = get_str_set(r);
		b->lang = get_str(r);
		b->file = get_str(r);
		b->line = (int)get_u32(r);
		b->context = get_str(r);
		b->platform = get_str(r);
		b->unchecked = get_str(r);
	}
	for (uint32_t i = 0; i < n_verify; i++)
		c->verify[i] = get_str_set(r);
	/* The records end exactly where the table begins. */
	return !r->bad && r->p == r->end;
}

/* The file mapped rather than read: only the pages a load touches are
 * faulted in, and they come straight from the page cache. The fd stays open
 * for the checksum (caller closes). */
static void *map_whole(const char *path, size_t *len, int *fd_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *map = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= CACHE_MAX_BYTES) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED)
			map = NULL;
		*len = (size_t)st.st_size;
	}
	if (map)
		*fd_out = fd;
	else
		close(fd);
	return map;
}

struct kb *kb_cache_load(const char *dir, const struct buf *key)
{
	char *path = cache_path(dir);
	size_t len = 0;
	int fd = -1;
	void *map = path ? map_whole(path, &len, &fd) : NULL;
	free(path);
	if (!map)
		return NULL;
	const unsigned char *p = map, *end = p + len;
	uint32_t format, key_len, payload_len;
	uint64_t sum;
	bool ok = len >= 16 && memcmp(p, CACHE_MAGIC, 8) == 0;
	if (ok) {
		memcpy(&format, p + 8, 4);
		memcpy(&key_len, p + 12, 4);
		p += 16;
		ok = format == CACHE_FORMAT && key_len == key->len && (size_t)(end - p) >= (size_t)key_len + 12 &&
		     memcmp(p, key->data, key->len) == 0;
	}
	if (ok) {
		p += key_len;
		memcpy(&payload_len, p, 4);
		memcpy(&sum, p + 4, 8);
		p += 12;
		uint64_t got;
		ok = payload_len == (size_t)(end - p) && payload_len >= 4 &&
		     payload_sum_fd(fd, (off_t)(p - (const unsigned char *)map), payload_len, &got) && got == sum;
	}
	struct kb *kb = NULL;
	if (ok) {
		/* Records, then the table; the table's last byte ends its last string. */
		uint32_t strs_len;
		memcpy(&strs_len, p, 4);
		p += 4;
		ok = strs_len <= (size_t)(end - p) && (strs_len == 0 || end[-1] == '\0');
		if (ok) {
			struct reader r = {.p = p, .end = end - strs_len, .strs = (const char *)(end - strs_len),
					   .strs_len = strs_len};
			kb = xcalloc(1, sizeof *kb);
			kb->cached = xcalloc(1, sizeof *kb->cached);
			kb->cached->map = map;
			kb->cached->map_len = len;
			map = NULL;
			kb->dir = xstrdup(dir);
			if (!read_payload(&r, kb, kb->cached)) {
				kb_free(kb);
				kb = NULL;
			}
		}
	}
	close(fd);
	if (map)
		munmap(map, len);
	return kb;
}

void kb_cache_release(struct kb_cached *c)
{
	if (!c)
		return;
	if (c->map)
		munmap(c->map, c->map_len);
	free(c->choices);
	free(c->blocks);
	free(c->verify);
	free(c);
}
