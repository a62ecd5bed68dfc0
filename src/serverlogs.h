/* serverlogs.h: the server's own logs around one probe.
 *
 * serverlogs_begin() runs before the probe: it notes the logs to watch, the
 * ones given with --logs, or else every log that may belong to a web server
 * of this machine (logfind.h). serverlogs_end() runs after: when the probe's
 * address is this machine's (loopback or an interface's), or --logs was
 * given, it keeps the logs of the server that answered (the process that
 * holds the listening socket where it can be seen, else the software the
 * response names), reads what they gained (logread.h) and says who listens
 * on the port when the connection was refused. */
#ifndef HTTPDOC_SERVERLOGS_H
#define HTTPDOC_SERVERLOGS_H

#include <stdbool.h>

#include "kb.h"
#include "local.h"
#include "probe.h"
#include "response.h"
#include "util.h"

struct serverlogs_options {
	const struct strlist *paths;    /* --logs, already expanded to files; NULL or empty: find them */
	bool off;                       /* --no-logs */
	const struct kb *kb;            /* whose log-recent choices say which logs' past to read */
};

struct serverlogs;

/* NULL when off. o is copied (paths too). */
struct serverlogs *serverlogs_begin(const struct serverlogs_options *o);
/* The evidence for the response r of a probe sent with options po (its
 * method), whose server software the classifier named `server` (or NULL);
 * NULL when nothing applies (a probe of another machine without --logs). */
struct local_evidence *serverlogs_end(struct serverlogs *s, const struct probe_options *po,
				      const struct response *r, const char *server);
void serverlogs_free(struct serverlogs *s);

/* Without logs (a batch, whose probes run at once, or --no-logs): whether
 * r's address is this machine's and, for a refused connection here, who
 * listens on the port; NULL when the address is unknown. Safe on any thread. */
struct local_evidence *serverlogs_here(const struct response *r);

#endif
