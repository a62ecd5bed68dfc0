/* kb_xml.c: one knowledge-base file through libxml2: parsed without network
 * or entity loading, validated against the RELAX NG schema, libxml2's
 * messages turned into one "file:line: what is wrong" line; and the text of
 * its elements, normalised as xgettext normalises it. */
#include <config.h>
#include "kb_xml.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "dirs.h"
#include "kb.h"
#include "util.h"

/* ------------------------------------------------------------------ errors */

/* The first error libxml2 reports, kept for the one-line message. */
struct xml_capture {
	char *msg;
	int line;
	xmlNodePtr node;        /* the element it is about, when libxml2 says */
};

static void capture_error(void *ctx, xmlErrorPtr e)
{
	struct xml_capture *c = ctx;
	if (c->msg || !e || e->level < XML_ERR_ERROR)
		return;
	c->msg = xstrdup(e->message ? e->message : "unknown XML error");
	str_collapse_space(c->msg);
	size_t n = strlen(c->msg);
	if (n && c->msg[n - 1] == '.')
		c->msg[n - 1] = '\0';
	c->line = e->line;
	c->node = e->node;
	if (c->line <= 0 && e->node)
		c->line = (int)xmlGetLineNo((xmlNodePtr)e->node);
}

/* libxml2 says only "Element X failed to validate attributes": say which. */
static const struct {
	const char *element, *required, *optional;
} ATTRIBUTES[] = {
	{"kb", "family", ""},
	{"entry", "code generators", "rfc unofficial tree"},
	{"question", "id", "fact logs"},
	{"choice", "next", "when log log-recent log-else"},
	{"advice", "id", ""},
	{"snippet", "lang", "file context platform unchecked"},
	{"command", "", "platform unchecked"},
};

static bool word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(list, w); p; p = strstr(p + 1, w))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static char *explain_attributes(xmlNodePtr el)
{
	const char *name = (const char *)el->name;
	const char *req = "", *opt = "";
	for (size_t i = 0; i < sizeof ATTRIBUTES / sizeof *ATTRIBUTES; i++)
		if (strcmp(ATTRIBUTES[i].element, name) == 0) {
			req = ATTRIBUTES[i].required;
			opt = ATTRIBUTES[i].optional;
		}
	struct buf present = {0};
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		if (!word_in(req, an) && !word_in(opt, an)) {
			buf_free(&present);
			return xasprintf("<%s> has an attribute '%s' the schema does not know", name, an);
		}
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
		buf_printf(&present, " %s=\"%s\"", an, v ? (const char *)v : "");
		xmlFree(v);
	}
	char *copy = xstrdup(req), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (!xmlHasProp(el, (const xmlChar *)t)) {
			char *msg = xasprintf("<%s> lacks the attribute '%s'", name, t);
			free(copy);
			buf_free(&present);
			return msg;
		}
	}
	free(copy);
	char *msg = xasprintf("<%s> has an attribute value the schema does not allow:%s", name,
			      present.data ? present.data : "");
	buf_free(&present);
	return msg;
}

/* Make the schema's messages say what an author must fix. */
static void capture_explain(struct xml_capture *c)
{
	xmlNodePtr el = c->node;
	if (!c->msg || !el || el->type != XML_ELEMENT_NODE)
		return;
	char *better = NULL;
	const char *list = "Extra data in list: ";
	if (strstr(c->msg, "failed to validate attributes")) {
		/* libxml2 may point at the first child rather than the element. */
		char *named = xasprintf("Element %s ", (const char *)el->name);
		if (strncmp(c->msg, named, strlen(named)) != 0 && el->parent &&
		    el->parent->type == XML_ELEMENT_NODE) {
			el = el->parent;
			c->line = (int)xmlGetLineNo(el);
		}
		free(named);
		better = explain_attributes(el);
	} else if (strncmp(c->msg, list, strlen(list)) == 0) {
		better = xasprintf("<%s> has '%s' in a list of values where the schema does not allow it",
				   (const char *)el->name, c->msg + strlen(list));
	} else if (strstr(c->msg, "Expecting an element , got nothing")) {
		better = xasprintf("<%s> ends before the elements it needs (see kb.rng)",
				   (const char *)el->name);
	}
	if (better) {
		free(c->msg);
		c->msg = better;
	}
}

/* "path:line: msg" (line left out when unknown). */
char *kb_xml_located(const char *path, int line, const char *msg)
{
	if (line > 0)
		return xasprintf("%s:%d: %s", path, line, msg);
	return xasprintf("%s: %s", path, msg);
}

