/* facts.h: what the probe established, as named facts the decision engine reads.
 *
 * A fact is a name ("cloudflare.branded", "header.allow", ...) with a string
 * value, or unknown (NULL). Values: booleans are "true"/"false", numbers are
 * decimal, enums are their JSON names. The engine never sees the response. */
#ifndef HTTPDOC_FACTS_H
#define HTTPDOC_FACTS_H

#include <stdbool.h>

#include "classify.h"
#include "response.h"

struct facts;

/* Who answered a question: the person, the probe (the response and what the
 * network said around it), or a server's own log. */
enum answer_by { ANSWER_BY_USER = 0, ANSWER_BY_PROBE, ANSWER_BY_LOG };
/* "user", "probe", "log": the JSON `by` of an answered question. */
const char *answer_by_name(enum answer_by by);

/* Facts from a response and its classification (both borrowed only for the call). */
struct facts *facts_from_probe(const struct response *r, const struct classification *c);
/* Facts that compare the edge's answer with the origin's (probed with
 * --origin): origin.status, origin.transport, origin.healthy,
 * origin.same_as_edge, and origin.is_cloudflare (1 yes, 0 no, -1 unknown:
 * the --origin address is itself one of Cloudflare's, a classic mistake). */
void facts_add_origin(struct facts *f, const struct response *edge, const struct response *origin,
		      const char *address, int origin_is_cloudflare);
/* address.cloudflare: the address that answered is Cloudflare's (1/0; -1 unknown). */
void facts_add_address(struct facts *f, const char *address, int is_cloudflare);

/* facts_net.c: what the network around the response says, each with its
 * evidence. The DNS answer (dns.rcode, dns.address_kind, dns.cloudflare:
 * cloudflare is 1 when every address is Cloudflare's, 0 when none is, -1
 * unknown or mixed; dns.domain_exists after NXDOMAIN, dns.cd_resolves after
 * SERVFAIL); the certificate's verdict (tls.verify_error); the chain
 * (redirects.loop, redirects.to_other_scheme) and where a timeout stopped
 * (timeout.phase); the scheme a 401 asks for (auth.scheme). The first two
 * need a probe (not a replay); facts_from_probe adds the chain's, the
 * certificate's and the 401's itself. */
void facts_add_dns(struct facts *f, const struct dns_info *d, int cloudflare);
void facts_add_tls(struct facts *f, const struct response *r);
void facts_add_chain(struct facts *f, const struct response *r);
void facts_add_auth(struct facts *f, const struct response *r);
/* With --origin: origin.connect ("refused", "timeout", "fast", "slow": the
 * TCP connection to the origin), origin.tls.handshake ("ok", "failed",
 * "no_connection") and origin.tls.verify_error (as tls.verify_error, or
 * "cloudflare_origin_ca": Cloudflare's Origin CA, which Cloudflare trusts
 * and this machine does not). */
void facts_add_origin_net(struct facts *f, const struct response *origin, const char *address);
/* The certificate field behind a verdict, in one line: "notAfter 2026-11-30
 * (expired 2 days ago); verify error 10 (certificate has expired)" (caller frees). */
char *facts_tls_evidence(const struct tls_info *t);

/* The facts a code itself implies, for `explain CODE`: "403.14" sets status
 * and iis_substatus, "1020" cloudflare.error_code, "dns" transport.kind,
 * "504" status and status.class. code is normalised (kb_code_normalise). */
struct facts *facts_for_code(const char *code);

/* An empty set (every fact unknown), for `explain` and tests. */
struct facts *facts_new(void);
void facts_set(struct facts *f, const char *name, const char *value);  /* copies; value NULL = unknown */
/* The same, saying where the fact came from and what proves it: a header, a
 * status line, a log line "FILE:LINE: text", a DNS answer ... (copied; NULL:
 * nothing beyond the value). facts_set() keeps a fact's source and evidence
 * when it changes only the value, and marks a new fact ANSWER_BY_PROBE. */
void facts_set_from(struct facts *f, const char *name, const char *value, enum answer_by by,
		    const char *evidence);
void facts_free(struct facts *f);

/* The value of a fact, or NULL when unknown. Borrowed from f. */
const char *facts_get(const struct facts *f, const char *name);

/* What proves a fact (NULL when nothing was given), and where it came from
 * (ANSWER_BY_PROBE for a fact nobody said otherwise of). Borrowed from f. */
const char *facts_evidence(const struct facts *f, const char *name);
enum answer_by facts_by(const struct facts *f, const char *name);

/* True when the engine can ever know this fact (kb check refuses others).
 * "header.NAME" is known for any NAME. */
bool facts_name_known(const char *name);

/* Who fills a fact of this name: ANSWER_BY_LOG for the facts read from a
 * server's own log (their names start with "log."), else ANSWER_BY_PROBE. */
enum answer_by facts_name_by(const char *name);

/* The fact that answers the log question called question_id: "log.ID",
 * whose value is the index of the choice a line of the server's log
 * selected. Caller frees. */
char *facts_log_name(const char *question_id);

/* The names of the facts the probe can fill, NULL-terminated (header.* excluded). */
extern const char *const FACTS_KNOWN[];

#endif
