/* classify_int.h: what classify.c and classify_server.c share; not a public API.
 *
 * The classifier is split in two: classify.c decides everything about
 * Cloudflare (proxied, branded, page kind, error number, Ray ID) and puts the
 * result together; classify_server.c names the server software and the IIS
 * sub-status. Both read the same html_scan. */
#ifndef HTTPDOC_CLASSIFY_INT_H
#define HTTPDOC_CLASSIFY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "classify.h"
#include "htmlscan.h"

/* Longest value quoted in an evidence line, in bytes. */
#define EVIDENCE_VALUE_MAX 80

/* Append a formatted evidence line to c, with control bytes made spaces. */
void evidence_add(struct classification *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Copy s into dst (size >= EVIDENCE_VALUE_MAX + 4) cut to EVIDENCE_VALUE_MAX
 * bytes on a UTF-8 boundary, "..." marking a cut, control bytes as spaces.
 * Returns dst; NULL s gives "". */
const char *evidence_value(char *dst, size_t size, const char *s);

/* s starts with prefix, ASCII case ignored; false for NULL s. */
bool text_starts(const char *s, const char *prefix);
/* s equals t, ASCII case ignored; false for NULL s. */
bool text_ieq(const char *s, const char *t);

/* A title of the form "NNN Reason": the status and a pointer to the reason
 * (inside title). False when the title has another shape. */
bool title_status(const char *title, int *status, const char **reason);

/* Name the server software into c->server / c->server_detail and the IIS
 * sub-status into c->iis_substatus. scan is NULL when there is no body. When
 * edge is true Cloudflare wrote the page and the server is "cloudflare".
 * Returns true when the body itself is signed by the software it names. */
bool classify_server(const struct response *r, const struct html_scan *scan, bool edge,
		     struct classification *c);

/* Which layer wrote the page (classify_layer.c): c->layer, layer_page,
 * product, reference and soft_error, from what classify_response and
 * classify_server found; a product that wrote the page also names the
 * server. body_named is classify_server's answer. */
void classify_layer(const struct response *r, const struct html_scan *scan, bool edge,
		    bool body_named, struct classification *c);

#endif
