/* kb_code.c: the codes a person types, made into the codes the knowledge base
 * uses, the nearest known ones when a code has no entry, and who generates a
 * code, in words. */
#include <config.h>
#include "kb.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const TRANSPORT_CODES[] = {
	"dns", "connect", "timeout", "tls", "empty-reply", "too-many-redirects",
	"protocol-refused", "other", NULL,
};

/* Pages a CDN, WAF, load balancer, proxy or hosting platform writes about
 * itself (the fact layer.page leads a probe there). */
static const char *const LAYER_CODES[] = {
	"waf-block", "lb-backend-down", "cdn-origin-down", "hosting-suspended", "site-not-found", NULL,
};

static bool layer_code(const char *s)
{
	for (size_t i = 0; LAYER_CODES[i]; i++)
		if (strcmp(s, LAYER_CODES[i]) == 0)
			return true;
	return false;
}

enum code_kind {
	CODE_NAME,      /* "timeout", or anything else */
	CODE_STATUS,    /* "403" */
	CODE_SUB,       /* "403.14": IIS sub-status */
	CODE_CF,        /* "1020": Cloudflare 1xxx */
	CODE_CLASS,     /* "4xx" */
};

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

static bool in_set(char c, const char *set)
{
	return c && strchr(set, c);
}

#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"

/* A node id: [a-z0-9][a-z0-9.-]*; a family: the same without '.'. */
bool kb_form_id(const char *s, bool dots)
{
	if (!in_set(*s, LOWER_DIGITS))
		return false;
	for (s++; *s; s++)
		if (!in_set(*s, LOWER_DIGITS "-") && !(dots && *s == '.'))
			return false;
	return true;
}

/* A fact: [a-z_]+(.[a-z0-9_-]+)* */
bool kb_form_fact(const char *s)
{
	const char *p = s;
	while (in_set(*p, "abcdefghijklmnopqrstuvwxyz_"))
		p++;
	if (p == s)
		return false;
	while (*p == '.') {
		const char *q = ++p;
		while (in_set(*p, LOWER_DIGITS "_-"))
			p++;
		if (p == q)
			return false;
	}
	return *p == '\0';
}

/* A code: 403, 403.14, 1020, 4xx, a transport failure's name, or a layer's page. */
bool kb_form_code(const char *s)
{
	size_t n = strlen(s);
	if (layer_code(s))
		return true;
	for (size_t i = 0; TRANSPORT_CODES[i]; i++)
		if (strcmp(s, TRANSPORT_CODES[i]) == 0)
			return true;
	if (n == 3 && s[0] >= '1' && s[0] <= '5' && strcmp(s + 1, "xx") == 0)
		return true;
	if (n == 4 && s[0] == '1' && all_digits(s, 4))
		return true;
	if (n < 3 || s[0] < '1' || s[0] > '9' || !all_digits(s, 3))
		return false;
	return n == 3 || (s[3] == '.' && n >= 5 && n <= 7 && all_digits(s + 4, n - 4));
}

static enum code_kind code_kind(const char *s)
{
	size_t n = strlen(s);
	if (n == 3 && s[0] >= '1' && s[0] <= '9' && all_digits(s, 3))
		return CODE_STATUS;
	if (n == 3 && s[0] >= '1' && s[0] <= '5' && s[1] == 'x' && s[2] == 'x')
		return CODE_CLASS;
	if (n == 4 && s[0] == '1' && all_digits(s, 4))
		return CODE_CF;
	if (n >= 5 && n <= 7 && s[0] >= '1' && s[0] <= '9' && all_digits(s, 3) && s[3] == '.' &&
	    all_digits(s + 4, n - 4))
		return CODE_SUB;
	return CODE_NAME;
}

char *kb_code_normalise(const char *code)
{
	if (!code)
		return NULL;
	char *s = xstrdup(code);
	str_collapse_space(s);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* "cf1020", "CF-1020", "cf 1020": Cloudflare's own way of naming its errors. */
	char *c = s;
	if (strncmp(c, "cf", 2) == 0 && (isdigit((unsigned char)c[2]) ||
					 (strchr("-_ ", c[2]) && c[2] && isdigit((unsigned char)c[3]))))
		c += isdigit((unsigned char)c[2]) ? 2 : 3;
	for (char *p = c; *p; p++)
		if (*p == '_')
			*p = '-';
	/* "500-11", as IIS sub-status codes are sometimes written. */
	if (strlen(c) >= 5 && all_digits(c, 3) && c[3] == '-')
		c[3] = '.';

	char *out = NULL;
	if (code_kind(c) != CODE_NAME) {
		out = xstrdup(c);
	} else {
		for (size_t i = 0; TRANSPORT_CODES[i]; i++)
			if (strcmp(c, TRANSPORT_CODES[i]) == 0)
				out = xstrdup(c);
		if (layer_code(c))
			out = xstrdup(c);
	}
	free(s);
	return out;
}

