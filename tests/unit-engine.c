/* unit-engine.c: the decision engine and the headless diagnosis, on the
 * fixture tests/data/kb-engine: facts answer what they can, the person the
 * rest; going back; the advice still possible; where a probe starts. */
#include <config.h>
#include "engine.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diagnosis.h"
#include "tap.h"
#include "util.h"

static struct kb *kb;

/* facts_of("name", "value", ..., NULL) */
static struct facts *facts_of(const char *name, ...)
{
	struct facts *f = facts_new();
	va_list ap;
	va_start(ap, name);
	for (const char *n = name; n; n = va_arg(ap, const char *))
		facts_set(f, n, va_arg(ap, const char *));
	va_end(ap);
	return f;
}

static const char *current_id(const struct engine *e)
{
	return e ? engine_current(e)->id : "(no engine)";
}

static struct engine *start_403(const struct facts *f)
{
	return engine_new(kb, f, kb_node_find(kb, "403-start"));
}

static size_t path_len(const struct engine *e)
{
	size_t n;
	engine_path(e, &n);
	return n;
}

static void test_walk_by_facts(void)
{
	struct facts *f = facts_of("cloudflare.branded", "false", "server", "nginx", NULL);
	struct engine *e = start_403(f);
	is_str(current_id(e), "403-nginx-log", "branded=false, server=nginx: stops at the question no fact answers");
	is_int(engine_state(e), ENGINE_ASKING, "asking there");
	size_t n;
	const struct engine_step *p = engine_path(e, &n);
	is_int(n, 2, "two questions answered");
	ok(n == 2 && p[0].by == ANSWER_BY_PROBE && p[1].by == ANSWER_BY_PROBE, "both by the probe");
	ok(n == 2 && p[1].evidence && strcmp(p[1].evidence, "server = nginx") == 0,
	   "a fact set without evidence is shown as 'fact = value'");
	ok(n == 2 && p[0].choice == 1 && strcmp(p[1].question->id, "403-server") == 0 && p[1].choice == 0,
	   "the path records the choices the facts picked");

	ok(engine_answer(e, 0) == 0, "answer 'Yes'");
	is_str(current_id(e), "403-a-perm", "reaches the advice");
	is_int(engine_state(e), ENGINE_ADVICE, "state is advice");
	p = engine_path(e, &n);
	ok(n == 3 && p[2].by == ANSWER_BY_USER && !p[2].evidence,
	   "the person's answer is recorded as theirs, with no evidence");
	is_int(engine_answer(e, 0), -1, "no answering at advice");

	ok(engine_back(e) == 0, "back");
	is_str(current_id(e), "403-nginx-log", "back at the question the person answered");
	is_int(path_len(e), 2, "the probe's answers stay");
	is_int(engine_back(e), -1, "no further back: the probe answered the rest");
	is_int(engine_answer(e, 3), -1, "choice out of range refused");
	is_str(current_id(e), "403-nginx-log", "still there");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "false", "server", "NGINX", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-nginx-log", "fact values match case-insensitively");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "false", "server", "openresty", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-nginx-log", "any token of a when list matches");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "false", "server", "apache", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-a-apache", "facts alone reach advice");
	is_int(engine_state(e), ENGINE_ADVICE, "advice reached without a question");
	is_int(engine_back(e), -1, "nothing to go back to");
	engine_free(e);
	facts_free(f);
}

static void test_unknown_and_star(void)
{
	struct facts *f = facts_new();
	struct engine *e = start_403(f);
	is_str(current_id(e), "403-start", "unknown fact: the first question is asked");
	is_int(path_len(e), 0, "nothing answered");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "false", "server", "caddy", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-server", "a value no choice names (and no '*'): asked");
	is_int(path_len(e), 1, "one answered by the probe");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "true", "cloudflare.page", "error", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-a-cf-other", "'*' takes any other known value");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "true", "cloudflare.page", "block", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-a-block", "an exact value wins over '*'");
	engine_free(e);
	facts_free(f);

	f = facts_of("cloudflare.branded", "maybe", NULL);
	e = start_403(f);
	is_str(current_id(e), "403-start", "a value no choice names, no '*': asked");
	engine_free(e);
	facts_free(f);

	ok(engine_new(kb, NULL, NULL) == NULL, "no start node: no engine");
}

