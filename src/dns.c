/* dns.c: DNS lookups on c-ares, asynchronous, with what dig would show.
 *
 * With dns_answer.c, the only files that include ares.h (and the only one
 * that includes libpsl.h). c-ares sends the questions, retries them, falls
 * back to TCP for a truncated answer; dns_answer.c reads what comes back.
 * Here: the resolvers, the lookups of a name (A and AAAA, then what a
 * failure needs), the hosts file and localhost, the sockets for the
 * caller's event loop. */
#include <config.h>
#include "dns.h"

#include <arpa/inet.h>
#include <ares.h>
#include <libpsl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "dns_int.h"
#include "util.h"


enum { Q_A, Q_AAAA, Q_CD, Q_NS, Q_COUNT };

struct waiter {
	dns_done_fn done;
	void *arg;
};

struct lookup;

/* One question in flight: its lookup, and which question it is. */
struct query {
	struct lookup *l;
	int which;
};

struct lookup {
	struct dns_resolver *res;
	struct lookup *next;
	struct dns_info info;
	bool combined;              /* A and AAAA are in */
	bool finished;
	int outstanding;            /* questions in flight */
	struct query q[Q_COUNT];
	/* the A and AAAA answers, before they are combined */
	enum dns_rcode rc[2];
	char *rc_text[2];
	struct strlist addrs[2];
	struct strlist chain[2];
	bool loop[2];
	double t0;
	struct waiter *waiters;
	size_t n_waiters;
};

struct dns_resolver {
	ares_channel channel;
	char *server;               /* as shown: "127.0.0.1#5353" or the system's list */
	bool system;
	struct lookup *lookups;
	size_t pending;
	const psl_ctx_t *psl;       /* loaded on the first NXDOMAIN */
	bool psl_tried;
	bool destroying;
};

static bool library_done;

void dns_global_cleanup(void)
{
	if (library_done)
		ares_library_cleanup();
	library_done = false;
}

static double now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

bool dns_check_server(const char *s)
{
	char addr[64];
	long port;
	bool v6;
	unsigned char buf[16];
	return addr_port_split(s, addr, sizeof addr, &port, &v6) &&
	       inet_pton(v6 ? AF_INET6 : AF_INET, addr, buf) == 1;
}

/* "127.0.0.1#5353" (dig's way of writing a server) for each configured server. */
static char *servers_text(ares_channel ch)
{
	struct ares_addr_port_node *servers = NULL;
	struct buf b = {0};
	if (ares_get_servers_ports(ch, &servers) == ARES_SUCCESS) {
		for (struct ares_addr_port_node *s = servers; s; s = s->next) {
			char a[INET6_ADDRSTRLEN] = "?";
			inet_ntop(s->family, s->family == AF_INET6 ? (const void *)&s->addr.addr6
								 : (const void *)&s->addr.addr4, a, sizeof a);
			buf_printf(&b, "%s%s#%d", b.len ? ", " : "", a, s->udp_port ? s->udp_port : 53);
		}
		ares_free_data(servers);
	}
	return b.len ? buf_steal(&b) : xstrdup("?");
}

