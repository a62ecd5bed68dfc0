/* unit-kb.c: loading the knowledge base: text as xgettext sees it, snippets
 * as written, codes as people type them, and every way a KB can be broken
 * reported as "file:line: what is wrong". Fixtures: tests/data/kb-*. */
#include <config.h>
#include "kb.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts.h"
#include "tap.h"
#include "util.h"

static const char *data;

static char *fixture(const char *name)
{
	return xasprintf("%s/%s", data, name);
}

static struct kb *load_ok(const char *name)
{
	char *dir = fixture(name), *err = NULL;
	struct kb *kb = NULL;
	int r = kb_load(dir, &kb, &err);
	ok(r == 0 && kb, "%s loads", name);
	if (err)
		printf("#   %s\n", err);
	free(err);
	free(dir);
	return kb;
}

static void test_sample(void)
{
	struct kb *kb = load_ok("kb-sample");
	if (!kb)
		return;
	is_int(kb->n_entries, 1, "sample: one entry");
	is_int(kb->n_nodes, 3, "sample: three nodes");
	const struct kb_entry *e = kb_entry_find(kb, "418");
	ok(e != NULL, "sample: entry 418 found");
	if (!e)
		goto out;
	is_str(e->name, "I'm a teapot", "sample: name");
	is_str(e->meaning, "A joke code & a test.", "sample: &amp; becomes & as xgettext extracts it");
	is_str(e->rfc, "RFC 2324", "sample: rfc");
	ok(e->unofficial, "sample: unofficial='yes'");
	is_str(e->generated, NULL, "sample: no <generated> is NULL");
	is_str(e->family, "sample", "sample: family");
	is_str(e->file, "sample.xml", "sample: base name of the file");
	is_int(e->line, 3, "sample: line of the entry");
	ok(e->start && strcmp(e->start->id, "q-418") == 0, "sample: tree resolved to q-418");

	const struct kb_node *q = kb_node_find(kb, "q-418");
	ok(q && q->kind == KB_QUESTION, "sample: q-418 is a question");
	if (q) {
		is_str(q->fact, "cloudflare.branded", "sample: question fact");
		is_int(q->n_choices, 2, "sample: two choices");
		is_str(q->choices[0].when, "true", "sample: choice when");
		ok(q->choices[0].target == kb_node_find(kb, "a-418-cf"), "sample: choice resolved");
		is_str(q->choices[1].label, "No, my server wrote it", "sample: choice label");
	}
	const struct kb_node *a = kb_node_find(kb, "a-418-cf");
	ok(a && a->kind == KB_ADVICE && a->n_blocks == 2, "sample: advice with a step and a snippet");
	if (a && a->n_blocks == 2) {
		is_str(a->blocks[0].text, "Check the Worker.", "sample: step collapsed over lines");
		is_int(a->blocks[1].kind, KB_SNIPPET, "sample: snippet kind");
		is_str(a->blocks[1].text, "location / {\n    return 200;\n}", "sample: snippet verbatim");
		is_str(a->blocks[1].lang, "nginx", "sample: snippet lang");
		is_str(a->blocks[1].file, "/etc/nginx/nginx.conf", "sample: snippet file");
		is_int(a->blocks[1].line, 16, "sample: a snippet knows its own line");
		is_str(a->blocks[1].context, "server", "sample: snippet context");
		is_str(a->blocks[1].platform, NULL, "sample: no platform is NULL");
		is_str(a->blocks[1].unchecked, NULL, "sample: no unchecked is NULL");
		is_int(a->n_verify, 1, "sample: one verify");
	}
	const struct kb_node *o = kb_node_find(kb, "a-418-origin");
	ok(o && o->n_blocks == 1, "sample: advice with one command");
	if (o && o->n_blocks == 1) {
		is_str(o->blocks[0].platform, "rhel", "sample: a command's platform");
		is_str(o->blocks[0].unchecked, "a test of the attribute", "sample: a command's unchecked reason");
		is_int(o->blocks[0].line, 23, "sample: a command knows its own line");
	}
	ok(kb_node_find(kb, "nope") == NULL, "unknown node id: NULL");
	ok(kb_entry_find(kb, "404") == NULL, "unknown code: NULL");
out:
	kb_free(kb);
}

