/* report.h: a probe's result as text for people, JSON for scripts, Markdown for tickets.
 *
 * Every byte that came from the network goes through term_safe() before it
 * reaches text or Markdown; JSON escapes through jansson. Each function
 * returns a new string the caller frees. */
#ifndef HTTPDOC_REPORT_H
#define HTTPDOC_REPORT_H

#include <stdbool.h>

#include "classify.h"
#include "diagnosis.h"
#include "facts.h"
#include "local.h"
#include "response.h"

struct probe_result {
	struct response resp;
	struct classification cls;
	bool classified;                /* cls is p->resp's already */
	struct facts *facts;
	struct diagnosis diag;
	char *origin_address;           /* --origin, or NULL */
	struct probe_result *origin;    /* the origin probe, or NULL */
	int dns_cloudflare;             /* the DNS answer is Cloudflare's: 1, 0, -1 unknown or mixed */
	struct local_evidence *local;   /* what this machine said (its servers' logs), or NULL; owned */
};

void probe_result_init(struct probe_result *p);
void probe_result_free(struct probe_result *p);
/* Classify p->resp (once). */
void probe_result_classify(struct probe_result *p);
/* Classify p->resp, derive the facts (with p->local's) and the diagnosis. */
void probe_result_analyse(struct probe_result *p, const struct kb *kb);

/* What a failed direct probe of the origin means, when it is often no fault
 * (refused: the origin admits only Cloudflare; TLS: an Origin CA
 * certificate); NULL otherwise. Translated, borrowed. */
const char *origin_probe_note(const struct response *origin);

/* report_net.c: the DNS answer and the certificate as labelled lines, for
 * every renderer. Labels are translated (borrowed); values may hold bytes
 * from the network: make them safe before a terminal. */
enum net_tone { NET_NORMAL, NET_GOOD, NET_BAD };
struct net_line {
	const char *label;
	char *value;
	enum net_tone tone;
};
struct net_lines {
	struct net_line *v;
	size_t n;
};
void report_net_lines(const struct probe_result *p, struct net_lines *out);
void net_lines_free(struct net_lines *l);
/* The verdict on a certificate in a few words ("verified, 80 days left",
 * "expired 2 days ago"), or "-" without TLS; caller frees. */
char *report_tls_short(const struct tls_info *t);
/* A sentence naming a certificate that ends within 14 days, or NULL. */
char *report_tls_warning(const struct tls_info *t);
/* One line about a server log that could not be read: which file, why, and
 * how to give access (run with sudo; join the group that may read it).
 * Translated; not made terminal-safe (the path is this machine's, but the
 * caller still passes it through term_safe). Caller frees. */
char *log_unreadable_words(const struct log_file *f);
/* "N new lines" (gained while the probe ran, not naming another request) or
 * "nothing about this request", for a log that was read. Translated; caller
 * frees. */
char *log_gained_words(const struct local_evidence *e, size_t file);

/* Who wrote the page and what it says, for a product in front of the origin
 * (a CDN, WAF, load balancer, proxy or hosting platform other than
 * Cloudflare's edge): "F5 BIG-IP ASM (WAF): block page". NULL for
 * Cloudflare's edge and for the origin's own pages, which the reports word
 * as before. Translated; the caller frees. */
char *layer_producer_words(const struct classification *c);
/* "200, but this is F5 BIG-IP ASM's block page" when c->soft_error, else
 * NULL. Translated; the caller frees. */
char *soft_error_words(const struct response *r, const struct classification *c);
/* The reference when it is not the Ray ID already shown, else NULL. Borrowed. */
const char *layer_reference(const struct classification *c);

char *report_text(const struct probe_result *p, bool color);
char *report_json(const struct probe_result *p);         /* one line, no newline */
char *report_markdown(const struct probe_result *p);

#endif
