/* serverlogs.c: which logs speak for a probe, read around it. */
#include <config.h>
#include "serverlogs.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "localhost.h"
#include "logfind.h"
#include "logread.h"

struct serverlogs {
	struct log_watch *watch;
	bool given;
	struct log_found found;         /* what was discovered; its i-th candidate is the watch's */
	size_t *watch_of;               /* found.v[i] -> index in watch, or SIZE_MAX */
	struct log_read_options read;
};

struct serverlogs *serverlogs_begin(const struct serverlogs_options *o)
{
	if (o->off)
		return NULL;
	struct serverlogs *s = xcalloc(1, sizeof *s);
	s->watch = log_watch_new();
	if (o->kb)
		s->read.recent_minutes = logmatch_recent_kinds(o->kb, s->read.recent);
	if (o->paths && o->paths->n) {
		s->given = true;
		for (size_t i = 0; i < o->paths->n; i++)
			log_watch_add(s->watch, o->paths->v[i], LOG_UNKNOWN);
		return s;
	}
	logfind_discover(&s->found);
	s->watch_of = xcalloc(s->found.n + 1, sizeof *s->watch_of);
	for (size_t i = 0; i < s->found.n; i++) {
		const struct log_candidate *c = &s->found.v[i];
		s->watch_of[i] = log_watch_add(s->watch, c->path, c->kind) ? log_watch_count(s->watch) - 1 : SIZE_MAX;
	}
	return s;
}

void serverlogs_free(struct serverlogs *s)
{
	if (!s)
		return;
	log_watch_free(s->watch);
	log_found_free(&s->found);
	free(s->watch_of);
	free(s);
}

/* A short process name of a web server whose logs httpdoc reads. */
static bool is_web_server(const char *comm)
{
	return log_family_of(comm) != LOG_FAMILY_ANY;
}

/* The server that answered: its main process and family. pid 0: unknown. */
struct answerer {
	pid_t pid;
	enum log_family family;
	bool nothing_listens;
};

static struct answerer who_answered(const struct serverlogs *s, const struct response *r, int port,
				    const char *server)
{
	struct answerer a = {0, log_family_of(server), false};
	pid_t owner = localhost_listener(r->primary_ip, port, s->found.servers, s->found.n_servers,
					 is_web_server);
	if (owner == LOCALHOST_OTHER_PROGRAM) {
		a.pid = -1;     /* a program that is no web server httpdoc knows */
		return a;
	}
	if (owner < 0) {
		a.nothing_listens = true;
		return a;
	}
	if (owner == 0)
		return a;       /* not ours to see: the response's words decide */
	a.pid = logfind_main_process(owner);
	struct proc_info p;
	if (localhost_proc(a.pid, &p)) {
		a.family = log_family_of(p.comm);
		proc_info_free(&p);
	}
	if (a.family == LOG_FAMILY_ANY)
		a.pid = -1;     /* a program that is no web server httpdoc knows */
	return a;
}

/* Keep the candidates that belong to the server that answered. */
static void keep_answerers(struct serverlogs *s, const struct answerer *a)
{
	bool config_logs = false, backend_config = false;
	for (size_t i = 0; i < s->found.n; i++) {
		const struct log_candidate *c = &s->found.v[i];
		config_logs |= a->pid > 0 && c->pid == a->pid && c->family != LOG_FAMILY_ANY;
		backend_config |= c->pid && c->family == LOG_FAMILY_ANY;
	}
	for (size_t i = 0; i < s->found.n; i++) {
		const struct log_candidate *c = &s->found.v[i];
		bool keep;
		if (a->pid < 0)
			keep = false;
		else if (c->family == LOG_FAMILY_ANY)
			/* php-fpm, PHP: behind any of them; the standard places only
			 * when no running php-fpm says where it writes. */
			keep = c->pid || !backend_config;
		else if (a->pid > 0 && config_logs)
			keep = c->pid == a->pid;
		else
			keep = a->family == LOG_FAMILY_ANY || c->family == a->family;
		if (!keep && s->watch_of[i] != SIZE_MAX)
			log_watch_drop(s->watch, s->watch_of[i]);
	}
}