static void test_back_replays(void)
{
	struct facts *f = facts_of("server", "nginx", NULL);
	struct engine *e = start_403(f);
	is_str(current_id(e), "403-start", "branded unknown: asked first");
	ok(engine_answer(e, 1) == 0, "the person says: my server wrote it");
	is_str(current_id(e), "403-nginx-log", "then the probe answers which server");
	size_t n;
	const struct engine_step *p = engine_path(e, &n);
	ok(n == 2 && p[0].by == ANSWER_BY_USER && p[1].by == ANSWER_BY_PROBE,
	   "path: the person's answer, then the probe's");
	ok(engine_back(e) == 0, "back");
	is_str(current_id(e), "403-start", "back past the probe's answer to the person's question");
	is_int(path_len(e), 0, "the probe's later answer dropped");
	ok(engine_answer(e, 1) == 0, "answer again");
	is_str(current_id(e), "403-nginx-log", "the probe's answer replayed");
	is_int(path_len(e), 2, "two steps again");
	ok(engine_answer(e, 0) == 0 && engine_back(e) == 0 && engine_back(e) == 0, "back twice");
	is_str(current_id(e), "403-start", "at the start after two backs");
	is_int(engine_back(e), -1, "and no further");
	engine_free(e);
	facts_free(f);
}

static void test_candidates(void)
{
	struct facts *f = facts_new();
	struct engine *e = start_403(f);
	const struct kb_node *out[16];
	size_t n = engine_candidates(e, out, 16);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", out[i]->id);
	is_str(b.data, "403-a-block 403-a-challenge 403-a-cf-other 403-a-perm 403-a-nginx-rule "
		       "403-a-generic 403-a-apache",
	       "candidates: every advice once, in tree order");
	buf_free(&b);
	is_int(engine_candidates(e, out, 2), 2, "candidates: at most max");
	engine_free(e);

	struct facts *g = facts_of("cloudflare.branded", "false", "server", "apache", NULL);
	e = start_403(g);
	ok(engine_candidates(e, out, 16) == 1 && out[0] == engine_current(e), "at advice: itself");
	engine_free(e);
	facts_free(g);
	facts_free(f);
}

static void test_loop_guard(void)
{
	const char *data = getenv("TESTS_DATA");
	char *dir = xasprintf("%s/kb-bad/auto-loop", data);
	struct kb *loop;
	char *err = NULL;
	if (kb_load(dir, &loop, &err) != 0) {
		ok(0, "auto-loop fixture loads: %s", err);
		free(err);
		free(dir);
		return;
	}
	struct facts *f = facts_of("status", "500", NULL);
	struct engine *e = engine_new(loop, f, kb_entry_find(loop, "500")->start);
	ok(e && engine_state(e) == ENGINE_ASKING, "a cycle answered by facts stops, asking");
	size_t n;
	engine_path(e, &n);
	ok(n > 0 && n <= 256, "after a bounded number of steps (%zu)", n);
	const struct kb_node *out[4];
	ok(engine_candidates(e, out, 4) == 1 && strcmp(out[0]->id, "500-fix") == 0,
	   "candidates through a cycle terminate");
	engine_free(e);
	facts_free(f);
	kb_free(loop);
	free(dir);
}

static void entry_for_is(const char *want, const char *what, struct facts *f)
{
	const struct kb_entry *e = engine_entry_for(kb, f);
	is_str(e ? e->code : NULL, want, "entry for %s", what);
	facts_free(f);
}

