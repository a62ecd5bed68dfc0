/* dns-responder.c: a small DNS server for the tests' hostile and failing
 * answers, on plain sockets (UDP and TCP on one loopback port).
 *
 *   dns-responder [--lifetime SECS] [--log FILE]
 *
 * Binds 127.0.0.1 on a port the kernel picks (UDP, and TCP on the same
 * port), prints the port as one line, and answers until SIGTERM or the
 * lifetime (default 60 s). The answer depends on the first label of the
 * name asked that is one of these words (so "www.servfail.test" is a
 * SERVFAIL, and a real DNS server can forward a zone here):
 *   addr       A 127.0.0.1 (AAAA: none)          servfail   SERVFAIL
 *   refused    REFUSED                           notimp     NOTIMP (code 4)
 *   dnssec     SERVFAIL, but with the CD bit set: A 127.0.0.1
 *   loop       a CNAME to loop2.NAME, which is a CNAME back (both in the answer)
 *   chain      a chain of 40 CNAMEs, the last with an address
 *   ctrl       a CNAME to a name with escape and control bytes, then its A
 *   big        300 A records (over UDP: truncated, TC set; over TCP: all)
 *   cutshort   says one answer record and stops in its middle
 *   tc         always TC over UDP; over TCP the length prefix promises more
 *              than comes, then the connection closes
 *   silent     never answers                     mismatch   answers another question
 *   nsok       NS: ns1.NAME (other types: no data); the domain exists
 * Anything else: NXDOMAIN. --log FILE writes "TYPE NAME CD" per question. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 65535

static volatile sig_atomic_t stop;
static FILE *log_file;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct msg {
	unsigned char b[MSG_MAX];
	size_t n;
};

static void put(struct msg *m, const void *p, size_t n)
{
	if (m->n + n > sizeof m->b)
		n = sizeof m->b - m->n;
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void put16(struct msg *m, unsigned v)
{
	unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
	put(m, b, 2);
}

/* A name in wire form from "a.b.c" (no compression); labels may hold any byte. */
static void put_name(struct msg *m, const char *name)
{
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t len = dot ? (size_t)(dot - name) : strlen(name);
		if (len > 63)
			len = 63;
		unsigned char l = (unsigned char)len;
		put(m, &l, 1);
		put(m, name, len);
		name += len;
		if (*name == '.')
			name++;
	}
	put(m, "", 1);
}

/* One record: owner, type, class IN, TTL 60, rdata. */
static void put_rr(struct msg *m, const char *owner, unsigned type, const void *rdata, size_t rdlen)
{
	put_name(m, owner);
	put16(m, type);
	put16(m, 1);
	put16(m, 0);
	put16(m, 60);
	put16(m, (unsigned)rdlen);
	put(m, rdata, rdlen);
}

static void put_cname(struct msg *m, const char *owner, const char *target)
{
	struct msg t = {.n = 0};
	put_name(&t, target);
	put_rr(m, owner, 5, t.b, t.n);
}

/* The question of a query: its name ("a.b"), type, and where it ends. */
static bool read_question(const unsigned char *q, size_t n, char *name, size_t cap, unsigned *type, size_t *end)
{
	size_t p = 12, o = 0;
	if (n < 17)
		return false;
	while (p < n && q[p]) {
		size_t len = q[p++];
		if (len > 63 || p + len > n || o + len + 2 > cap)
			return false;
		if (o)
			name[o++] = '.';
		memcpy(name + o, q + p, len);
		o += len;
		p += len;
	}
	name[o] = '\0';
	if (p + 5 > n)
		return false;
	*type = (unsigned)q[p + 1] << 8 | q[p + 2];
	*end = p + 5;
	return true;
}