struct dns_resolver *dns_resolver_new(const char *server, long try_ms, char **err)
{
	if (!library_done) {
		int rc = ares_library_init(ARES_LIB_INIT_ALL);
		if (rc != ARES_SUCCESS) {
			*err = xasprintf("c-ares: %s", ares_strerror(rc));
			return NULL;
		}
		library_done = true;
	}
	struct dns_resolver *r = xcalloc(1, sizeof *r);
	struct ares_options o = {0};
	/* The answer as it came, whatever its code: a SERVFAIL is a finding,
	 * not a reason to ask the next server. */
	o.flags = ARES_FLAG_NOCHECKRESP;
	o.timeout = (int)(try_ms < 100 ? 100 : try_ms);
	o.tries = 2;
	int rc = ares_init_options(&r->channel, &o, ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
	if (rc == ARES_SUCCESS && server) {
		/* c-ares reads "ADDR:PORT" and "[ADDR6]:PORT", as --dns-server does. */
		rc = ares_set_servers_ports_csv(r->channel, server);
		if (rc != ARES_SUCCESS)
			ares_destroy(r->channel);
	}
	if (rc != ARES_SUCCESS) {
		*err = xasprintf("c-ares: %s", ares_strerror(rc));
		free(r);
		return NULL;
	}
	r->system = !server;
	r->server = servers_text(r->channel);
	return r;
}

static void lookup_free(struct lookup *l)
{
	dns_info_free(&l->info);
	for (int i = 0; i < 2; i++) {
		free(l->rc_text[i]);
		strlist_free(&l->addrs[i]);
		strlist_free(&l->chain[i]);
	}
	free(l->waiters);
	free(l);
}

void dns_resolver_free(struct dns_resolver *r)
{
	if (!r)
		return;
	r->destroying = true;
	ares_destroy(r->channel);       /* the callbacks see ARES_EDESTRUCTION */
	while (r->lookups) {
		struct lookup *l = r->lookups;
		r->lookups = l->next;
		lookup_free(l);
	}
	if (r->psl && r->psl != psl_builtin())
		psl_free((psl_ctx_t *)r->psl);
	free(r->server);
	free(r);
}

size_t dns_resolver_pending(const struct dns_resolver *r)
{
	return r ? r->pending : 0;
}

/* ------------------------------------------------------------------ lookups */

static void finish(struct lookup *l)
{
	l->finished = true;
	l->info.ms = now_ms() - l->t0;
	l->res->pending--;
	/* A waiter may start another lookup: take the list first. */
	struct waiter *w = l->waiters;
	size_t n = l->n_waiters;
	l->waiters = NULL;
	l->n_waiters = 0;
	for (size_t i = 0; i < n; i++)
		w[i].done(w[i].arg, &l->info);
	free(w);
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen);

/* Send one question; the caller has counted it in l->outstanding already
 * (the answer may come before this returns). */
static void ask(struct lookup *l, int which, const char *name, int type, bool cd)
{
	unsigned char *q = NULL;
	int qlen = 0;
	l->q[which] = (struct query){l, which};
	if (ares_create_query(name, 1 /* IN */, type, 0, 1, &q, &qlen, 0) != ARES_SUCCESS) {
		/* Not a name DNS can carry: answered as a failure at once. */
		on_answer(&l->q[which], ARES_EBADNAME, 0, NULL, 0);
		return;
	}
	if (cd)
		q[3] |= 0x10;   /* CD: checking disabled */
	ares_send(l->res->channel, q, qlen, on_answer, &l->q[which]);
	ares_free_string(q);
}

/* The registered domain above host (libpsl), or NULL when host is one. */
static const char *registered_domain(struct dns_resolver *r, const char *host)
{
	if (!r->psl_tried) {
		r->psl_tried = true;
		r->psl = psl_builtin();
		if (!r->psl || psl_builtin_outdated())
			r->psl = psl_latest(NULL);
		if (!r->psl)
			r->psl = psl_builtin();
	}
	if (!r->psl)
		return NULL;
	return psl_registrable_domain(r->psl, host);
}

/* A and AAAA are in: combine them, then ask what a failure needs. */
static void combine(struct lookup *l)
{
	struct dns_info *d = &l->info;
	for (int i = 0; i < 2; i++)
		for (size_t k = 0; k < l->addrs[i].n; k++)
			strlist_add(&d->addresses, l->addrs[i].v[k]);
	const struct strlist *chain = l->chain[0].n >= l->chain[1].n ? &l->chain[0] : &l->chain[1];
	for (size_t k = 0; k < chain->n; k++)
		strlist_add(&d->cname, chain->v[k]);
	d->cname_loop = l->loop[0] || l->loop[1];
	/* An address wins; else the A question's code, unless it is a plain
	 * NOERROR and the AAAA question failed. */
	int pick = l->rc[0] == DNS_RC_NOERROR && l->rc[1] != DNS_RC_NOERROR ? 1 : 0;
	d->rcode = d->addresses.n ? DNS_RC_NOERROR : l->rc[pick];
	if (!d->addresses.n && l->rc_text[pick])
		d->rcode_text = xstrdup(l->rc_text[pick]);

	if (d->rcode == DNS_RC_SERVFAIL && !d->cname_loop) {
		l->outstanding++;
		ask(l, Q_CD, d->host, 1, true);
	} else if (d->rcode == DNS_RC_NXDOMAIN) {
		const char *dom = registered_domain(l->res, d->host);
		if (dom && strcasecmp(dom, d->host) != 0) {
			d->domain = xstrdup(dom);
			l->outstanding++;
			ask(l, Q_NS, dom, 2, false);
		} else {
			/* The host is itself the registered domain (or a public
			 * suffix): the domain does not exist. */
			d->domain = xstrdup(dom ? dom : d->host);
			d->domain_exists = 0;
		}
	}
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query *q = arg;
	struct lookup *l = q->l;
	if (status == ARES_EDESTRUCTION || l->res->destroying)
		return;
	unsigned want = q->which == Q_AAAA ? 28 : q->which == Q_NS ? 2 : 1;
	struct dns_reply rep;
	dns_reply_read(status, abuf, alen, q->which == Q_NS ? l->info.domain : l->info.host, want, &rep);
	enum dns_rcode rc = rep.rcode;

	struct dns_info *d = &l->info;
	switch (q->which) {
	case Q_A:
	case Q_AAAA:
		/* Taken over: rep keeps nothing of them. */
		l->rc[q->which] = rc;
		l->rc_text[q->which] = rep.rcode_text;
		l->addrs[q->which] = rep.found;
		l->chain[q->which] = rep.chain;
		l->loop[q->which] = rep.loop;
		rep = (struct dns_reply){0};
		break;
	case Q_CD:
		d->cd_resolves = rc == DNS_RC_NOERROR && rep.found.n > 0;
		d->cd_rcode = xstrdup(rep.rcode_text ? rep.rcode_text : dns_rcode_name(rc));
		break;
	case Q_NS:
		/* NOERROR: the name exists (its name servers, if the answer names them). */
		if (rc == DNS_RC_NOERROR) {
			d->domain_exists = 1;
			if (rep.found.n)
				d->domain_ns = xstrdup(rep.found.v[0]);
		} else if (rc == DNS_RC_NXDOMAIN) {
			d->domain_exists = 0;
		}
		break;
	}
	dns_reply_free(&rep);
	l->outstanding--;
	if (l->outstanding == 0 && !l->combined && (q->which == Q_A || q->which == Q_AAAA)) {
		l->combined = true;
		combine(l);   /* may ask more (and get an answer at once) */
	}
	if (l->outstanding == 0 && !l->finished)
		finish(l);
}

/* The system's own answers before DNS: names RFC 6761 keeps for loopback,
 * then the hosts file. True when one answered. */
static bool local_answer(struct dns_resolver *r, struct lookup *l)
{
	struct dns_info *d = &l->info;
	size_t len = strlen(d->host);
	if (strcasecmp(d->host, "localhost") == 0 ||
	    (len > 10 && strcasecmp(d->host + len - 10, ".localhost") == 0)) {
		d->server = xstrdup("localhost (RFC 6761)");
		strlist_add(&d->addresses, "127.0.0.1");
		strlist_add(&d->addresses, "::1");
		d->rcode = DNS_RC_NOERROR;
		return true;
	}
	static const int families[] = {AF_INET, AF_INET6};
	for (int i = 0; i < 2; i++) {
		struct hostent *he = NULL;
		if (ares_gethostbyname_file(r->channel, d->host, families[i], &he) != ARES_SUCCESS || !he)
			continue;
		for (char **a = he->h_addr_list; *a && d->addresses.n < DNS_ADDRS_MAX; a++) {
			char text[INET6_ADDRSTRLEN];
			if (inet_ntop(he->h_addrtype, *a, text, sizeof text))
				strlist_add(&d->addresses, text);
		}
		ares_free_hostent(he);
	}
	if (!d->addresses.n)
		return false;
	const char *path = getenv("CARES_HOSTS");
	d->server = xstrdup(path && *path ? path : "/etc/hosts");
	d->rcode = DNS_RC_NOERROR;
	return true;
}

void dns_lookup(struct dns_resolver *r, const char *host, dns_done_fn done, void *arg)
{
	for (struct lookup *l = r->lookups; l; l = l->next) {
		if (strcasecmp(l->info.host, host) != 0)
			continue;
		if (l->finished) {
			done(arg, &l->info);
		} else {
			l->waiters = xrealloc(l->waiters, (l->n_waiters + 1) * sizeof *l->waiters);
			l->waiters[l->n_waiters++] = (struct waiter){done, arg};
		}
		return;
	}
	struct lookup *l = xcalloc(1, sizeof *l);
	l->res = r;
	l->t0 = now_ms();
	l->info.asked = true;
	l->info.host = xstrdup(host);
	l->info.cd_resolves = l->info.domain_exists = -1;
	l->waiters = xcalloc(1, sizeof *l->waiters);
	l->waiters[0] = (struct waiter){done, arg};
	l->n_waiters = 1;
	l->next = r->lookups;
	r->lookups = l;
	r->pending++;
	if (r->system && local_answer(r, l)) {
		finish(l);
		return;
	}
	l->info.server = xstrdup(r->server);
	l->outstanding = 2;
	ask(l, Q_A, host, 1, false);
	ask(l, Q_AAAA, host, 28, false);
}

/* ------------------------------------------------------------------ the event loop */

size_t dns_resolver_fds(struct dns_resolver *r, int *fds, short *events, size_t max)
{
	if (!r || !r->pending)
		return 0;
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	/* The bit mask as c-ares's ARES_GETSOCK_* macros read it, but unsigned:
	 * theirs shift a signed 1 into the sign bit for the 16th socket. */
	unsigned bits = (unsigned)ares_getsock(r->channel, socks, ARES_GETSOCK_MAXNUM);
	size_t n = 0;
	for (unsigned i = 0; i < ARES_GETSOCK_MAXNUM && n < max; i++) {
		short ev = 0;
		if (bits & (1u << i))
			ev |= POLLIN;
		if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
			ev |= POLLOUT;
		if (!ev)
			continue;
		fds[n] = socks[i];
		events[n++] = ev;
	}
	return n;
}

long dns_resolver_timeout_ms(struct dns_resolver *r, long max_ms)
{
	if (!r || !r->pending)
		return max_ms;
	struct timeval maxtv = {max_ms / 1000, (max_ms % 1000) * 1000}, tv;
	struct timeval *t = ares_timeout(r->channel, &maxtv, &tv);
	if (!t)
		return max_ms;
	long ms = (long)t->tv_sec * 1000 + (t->tv_usec + 999) / 1000;
	return ms < max_ms ? ms : max_ms;
}

void dns_resolver_process(struct dns_resolver *r, const int *fds, const short *revents, size_t n)
{
	if (!r || !r->pending)
		return;
	for (size_t i = 0; i < n; i++) {
		ares_socket_t rd = revents[i] & (POLLIN | POLLERR | POLLHUP) ? fds[i] : ARES_SOCKET_BAD;
		ares_socket_t wr = revents[i] & POLLOUT ? fds[i] : ARES_SOCKET_BAD;
		if (rd != ARES_SOCKET_BAD || wr != ARES_SOCKET_BAD)
			ares_process_fd(r->channel, rd, wr);
	}
	ares_process_fd(r->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* timeouts */
}