static void test_entry_for(void)
{
	entry_for_is("dns", "transport.kind=dns", facts_of("transport.kind", "dns", NULL));
	entry_for_is("too-many-redirects", "transport.kind=too_many_redirects",
		     facts_of("transport.kind", "too_many_redirects", "redirects.count", "10", NULL));
	entry_for_is(NULL, "a transport failure with no entry",
		     facts_of("transport.kind", "timeout", NULL));
	entry_for_is("1020", "Cloudflare 1020 over status 403",
		     facts_of("transport.kind", "none", "status", "403", "status.class", "4xx",
			      "cloudflare.error_code", "1020", NULL));
	entry_for_is("403", "Cloudflare 1000 (no tree) falls to the status",
		     facts_of("status", "403", "cloudflare.error_code", "1000", NULL));
	entry_for_is("403", "error_code 'none'",
		     facts_of("status", "403", "cloudflare.error_code", "none", NULL));
	entry_for_is("403.14", "IIS 403.14 over 403",
		     facts_of("status", "403", "iis_substatus", "403.14", NULL));
	entry_for_is("403", "an IIS sub-status without an entry",
		     facts_of("status", "403", "iis_substatus", "403.99", NULL));
	entry_for_is("4xx", "404 without a tree: the class tree",
		     facts_of("status", "404", "status.class", "4xx", NULL));
	entry_for_is("4xx", "the class derived from the status",
		     facts_of("status", "418", NULL));
	entry_for_is("101", "101: no tree, no class tree: the explanation",
		     facts_of("status", "101", "status.class", "1xx", NULL));
	entry_for_is(NULL, "302 with nothing in the KB", facts_of("status", "302", NULL));
	entry_for_is(NULL, "no facts", facts_new());
}

static void test_diagnosis(void)
{
	struct diagnosis d;
	diagnosis_init(&d);
	struct facts *f = facts_of("status", "403", "cloudflare.branded", "false", "server", "apache", NULL);
	diagnose(kb, f, &d);
	ok(d.entry && strcmp(d.entry->code, "403") == 0, "diagnosis: entry 403");
	ok(d.reached_advice, "diagnosis: advice reached");
	is_str(d.node_id, "403-a-apache", "diagnosis: node");
	is_str(d.title, "Check Require directives", "diagnosis: the advice's title");
	is_str(d.summary, "The server refuses the request.", "diagnosis: no advice summary: the meaning");
	is_int(d.n_answered, 2, "diagnosis: two answers");
	ok(d.n_answered == 2 && d.answered[1].by == ANSWER_BY_PROBE &&
	   strcmp(d.answered[1].question, "Which web server answers?") == 0 &&
	   strcmp(d.answered[1].answer, "Apache") == 0, "diagnosis: question text and chosen label");
	is_int(d.open_questions.n, 0, "diagnosis: nothing open");
	ok(d.advice.n == 1 && strcmp(d.advice.v[0], "Look for Require all denied.") == 0,
	   "diagnosis: the advice's step");
	diagnosis_free(&d);
	facts_free(f);

	diagnosis_init(&d);
	f = facts_of("status", "403", "cloudflare.branded", "false", "server", "nginx", NULL);
	diagnose(kb, f, &d);
	ok(!d.reached_advice, "diagnosis: stopped at a question");
	is_str(d.node_id, "403-nginx-log", "diagnosis: the question's node");
	is_str(d.title, "Forbidden", "diagnosis: the entry's name as title");
	ok(d.open_questions.n == 1 &&
	   strcmp(d.open_questions.v[0], "Does nginx's error log say \"permission denied\"?") == 0,
	   "diagnosis: the open question");
	ok(d.advice.n == 3 && strcmp(d.advice.v[0], "Fix file permissions") == 0 &&
	   strcmp(d.advice.v[2], "Check the server's access rules") == 0,
	   "diagnosis: the titles of the advice still possible");
	diagnosis_free(&d);
	facts_free(f);

	diagnosis_init(&d);
	f = facts_of("status", "403", "iis_substatus", "403.14", NULL);
	diagnose(kb, f, &d);
	is_str(d.title, "Add a default document", "diagnosis: IIS sub-status advice");
	diagnosis_free(&d);
	facts_free(f);

	/* The advice lines keep snippets and commands as written. */
	diagnosis_init(&d);
	struct kb_entry *e403 = (struct kb_entry *)kb_entry_find(kb, "403");
	const struct kb_node *saved = e403->start;
	e403->start = kb_node_find(kb, "403-a-perm");
	f = facts_of("status", "403", NULL);
	diagnose(kb, f, &d);
	ok(d.advice.n == 4 && strcmp(d.advice.v[1], "sudo chmod -R o+rX /var/www/html") == 0 &&
	   strcmp(d.advice.v[2], "user www-data;") == 0 &&
	   strcmp(d.advice.v[3], "Probe again; the status should be 200.") == 0,
	   "diagnosis: step, command, snippet, verify in order");
	is_str(d.summary, "nginx cannot read the files.", "diagnosis: the advice's summary");
	diagnosis_free(&d);
	facts_free(f);
	e403->start = saved;

	diagnosis_init(&d);
	f = facts_of("status", "101", NULL);
	diagnose(kb, f, &d);
	ok(d.entry && !d.node && !d.node_id && !d.reached_advice, "diagnosis: an entry without a tree");
	is_str(d.title, "Switching Protocols", "diagnosis: its name");
	is_str(d.summary, "The server agreed to change protocol.", "diagnosis: its meaning");
	diagnosis_free(&d);
	facts_free(f);

	diagnosis_init(&d);
	f = facts_of("status", "302", NULL);
	diagnose(kb, f, &d);
	ok(!d.entry && !d.node && !d.title && !d.summary && !d.n_answered && !d.advice.n &&
	   !d.open_questions.n, "diagnosis: nothing fits: everything empty");
	diagnosis_free(&d);
	facts_free(f);
}

