/* logline_int.h: what logline.c and logline_fields.c share. */
#ifndef HTTPDOC_LOGLINE_INT_H
#define HTTPDOC_LOGLINE_INT_H

#include <stddef.h>

#include "logline.h"

/* The time and the request fields of l, from l->text and l->kind. */
void logline_fields(struct log_line *l);
/* ModSecurity's "[09/Jan/2024:10:11:12.123456 +0000]": Unix time, -1 unknown. */
long long logline_modsec_time(const char *s);
/* "GET /path HTTP/1.1" or "GET /path": method and target (replaced, caller's). */
void logline_split_request(const char *req, size_t len, char **method, char **target);
/* "Example.com:8080" -> "example.com", "[::1]:80" -> "::1". New string. */
char *logline_host_only(const char *h, size_t len);

#endif
