/* htmlscan.c: a bounded, streaming look at an HTML body.
 *
 * libxml2's HTML push parser with SAX callbacks only: no tree is built, so
 * memory is bounded by the caps in htmlscan.h rather than by the body. The
 * body is fed in small chunks; a callback that hits a bound stops the parser
 * (xmlStopParser) and the feeding loop ends. Element boundaries count as white
 * space in every collected text, so "<span>Error</span><span>1020</span>"
 * reads "Error 1020". */
#include <config.h>
#include "htmlscan.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "htmlguard.h"
#include "util.h"

#define SCAN_CHUNK     4096
#define ATTR_KEEP      1024  /* bytes kept of an id, class, data-translate or link */
#define DOCTYPE_KEEP   256

enum open_kind { OPEN_OTHER, OPEN_SCRIPT, OPEN_STYLE, OPEN_TITLE };

/* Collapsed text with a cap: runs of white space become one space, no
 * leading or trailing space, at most max bytes (cut on a UTF-8 boundary). */
struct text {
	struct buf b;
	size_t max;
	unsigned long seq;      /* boundary count when text was last added */
	bool space;             /* a space is due before the next byte */
	bool full;
};

struct scanner {
	struct html_scan *out;
	htmlParserCtxtPtr ctxt;
	size_t cap;                     /* allocated elements */
	struct text *etext;             /* text of each recorded element */
	int open[HTMLSCAN_MAX_DEPTH + 2];       /* element index at each open depth, -1 if unrecorded */
	unsigned char kind[HTMLSCAN_MAX_DEPTH + 2];
	int depth;                      /* open elements; the root is at depth 1 */
	int hungry;                     /* lowest depth whose element may still take text */
	int in_title, in_script, in_style;
	unsigned long seq;              /* element boundaries seen */
	struct text script, visible;
	bool stop;
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void text_init(struct text *t, size_t max)
{
	memset(t, 0, sizeof *t);
	t->max = max;
}

static void text_add(struct text *t, const unsigned char *p, size_t n, unsigned long seq)
{
	if (t->full)
		return;
	if (t->seq != seq) {
		t->space = true;
		t->seq = seq;
	}
	size_t i = 0;
	while (i < n) {
		if (is_space(p[i])) {
			t->space = true;
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && !is_space(p[j]))
			j++;
		if (t->space && t->b.len) {
			if (t->b.len + 1 >= t->max) {
				t->full = true;
				return;
			}
			buf_append(&t->b, " ", 1);
		}
		t->space = false;
		size_t room = t->max - t->b.len, word = j - i;
		if (word >= room) {
			/* What fits of the last word; scan_finish trims a cut character. */
			buf_append(&t->b, p + i, room);
			t->full = true;
			return;
		}
		buf_append(&t->b, p + i, word);
		i = j;
	}
}

/* Cut a partial UTF-8 sequence off the end (a cap can fall inside one). */
static void utf8_trim_tail(struct buf *b)
{
	size_t n = b->len, k = 0;
	while (k < 4 && k < n && ((unsigned char)b->data[n - 1 - k] & 0xC0) == 0x80)
		k++;
	if (k == n)
		return;
	unsigned char lead = (unsigned char)b->data[n - 1 - k];
	size_t want = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
	if (k + 1 < want) {
		b->len = n - 1 - k;
		b->data[b->len] = '\0';
	}
}

static char *text_steal(struct text *t)
{
	if (!t->b.data)
		return xstrdup("");
	utf8_trim_tail(&t->b);
	return buf_steal(&t->b);
}

static char *attr_copy(const xmlChar *v, size_t keep)
{
	const char *s = (const char *)v;
	size_t n = strnlen(s, keep);
	return xstrndup(s, n);
}

static void scan_stop(struct scanner *s)
{
	s->stop = true;
	s->out->stopped = true;
	xmlStopParser(s->ctxt);
}

/* Nothing more can be collected: stop parsing rather than read on for nothing. */
static bool all_full(const struct scanner *s)
{
	return s->out->n_elements >= HTMLSCAN_MAX_ELEMENTS && s->visible.full && s->script.full;
}

static enum open_kind kind_of(const char *tag)
{
	if (strcmp(tag, "script") == 0)
		return OPEN_SCRIPT;
	if (strcmp(tag, "style") == 0)
		return OPEN_STYLE;
	if (strcmp(tag, "title") == 0)
		return OPEN_TITLE;
	return OPEN_OTHER;
}

static void record_element(struct scanner *s, const char *tag, const xmlChar **atts)
{
	struct html_scan *o = s->out;
	if (o->n_elements >= HTMLSCAN_MAX_ELEMENTS) {
		s->open[s->depth] = -1;
		return;
	}
	if (o->n_elements == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		o->elements = xrealloc(o->elements, s->cap * sizeof *o->elements);
		s->etext = xrealloc(s->etext, s->cap * sizeof *s->etext);
	}
	size_t i = o->n_elements++;
	struct html_element *e = &o->elements[i];
	memset(e, 0, sizeof *e);
	e->tag = xstrdup(tag);
	e->depth = s->depth;
	for (size_t a = 0; atts && atts[a]; a += 2) {
		const char *name = (const char *)atts[a];
		const xmlChar *val = atts[a + 1];
		if (!val)
			continue;
		if (!e->id && str_ieq(name, "id"))
			e->id = attr_copy(val, ATTR_KEEP);
		else if (!e->class_attr && str_ieq(name, "class"))
			e->class_attr = attr_copy(val, ATTR_KEEP);
		else if (!e->data_translate && str_ieq(name, "data-translate"))
			e->data_translate = attr_copy(val, ATTR_KEEP);
		else if (!e->link && (str_ieq(name, "href") || str_ieq(name, "src") || str_ieq(name, "action")))
			e->link = attr_copy(val, ATTR_KEEP);
	}
	text_init(&s->etext[i], HTMLSCAN_TEXT_MAX);
	s->etext[i].seq = s->seq;
	s->open[s->depth] = (int)i;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct scanner *s = ctx;
	if (s->stop)
		return;
	if (s->depth >= HTMLSCAN_MAX_DEPTH) {
		scan_stop(s);
		return;
	}
	s->depth++;
	s->seq++;
	const char *tag = name ? (const char *)name : "";
	enum open_kind k = kind_of(tag);
	s->kind[s->depth] = (unsigned char)k;
	if (k == OPEN_TITLE) {
		s->in_title++;
	} else if (k == OPEN_SCRIPT) {
		s->in_script++;
		if (s->script.b.len && !s->script.full)
			buf_append(&s->script.b, "\n", 1);     /* keep scripts apart */
	} else if (k == OPEN_STYLE) {
		s->in_style++;
	}
	record_element(s, tag, atts);
	if (s->hungry > s->depth)
		s->hungry = s->depth;
	if (all_full(s))
		scan_stop(s);
}

static void on_end(void *ctx, const xmlChar *name)
{
	struct scanner *s = ctx;
	(void)name;
	if (s->stop || s->depth == 0)
		return;
	enum open_kind k = s->kind[s->depth];
	if (k == OPEN_TITLE)
		s->in_title--;
	else if (k == OPEN_SCRIPT)
		s->in_script--;
	else if (k == OPEN_STYLE)
		s->in_style--;
	s->depth--;
	s->seq++;
}

/* Text goes to every open element that still has room, and to the visible
 * text unless it is a title's. An ancestor has seen at least the text of its
 * descendants, so the full ones sit at the bottom of the stack: `hungry`
 * skips them and keeps this loop short. */
static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct scanner *s = ctx;
	if (s->stop || len <= 0)
		return;
	const unsigned char *p = ch;
	size_t n = (size_t)len;
	for (int d = s->hungry; d <= s->depth; d++) {
		int idx = s->open[d];
		if (idx >= 0)
			text_add(&s->etext[idx], p, n, s->seq);
	}
	while (s->hungry <= s->depth &&
	       (s->open[s->hungry] < 0 || s->etext[s->open[s->hungry]].full))
		s->hungry++;
	if (!s->in_title && !s->in_script && !s->in_style)
		text_add(&s->visible, p, n, s->seq);
	if (all_full(s))
		scan_stop(s);
}