/* The request as the logs name it: method, every target of the chain, host, our end. */
static void describe_request(struct log_request *q, const struct probe_options *po, const struct response *r,
			     bool direct)
{
	q->method = xstrdup(po && po->method ? po->method : "GET");
	char *host = NULL, *target = NULL;
	int port;
	if (r->url && probe_url_parts(r->url, &host, &port, &target) == 0) {
		q->host = host;
		strlist_add(&q->targets, target);
		free(target);
	}
	/* The host the server saw: the last hop's, or a Host header given with -H. */
	char *last = NULL;
	if (r->final_url && probe_url_parts(r->final_url, &last, &port, &target) == 0) {
		free(q->host);
		q->host = last;
		if (!strlist_contains(&q->targets, target))
			strlist_add(&q->targets, target);
		free(target);
	}
	for (size_t i = 0; po && i < po->headers.n; i++) {
		const char *h = po->headers.v[i];
		if (strncasecmp(h, "host:", 5) != 0)
			continue;
		const char *v = h + 5 + strspn(h + 5, " \t");
		size_t n = *v == '[' ? strcspn(++v, "]") : strcspn(v, ": \t");
		free(q->host);
		q->host = xstrndup(v, n);
		for (char *c = q->host; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	}
	for (size_t i = 0; i < r->n_redirects; i++) {
		char *h = NULL, *t = NULL;
		if (r->redirects[i].location && probe_url_parts(r->redirects[i].location, &h, &port, &t) == 0 &&
		    !strlist_contains(&q->targets, t))
			strlist_add(&q->targets, t);
		free(h);
		free(t);
	}
	q->direct = direct;
	if (direct) {
		q->local_ip = xstrdup(r->local_ip);
		q->local_port = r->local_port;
	}
}

/* Whether r's address is this machine's: a new evidence with the address
 * and local set (and, for a refused connection here, who listens on the
 * port), or local unset when it is another machine's; NULL when unknown (no
 * address: a name that did not resolve). *port: the port of the URL that
 * answered. */
static struct local_evidence *here_evidence(const struct response *r, int *port)
{
	char *host = NULL, *target = NULL;
	*port = 0;
	/* The last request of the chain is the one that answered (or failed). */
	const char *url = r->final_url ? r->final_url : r->url;
	if (url)
		probe_url_parts(url, &host, port, &target);
	free(target);
	bool known = r->primary_ip != NULL;
	char *addr = NULL;
	if (r->primary_ip)
		addr = localhost_is_local(r->primary_ip) ? xstrdup(r->primary_ip) : NULL;
	else if (r->transport == TRANSPORT_CONNECT)
		/* A refused connection leaves libcurl with no address: resolve the name. */
		addr = localhost_resolve_local(host, &known);
	if (!known) {
		free(host);
		return NULL;
	}
	struct local_evidence *e = xcalloc(1, sizeof *e);
	e->listening = LISTEN_UNKNOWN;
	e->local = addr != NULL;
	e->address = addr ? addr : xstrdup(r->primary_ip ? r->primary_ip : host);
	free(host);
	if (e->local && r->transport == TRANSPORT_CONNECT && *port)
		e->listening = localhost_listening("/proc/net", *port, &e->listening_evidence);
	return e;
}

struct local_evidence *serverlogs_here(const struct response *r)
{
	int port;
	return here_evidence(r, &port);
}

struct local_evidence *serverlogs_end(struct serverlogs *s, const struct probe_options *po,
				      const struct response *r, const char *server)
{
	if (!s)
		return NULL;
	int port;
	struct local_evidence *e = here_evidence(r, &port);
	if (!s->given && (!e || !e->local))
		return e;       /* another machine's: its logs are not here */
	if (!e) {
		e = xcalloc(1, sizeof *e);
		e->listening = LISTEN_UNKNOWN;
	}
	bool local = e->local;
	e->given = s->given;
	if (!s->given) {
		struct answerer a = who_answered(s, r, port, server);
		if (a.nothing_listens)
			a.pid = -1;     /* nothing answered: no server's log speaks */
		keep_answerers(s, &a);
		for (size_t i = 0; i < s->found.n_pools; i++) {
			e->logs.pools = xrealloc(e->logs.pools, (e->logs.n_pools + 1) * sizeof *e->logs.pools);
			const struct log_pool *q = &s->found.pools[i];
			e->logs.pools[e->logs.n_pools++] = (struct log_pool){xstrdup(q->name), xstrdup(q->listen),
									     xstrdup(q->log)};
		}
	}
	log_watch_collect(s->watch, &s->read, &e->logs);
	describe_request(&e->logs.req, po, r, local);
	return e;
}