/* A fact's source and evidence travel with the answer it gives. */
static void test_evidence(void)
{
	struct facts *f = facts_of("status", "403", "cloudflare.branded", "false", NULL);
	facts_set_from(f, "server", "apache", ANSWER_BY_PROBE, "header server: Apache/2.4.57 (Debian)");
	struct diagnosis d;
	diagnosis_init(&d);
	diagnose(kb, f, &d);
	ok(d.n_answered == 2 && d.answered[0].evidence &&
	   strcmp(d.answered[0].evidence, "cloudflare.branded = false") == 0,
	   "evidence of a plain fact: 'fact = value'");
	ok(d.n_answered == 2 && d.answered[1].evidence &&
	   strcmp(d.answered[1].evidence, "header server: Apache/2.4.57 (Debian)") == 0,
	   "evidence given with the fact is the answer's evidence");
	diagnosis_free(&d);

	/* The same fact from a log: the answer says so. */
	facts_set_from(f, "server", "apache", ANSWER_BY_LOG, "/var/log/apache2/error.log:12: [core:error] AH00037");
	diagnosis_init(&d);
	diagnose(kb, f, &d);
	ok(d.n_answered == 2 && d.answered[1].by == ANSWER_BY_LOG, "an answer from a log is by the log");
	is_str(d.n_answered == 2 ? d.answered[1].evidence : NULL,
	       "/var/log/apache2/error.log:12: [core:error] AH00037", "with its line as evidence");
	is_str(answer_by_name(d.answered[1].by), "log", "JSON name 'log'");
	diagnosis_free(&d);

	/* facts_set changes the value but keeps who said it. */
	facts_set(f, "server", "apache");
	is_int(facts_by(f, "server"), ANSWER_BY_LOG, "facts_set keeps the source");
	is_str(facts_evidence(f, "server"), "/var/log/apache2/error.log:12: [core:error] AH00037",
	       "facts_set keeps the evidence");
	is_int(facts_by(f, "status"), ANSWER_BY_PROBE, "a plain fact is the probe's");
	ok(facts_evidence(f, "status") == NULL && facts_evidence(f, "nope") == NULL, "no evidence: NULL");
	facts_free(f);
}