/* libxml2 hands <script> and <style> contents over as CDATA blocks. */
static void on_cdata(void *ctx, const xmlChar *value, int len)
{
	struct scanner *s = ctx;
	if (s->stop || len <= 0 || s->depth == 0 || s->kind[s->depth] != OPEN_SCRIPT)
		return;
	struct text *t = &s->script;
	if (t->full)
		return;
	size_t n = (size_t)len, room = t->max - t->b.len;
	if (n > room) {
		n = room;
		t->full = true;
	}
	size_t start = t->b.len;
	buf_append(&t->b, value, n);
	for (size_t i = start; i < t->b.len; i++)
		if (t->b.data[i] == '\0')
			t->b.data[i] = ' ';
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
		       const xmlChar *system_id)
{
	struct scanner *s = ctx;
	(void)name;
	(void)system_id;
	if (!s->out->doctype_public && external_id)
		s->out->doctype_public = attr_copy(external_id, DOCTYPE_KEEP);
}

static void quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* Close the texts after the parse: each element's own, the script and the
 * visible text, and the title (the first <title>'s text, NULL if empty). */
static void scan_finish(struct scanner *s)
{
	struct html_scan *o = s->out;
	for (size_t i = 0; i < o->n_elements; i++) {
		o->elements[i].text = text_steal(&s->etext[i]);
		if (!o->title && strcmp(o->elements[i].tag, "title") == 0 && o->elements[i].text[0])
			o->title = xstrdup(o->elements[i].text);
	}
	o->script_text = buf_steal(&s->script.b);
	if (!o->script_text)
		o->script_text = xstrdup("");
	o->visible_text = text_steal(&s->visible);
	free(s->etext);
}

static void feed(struct scanner *s, const char *body, size_t len)
{
	char chunk[SCAN_CHUNK];
	struct tag_guard g;
	memset(&g, 0, sizeof g);
	for (size_t off = 0; off < len && !s->stop; ) {
		size_t n = len - off < SCAN_CHUNK ? len - off : SCAN_CHUNK, k = 0;
		for (size_t i = 0; i < n; i++) {
			int c = (unsigned char)body[off + i];
			if (guard_byte(&g, c))
				/* A NUL ends input in places inside libxml2's HTML parser. */
				chunk[k++] = c ? (char)c : ' ';
		}
		if (k)
			htmlParseChunk(s->ctxt, chunk, (int)k, 0);
		off += n;
	}
	if (!s->stop)
		htmlParseChunk(s->ctxt, NULL, 0, 1);
}

/* One parse of the body into s->out. Returns false when the parse died on a
 * character conversion (a body whose bytes do not match its declared charset). */
static bool scan_run(struct scanner *s, const char *body, size_t len, xmlCharEncoding enc)
{
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.internalSubset = on_doctype;
	sax.warning = quiet_generic;
	sax.error = quiet_generic;
	sax.fatalError = quiet_generic;
	sax.serror = quiet_structured;
	sax.initialized = XML_SAX2_MAGIC;

	int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
	if (enc != XML_CHAR_ENCODING_NONE)
		options |= HTML_PARSE_IGNORE_ENC;
	s->ctxt = htmlCreatePushParserCtxt(&sax, s, NULL, 0, NULL, enc);
	if (!s->ctxt)
		return true;
	htmlCtxtUseOptions(s->ctxt, options);
	feed(s, body, len);
	int err = s->ctxt->errNo;
	htmlFreeParserCtxt(s->ctxt);
	s->ctxt = NULL;
	return !(err == XML_I18N_CONV_FAILED || err == XML_ERR_INVALID_ENCODING ||
		 err == XML_ERR_UNSUPPORTED_ENCODING);
}

static void scanner_init(struct scanner *s, struct html_scan *out)
{
	memset(out, 0, sizeof *out);
	memset(s, 0, sizeof *s);
	s->out = out;
	s->hungry = 1;
	text_init(&s->script, HTMLSCAN_SCRIPT_MAX);
	text_init(&s->visible, HTMLSCAN_VISIBLE_MAX);
}

static void scanner_discard(struct scanner *s)
{
	for (size_t i = 0; i < s->out->n_elements; i++)
		buf_free(&s->etext[i].b);
	free(s->etext);
	buf_free(&s->script.b);
	buf_free(&s->visible.b);
	s->out->visible_text = s->out->script_text = NULL;
	html_scan_free(s->out);
}

static bool valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t k = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c & 0xF0) == 0xE0 ? 3 :
			   (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
		if (k == 0 || i + k > n)
			return false;
		for (size_t j = 1; j < k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return false;
		i += k;
	}
	return true;
}

