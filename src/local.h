/* local.h: what this machine itself said about a probe of it: the lines its
 * web servers' logs gained for the probe's request, and which sockets listen
 * on the probed port. Filled by serverlogs.c; read, without I/O, by the facts
 * (local_evidence_facts), the reporters and the wizard. */
#ifndef HTTPDOC_LOCAL_H
#define HTTPDOC_LOCAL_H

#include <stdbool.h>

#include "facts.h"
#include "kb.h"
#include "localhost.h"
#include "logmatch.h"

struct local_evidence {
	bool local;                     /* the probed address is this machine's */
	char *address;                  /* the probed address (this machine's or not), or NULL */
	bool given;                     /* the logs were given with --logs */
	struct log_evidence logs;       /* the logs read, and their lines */
	enum listen_state listening;    /* LISTEN_UNKNOWN when not looked at */
	char *listening_evidence;       /* what shows it, or NULL */
};

void local_evidence_free(struct local_evidence *e);     /* and e itself; NULL is fine */

/* The facts the knowledge base reads from it: log.QUESTION-ID for every log
 * question its logs answer, local.listening ("none", "loopback", "all"), and
 * dns.address_kind "local" when the probed address is this machine's (and DNS
 * gave no address a visitor cannot reach). Call it after the DNS facts. */
void local_evidence_facts(const struct local_evidence *e, const struct kb *kb, struct facts *f);

/* The logs that exist but could not be read, for the reporters' one line
 * each. */
size_t local_unreadable(const struct local_evidence *e, const struct log_file **out, size_t max);

#endif