static char *capture_take(struct xml_capture *c, const char *path, const char *fallback)
{
	char *err = kb_xml_located(path, c->line, c->msg ? c->msg : fallback);
	free(c->msg);
	c->msg = NULL;
	c->line = 0;
	c->node = NULL;
	return err;
}

/* The schema: DIR/kb.rng, else the default KB's (so a directory of test
 * fixtures needs no copy). */
char *kb_xml_schema_path(const char *dir)
{
	const char *dirs[] = {dir, kb_default_dir(), KBDIR};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *p = xasprintf("%s/kb.rng", dirs[i]);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

xmlRelaxNGPtr kb_xml_schema(const char *dir, char **err)
{
	char *path = kb_xml_schema_path(dir);
	if (!path) {
		*err = xasprintf("%s/kb.rng: no schema, here or in the default knowledge base %s",
				 dir, kb_default_dir());
		return NULL;
	}
	struct xml_capture cap = {0};
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
	xmlRelaxNGPtr rng = NULL;
	if (pc) {
		/* The schema's own XML is parsed through the global handler. */
		xmlStructuredErrorFunc saved = xmlStructuredError;
		void *saved_ctx = xmlStructuredErrorContext;
		xmlSetStructuredErrorFunc(&cap, capture_error);
		xmlRelaxNGSetParserStructuredErrors(pc, capture_error, &cap);
		rng = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
		xmlSetStructuredErrorFunc(saved_ctx, saved);
	}
	if (!rng)
		*err = capture_take(&cap, path, "cannot read the knowledge-base schema");
	free(cap.msg);
	free(path);
	return rng;
}

xmlDocPtr kb_xml_read(const char *path, xmlRelaxNGPtr rng, char **err)
{
	struct xml_capture cap = {0};
	/* The parser reports through the global handler: borrow it for the call. */
	xmlStructuredErrorFunc saved = xmlStructuredError;
	void *saved_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&cap, capture_error);
	/* No NOENT, no DTDLOAD: entities are not fetched, NONET: nothing from the network. */
	xmlDocPtr doc = xmlReadFile(path, NULL,
				    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(saved_ctx, saved);
	if (!doc) {
		*err = capture_take(&cap, path, "not well-formed XML");
		return NULL;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "kb") != 0) {
		char *msg = xasprintf("the root element is <%s>, expected <kb>",
				      root ? (const char *)root->name : "");
		*err = kb_xml_located(path, root ? (int)xmlGetLineNo(root) : 0, msg);
		free(msg);
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
	xmlRelaxNGSetValidStructuredErrors(vc, capture_error, &cap);
	int valid = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (valid != 0) {
		capture_explain(&cap);
		*err = capture_take(&cap, path, "does not follow the knowledge-base schema");
		xmlFreeDoc(doc);
		return NULL;
	}
	free(cap.msg);
	return doc;
}

/* ------------------------------------------------------------------ text */

/* Element text as xgettext sees it: trimmed, white space collapsed. */
char *kb_xml_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = xstrdup(c ? (const char *)c : "");
	xmlFree(c);
	str_collapse_space(s);
	return s;
}

char *kb_xml_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

char *kb_xml_attr_collapsed(xmlNodePtr n, const char *name)
{
	char *s = kb_xml_attr(n, name);
	if (s)
		str_collapse_space(s);
	return s;
}

static bool line_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

static char *dedent(const char *text)
{
	/* Split into lines, dropping blank lines at both ends. */
	struct strlist lines = {0};
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && p[len - 1] == '\r')
			len--;
		char *l = xstrndup(p, len);
		if (line_blank(l, len))
			l[0] = '\0';
		if (lines.n || l[0])
			strlist_add(&lines, l);
		free(l);
		if (!nl)
			break;
		p = nl + 1;
	}
	while (lines.n && !lines.v[lines.n - 1][0])
		free(lines.v[--lines.n]);

	/* The longest run of leading blanks every non-blank line shares. */
	const char *first = NULL;
	size_t common = 0;
	for (size_t i = 0; i < lines.n; i++) {
		const char *l = lines.v[i];
		if (!l[0])
			continue;
		size_t ind = strspn(l, " \t");
		if (!first) {
			first = l;
			common = ind;
			continue;
		}
		size_t k = 0;
		while (k < common && k < ind && l[k] == first[k])
			k++;
		common = k;
	}

	struct buf out = {0};
	for (size_t i = 0; i < lines.n; i++) {
		if (i)
			buf_puts(&out, "\n");
		if (lines.v[i][0])
			buf_puts(&out, lines.v[i] + common);
	}
	strlist_free(&lines);
	char *s = buf_steal(&out);
	return s ? s : xstrdup("");
}

char *kb_xml_verbatim(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = dedent(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}