/* A body that is valid UTF-8 throughout is read as UTF-8 whatever its <meta>
 * says (pages re-encoded by a proxy or a crawler keep a stale charset, and
 * libxml2 stops dead on the failed conversion). Otherwise the declared charset
 * is honoured, and if converting by it fails, the body is read as Latin-1,
 * which cannot fail. */
void html_scan(const char *body, size_t len, struct html_scan *out)
{
	struct scanner s;
	scanner_init(&s, out);
	if (!body || !len) {
		scan_finish(&s);
		return;
	}
	bool cut = len > HTMLSCAN_INPUT_MAX;
	if (cut) {
		/* Never inside a UTF-8 sequence: that would make the body look non-UTF-8. */
		len = HTMLSCAN_INPUT_MAX;
		for (int k = 0; k < 3 && ((unsigned char)body[len] & 0xC0) == 0x80; k++)
			len--;
	}

	/* Encoding errors bypass the context's handlers and reach the global
	 * ones: silence those for the parse, then put back whatever was set. */
	xmlInitParser();
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet_generic);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);

	if (valid_utf8((const unsigned char *)body, len)) {
		scan_run(&s, body, len, XML_CHAR_ENCODING_UTF8);
	} else if (!scan_run(&s, body, len, XML_CHAR_ENCODING_NONE)) {
		scanner_discard(&s);
		scanner_init(&s, out);
		scan_run(&s, body, len, XML_CHAR_ENCODING_8859_1);
	}

	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	if (cut)
		out->stopped = true;
	scan_finish(&s);
}