/* The first label of name that names a mode, or "". */
static const char *mode_of(const char *name)
{
	static const char *const modes[] = {"addr", "servfail", "refused", "notimp", "dnssec", "loop", "chain",
					    "ctrl", "big", "cutshort", "tc", "silent", "mismatch", "nsok", NULL};
	for (const char *l = name; *l;) {
		size_t len = strcspn(l, ".");
		for (size_t i = 0; modes[i]; i++)
			if (strlen(modes[i]) == len && strncasecmp(l, modes[i], len) == 0)
				return modes[i];
		l += len;
		if (*l == '.')
			l++;
	}
	return "";
}

/* The answer to query q (n bytes) into a; false: send nothing. */
static bool answer(const unsigned char *q, size_t n, bool tcp, struct msg *a)
{
	char name[300];
	unsigned type;
	size_t qend;
	if (!read_question(q, n, name, sizeof name, &type, &qend))
		return false;
	bool cd = (q[3] & 0x10) != 0;
	const char *mode = mode_of(name);
	if (log_file) {
		fprintf(log_file, "%u %s %s%s\n", type, name, cd ? "CD" : "-", tcp ? " tcp" : "");
		fflush(log_file);
	}
	if (strcmp(mode, "silent") == 0)
		return false;
	unsigned rcode = 3, an = 0;
	struct msg body = {.n = 0};
	static const unsigned char lo[4] = {127, 0, 0, 1};
	bool tc = false;
	if (strcmp(mode, "addr") == 0) {
		rcode = 0;
		if (type == 1) {
			put_rr(&body, name, 1, lo, 4);
			an = 1;
		}
	} else if (strcmp(mode, "servfail") == 0) {
		rcode = 2;
	} else if (strcmp(mode, "refused") == 0) {
		rcode = 5;
	} else if (strcmp(mode, "notimp") == 0) {
		rcode = 4;
	} else if (strcmp(mode, "dnssec") == 0) {
		rcode = cd ? 0 : 2;
		if (cd && type == 1) {
			put_rr(&body, name, 1, lo, 4);
			an = 1;
		}
	} else if (strcmp(mode, "loop") == 0) {
		char other[640];
		snprintf(other, sizeof other, "loop2.%s", name);
		rcode = 0;
		put_cname(&body, name, other);
		put_cname(&body, other, name);
		an = 2;
	} else if (strcmp(mode, "chain") == 0) {
		char from[640], to[640];
		rcode = 0;
		snprintf(from, sizeof from, "%s", name);
		for (int i = 0; i < 40; i++, an++) {
			snprintf(to, sizeof to, "c%d.%s", i, name);
			put_cname(&body, from, to);
			memcpy(from, to, sizeof from);
		}
		if (type == 1) {
			put_rr(&body, from, 1, lo, 4);
			an++;
		}
	} else if (strcmp(mode, "ctrl") == 0) {
		char evil[640];
		snprintf(evil, sizeof evil, "x\x1b[31mred\x07\x01.%s", name);
		rcode = 0;
		put_cname(&body, name, evil);
		an = 1;
		if (type == 1) {
			put_rr(&body, evil, 1, lo, 4);
			an++;
		}
	} else if (strcmp(mode, "big") == 0) {
		rcode = 0;
		if (type == 1) {
			for (unsigned i = 0; i < 300; i++, an++) {
				unsigned char ip[4] = {127, 0, (unsigned char)(i >> 8), (unsigned char)(i + 1)};
				put_rr(&body, name, 1, ip, 4);
			}
			tc = !tcp;
		}
	} else if (strcmp(mode, "cutshort") == 0) {
		rcode = 0;
		an = 1;
		put_name(&body, name);
		put16(&body, 1);     /* the record stops after its type */
	} else if (strcmp(mode, "tc") == 0) {
		rcode = 0;
		tc = true;
	} else if (strcmp(mode, "nsok") == 0) {
		rcode = 0;
		if (type == 2) {
			char ns[640];
			struct msg t = {.n = 0};
			snprintf(ns, sizeof ns, "ns1.%s", name);
			put_name(&t, ns);
			put_rr(&body, name, 2, t.b, t.n);
			an = 1;
		}
	}
	/* header: the query's id, QR, RD copied, RA, the CD bit copied, the code */
	a->n = 0;
	put(a, q, 2);
	unsigned char flags[2] = {(unsigned char)(0x80 | (q[2] & 0x01) | (tc ? 0x02 : 0)),
				  (unsigned char)(0x80 | (q[3] & 0x10) | rcode)};
	put(a, flags, 2);
	put16(a, 1);
	put16(a, tc && !tcp ? 0 : an);
	put16(a, 0);
	put16(a, 0);
	if (strcmp(mode, "mismatch") == 0) {
		put_name(a, "other.invalid");
		put16(a, type);
		put16(a, 1);
	} else {
		put(a, q + 12, qend - 12);
	}
	if (!(tc && !tcp))
		put(a, body.b, body.n);
	return true;
}

