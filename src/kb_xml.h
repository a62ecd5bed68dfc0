/* kb_xml.h: private to the knowledge-base loader (kb.c): libxml2 parsing and
 * RELAX NG validation of one file, and the text of its elements.
 *
 * Errors come back as one line, "file:line: what is wrong" (caller frees);
 * libxml2 never prints. Strings returned are new (caller frees). */
#ifndef HTTPDOC_KB_XML_H
#define HTTPDOC_KB_XML_H

#include <libxml/relaxng.h>
#include <libxml/tree.h>

/* The schema for the KB in dir: DIR/kb.rng, else kb_default_dir()'s, else the
 * installed one. NULL and *err when none can be read or compiled. */
xmlRelaxNGPtr kb_xml_schema(const char *dir, char **err);
/* The path of that schema (caller frees), or NULL when there is none. */
char *kb_xml_schema_path(const char *dir);

/* Parse path (no network, no entity loading), check the root is <kb> and
 * validate it. NULL and *err on any failure; else the caller frees the doc. */
xmlDocPtr kb_xml_read(const char *path, xmlRelaxNGPtr rng, char **err);

/* "path:line: msg", or "path: msg" when line is not positive. */
char *kb_xml_located(const char *path, int line, const char *msg);

/* Element text as xgettext extracts it: trimmed, white space collapsed. */
char *kb_xml_text(xmlNodePtr n);
/* Element text kept verbatim but for blank lines at both ends and the
 * indentation every line shares (snippets and commands). */
char *kb_xml_verbatim(xmlNodePtr n);
/* An attribute's value, or NULL; _collapsed also collapses its white space. */
char *kb_xml_attr(xmlNodePtr n, const char *name);
char *kb_xml_attr_collapsed(xmlNodePtr n, const char *name);

#endif