void html_scan_global_init(void)
{
	xmlInitParser();
}

void html_scan_free(struct html_scan *s)
{
	for (size_t i = 0; i < s->n_elements; i++) {
		struct html_element *e = &s->elements[i];
		free(e->tag);
		free(e->id);
		free(e->class_attr);
		free(e->data_translate);
		free(e->link);
		free(e->text);
	}
	free(s->elements);
	free(s->title);
	free(s->doctype_public);
	free(s->script_text);
	free(s->visible_text);
	memset(s, 0, sizeof *s);
}

bool html_element_has_class(const struct html_element *e, const char *token)
{
	if (!e || !e->class_attr || !token || !*token)
		return false;
	size_t n = strlen(token);
	const char *p = e->class_attr;
	while (*p) {
		while (*p && is_space((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && !is_space((unsigned char)*p))
			p++;
		if ((size_t)(p - start) == n && memcmp(start, token, n) == 0)
			return true;
	}
	return false;
}

const struct html_element *html_find_class(const struct html_scan *s, const char *token)
{
	for (size_t i = 0; i < s->n_elements; i++)
		if (html_element_has_class(&s->elements[i], token))
			return &s->elements[i];
	return NULL;
}

const struct html_element *html_find_tag(const struct html_scan *s, const char *tag)
{
	for (size_t i = 0; i < s->n_elements; i++)
		if (strcmp(s->elements[i].tag, tag) == 0)
			return &s->elements[i];
	return NULL;
}

const struct html_element *html_find_id(const struct html_scan *s, const char *id)
{
	for (size_t i = 0; i < s->n_elements; i++)
		if (s->elements[i].id && strcmp(s->elements[i].id, id) == 0)
			return &s->elements[i];
	return NULL;
}

const struct html_element *html_next_sibling(const struct html_scan *s, const struct html_element *e)
{
	for (size_t i = (size_t)(e - s->elements) + 1; i < s->n_elements; i++) {
		if (s->elements[i].depth < e->depth)
			return NULL;
		if (s->elements[i].depth == e->depth)
			return &s->elements[i];
	}
	return NULL;
}

const struct html_element *html_parent(const struct html_scan *s, const struct html_element *e)
{
	for (size_t i = (size_t)(e - s->elements); i-- > 0; )
		if (s->elements[i].depth < e->depth)
			return s->elements[i].depth == e->depth - 1 ? &s->elements[i] : NULL;
	return NULL;
}