/* Edit distance between two short names. */
static size_t levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xmalloc((lb + 1) * sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

struct near {
	const char *code;
	long dist;
};

static int near_cmp(const void *pa, const void *pb)
{
	const struct near *a = pa, *b = pb;
	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	return strverscmp(a->code, b->code);
}

/* How far entry code e is from the code asked for (key), or -1 when it is not
 * a sensible suggestion at all. same_class limits statuses to one hundred. */
static long distance(const char *key, enum code_kind kk, const char *e, bool same_class)
{
	enum code_kind ek = code_kind(e);
	switch (kk) {
	case CODE_SUB:
		if (strncmp(key, e, 3) != 0)
			return -1;
		if (ek == CODE_SUB)
			return labs(atol(key + 4) - atol(e + 4));
		return ek == CODE_STATUS ? 100000 : -1;   /* the plain status, after its siblings */
	case CODE_STATUS:
		if (ek != CODE_STATUS || (same_class && key[0] != e[0]))
			return -1;
		return labs(atol(key) - atol(e));
	case CODE_CF:
		return ek == CODE_CF ? labs(atol(key) - atol(e)) : -1;
	case CODE_CLASS:
		return ek == CODE_CLASS ? labs(key[0] - e[0]) : -1;
	case CODE_NAME:
	default:
		if (ek != CODE_NAME)
			return -1;
		size_t d = levenshtein(key, e), len = strlen(key);
		return d <= (len / 3 > 2 ? len / 3 : 2) ? (long)d : -1;
	}
}

static size_t gather(const struct kb *kb, const char *key, enum code_kind kk, bool same_class,
		     struct near *v)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->n_entries; i++) {
		const char *e = kb->entries[i].code;
		if (strcmp(e, key) == 0)
			continue;
		long d = distance(key, kk, e, same_class);
		if (d >= 0)
			v[n++] = (struct near){e, d};
	}
	return n;
}

void kb_nearest_codes(const struct kb *kb, const char *code, struct strlist *out, size_t n)
{
	if (!kb || !code || !n || !kb->n_entries)
		return;
	char *key = kb_code_normalise(code);
	if (!key) {
		key = xstrdup(code);
		str_collapse_space(key);
		for (char *p = key; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	enum code_kind kk = code_kind(key);
	struct near *v = xmalloc(kb->n_entries * sizeof *v);
	size_t nv = gather(kb, key, kk, true, v);
	if (nv == 0 && kk == CODE_SUB) {
		key[3] = '\0';          /* no sibling sub-status: neighbours of the status */
		kk = CODE_STATUS;
		nv = gather(kb, key, kk, true, v);
	}
	if (nv == 0 && kk == CODE_STATUS)
		nv = gather(kb, key, kk, false, v);
	qsort(v, nv, sizeof *v, near_cmp);
	for (size_t i = 0; i < nv && i < n; i++)
		strlist_add(out, v[i].code);
	free(v);
	free(key);
}

bool kb_code_typed(const char *s)
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 2 && tolower((unsigned char)s[0]) == 'c' && tolower((unsigned char)s[1]) == 'f') {
		size_t skip = strchr("-_ ", s[2]) ? 3 : 2;
		return n > skip && all_digits(s + skip, n - skip);
	}
	size_t lead = strspn(s, "0123456789");
	if (lead >= n)
		return lead > 0;
	/* 403.14, or 403-14 as some pages write it */
	return lead > 0 && (s[lead] == '.' || s[lead] == '-') && all_digits(s + lead + 1, n - lead - 1);
}

static const char *generator_words(const char *token)
{
	if (strcmp(token, "origin") == 0)
		return _("the origin server");
	if (strcmp(token, "edge") == 0)
		return _("Cloudflare's edge");
	if (strcmp(token, "proxy") == 0)
		return _("a proxy (load balancer or CDN)");
	if (strcmp(token, "client") == 0)
		return _("the client");
	return token;
}

char *kb_generators_words(const struct kb_entry *e)
{
	struct buf words = {0};
	char *copy = xstrdup(e->generators ? e->generators : ""), *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		buf_printf(&words, "%s%s", words.len ? _(", ") : "", generator_words(t));
	free(copy);
	return buf_steal(&words);
}