/* The expected strings are what xgettext 0.21 extracts from the same file
 * with kb/its (so the run-time key equals the catalog's msgid). */
static void test_text(void)
{
	struct kb *kb = load_ok("kb-text");
	if (!kb)
		return;
	const struct kb_entry *e = kb_entry_find(kb, "404");
	ok(e != NULL, "text: entry 404");
	if (e) {
		is_str(e->name, "Not Found", "text: tab and newlines around a name");
		is_str(e->meaning, "Nothing is at this address: check links & redirects, and the <base> tag.",
		       "text: entities and a tab-indented continuation");
		is_str(e->generated, "The origin, usually.", "text: padding trimmed");
		is_str(e->generators, "origin proxy", "text: generator list collapsed");
		is_str(e->rfc, "RFC 9110, 15.5.5", "text: attribute over two lines collapsed");
	}
	const struct kb_node *a = kb_node_find(kb, "404-fix");
	ok(a && a->n_blocks == 4 && a->n_verify == 1, "text: advice has 4 blocks and a verify");
	if (a && a->n_blocks == 4 && a->n_verify == 1) {
		is_str(a->title, "Restore the page", "text: runs of spaces in a title");
		is_str(a->summary, "One line over two.", "text: summary on its own lines");
		is_str(a->blocks[0].text, "Put the file back in the document root.", "text: step");
		is_str(a->blocks[1].text,
		       "location / {\n    try_files $uri $uri/ =404;\n\n    # a <comment> & more\n}",
		       "text: snippet dedented, blank lines at the ends dropped, inner blank kept");
		is_str(a->blocks[1].file, "/etc/nginx/sites-enabled/example.conf", "text: snippet file");
		is_int(a->blocks[2].kind, KB_COMMAND, "text: command kind");
		is_str(a->blocks[2].text, "sudo nginx -t && sudo systemctl reload nginx",
		       "text: command with &amp;&amp;");
		is_str(a->blocks[2].lang, NULL, "text: a command has no lang");
		is_str(a->blocks[3].text, "pm = dynamic\npm.max_children = 30", "text: tab indentation removed");
		is_str(a->verify[0], "Probe again: the status should be 200.", "text: verify collapsed");
	}
	kb_free(kb);
}

static void test_normalise(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"1020", "1020"}, {"cf1020", "1020"}, {"CF1020", "1020"}, {"cf-1020", "1020"},
		{"403", "403"}, {" 504 ", "504"}, {"403.14", "403.14"}, {"500-13", "500.13"},
		{"4xx", "4xx"}, {"5XX", "5xx"}, {"cf522", "522"},
		{"empty_reply", "empty-reply"}, {"empty-reply", "empty-reply"},
		{"too_many_redirects", "too-many-redirects"}, {"TIMEOUT", "timeout"}, {"dns", "dns"},
		{"tls", "tls"}, {"connect", "connect"},
		{"", NULL}, {"   ", NULL}, {"hello", NULL}, {"40", NULL}, {"4033", NULL}, {"2020", NULL},
		{"403.", NULL}, {"403.1234", NULL}, {"6xx", NULL}, {"cf", NULL}, {"099", NULL},
		{"403;rm", NULL}, {"x403", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = kb_code_normalise(cases[i].in);
		is_str(got, cases[i].want, "kb_code_normalise('%s')", cases[i].in);
		free(got);
	}
	ok(kb_code_normalise(NULL) == NULL, "kb_code_normalise(NULL) is NULL");

	/* What the wizard takes as a code rather than a host name to probe. */
	static const struct {
		const char *in;
		bool code;
	} typed[] = {
		{"504", true}, {" 504 ", true}, {"1020", true}, {"403.14", true}, {"403-14", true},
		{"cf1020", true}, {"CF-1020", true}, {"cf 1020", true}, {"5029", true}, {"10.1", true},
		{"5xx", false}, {"dns", false}, {"timeout", false}, {"10.0.0.1", false},
		{"127.0.0.1:8080", false}, {"example.com", false}, {"504.example.com", false},
		{"cf", false}, {"cfa", false}, {"", false}, {"403.", false}, {".14", false},
	};
	for (size_t i = 0; i < sizeof typed / sizeof *typed; i++)
		ok(kb_code_typed(typed[i].in) == typed[i].code, "kb_code_typed('%s') is %s", typed[i].in,
		   typed[i].code ? "a code" : "not a code");
	ok(!kb_code_typed(NULL), "kb_code_typed(NULL) is false");
}

