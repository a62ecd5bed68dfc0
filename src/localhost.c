/* localhost.c: this machine's addresses, listening sockets and processes,
 * read from getifaddrs and /proc. */
#include <config.h>
#include "localhost.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ addresses */

/* ip as an IPv6 address (IPv4 mapped); false when it is no address. */
static bool to_in6(const char *ip, struct in6_addr *out)
{
	struct in_addr v4;
	if (inet_pton(AF_INET, ip, &v4) == 1) {
		memset(out, 0, sizeof *out);
		out->s6_addr[10] = out->s6_addr[11] = 0xff;
		memcpy(&out->s6_addr[12], &v4, 4);
		return true;
	}
	return inet_pton(AF_INET6, ip, out) == 1;
}

static bool is_loopback(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

static bool is_any(const struct in6_addr *a)
{
	static const unsigned char v4any[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0};
	return IN6_IS_ADDR_UNSPECIFIED(a) || memcmp(a->s6_addr, v4any, 16) == 0;
}

bool localhost_is_local(const char *ip)
{
	struct in6_addr a;
	if (!ip || !to_in6(ip, &a))
		return false;
	if (is_loopback(&a))
		return true;
	struct ifaddrs *ifs = NULL;
	if (getifaddrs(&ifs) != 0)
		return false;
	bool found = false;
	for (struct ifaddrs *i = ifs; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr)
			continue;
		struct in6_addr b;
		if (i->ifa_addr->sa_family == AF_INET) {
			char buf[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, buf, sizeof buf);
			found = to_in6(buf, &b) && memcmp(&a, &b, sizeof a) == 0;
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			b = ((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr;
			found = memcmp(&a, &b, sizeof a) == 0;
		}
	}
	freeifaddrs(ifs);
	return found;
}

char *localhost_resolve_local(const char *host, bool *resolved)
{
	*resolved = false;
	if (!host)
		return NULL;
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC}, *res = NULL;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return NULL;
	*resolved = res != NULL;
	char *found = NULL;
	for (struct addrinfo *a = res; a && !found; a = a->ai_next) {
		char buf[INET6_ADDRSTRLEN] = "";
		if (a->ai_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)a->ai_addr)->sin_addr, buf, sizeof buf);
		else if (a->ai_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr, buf, sizeof buf);
		if (*buf && localhost_is_local(buf))
			found = xstrdup(buf);
	}
	freeaddrinfo(res);
	return found;
}

/* ------------------------------------------------------------------ /proc/net/tcp */

struct listener {
	struct in6_addr addr;
	int port;
	unsigned long inode;
};

/* "0100007F:1F90" (tcp) or 32 hex digits and a port (tcp6): the kernel
 * prints each 32-bit word as the number the address bytes make in memory. */
static bool parse_endpoint(const char *s, bool v6, struct in6_addr *addr, int *port)
{
	const char *colon = strchr(s, ':');
	size_t hexlen = v6 ? 32 : 8;
	if (!colon || (size_t)(colon - s) != hexlen)
		return false;
	unsigned char bytes[16];
	for (size_t w = 0; w < hexlen / 8; w++) {
		char word[9];
		memcpy(word, s + 8 * w, 8);
		word[8] = '\0';
		char *end;
		unsigned long v = strtoul(word, &end, 16);
		if (*end)
			return false;
		uint32_t u = (uint32_t)v;
		memcpy(bytes + 4 * w, &u, 4);
	}
	if (v6) {
		memcpy(addr->s6_addr, bytes, 16);
	} else {
		memset(addr, 0, sizeof *addr);
		addr->s6_addr[10] = addr->s6_addr[11] = 0xff;
		memcpy(&addr->s6_addr[12], bytes, 4);
	}
	char *end;
	long p = strtol(colon + 1, &end, 16);
	*port = (int)p;
	return end != colon + 1;
}