static void serve_tcp(int fd)
{
	unsigned char q[MSG_MAX + 2];
	size_t got = 0;
	struct pollfd p = {fd, POLLIN, 0};
	/* One query, read within two seconds. */
	while (got < 2 || got < 2 + ((size_t)q[0] << 8 | q[1])) {
		if (poll(&p, 1, 2000) <= 0)
			return;
		ssize_t r = read(fd, q + got, sizeof q - got);
		if (r <= 0)
			return;
		got += (size_t)r;
	}
	size_t n = (size_t)q[0] << 8 | q[1];
	static struct msg a;
	if (!answer(q + 2, n, true, &a))
		return;
	char name[300];
	unsigned type;
	size_t qend;
	read_question(q + 2, n, name, sizeof name, &type, &qend);
	if (strcmp(mode_of(name), "tc") == 0) {
		unsigned char len[2] = {0x10, 0x00};   /* promises 4096 bytes, sends the header */
		if (write(fd, len, 2) < 0 || write(fd, a.b, 12) < 0)
			return;
		return;
	}
	unsigned char len[2] = {(unsigned char)(a.n >> 8), (unsigned char)a.n};
	if (write(fd, len, 2) < 0 || write(fd, a.b, a.n) < 0)
		return;
}

int main(int argc, char **argv)
{
	long lifetime = 60;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lifetime") == 0 && i + 1 < argc)
			lifetime = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			log_file = fopen(argv[++i], "a");
		else {
			fprintf(stderr, "usage: dns-responder [--lifetime SECS] [--log FILE]\n");
			return 2;
		}
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	int u = -1, t = -1;
	unsigned short port = 0;
	/* UDP on a port the kernel picks, then TCP on the same one (retried). */
	for (int tries = 0; tries < 50 && t < 0; tries++) {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		socklen_t sl = sizeof sa;
		if (u >= 0)
			close(u);
		u = socket(AF_INET, SOCK_DGRAM, 0);
		if (u < 0 || bind(u, (struct sockaddr *)&sa, sizeof sa) != 0 ||
		    getsockname(u, (struct sockaddr *)&sa, &sl) != 0)
			return 1;
		port = ntohs(sa.sin_port);
		t = socket(AF_INET, SOCK_STREAM, 0);
		int one = 1;
		setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(t, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(t, 16) != 0) {
			close(t);
			t = -1;
		}
	}
	if (t < 0)
		return 1;
	printf("%u\n", port);
	fflush(stdout);
	time_t end = time(NULL) + lifetime;
	static unsigned char q[MSG_MAX];
	static struct msg a;
	while (!stop && time(NULL) < end) {
		struct pollfd p[2] = {{u, POLLIN, 0}, {t, POLLIN, 0}};
		if (poll(p, 2, 200) <= 0)
			continue;
		if (p[0].revents & POLLIN) {
			struct sockaddr_in from;
			socklen_t fl = sizeof from;
			ssize_t n = recvfrom(u, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
			if (n > 0 && answer(q, (size_t)n, false, &a))
				sendto(u, a.b, a.n, 0, (struct sockaddr *)&from, fl);
		}
		if (p[1].revents & POLLIN) {
			int c = accept(t, NULL, NULL);
			if (c >= 0) {
				serve_tcp(c);
				close(c);
			}
		}
	}
	return 0;
}
