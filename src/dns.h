/* dns.h: the URL's host asked of DNS, the way dig would, without blocking.
 *
 * The only part of httpdoc that includes c-ares (ares.h) and libpsl. A
 * resolver asks one given server (--dns-server) or the system's configured
 * ones; with the system's, the hosts file and the names RFC 6761 keeps for
 * loopback ("localhost", "*.localhost") answer first, as they would for any
 * program. A lookup asks A and AAAA at once, follows the CNAME chain, and
 * after a failure asks what the decision trees need to tell the causes
 * apart: for SERVFAIL the same question with checking disabled (the CD bit:
 * a DNSSEC failure resolves then), for NXDOMAIN the name servers of the
 * registered domain above the host (does the domain exist at all?).
 *
 * Lookups of the same host share one exchange and its answer for the
 * resolver's lifetime (one batch). Nothing here blocks: the caller's event
 * loop waits on dns_resolver_fds() and calls dns_resolver_process(). */
#ifndef HTTPDOC_DNS_H
#define HTTPDOC_DNS_H

#include <stdbool.h>
#include <stddef.h>

#include "netinfo.h"

struct dns_resolver;

/* True when spec is a server for --dns-server: an IPv4 address, or an IPv6
 * address in brackets, with an optional :PORT (1-65535). */
bool dns_check_server(const char *spec);

/* A resolver for server (NULL: the system's configuration). try_ms bounds
 * one try of one question; each is tried twice. NULL with *err (caller
 * frees) when c-ares cannot start. */
struct dns_resolver *dns_resolver_new(const char *server, long try_ms, char **err);
/* Abandons unfinished lookups: their callbacks are never called. */
void dns_resolver_free(struct dns_resolver *r);

/* Called once per lookup with the answer (borrowed for the call: copy it). */
typedef void (*dns_done_fn)(void *arg, const struct dns_info *info);
/* Look host up. done may be called before this returns (an answer known
 * already, the hosts file, localhost), else from dns_resolver_process(). */
void dns_lookup(struct dns_resolver *r, const char *host, dns_done_fn done, void *arg);

/* Lookups not finished yet. */
size_t dns_resolver_pending(const struct dns_resolver *r);
/* The sockets to wait on, at most max: fds[i] with POLLIN/POLLOUT in events[i]. */
size_t dns_resolver_fds(struct dns_resolver *r, int *fds, short *events, size_t max);
/* Milliseconds until a lookup needs attention though nothing arrived (a
 * retry or a timeout), at most max_ms. */
long dns_resolver_timeout_ms(struct dns_resolver *r, long max_ms);
/* Handle what the sockets reported (revents as poll(2) gives them; n may be
 * 0 to handle only timeouts). Calls done for the lookups that finished. */
void dns_resolver_process(struct dns_resolver *r, const int *fds, const short *revents, size_t n);

/* Undo the library set-up, if a resolver ever did it (at exit). */
void dns_global_cleanup(void);

#endif
