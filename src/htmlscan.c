/* htmlscan.c: STUB, to be replaced by the streaming libxml2 scanner. */
#include <config.h>
#include "htmlscan.h"

#include <string.h>

void html_scan(const char *body, size_t len, struct html_scan *out)
{
	memset(out, 0, sizeof *out);
}

void html_scan_free(struct html_scan *s)
{
	memset(s, 0, sizeof *s);
}

bool html_element_has_class(const struct html_element *e, const char *token) { return false; }
const struct html_element *html_find_class(const struct html_scan *s, const char *token) { return NULL; }
const struct html_element *html_find_tag(const struct html_scan *s, const char *tag) { return NULL; }
const struct html_element *html_find_id(const struct html_scan *s, const char *id) { return NULL; }
