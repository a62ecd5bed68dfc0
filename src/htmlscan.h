/* htmlscan.h: a bounded, streaming look at an HTML body.
 *
 * Built on libxml2's HTML push parser with SAX callbacks only (no tree), so a
 * hostile body costs bounded memory and time: nesting deeper than
 * HTMLSCAN_MAX_DEPTH stops the parse, and every collected list and text is
 * capped. The result records structure the classifier asks about: the title,
 * elements with their tag, id, classes, selected attributes and text, script
 * text, and the visible text. */
#ifndef HTTPDOC_HTMLSCAN_H
#define HTTPDOC_HTMLSCAN_H

#include <stdbool.h>
#include <stddef.h>

#define HTMLSCAN_INPUT_MAX    (256 * 1024) /* bytes of a body scanned: error pages are far smaller */
#define HTMLSCAN_MAX_DEPTH    512
#define HTMLSCAN_MAX_ELEMENTS 2048
#define HTMLSCAN_TEXT_MAX     512          /* per element */
#define HTMLSCAN_SCRIPT_MAX   (128 * 1024) /* all script text */
#define HTMLSCAN_VISIBLE_MAX  (64 * 1024)  /* all visible text */

struct html_element {
	char *tag;              /* lower case */
	char *id;               /* NULL when absent */
	char *class_attr;       /* raw class attribute, NULL when absent */
	char *data_translate;   /* data-translate attribute, NULL when absent */
	char *link;             /* href, src or action, NULL when absent */
	char *text;             /* collapsed text inside (element boundaries count as white
	                         * space), at most HTMLSCAN_TEXT_MAX bytes, never NULL */
	int depth;              /* 1 for the root element */
};

struct html_scan {
	char *title;            /* collapsed, NULL when none */
	char *doctype_public;   /* the DOCTYPE's public id ("-//IETF//DTD HTML 2.0//EN"), NULL when none */
	struct html_element *elements;  /* in document order of their start tags */
	size_t n_elements;
	char *script_text;      /* concatenated <script> contents, never NULL */
	char *visible_text;     /* collapsed text outside script, style and title, never NULL */
	bool stopped;           /* a bound (input size, depth, or every cap full) stopped the parse early */
};

/* Scan len bytes of body, at most the first HTMLSCAN_INPUT_MAX. Never fails; an unparseable body gives an empty scan.
 * A body that is valid UTF-8 throughout is read as UTF-8, else by its declared
 * charset, else as Latin-1; every string out is UTF-8. Free with html_scan_free. */
void html_scan(const char *body, size_t len, struct html_scan *out);
/* Once, before html_scan runs on more than one thread. */
void html_scan_global_init(void);
void html_scan_free(struct html_scan *s);

/* True when the element's class attribute has this token. */
bool html_element_has_class(const struct html_element *e, const char *token);
/* First element with this class token, or NULL. */
const struct html_element *html_find_class(const struct html_scan *s, const char *token);
/* First element with this tag (lower case), or NULL. */
const struct html_element *html_find_tag(const struct html_scan *s, const char *tag);
/* First element with this id, or NULL. */
const struct html_element *html_find_id(const struct html_scan *s, const char *id);
/* The next element after e with the same parent, or NULL (e is one of s's). */
const struct html_element *html_next_sibling(const struct html_scan *s, const struct html_element *e);
/* The element that contains e, or NULL (e is one of s's). */
const struct html_element *html_parent(const struct html_scan *s, const struct html_element *e);

#endif
