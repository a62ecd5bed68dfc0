/* kb.c: loading the knowledge base: the files of a directory read into the
 * structures of kb.h (kb_xml.c parses and validates each), codes and ids
 * checked for duplicates, cross-file references resolved; and look-ups. */
#include <config.h>
#include "kb.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/relaxng.h>

#include "dirs.h"
#include "paths.h"
#include <libxml/tree.h>

#include "gettext.h"
#include "kb_cache.h"
#include "kb_xml.h"

/* ------------------------------------------------------------------ building */

/* A choice's `next`, resolved once every file is read; the line is the
 * choice's own, for the error message. */
struct pending_ref {
	char *node_id;          /* borrowed from the node that owns the choice */
	size_t choice;
	char *file;             /* borrowed */
	int line;
};

struct loader {
	struct kb *kb;
	size_t cap_entries, cap_nodes;
	struct pending_ref *refs;
	size_t n_refs, cap_refs;
	const char *path;       /* the file being read */
	const char *base;       /* its base name */
	const char *family;
	/* The first attribute whose form is wrong, "file:line: ...". Forms are
	 * checked here rather than by schema patterns: libxml2 recompiles a
	 * pattern's regex for every value it checks, a third of the load. */
	char *syntax_err;
};

/* Record the first attribute whose value does not have the form it must. */
static void syntax_check(struct loader *ld, bool good, xmlNodePtr el, const char *attr,
			 const char *value, const char *form)
{
	if (!value || good || ld->syntax_err)
		return;
	char *safe = term_safe(value, strlen(value) > 60 ? 60 : strlen(value), false);
	ld->syntax_err = xasprintf("%s:%ld: <%s> has %s=\"%s\", which is not %s", ld->path, xmlGetLineNo(el),
				   (const char *)el->name, attr, safe, form);
	free(safe);
}

#define ID_FORM "a node id (lower-case letters, digits, '.' and '-')"

static bool is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void read_entry(struct loader *ld, xmlNodePtr el)
{
	struct kb *kb = ld->kb;
	if (kb->n_entries == ld->cap_entries) {
		ld->cap_entries = ld->cap_entries ? ld->cap_entries * 2 : 64;
		kb->entries = xrealloc(kb->entries, ld->cap_entries * sizeof *kb->entries);
	}
	struct kb_entry *e = &kb->entries[kb->n_entries++];
	memset(e, 0, sizeof *e);
	e->code = kb_xml_attr(el, "code");
	e->generators = kb_xml_attr_collapsed(el, "generators");
	e->rfc = kb_xml_attr_collapsed(el, "rfc");
	char *unofficial = kb_xml_attr(el, "unofficial");
	e->unofficial = unofficial && strcmp(unofficial, "yes") == 0;
	free(unofficial);
	e->tree = kb_xml_attr(el, "tree");
	syntax_check(ld, !e->code || kb_form_code(e->code), el, "code", e->code,
		     "a code (403, 403.14, 1020, 4xx or a transport failure such as dns)");
	syntax_check(ld, !e->tree || kb_form_id(e->tree, true), el, "tree", e->tree, ID_FORM);
	e->family = xstrdup(ld->family);
	e->file = xstrdup(ld->base);
	e->line = (int)xmlGetLineNo(el);
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_elem(c, "name"))
			e->name = kb_xml_text(c);
		else if (is_elem(c, "meaning"))
			e->meaning = kb_xml_text(c);
		else if (is_elem(c, "generated"))
			e->generated = kb_xml_text(c);
	}
}

