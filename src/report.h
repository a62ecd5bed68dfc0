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
#include "response.h"

struct probe_result {
	struct response resp;
	struct classification cls;
	struct facts *facts;
	struct diagnosis diag;
	char *origin_address;           /* --origin, or NULL */
	struct probe_result *origin;    /* the origin probe, or NULL */
};

void probe_result_init(struct probe_result *p);
void probe_result_free(struct probe_result *p);
/* Classify p->resp, derive the facts and the diagnosis. */
void probe_result_analyse(struct probe_result *p, const struct kb *kb);

/* What a failed direct probe of the origin means, when it is often no fault
 * (refused: the origin admits only Cloudflare; TLS: an Origin CA
 * certificate); NULL otherwise. Translated, borrowed. */
const char *origin_probe_note(const struct response *origin);

char *report_text(const struct probe_result *p, bool color);
char *report_json(const struct probe_result *p);         /* one line, no newline */
char *report_markdown(const struct probe_result *p);

#endif
