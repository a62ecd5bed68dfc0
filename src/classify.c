/* classify.c: STUB, to be replaced by the classifier. */
#include <config.h>
#include "classify.h"

#include <stdlib.h>
#include <string.h>

void classification_init(struct classification *c)
{
	memset(c, 0, sizeof *c);
}

void classification_free(struct classification *c)
{
	strlist_free(&c->evidence);
	free(c->server);
	free(c->server_detail);
	free(c->iis_substatus);
	free(c->title);
	classification_init(c);
}

void classify_response(const struct response *r, struct classification *c)
{
	if (r->transport != TRANSPORT_NONE)
		return;
	c->generated_by = CF_GEN_ORIGIN;
	if (response_header(r, "cf-ray")) {
		c->proxied = true;
		strlist_add(&c->evidence, "header cf-ray");
	}
}

const char *cf_page_name(enum cf_page p)
{
	switch (p) {
	case CF_PAGE_BLOCK: return "block";
	case CF_PAGE_CHALLENGE: return "challenge";
	case CF_PAGE_ERROR: return "error";
	default: return NULL;
	}
}

const char *cf_generated_name(enum cf_generated g)
{
	switch (g) {
	case CF_GEN_EDGE: return "edge";
	case CF_GEN_ORIGIN: return "origin";
	default: return NULL;
	}
}