static struct kb_node *node_add(struct loader *ld, xmlNodePtr el, enum kb_node_kind kind)
{
	struct kb *kb = ld->kb;
	if (kb->n_nodes == ld->cap_nodes) {
		ld->cap_nodes = ld->cap_nodes ? ld->cap_nodes * 2 : 128;
		kb->nodes = xrealloc(kb->nodes, ld->cap_nodes * sizeof *kb->nodes);
	}
	struct kb_node *n = &kb->nodes[kb->n_nodes++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->id = kb_xml_attr(el, "id");
	syntax_check(ld, !n->id || kb_form_id(n->id, true), el, "id", n->id, ID_FORM);
	n->file = xstrdup(ld->base);
	n->line = (int)xmlGetLineNo(el);
	return n;
}

static void ref_add(struct loader *ld, struct kb_node *n, size_t choice, int line)
{
	if (ld->n_refs == ld->cap_refs) {
		ld->cap_refs = ld->cap_refs ? ld->cap_refs * 2 : 256;
		ld->refs = xrealloc(ld->refs, ld->cap_refs * sizeof *ld->refs);
	}
	ld->refs[ld->n_refs++] = (struct pending_ref){n->id, choice, n->file, line};
}

static void read_question(struct loader *ld, xmlNodePtr el)
{
	struct kb_node *n = node_add(ld, el, KB_QUESTION);
	n->fact = kb_xml_attr(el, "fact");
	syntax_check(ld, !n->fact || kb_form_fact(n->fact), el, "fact", n->fact, "a fact name such as cloudflare.branded");
	n->logs = kb_xml_attr_collapsed(el, "logs");
	size_t cap = 0;
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (is_elem(c, "text")) {
			n->text = kb_xml_text(c);
		} else if (is_elem(c, "why")) {
			n->why = kb_xml_text(c);
		} else if (is_elem(c, "choice")) {
			if (n->n_choices == cap) {
				cap = cap ? cap * 2 : 4;
				n->choices = xrealloc(n->choices, cap * sizeof *n->choices);
			}
			struct kb_choice *ch = &n->choices[n->n_choices];
			ch->when = kb_xml_attr_collapsed(c, "when");
			ch->next = kb_xml_attr(c, "next");
			syntax_check(ld, !ch->next || kb_form_id(ch->next, true), c, "next", ch->next, ID_FORM);
			ch->label = kb_xml_text(c);
			ch->target = NULL;
			ch->log = kb_xml_attr(c, "log");
			char *recent = kb_xml_attr(c, "log-recent");
			ch->log_recent = recent ? (unsigned)strtoul(recent, NULL, 10) : 0;
			free(recent);
			char *els = kb_xml_attr_collapsed(c, "log-else");
			ch->log_else = (els && strstr(els, "nothing") ? KB_LOG_ELSE_NOTHING : 0) |
				       (els && strstr(els, "other") ? KB_LOG_ELSE_OTHER : 0);
			free(els);
			ref_add(ld, n, n->n_choices, (int)xmlGetLineNo(c));
			n->n_choices++;
		}
	}
}

static void read_advice(struct loader *ld, xmlNodePtr el)
{
	struct kb_node *n = node_add(ld, el, KB_ADVICE);
	size_t cap_blocks = 0, cap_verify = 0;
	for (xmlNodePtr c = el->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_elem(c, "title")) {
			n->title = kb_xml_text(c);
		} else if (is_elem(c, "summary")) {
			n->summary = kb_xml_text(c);
		} else if (is_elem(c, "verify")) {
			if (n->n_verify == cap_verify) {
				cap_verify = cap_verify ? cap_verify * 2 : 2;
				n->verify = xrealloc(n->verify, cap_verify * sizeof *n->verify);
			}
			n->verify[n->n_verify++] = kb_xml_text(c);
		} else {
			if (n->n_blocks == cap_blocks) {
				cap_blocks = cap_blocks ? cap_blocks * 2 : 4;
				n->blocks = xrealloc(n->blocks, cap_blocks * sizeof *n->blocks);
			}
			struct kb_block *b = &n->blocks[n->n_blocks++];
			memset(b, 0, sizeof *b);
			if (is_elem(c, "step")) {
				b->kind = KB_STEP;
				b->text = kb_xml_text(c);
			} else {
				b->kind = is_elem(c, "snippet") ? KB_SNIPPET : KB_COMMAND;
				b->text = kb_xml_verbatim(c);
				b->lang = kb_xml_attr(c, "lang");
				b->file = kb_xml_attr_collapsed(c, "file");
				b->context = kb_xml_attr(c, "context");
				b->platform = kb_xml_attr(c, "platform");
				b->unchecked = kb_xml_attr_collapsed(c, "unchecked");
			}
			b->line = (int)xmlGetLineNo(c);
		}
	}
}

