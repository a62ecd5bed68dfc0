/* logmatch.c: the knowledge base's log questions answered from the lines a
 * probe's own request caused. Pure: regcomp/regexec over lines in memory. */
#include <config.h>
#include "logmatch.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ evidence */

void log_evidence_free(struct log_evidence *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n_files; i++) {
		free(ev->files[i].path);
		free(ev->files[i].group);
	}
	free(ev->files);
	log_lines_free(&ev->lines);
	log_request_free(&ev->req);
	for (size_t i = 0; i < ev->n_pools; i++) {
		free(ev->pools[i].name);
		free(ev->pools[i].listen);
		free(ev->pools[i].log);
	}
	free(ev->pools);
	memset(ev, 0, sizeof *ev);
}

struct log_file *log_evidence_add_file(struct log_evidence *ev, const char *path, enum log_kind kind)
{
	ev->files = xrealloc(ev->files, (ev->n_files + 1) * sizeof *ev->files);
	struct log_file *f = &ev->files[ev->n_files++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->kind = kind;
	f->lines_before = -1;
	return f;
}

char *log_line_evidence(const struct log_evidence *ev, const struct log_line *l)
{
	const char *path = l->file < ev->n_files ? ev->files[l->file].path : "?";
	size_t len = strlen(l->text);
	const char *more = "";
	if (len > LOG_EVIDENCE_TEXT_MAX) {
		len = LOG_EVIDENCE_TEXT_MAX;
		/* Not in the middle of a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)l->text[len] & 0xC0) == 0x80)
			len--;
		more = "...";
	}
	if (l->lineno > 0)
		return xasprintf("%s:%lld: %.*s%s", path, l->lineno, (int)len, l->text, more);
	return xasprintf("%s: %.*s%s", path, (int)len, l->text, more);
}

/* A line that counts for this request: appended while the probe ran, and
 * naming this request or none. */
static bool ours(const struct log_evidence *ev, const struct log_line *l)
{
	return !l->recent && log_line_relation(l, &ev->req) != LOG_REL_OTHER;
}

size_t log_file_lines_ours(const struct log_evidence *ev, size_t file)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->lines.n; i++)
		n += ev->lines.v[i].file == file && ours(ev, &ev->lines.v[i]);
	return n;
}

/* ------------------------------------------------------------------ pools */

/* "fastcgi://unix:/run/php/x.sock:" -> "/run/php/x.sock"; "fastcgi://127.0.0.1:9000" -> "127.0.0.1:9000". */
static char *upstream_address(const char *u)
{
	const char *p = strstr(u, "://");
	p = p ? p + 3 : u;
	if (strncmp(p, "unix:", 5) == 0) {
		p += 5;
		size_t n = strcspn(p, ":");
		return xstrndup(p, n);
	}
	size_t n = strcspn(p, "/");
	return xstrndup(p, n);
}

/* Does a pool that listens on `listen` answer at address a? "9000" listens
 * on every address's port 9000. */
static bool listens_on(const char *listen, const char *a)
{
	if (strcmp(listen, a) == 0)
		return true;
	const char *colon = strrchr(a, ':');
	if (colon && strspn(listen, "0123456789") == strlen(listen) && strcmp(colon + 1, listen) == 0)
		return true;
	/* "localhost:9000" and "127.0.0.1:9000" are one place. */
	const char *lc = strrchr(listen, ':');
	return colon && lc && strcmp(colon, lc) == 0 &&
	       (strncmp(listen, "localhost:", 10) == 0 || strncmp(listen, "127.0.0.1:", 10) == 0 ||
		strncmp(listen, "[::1]:", 6) == 0 || strncmp(listen, "0.0.0.0:", 8) == 0) &&
	       (strncmp(a, "localhost:", 10) == 0 || strncmp(a, "127.0.0.1:", 10) == 0 ||
		strncmp(a, "[::1]:", 6) == 0);
}

const struct log_pool *log_request_pool(const struct log_evidence *ev)
{
	for (size_t i = 0; i < ev->lines.n; i++) {
		const struct log_line *l = &ev->lines.v[i];
		if (!l->upstream || !ours(ev, l) || log_line_relation(l, &ev->req) != LOG_REL_OURS)
			continue;
		char *a = upstream_address(l->upstream);
		const struct log_pool *pool = NULL;
		for (size_t k = 0; k < ev->n_pools && !pool; k++)
			if (ev->pools[k].listen && listens_on(ev->pools[k].listen, a))
				pool = &ev->pools[k];
		free(a);
		if (pool)
			return pool;
	}
	return NULL;
}

/* ------------------------------------------------------------------ patterns */

/* Every log pattern of a knowledge base, compiled once, in node and choice
 * order. */
struct logmatch {
	const struct kb *kb;
	regex_t *re;            /* one per choice of the log questions, in order */
	bool *ok;               /* compiled (kb check refuses the others) */
	size_t n;
};

struct logmatch *logmatch_new(const struct kb *kb)
{
	struct logmatch *m = xcalloc(1, sizeof *m);
	m->kb = kb;
	for (size_t i = 0; i < kb->n_nodes; i++)
		if (kb->nodes[i].kind == KB_QUESTION && kb->nodes[i].logs)
			m->n += kb->nodes[i].n_choices;
	m->re = xcalloc(m->n + 1, sizeof *m->re);
	m->ok = xcalloc(m->n + 1, sizeof *m->ok);
	size_t k = 0;
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *q = &kb->nodes[i];
		if (q->kind != KB_QUESTION || !q->logs)
			continue;
		for (size_t c = 0; c < q->n_choices; c++, k++)
			m->ok[k] = q->choices[c].log &&
				   regcomp(&m->re[k], q->choices[c].log, REG_EXTENDED | REG_NOSUB) == 0;
	}
	return m;
}

