/* localhost.h: this machine, as a probe of it needs to know it: whether an
 * address is one of its own, which sockets listen on a port (/proc/net/tcp
 * and tcp6), which process holds one, and what that process was started as
 * (/proc). Reads only; never needs privileges, and says "unknown" where
 * they would be needed. */
#ifndef HTTPDOC_LOCALHOST_H
#define HTTPDOC_LOCALHOST_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

/* A loopback address, or an address of one of this machine's interfaces
 * (getifaddrs). "::ffff:127.0.0.1" counts as 127.0.0.1. */
bool localhost_is_local(const char *ip);

/* The address host resolves to that is this machine's (the first one), or
 * NULL (caller frees); *resolved says whether host resolved at all. For a
 * probe that never connected: libcurl names no address then. */
char *localhost_resolve_local(const char *host, bool *resolved);

enum listen_state {
	LISTEN_UNKNOWN = -1,    /* the tables could not be read */
	LISTEN_NONE = 0,        /* nothing listens on the port */
	LISTEN_LOOPBACK,        /* only on loopback addresses */
	LISTEN_ALL,             /* on every address, or on an address of an interface */
};
/* "none", "loopback", "all" (the fact's values), NULL for unknown. */
const char *listen_state_name(enum listen_state s);

/* Who listens on TCP port `port`, from /proc/net/tcp and tcp6 (dir: their
 * directory, "/proc/net", or a test's copy). *evidence (caller frees): the
 * listening addresses, or what shows that none listens. */
enum listen_state localhost_listening(const char *dir, int port, char **evidence);

/* The process that holds the socket listening on ip:port (a wildcard
 * listener counts for every address): its pid (> 0); 0 when it could not be
 * seen (the listener belongs to another user and this one may not look into
 * its descriptors); -1 when nothing listens there. The n_likely pids in
 * likely (the web servers found running) are looked at first, then every
 * other process, or with candidate only those whose short name (comm) it
 * accepts: then LOCALHOST_OTHER_PROGRAM when none of those holds it (and
 * each could be seen), so some other program listens. */
enum { LOCALHOST_OTHER_PROGRAM = -2 };
pid_t localhost_listener(const char *ip, int port, const pid_t *likely, size_t n_likely,
			 bool (*candidate)(const char *comm));

/* A process's short name (/proc/PID/comm) into buf; false when it is gone. */
bool localhost_comm(pid_t pid, char *buf, size_t size);

/* What a process is: its short name (/proc/PID/comm), its command line with
 * the arguments separated by spaces, and its parent. false when it is gone
 * or hidden. */
struct proc_info {
	char *comm;
	char *cmdline;
	pid_t ppid;
};
bool localhost_proc(pid_t pid, struct proc_info *out);
void proc_info_free(struct proc_info *p);
/* The process's environment as NAME=VALUE strings (readable only for its own
 * user or root); false when it cannot be read. */
bool localhost_proc_environ(pid_t pid, struct strlist *env);

/* Every pid in /proc, for the caller to look at (at most max). */
size_t localhost_pids(pid_t *out, size_t max);

#endif