/* ------------------------------------------------------------------ files */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_xml_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".xml") == 0;
}

/* The regular *.xml files of dir, sorted by name. */
static int list_files(const char *dir, struct strlist *files, char **err)
{
	DIR *d = opendir(dir);
	if (!d) {
		*err = xasprintf("%s: %s: %s", dir, "cannot open the knowledge-base directory",
				 strerror(errno));
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!has_xml_suffix(de->d_name))
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			strlist_add(files, de->d_name);
		free(path);
	}
	closedir(d);
	if (files->n == 0) {
		*err = xasprintf("%s: %s", dir, "no knowledge-base files (*.xml) in this directory");
		return -1;
	}
	qsort(files->v, files->n, sizeof *files->v, name_cmp);
	return 0;
}


static int read_file(struct loader *ld, xmlRelaxNGPtr rng, char **err)
{
	xmlDocPtr doc = kb_xml_read(ld->path, rng, err);
	if (!doc)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	char *family = kb_xml_attr(root, "family");
	syntax_check(ld, !family || kb_form_id(family, false), root, "family", family,
		     "a family name (lower-case letters, digits and '-')");
	ld->family = family;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (is_elem(c, "entry"))
			read_entry(ld, c);
		else if (is_elem(c, "question"))
			read_question(ld, c);
		else if (is_elem(c, "advice"))
			read_advice(ld, c);
	}
	ld->family = NULL;
	free(family);
	xmlFreeDoc(doc);
	if (ld->syntax_err) {
		*err = ld->syntax_err;
		ld->syntax_err = NULL;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ order and references */

/* Codes in reading order, a total order bsearch can rely on: numbers by
 * value ("4xx" < "403" < "403.2" < "403.14" < "404" < "1020"), then names. */
static int code_cmp(const char *a, const char *b)
{
	bool na = !isdigit((unsigned char)a[0]), nb = !isdigit((unsigned char)b[0]);
	if (na != nb)
		return na ? 1 : -1;
	if (!na) {
		char *ea, *eb;
		long ma = strtol(a, &ea, 10), mb = strtol(b, &eb, 10);
		if (ma != mb)
			return ma < mb ? -1 : 1;
		long sa = *ea == '.' ? strtol(ea + 1, NULL, 10) : -1;
		long sb = *eb == '.' ? strtol(eb + 1, NULL, 10) : -1;
		if (sa != sb)
			return sa < sb ? -1 : 1;
	}
	return strcmp(a, b);
}

/* Ties (duplicates) fall back to load order: files by name, then line. */
static int entry_sort_cmp(const void *pa, const void *pb)
{
	const struct kb_entry *a = pa, *b = pb;
	int c = code_cmp(a->code, b->code);
	if (!c)
		c = strcmp(a->file, b->file);
	return c ? c : a->line - b->line;
}

static int node_sort_cmp(const void *pa, const void *pb)
{
	const struct kb_node *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);
	if (!c)
		c = strcmp(a->file, b->file);
	return c ? c : a->line - b->line;
}

static int sort_and_check_unique(struct kb *kb, char **err)
{
	if (kb->n_entries)
		qsort(kb->entries, kb->n_entries, sizeof *kb->entries, entry_sort_cmp);
	if (kb->n_nodes)
		qsort(kb->nodes, kb->n_nodes, sizeof *kb->nodes, node_sort_cmp);
	for (size_t i = 1; i < kb->n_entries; i++) {
		const struct kb_entry *a = &kb->entries[i - 1], *b = &kb->entries[i];
		if (code_cmp(a->code, b->code) == 0) {
			*err = xasprintf("%s/%s:%d: a second entry for code '%s' (the first is at %s:%d)",
					 kb->dir, b->file, b->line, b->code, a->file, a->line);
			return -1;
		}
	}
	for (size_t i = 1; i < kb->n_nodes; i++) {
		const struct kb_node *a = &kb->nodes[i - 1], *b = &kb->nodes[i];
		if (strcmp(a->id, b->id) == 0) {
			*err = xasprintf("%s/%s:%d: a second node with id '%s' (the first is at %s:%d)",
					 kb->dir, b->file, b->line, b->id, a->file, a->line);
			return -1;
		}
	}
	return 0;
}