/* The listening sockets of one table, appended to *v. Returns false when it cannot be read. */
static bool read_listeners(const char *path, bool v6, struct listener **v, size_t *n)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	/* /proc reports 1 KiB blocks, and glibc sizes its buffer only when
	 * given one: read the table in bigger pieces. */
	char *buffer = xmalloc(16 * 1024);
	setvbuf(f, buffer, _IOFBF, 16 * 1024);
	char line[512];
	bool first = true;
	while (fgets(line, sizeof line, f)) {
		if (first) {            /* the header */
			first = false;
			continue;
		}
		char local[64], remote[64], state[8];
		unsigned long inode = 0;
		/* sl local rem st tx:rx tr:tm retrnsmt uid timeout inode */
		if (sscanf(line, "%*s %63s %63s %7s %*s %*s %*s %*s %*s %lu", local, remote, state, &inode) != 4)
			continue;
		/* The kernel lists its listening sockets first, then the
		 * established table: at the first ESTABLISHED or TIME_WAIT line
		 * every listener has been seen. A busy server has tens of
		 * thousands of those, each costing the kernel to format. */
		if (strcmp(state, "01") == 0 || strcmp(state, "06") == 0)
			break;
		if (strcmp(state, "0A") != 0)
			continue;
		struct listener l = {.inode = inode};
		if (!parse_endpoint(local, v6, &l.addr, &l.port))
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = l;
	}
	fclose(f);
	free(buffer);
	return true;
}

const char *listen_state_name(enum listen_state s)
{
	switch (s) {
	case LISTEN_NONE: return "none";
	case LISTEN_LOOPBACK: return "loopback";
	case LISTEN_ALL: return "all";
	default: return NULL;
	}
}

static char *addr_text(const struct in6_addr *a, int port)
{
	char buf[INET6_ADDRSTRLEN];
	if (IN6_IS_ADDR_V4MAPPED(a)) {
		inet_ntop(AF_INET, &a->s6_addr[12], buf, sizeof buf);
		return xasprintf("%s:%d", buf, port);
	}
	inet_ntop(AF_INET6, a, buf, sizeof buf);
	return xasprintf("[%s]:%d", buf, port);
}

enum listen_state localhost_listening(const char *dir, int port, char **evidence)
{
	struct listener *v = NULL;
	size_t n = 0;
	char *p4 = xasprintf("%s/tcp", dir), *p6 = xasprintf("%s/tcp6", dir);
	bool ok4 = read_listeners(p4, false, &v, &n);
	bool ok6 = read_listeners(p6, true, &v, &n);
	enum listen_state st = LISTEN_UNKNOWN;
	struct buf b = {0};
	if (ok4 || ok6) {
		st = LISTEN_NONE;
		for (size_t i = 0; i < n; i++) {
			if (v[i].port != port)
				continue;
			char *t = addr_text(&v[i].addr, port);
			buf_printf(&b, "%s%s", b.len ? ", " : "", t);
			free(t);
			if (is_loopback(&v[i].addr)) {
				if (st == LISTEN_NONE)
					st = LISTEN_LOOPBACK;
			} else {
				st = LISTEN_ALL;
			}
		}
		if (st == LISTEN_NONE)
			*evidence = xasprintf("%s%s%s: no socket listens on port %d", ok4 ? p4 : "",
					      ok4 && ok6 ? ", " : "", ok6 ? p6 : "", port);
		else
			*evidence = xasprintf("%s%s%s: listening on %s", ok4 ? p4 : "", ok4 && ok6 ? ", " : "",
					      ok6 ? p6 : "", b.data);
	} else {
		*evidence = NULL;
	}
	buf_free(&b);
	free(v);
	free(p4);
	free(p6);
	return st;
}

/* ------------------------------------------------------------------ processes */

size_t localhost_pids(pid_t *out, size_t max)
{
	DIR *d = opendir("/proc");
	size_t n = 0;
	for (struct dirent *e; d && n < max && (e = readdir(d));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (!*end && pid > 0)
			out[n++] = (pid_t)pid;
	}
	if (d)
		closedir(d);
	return n;
}

/* Does pid hold one of the sockets with these inodes? -1: cannot look. */
static int holds_socket(pid_t pid, const unsigned long *inodes, size_t n)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	int found = 0;
	for (struct dirent *e; !found && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char link[384], target[64];
		snprintf(link, sizeof link, "%s/%s", path, e->d_name);
		ssize_t len = readlink(link, target, sizeof target - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		unsigned long ino;
		if (sscanf(target, "socket:[%lu]", &ino) != 1)
			continue;
		for (size_t i = 0; i < n && !found; i++)
			found = inodes[i] == ino;
	}
	closedir(d);
	return found;
}