void logmatch_free(struct logmatch *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (m->ok[i])
			regfree(&m->re[i]);
	free(m->re);
	free(m->ok);
	free(m);
}

/* ------------------------------------------------------------------ matching */

/* One evidence being matched: each line's relation to the request, worked
 * out once. */
struct match {
	const struct log_evidence *ev;
	unsigned char *rel;     /* enum log_relation, by line */
	const char *pool;       /* the php-fpm pool of this request, or NULL */
	bool *silent;           /* by file: another php-fpm master's log, which says nothing of this request */
};

struct question_logs {
	bool kinds[LOG_KIND_COUNT];
	enum log_kind order[LOG_KIND_COUNT];    /* as the question names them: the first is preferred */
	size_t n_order;
	bool any_read;          /* at least one log of those kinds was read */
	bool all_read;          /* and none of them could not be */
};

static void kinds_of(const struct kb_node *q, const struct match *mt, struct question_logs *ql)
{
	const struct log_evidence *ev = mt->ev;
	memset(ql, 0, sizeof *ql);
	char *copy = xstrdup(q->logs), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		enum log_kind k = log_kind_parse(t);
		if (k != LOG_UNKNOWN && !ql->kinds[k] && ql->n_order < LOG_KIND_COUNT)
			ql->order[ql->n_order++] = k;
		ql->kinds[k] = true;
	}
	free(copy);
	ql->kinds[LOG_UNKNOWN] = false;
	ql->all_read = true;
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		if (!ql->kinds[f->kind] || mt->silent[i])
			continue;
		if (f->state == LOG_STATE_READ)
			ql->any_read = true;
		else
			ql->all_read = false;
	}
}

/* A php-fpm line about another pool does not speak for this request's. */
static bool pool_fits(const struct match *mt, const struct log_line *l)
{
	return !mt->pool || !l->pool || strcmp(mt->pool, l->pool) == 0;
}

/* Does line i count for choice c? */
static bool line_counts(const struct match *mt, const struct question_logs *ql, const struct kb_choice *c,
			size_t i)
{
	const struct log_line *l = &mt->ev->lines.v[i];
	if (!ql->kinds[l->kind] || !pool_fits(mt, l) || mt->rel[i] == LOG_REL_OTHER || mt->silent[l->file])
		return false;
	if (!l->recent)
		return true;
	/* The recent past: a warning written once when a state began. */
	if (!c->log_recent || l->when < 0)
		return false;
	long long from = mt->ev->now - (long long)c->log_recent * 60;
	return l->when >= from && l->when <= mt->ev->now + 60;
}

/* The line that selects choice c (its pattern compiled as re), or NULL:
 * from the log kind the question names first, the newest such line (the
 * one closest to this request). */
static const struct log_line *choice_line(const struct match *mt, const struct question_logs *ql,
					  const struct kb_choice *c, const regex_t *re)
{
	const struct log_lines *ls = &mt->ev->lines;
	for (size_t k = 0; k < ql->n_order; k++)
		for (size_t i = ls->n; i-- > 0;)
			if (ls->v[i].kind == ql->order[k] && line_counts(mt, ql, c, i) &&
			    regexec(re, ls->v[i].text, 0, NULL, 0) == 0)
				return &ls->v[i];
	return NULL;
}

static void answer(struct facts *facts, const struct kb_node *q, size_t choice, const char *evidence)
{
	char *name = facts_log_name(q->id);
	char value[24];
	snprintf(value, sizeof value, "%zu", choice);
	facts_set_from(facts, name, value, ANSWER_BY_LOG, evidence);
	free(name);
}