static int ref_cmp(const void *pa, const void *pb)
{
	const struct pending_ref *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	return c ? c : a->line - b->line;
}

static int resolve(struct loader *ld, char **err)
{
	struct kb *kb = ld->kb;
	/* Report the first dangling reference in reading order. */
	if (ld->n_refs)
		qsort(ld->refs, ld->n_refs, sizeof *ld->refs, ref_cmp);
	for (size_t i = 0; i < ld->n_refs; i++) {
		const struct pending_ref *r = &ld->refs[i];
		struct kb_node *owner = (struct kb_node *)kb_node_find(kb, r->node_id);
		struct kb_choice *ch = &owner->choices[r->choice];
		ch->target = kb_node_find(kb, ch->next);
		if (!ch->target) {
			*err = xasprintf("%s/%s:%d: the choice leads to '%s', which no file defines",
					 kb->dir, r->file, r->line, ch->next);
			return -1;
		}
	}
	for (size_t i = 0; i < kb->n_entries; i++) {
		struct kb_entry *e = &kb->entries[i];
		if (!e->tree)
			continue;
		e->start = kb_node_find(kb, e->tree);
		if (!e->start) {
			*err = xasprintf("%s/%s:%d: entry '%s' has tree '%s', which no file defines",
					 kb->dir, e->file, e->line, e->code, e->tree);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ public */

/* Cloudflare's ranges ship beside the XML: loaded with the KB when present;
 * a file that is there but wrong fails the load like a bad XML file. */
static int load_ranges(struct kb *kb, char **err)
{
	char *path = xasprintf("%s/cloudflare-ips.txt", kb->dir);
	bool present = access(path, F_OK) == 0;
	free(path);
	if (!present)
		return 0;
	kb->ranges = xcalloc(1, sizeof *kb->ranges);
	if (cfranges_load(kb->dir, kb->ranges, err) != 0) {
		free(kb->ranges);
		kb->ranges = NULL;
		return -1;
	}
	if (kb->cached)
		return 0;       /* the copy was made after the expansion below */
	/* Snippets that say {{cloudflare-ranges FORMAT}} become ready-to-paste rules. */
	for (size_t i = 0; i < kb->n_nodes; i++) {
		for (size_t j = 0; j < kb->nodes[i].n_blocks; j++) {
			struct kb_block *b = &kb->nodes[i].blocks[j];
			if (b->kind == KB_STEP || !strstr(b->text, "{{cloudflare-ranges "))
				continue;
			char *expanded = cfranges_expand(kb->ranges, b->text);
			free(b->text);
			b->text = expanded;
		}
	}
	return 0;
}

/* The cache key covers every file a load reads: the XML files, the schema
 * they are validated against and the ranges. */
static bool cache_key(const char *dir, const struct strlist *files, struct buf *key)
{
	char *schema = kb_xml_schema_path(dir);
	char *ranges = xasprintf("%s/cloudflare-ips.txt", dir);
	const char *others[3] = {schema, NULL, NULL};
	if (access(ranges, F_OK) == 0)
		others[schema ? 1 : 0] = ranges;
	bool ok = schema && kb_cache_key(dir, files, others, key);
	free(schema);
	free(ranges);
	return ok;
}

int kb_load(const char *dir, struct kb **out, char **err)
{
	return kb_load_with(dir, 0, out, err);
}

int kb_load_with(const char *dir_arg, unsigned flags, struct kb **out, char **err)
{
	*out = NULL;
	*err = NULL;
	/* "kb/" and "kb" name the same files: "kb/4xx.xml", not "kb//4xx.xml". */
	char *dir = xstrdup(dir_arg && *dir_arg ? dir_arg : ".");
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	struct strlist files = {0};
	if (list_files(dir, &files, err) != 0) {
		free(dir);
		return -1;
	}

	struct buf key = {0};
	bool keyed = cache_key(dir, &files, &key);
	if (keyed && !(flags & KB_LOAD_FRESH)) {
		struct kb *kb = kb_cache_load(dir, &key);
		if (kb && load_ranges(kb, err) == 0) {
			free(dir);
			buf_free(&key);
			strlist_free(&files);
			*out = kb;
			return 0;
		}
		kb_free(kb);
		free(*err);
		*err = NULL;
	}

	struct loader ld = {0};
	ld.kb = xcalloc(1, sizeof *ld.kb);
	ld.kb->dir = dir;
	int status = -1;
	xmlRelaxNGPtr rng = kb_xml_schema(dir, err);
	if (!rng)
		goto out;
	for (size_t i = 0; i < files.n; i++) {
		char *path = xasprintf("%s/%s", dir, files.v[i]);
		ld.path = path;
		ld.base = files.v[i];
		int r = read_file(&ld, rng, err);
		free(path);
		if (r != 0)
			goto out;
	}
	if (sort_and_check_unique(ld.kb, err) != 0 || resolve(&ld, err) != 0)
		goto out;
	if (load_ranges(ld.kb, err) != 0)
		goto out;
	if (keyed)
		kb_cache_store(ld.kb, dir, &key);
	status = 0;
out:
	buf_free(&key);
	xmlRelaxNGFree(rng);
	free(ld.syntax_err);
	free(ld.refs);
	strlist_free(&files);
	if (status == 0) {
		*out = ld.kb;
	} else {
		kb_free(ld.kb);
	}
	return status;
}

static void node_free(struct kb_node *n)
{
	free(n->id);
	free(n->file);
	free(n->text);
	free(n->why);
	free(n->fact);
	free(n->logs);
	for (size_t i = 0; i < n->n_choices; i++) {
		free(n->choices[i].when);
		free(n->choices[i].next);
		free(n->choices[i].label);
		free(n->choices[i].log);
	}
	free(n->choices);
	free(n->title);
	free(n->summary);
	for (size_t i = 0; i < n->n_blocks; i++) {
		free(n->blocks[i].text);
		free(n->blocks[i].lang);
		free(n->blocks[i].file);
		free(n->blocks[i].context);
		free(n->blocks[i].platform);
		free(n->blocks[i].unchecked);
	}
	free(n->blocks);
	for (size_t i = 0; i < n->n_verify; i++)
		free(n->verify[i]);
	free(n->verify);
}

void kb_free(struct kb *kb)
{
	if (!kb)
		return;
	for (size_t i = 0; !kb->cached && i < kb->n_entries; i++) {
		struct kb_entry *e = &kb->entries[i];
		free(e->code);
		free(e->name);
		free(e->meaning);
		free(e->generated);
		free(e->generators);
		free(e->rfc);
		free(e->tree);
		free(e->family);
		free(e->file);
	}
	free(kb->entries);
	for (size_t i = 0; !kb->cached && i < kb->n_nodes; i++)
		node_free(&kb->nodes[i]);
	free(kb->nodes);
	kb_cache_release(kb->cached);
	free(kb->dir);
	if (kb->ranges) {
		cfranges_free(kb->ranges);
		free(kb->ranges);
	}
	free(kb);
}

const char *kb_default_dir(void)
{
	return data_dir("HTTPDOC_KB_DIR", KBDIR, "kb");
}

static int entry_key_cmp(const void *key, const void *elem)
{
	return code_cmp(key, ((const struct kb_entry *)elem)->code);
}

static int node_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kb_node *)elem)->id);
}

const struct kb_entry *kb_entry_find(const struct kb *kb, const char *code)
{
	if (!kb || !code || !kb->n_entries)
		return NULL;
	return bsearch(code, kb->entries, kb->n_entries, sizeof *kb->entries, entry_key_cmp);
}

const struct kb_node *kb_node_find(const struct kb *kb, const char *id)
{
	if (!kb || !id || !kb->n_nodes)
		return NULL;
	return bsearch(id, kb->nodes, kb->n_nodes, sizeof *kb->nodes, node_key_cmp);
}

const char *kb_tr(const char *s)
{
	/* gettext("") is the catalog header, never a translation. */
	if (!s || !*s)
		return s;
	return dgettext(PACKAGE, s);
}