static void nearest_is(const struct kb *kb, const char *code, const char *want)
{
	struct strlist l = {0};
	kb_nearest_codes(kb, code, &l, 2);
	struct buf b = {0};
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", l.v[i]);
	is_str(b.data ? b.data : "", want, "nearest to '%s'", code);
	buf_free(&b);
	strlist_free(&l);
}

static void test_nearest(void)
{
	struct kb *kb = load_ok("kb-codes");
	if (!kb)
		return;
	struct buf order = {0};
	bool all_found = true;
	for (size_t i = 0; i < kb->n_entries; i++) {
		buf_printf(&order, "%s%s", i ? "," : "", kb->entries[i].code);
		all_found &= kb_entry_find(kb, kb->entries[i].code) == &kb->entries[i];
	}
	is_str(order.data, "403,403.18,403.19,404,417,421,500,502,1020,1023,dns,empty-reply,timeout",
	       "entries sorted numerically, names last");
	ok(all_found, "kb_entry_find finds every entry");
	buf_free(&order);
	nearest_is(kb, "1021", "1020,1023");
	nearest_is(kb, "cf1022", "1023,1020");
	nearest_is(kb, "418", "417,421");
	nearest_is(kb, "403.20", "403.19,403.18");
	nearest_is(kb, "404.7", "404");
	nearest_is(kb, "599", "502,500");
	nearest_is(kb, "302", "403,404");
	nearest_is(kb, "timout", "timeout");
	nearest_is(kb, "empty_rply", "empty-reply");
	nearest_is(kb, "xyzzy", "");
	struct strlist l = {0};
	kb_nearest_codes(kb, "1021", &l, 1);
	is_int(l.n, 1, "nearest: at most n");
	strlist_free(&l);
	kb_free(kb);
}

/* libxml2 must not print: point stderr at a file and read it back. */
static int stderr_fd = -1;
static char stderr_path[] = "/tmp/httpdoc-unit-kb.XXXXXX";

static void stderr_capture(void)
{
	int fd = mkstemp(stderr_path);
	fflush(stderr);
	stderr_fd = dup(2);
	dup2(fd, 2);
	close(fd);
}

static size_t stderr_release(void)
{
	fflush(stderr);
	dup2(stderr_fd, 2);
	close(stderr_fd);
	FILE *f = fopen(stderr_path, "r");
	size_t n = 0;
	if (f) {
		fseek(f, 0, SEEK_END);
		n = (size_t)ftell(f);
		fclose(f);
	}
	unlink(stderr_path);
	return n;
}

/* kb_load fails with an error that starts with "DIR/FILE:LINE: " and names the problem. */
static void load_fails(const char *name, const char *where, const char *what)
{
	char *dir = fixture(name), *err = NULL;
	struct kb *kb = (struct kb *)1;
	int r = kb_load(dir, &kb, &err);
	ok(r == -1 && kb == NULL && err, "%s: refused", name);
	char *prefix = xasprintf("%s/%s: ", dir, where);
	ok(err && strncmp(err, prefix, strlen(prefix)) == 0, "%s: error starts with %s", name, prefix);
	ok(err && strstr(err, what), "%s: error says '%s'", name, what);
	ok(err && !strchr(err, '\n'), "%s: error is one line", name);
	if (err)
		printf("#   %s\n", err);
	free(prefix);
	free(err);
	free(dir);
}