/* "FILE, FILE: nothing logged for this request": the logs that were read. */
static char *nothing_evidence(const struct match *mt, const struct question_logs *ql)
{
	const struct log_evidence *ev = mt->ev;
	struct buf b = {0};
	for (size_t i = 0; i < ev->n_files; i++) {
		const struct log_file *f = &ev->files[i];
		if (ql->kinds[f->kind] && f->state == LOG_STATE_READ && !mt->silent[i])
			buf_printf(&b, "%s%s", b.len ? ", " : "", f->path);
	}
	buf_puts(&b, ": nothing logged for this request");
	return buf_steal(&b);
}

/* re, ok: the compiled patterns of q's choices. */
static void answer_question(const struct kb_node *q, const regex_t *re, const bool *ok,
			    const struct match *mt, struct facts *facts)
{
	const struct log_evidence *ev = mt->ev;
	struct question_logs ql;
	kinds_of(q, mt, &ql);
	if (!ql.any_read)
		return;
	for (size_t i = 0; i < q->n_choices; i++) {
		const struct kb_choice *c = &q->choices[i];
		if (!c->log || !ok[i])
			continue;
		const struct log_line *l = choice_line(mt, &ql, c, &re[i]);
		if (l) {
			char *e = log_line_evidence(ev, l);
			answer(facts, q, i, e);
			free(e);
			return;
		}
	}
	if (!ql.all_read)
		return;
	/* No pattern matched: what the logs hold for this request is itself an
	 * answer. A line about it is one that names it; lines that name no
	 * request (a worker started, a pool warning) are not. */
	const struct log_line *first = NULL;
	for (size_t i = 0; i < ev->lines.n && !first; i++) {
		const struct log_line *l = &ev->lines.v[i];
		if (ql.kinds[l->kind] && !l->recent && mt->rel[i] == LOG_REL_OURS && !mt->silent[l->file])
			first = l;
	}
	unsigned want = first ? KB_LOG_ELSE_OTHER : KB_LOG_ELSE_NOTHING;
	for (size_t i = 0; i < q->n_choices; i++) {
		if (!(q->choices[i].log_else & want))
			continue;
		char *e = first ? log_line_evidence(ev, first) : nothing_evidence(mt, &ql);
		answer(facts, q, i, e);
		free(e);
		return;
	}
}

void logmatch_apply_with(const struct logmatch *m, const struct log_evidence *ev, struct facts *facts)
{
	if (!ev || !ev->n_files)
		return;
	const struct log_pool *pool = log_request_pool(ev);
	struct match mt = {.ev = ev, .rel = xmalloc(ev->lines.n + 1), .pool = pool ? pool->name : NULL,
			   .silent = xcalloc(ev->n_files + 1, sizeof(bool))};
	for (size_t i = 0; i < ev->lines.n; i++)
		mt.rel[i] = (unsigned char)log_line_relation(&ev->lines.v[i], &ev->req);
	/* The request's pool names its master's log: the other masters' say nothing of it. */
	for (size_t i = 0; pool && pool->log && i < ev->n_files; i++)
		mt.silent[i] = ev->files[i].kind == LOG_PHP_FPM && strcmp(ev->files[i].path, pool->log) != 0;
	size_t k = 0;
	for (size_t i = 0; i < m->kb->n_nodes; i++) {
		const struct kb_node *q = &m->kb->nodes[i];
		if (q->kind != KB_QUESTION || !q->logs)
			continue;
		answer_question(q, m->re + k, m->ok + k, &mt, facts);
		k += q->n_choices;
	}
	free(mt.rel);
	free(mt.silent);
}

void logmatch_apply(const struct kb *kb, const struct log_evidence *ev, struct facts *facts)
{
	if (!ev || !ev->n_files)
		return;
	struct logmatch *m = logmatch_new(kb);
	logmatch_apply_with(m, ev, facts);
	logmatch_free(m);
}

unsigned logmatch_recent_kinds(const struct kb *kb, bool kinds[LOG_KIND_COUNT])
{
	unsigned longest = 0;
	memset(kinds, 0, LOG_KIND_COUNT * sizeof *kinds);
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *q = &kb->nodes[i];
		if (q->kind != KB_QUESTION || !q->logs)
			continue;
		unsigned minutes = 0;
		for (size_t c = 0; c < q->n_choices; c++)
			if (q->choices[c].log_recent > minutes)
				minutes = q->choices[c].log_recent;
		if (!minutes)
			continue;
		if (minutes > longest)
			longest = minutes;
		char *copy = xstrdup(q->logs), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			kinds[log_kind_parse(t)] = true;
		free(copy);
	}
	kinds[LOG_UNKNOWN] = false;
	return longest;
}

bool logmatch_reads(const struct kb_node *q, enum log_kind k)
{
	if (!q->logs || k == LOG_UNKNOWN)
		return false;
	const char *name = log_kind_name(k);
	size_t n = strlen(name);
	for (const char *p = q->logs; (p = strstr(p, name)); p += n)
		if ((p == q->logs || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}
