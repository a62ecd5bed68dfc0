/* htmlguard.h: a byte filter in front of libxml2's HTML parser.
 *
 * libxml2 checks each attribute of a start tag against all earlier ones, so a
 * single tag with 100,000 attributes costs seconds. The guard follows tags,
 * comments and script/style text just well enough to count a tag's
 * attributes, and drops a tag's attributes past GUARD_MAX_ATTRS up to its
 * closing '>'. Its failure mode on odd markup is to drop nothing. */
#ifndef HTTPDOC_HTMLGUARD_H
#define HTTPDOC_HTMLGUARD_H

#include <stdbool.h>
#include <stddef.h>

#define GUARD_MAX_ATTRS 256

enum guard_state { G_TEXT, G_LT, G_NAME, G_TAG, G_EQ, G_QUOTE, G_COMMENT, G_RAW };

/* Zero it to start. */
struct tag_guard {
	enum guard_state st;
	char name[8];           /* the start tag's name, lower case, cut short */
	size_t name_len;
	char quote;
	int attrs, bang, dashes;
	bool sep, drop;
	const char *raw_end;    /* "</script" or "</style" while in raw text */
	size_t raw_match;
};

/* One byte of the body through the guard: false when it is to be dropped. */
bool guard_byte(struct tag_guard *g, int c);

#endif