/* A log question is answered by the fact "log.ID", the index of the choice a
 * line of the server's log selected; anything else leaves it to the person. */
static void test_log_question(void)
{
	struct facts *f = facts_of("cloudflare.branded", "false", "server", "nginx", NULL);
	char *name = facts_log_name("403-nginx-log");
	is_str(name, "log.403-nginx-log", "a log question's fact is log.ID");
	facts_set_from(f, name, "1", ANSWER_BY_LOG,
		       "/var/log/nginx/error.log:7: access forbidden by rule, client: 127.0.0.1");
	struct engine *e = start_403(f);
	is_str(current_id(e), "403-a-nginx-rule", "the log's choice leads on to the advice");
	size_t n;
	const struct engine_step *p = engine_path(e, &n);
	ok(n == 3 && p[2].by == ANSWER_BY_LOG && p[2].choice == 1, "answered by the log, choice 2");
	is_str(n == 3 ? p[2].evidence : NULL,
	       "/var/log/nginx/error.log:7: access forbidden by rule, client: 127.0.0.1",
	       "with the log line as evidence");
	is_int(engine_back(e), -1, "nothing the person answered to go back to");
	engine_free(e);

	const char *bad[] = {"3", "-1", "x", "", "1x", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		facts_set(f, name, bad[i]);
		e = start_403(f);
		is_str(current_id(e), "403-nginx-log", "a value that is no choice ('%s'): the person is asked",
		       bad[i]);
		engine_free(e);
	}
	free(name);
	facts_free(f);
}

/* The probe's facts carry what shows them. */
static void test_probe_evidence(void)
{
	struct response r;
	response_init(&r);
	r.url = xstrdup("http://shop.example/");
	r.status = 503;
	r.reason = xstrdup("Service Unavailable");
	r.http_version = xstrdup("1.1");
	r.tls_verified = true;
	response_add_header(&r, "Retry-After", 11, "120", 3);
	response_add_redirect(&r, 301, "https://shop.example/");
	struct classification c;
	classification_init(&c);
	c.server = xstrdup("nginx");
	c.server_evidence = xstrdup("body footer <center>nginx</center>");
	struct facts *f = facts_from_probe(&r, &c);
	is_str(facts_evidence(f, "status"), "HTTP/1.1 503 Service Unavailable", "status: the status line");
	is_str(facts_evidence(f, "header.retry-after"), "header retry-after: 120", "a header: its line");
	is_str(facts_evidence(f, "server"), "body footer <center>nginx</center>", "server: what named it");
	is_str(facts_evidence(f, "redirects.to_https"), "http://shop.example/ -> 301 https://shop.example/",
	       "to_https: the hop that went to https");
	facts_add_address(f, "104.16.0.1", 1);
	is_str(facts_evidence(f, "address.cloudflare"), "104.16.0.1 is in Cloudflare's published ranges",
	       "address.cloudflare: the address");
	facts_free(f);
	classification_free(&c);
	response_free(&r);
}

int main(void)
{
	const char *data = getenv("TESTS_DATA");
	if (!data || !*data)
		tap_skip_all("TESTS_DATA is not set (run through make check)");
	char *dir = xasprintf("%s/kb-engine", data), *err = NULL;
	if (kb_load(dir, &kb, &err) != 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	free(dir);
	test_walk_by_facts();
	test_unknown_and_star();
	test_back_replays();
	test_candidates();
	test_loop_guard();
	test_entry_for();
	test_diagnosis();
	test_evidence();
	test_log_question();
	test_probe_evidence();
	kb_free(kb);
	return tap_done();
}
