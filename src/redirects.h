/* redirects.h: what a recorded redirect chain does: the loop it makes, if
 * any, told from the URLs alone (no I/O). */
#ifndef HTTPDOC_REDIRECTS_H
#define HTTPDOC_REDIRECTS_H

#include "response.h"

enum redirect_loop {
	LOOP_NONE = 0,       /* no URL repeats and no path keeps growing */
	LOOP_SAME_URL,       /* a URL redirects to itself */
	LOOP_SCHEME,         /* back and forth between http and https of the same URL */
	LOOP_WWW,            /* back and forth between www.NAME and NAME */
	LOOP_PATH,           /* round two or more paths of the same site */
	LOOP_GROWING_PATH,   /* each hop adds to the path (/a, /a/a, /a/a/a ...) */
	LOOP_REPEAT,         /* a URL repeats after hops that change several parts */
};

/* "same_url", "scheme", "www", "path", "growing_path", "repeat", "none". */
const char *redirect_loop_name(enum redirect_loop l);

/* The loop in r's chain (its URL, then each hop's location). *evidence gets
 * the hops that show it ("http://a/ -> 301 https://a/ -> 301 http://a/"),
 * or NULL for LOOP_NONE (caller frees). */
enum redirect_loop redirect_loop_find(const struct response *r, char **evidence);

/* The scheme of the last hop's location when it is not http or https
 * ("ftp"), else NULL (caller frees). */
char *redirect_other_scheme(const struct response *r);

#endif