bool localhost_comm(pid_t pid, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

pid_t localhost_listener(const char *ip, int port, const pid_t *likely, size_t n_likely,
			 bool (*candidate)(const char *comm))
{
	struct in6_addr want;
	if (!ip || !to_in6(ip, &want))
		return -1;
	struct listener *v = NULL;
	size_t n = 0;
	read_listeners("/proc/net/tcp", false, &v, &n);
	read_listeners("/proc/net/tcp6", true, &v, &n);
	unsigned long *inodes = xcalloc(n + 1, sizeof *inodes);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool same = memcmp(&v[i].addr, &want, sizeof want) == 0;
		/* A listener on [::] takes IPv4 connections too (unless v6only). */
		if (v[i].port == port && v[i].inode && (same || is_any(&v[i].addr)))
			inodes[k++] = v[i].inode;
	}
	free(v);
	if (!k) {
		free(inodes);
		return -1;
	}
	pid_t owner = 0;
	bool hidden = false;    /* a process whose descriptors this user may not see */
	for (size_t i = 0; i < n_likely && !owner; i++) {
		int held = holds_socket(likely[i], inodes, k);
		owner = held == 1 ? likely[i] : 0;
		hidden |= held < 0;
	}
	/* Then the other processes, only those candidate() names when it is
	 * given: looking into every process's descriptors reads a link per
	 * descriptor (tens of milliseconds on a busy machine). */
	enum { MAX_PIDS = 65536 };
	pid_t *pids = owner ? NULL : xmalloc(MAX_PIDS * sizeof *pids);
	size_t np = owner ? 0 : localhost_pids(pids, MAX_PIDS);
	for (size_t i = 0; i < np && !owner; i++) {
		char comm[64];
		if (candidate && (!localhost_comm(pids[i], comm, sizeof comm) || !candidate(comm)))
			continue;
		int held = holds_socket(pids[i], inodes, k);
		owner = held == 1 ? pids[i] : 0;
		hidden |= held < 0;
	}
	free(pids);
	free(inodes);
	if (!owner && candidate && !hidden)
		return LOCALHOST_OTHER_PROGRAM;
	return owner;
}

/* The file at path, whole (at most max bytes); NULL when it cannot be read. */
static char *proc_file(const char *path, size_t max, size_t *len)
{
	char *data = NULL;
	if (file_read(path, max, &data, len) != FILE_READ_OK)
		return NULL;
	return data;
}

bool localhost_proc(pid_t pid, struct proc_info *out)
{
	memset(out, 0, sizeof *out);
	char path[64];
	size_t len;
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	char *comm = proc_file(path, 256, &len);
	if (!comm)
		return false;
	comm[strcspn(comm, "\n")] = '\0';
	out->comm = comm;
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	char *cmd = proc_file(path, 8192, &len);
	if (cmd) {
		for (size_t i = 0; i + 1 < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		while (len && (cmd[len - 1] == '\0' || cmd[len - 1] == ' '))
			cmd[--len] = '\0';
	}
	out->cmdline = cmd ? cmd : xstrdup("");
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	char *stat = proc_file(path, 4096, &len);
	/* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
	const char *close = stat ? strrchr(stat, ')') : NULL;
	int ppid = 0;
	if (close && sscanf(close + 1, " %*c %d", &ppid) == 1)
		out->ppid = (pid_t)ppid;
	free(stat);
	return true;
}

void proc_info_free(struct proc_info *p)
{
	free(p->comm);
	free(p->cmdline);
	memset(p, 0, sizeof *p);
}

bool localhost_proc_environ(pid_t pid, struct strlist *env)
{
	char path[64];
	size_t len;
	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	char *data = proc_file(path, 256 * 1024, &len);
	if (!data)
		return false;
	for (size_t i = 0; i < len;) {
		size_t l = strnlen(data + i, len - i);
		if (l)
			strlist_add(env, data + i);
		i += l + 1;
	}
	free(data);
	return true;
}