static void test_malformed(void)
{
	stderr_capture();
	load_fails("kb-bad/not-xml", "notes.xml:1", "Start tag expected");
	load_fails("kb-bad/not-well-formed", "4xx.xml:6", "tag mismatch");
	load_fails("kb-bad/wrong-root", "4xx.xml:3", "root element is <knowledge>, expected <kb>");
	load_fails("kb-bad/unknown-element", "4xx.xml:10", "element warning");
	load_fails("kb-bad/missing-attribute", "4xx.xml:10", "<choice> lacks the attribute 'next'");
	load_fails("kb-bad/bad-code", "4xx.xml:7", "code=\"4040\"");
	load_fails("kb-bad/bad-id", "4xx.xml:9", "next=\"404_Moved\", which is not a node id");
	load_fails("kb-bad/bad-fact", "4xx.xml:7", "fact=\"Cloudflare..branded\", which is not a fact name");
	load_fails("kb-bad/dup-id", "b.xml:8", "a second node with id 'shared-fix' (the first is at a.xml:7)");
	load_fails("kb-bad/dup-code", "b.xml:7", "a second entry for code '404' (the first is at a.xml:3)");
	load_fails("kb-bad/dangling-next", "4xx.xml:10", "'404-nowhere', which no file defines");
	load_fails("kb-bad/dangling-tree", "4xx.xml:7", "tree '404-begin', which no file defines");
	is_int(stderr_release(), 0, "libxml2 printed nothing on stderr");

	char *dir = fixture("kb-bad/empty"), *err = NULL;
	struct kb *kb;
	ok(kb_load(dir, &kb, &err) == -1 && err && strstr(err, "no knowledge-base files"),
	   "a directory without *.xml is refused");
	free(err);
	free(dir);

	char tmp[] = "/tmp/httpdoc-kb-empty.XXXXXX";
	ok(mkdtemp(tmp) != NULL, "made an empty directory");
	err = NULL;
	ok(kb_load(tmp, &kb, &err) == -1 && err && strncmp(err, tmp, strlen(tmp)) == 0 &&
	   strstr(err, "no knowledge-base files"), "an empty directory is refused, named");
	free(err);

	/* A schema in the directory wins over the default one, and is checked too. */
	char *rng = xasprintf("%s/kb.rng", tmp), *xml = xasprintf("%s/a.xml", tmp);
	FILE *f = fopen(rng, "w");
	fputs("<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">\n  <start>\n</grammar>\n", f);
	fclose(f);
	f = fopen(xml, "w");
	fputs("<kb family=\"a\"/>\n", f);
	fclose(f);
	err = NULL;
	ok(kb_load(tmp, &kb, &err) == -1 && err && strncmp(err, rng, strlen(rng)) == 0,
	   "a broken kb.rng in the directory is reported as such");
	if (err)
		printf("#   %s\n", err);
	free(err);
	unlink(rng);
	unlink(xml);
	rmdir(tmp);
	free(rng);
	free(xml);

	err = NULL;
	ok(kb_load("/nonexistent/httpdoc-kb", &kb, &err) == -1 && err &&
	   strstr(err, "/nonexistent/httpdoc-kb: ") == err && strstr(err, "No such file"),
	   "a missing directory is refused, named");
	free(err);
}

/* kb_check finds problem at DIR/where, saying what. */
static void check_finds(const char *name, const char *where, const char *what)
{
	struct kb *kb = load_ok(name);
	if (!kb)
		return;
	struct strlist p = {0};
	size_t n = kb_check(kb, &p);
	is_int(n, p.n, "%s: kb_check counts what it appends", name);
	char *prefix = xasprintf("%s/%s/%s: ", data, name, where);
	bool found = false;
	for (size_t i = 0; i < p.n && !found; i++)
		found = strncmp(p.v[i], prefix, strlen(prefix)) == 0 && strstr(p.v[i], what);
	ok(found, "%s: kb_check reports %s%s", name, prefix, what);
	free(prefix);
	strlist_free(&p);
	kb_free(kb);
}

/* Problems other than coverage (which no small fixture meets). */
static size_t graph_problems(const char *name)
{
	struct kb *kb = load_ok(name);
	if (!kb)
		return 999;
	struct strlist p = {0};
	kb_check(kb, &p);
	char *cover = xasprintf("%s: ", kb->dir);
	size_t n = 0;
	for (size_t i = 0; i < p.n; i++) {
		if (strncmp(p.v[i], cover, strlen(cover)) == 0 || strstr(p.v[i], "(one is required)"))
			continue;
		printf("#   %s\n", p.v[i]);
		n++;
	}
	free(cover);
	strlist_free(&p);
	kb_free(kb);
	return n;
}

static void test_check(void)
{
	check_finds("kb-bad/cycle", "4xx.xml:7", "cycle: 404-moved -> 404-start -> 404-moved");
	check_finds("kb-bad/auto-loop", "loop.xml:14", "cycle: 500-a -> 500-b -> 500-a");
	check_finds("kb-bad/unreachable", "4xx.xml:11", "node '404-forgotten' is not reachable");
	check_finds("kb-bad/unknown-fact", "4xx.xml:7", "unknown fact 'page.existed'");
	check_finds("kb-bad/bad-when", "4xx.xml:7", "'yes' is not a value fact 'cloudflare.branded' can take");
	is_int(graph_problems("kb-bad/unreachable"), 1, "unreachable: only the top of the dead branch");
	is_int(graph_problems("kb-sample"), 0, "sample: no graph or fact problem");
	is_int(graph_problems("kb-engine"), 0, "engine fixture: no graph or fact problem");
	is_int(graph_problems("kb-text"), 0, "text fixture: no graph or fact problem");

	struct kb *kb = load_ok("kb-engine");
	if (!kb)
		return;
	struct strlist p = {0};
	kb_check(kb, &p);
	char *dir = fixture("kb-engine");
	char *want_entry = xasprintf("%s: no entry for code '100' (required)", dir);
	char *want_sub = xasprintf("%s: no entry for code '500.100|500.1' (required)", dir);
	char *want_node = xasprintf("%s: no node 'cf-block-start' (other files point at it)", dir);
	ok(strlist_contains(&p, want_entry), "coverage: a required code without an entry");
	ok(strlist_contains(&p, want_sub), "coverage: alternatives named together");
	ok(strlist_contains(&p, want_node), "coverage: a shared anchor node");
	bool tree = false;
	for (size_t i = 0; i < p.n; i++)
		tree |= strstr(p.v[i], "engine.xml:") && strstr(p.v[i], "entry '404' has no decision tree");
	ok(tree, "coverage: an entry that needs a tree and has none");
	bool has403 = false;
	for (size_t i = 0; i < p.n; i++)
		has403 |= strstr(p.v[i], "'403'") != NULL;
	ok(!has403, "coverage: 403 is there with its tree");
	free(want_entry);
	free(want_sub);
	free(want_node);
	free(dir);
	strlist_free(&p);

	/* The fixture's five questions: three name a probe fact, one a log. */
	struct kb_stats st;
	kb_stats(kb, &st);
	is_int((long)st.questions, 5, "stats: every question counted");
	is_int((long)st.by_probe, 3, "stats: the questions with a probe fact");
	is_int((long)st.by_log, 1, "stats: the question that names logs");
	ok(facts_name_by("log.nginx.error") == ANSWER_BY_LOG && facts_name_by("server") == ANSWER_BY_PROBE &&
	   facts_name_by("logical") == ANSWER_BY_PROBE, "stats: a \"log.\" fact is the log's, any other the probe's");
	kb_free(kb);
}

int main(void)
{
	data = getenv("TESTS_DATA");
	if (!data || !*data)
		tap_skip_all("TESTS_DATA is not set (run through make check)");
	test_sample();
	test_text();
	test_normalise();
	test_nearest();
	test_malformed();
	test_check();
	is_str(kb_tr(NULL), NULL, "kb_tr(NULL)");
	is_str(kb_tr(""), "", "kb_tr(\"\") is not the catalog header");
	return tap_done();
}
