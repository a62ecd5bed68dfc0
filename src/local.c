/* local.c: this machine's evidence about a probe, as facts. Pure. */
#include <config.h>
#include "local.h"

#include <stdlib.h>
#include <string.h>

void local_evidence_free(struct local_evidence *e)
{
	if (!e)
		return;
	log_evidence_free(&e->logs);
	free(e->address);
	free(e->listening_evidence);
	free(e);
}

void local_evidence_facts(const struct local_evidence *e, const struct kb *kb, struct facts *f)
{
	if (!e)
		return;
	if (kb)
		logmatch_apply(kb, &e->logs, f);
	/* Probed from the server itself, its own address is the right one,
	 * unless DNS gave an address no visitor can reach (that is the fault). */
	const char *kind = facts_get(f, "dns.address_kind");
	if (e->local && e->address && (!kind || strcmp(kind, "usable") == 0)) {
		char *why = xasprintf("%s is an address of this machine", e->address);
		facts_set_from(f, "dns.address_kind", "local", ANSWER_BY_PROBE, why);
		free(why);
	}
	const char *listening = listen_state_name(e->listening);
	if (listening)
		facts_set_from(f, "local.listening", listening, ANSWER_BY_PROBE, e->listening_evidence);
}

size_t local_unreadable(const struct local_evidence *e, const struct log_file **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; e && i < e->logs.n_files && n < max; i++)
		if (e->logs.files[i].state != LOG_STATE_READ)
			out[n++] = &e->logs.files[i];
	return n;
}
