/* explain-check: the text of `httpdoc explain CODE` holds all of the advice
 * that `httpdoc explain CODE --json` lists, for the shell tests.
 *
 *   explain-check JSON-FILE TEXT-FILE [COLUMNS]
 *
 * Every question of the outline (its text, why and choices) and every fix
 * (title, summary, steps, snippets, commands, checks) must be in the text.
 * The text is wrapped and indented, so both sides are compared with all
 * white space taken out. The fixes' ids must differ (each fix once). With
 * COLUMNS, no line of the text is wider than that (in display columns: a
 * CJK character takes two) unless it is a line of a snippet or a command,
 * which are never wrapped.
 * Prints each piece that is missing; exit 0 all there, 1 some missing,
 * 2 bad input. */
#include <config.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <jansson.h>

static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	if (!out)
		exit(2);
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			*o++ = *s;
	*o = '\0';
	return out;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t got;
	while (b && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			b = realloc(b, cap *= 2);
	}
	fclose(f);
	if (b)
		b[n] = '\0';
	return b;
}

static int missing;
static const char *text;

static void want(const char *what, const char *where, json_t *v)
{
	if (!json_is_string(v))
		return;
	char *s = squeeze(json_string_value(v));
	if (*s && !strstr(text, s)) {
		printf("missing %s of %s: %s\n", what, where, json_string_value(v));
		missing++;
	}
	free(s);
}

static void want_all(const char *what, const char *where, json_t *a, const char *key)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		want(what, where, key ? json_object_get(v, key) : v);
}

/* Display columns of a line of UTF-8 (an undecodable one: its bytes). */
static int columns(const char *line)
{
	size_t n = mbstowcs(NULL, line, 0);
	if (n == (size_t)-1)
		return (int)strlen(line);
	wchar_t *w = malloc((n + 1) * sizeof *w);
	if (!w)
		exit(2);
	mbstowcs(w, line, n + 1);
	int cols = wcswidth(w, n);
	free(w);
	return cols < 0 ? (int)n : cols;
}

/* Whether the line (squeezed; a command's "$" dropped) is verbatim text. */
static bool verbatim(json_t *advice, const char *line)
{
	char *s = squeeze(line);
	const char *p = s[0] == '$' ? s + 1 : s;
	bool found = false;
	size_t i, k;
	json_t *a, *v;
	json_array_foreach(advice, i, a) {
		json_array_foreach(json_object_get(a, "snippets"), k, v) {
			char *t = squeeze(json_string_value(json_object_get(v, "text")));
			found = found || strstr(t, p);
			free(t);
			/* its heading: "[lang] file" */
			const char *file = json_string_value(json_object_get(v, "file"));
			size_t len = strlen(p);
			if (file && p[0] == '[') {
				t = squeeze(file);
				found = found || (len > strlen(t) && strcmp(p + len - strlen(t), t) == 0);
				free(t);
			}
		}
		json_array_foreach(json_object_get(a, "commands"), k, v) {
			char *t = squeeze(json_string_value(v));
			found = found || strstr(t, p);
			free(t);
		}
	}
	free(s);
	return found;
}

static void check_widths(json_t *advice, char *raw, int max)
{
	for (char *line = strtok(raw, "\n"); line; line = strtok(NULL, "\n")) {
		if (columns(line) > max && !verbatim(advice, line)) {
			printf("wider than %d columns: %s\n", max, line);
			missing++;
		}
	}
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: explain-check JSON-FILE TEXT-FILE [COLUMNS]\n");
		return 2;
	}
	json_error_t err;
	json_t *root = json_load_file(argv[1], 0, &err);
	char *raw = read_all(argv[2]);
	if (!root || !raw) {
		fprintf(stderr, "explain-check: cannot read %s\n", root ? argv[2] : argv[1]);
		return 2;
	}
	text = squeeze(raw);

	size_t i, k;
	json_t *q, *a, *b;
	json_array_foreach(json_object_get(root, "outline"), i, q) {
		const char *id = json_string_value(json_object_get(q, "id"));
		want("the question", id, json_object_get(q, "text"));
		want("the why", id, json_object_get(q, "why"));
		want_all("a choice", id, json_object_get(q, "choices"), "label");
	}
	json_t *advice = json_object_get(root, "advice");
	json_array_foreach(advice, i, a) {
		const char *id = json_string_value(json_object_get(a, "id"));
		want("the title", id, json_object_get(a, "title"));
		want("the summary", id, json_object_get(a, "summary"));
		want_all("a step", id, json_object_get(a, "steps"), NULL);
		want_all("a snippet", id, json_object_get(a, "snippets"), "text");
		want_all("a command", id, json_object_get(a, "commands"), NULL);
		want_all("a check", id, json_object_get(a, "verify"), NULL);
		json_array_foreach(advice, k, b) {
			if (k < i && json_equal(json_object_get(a, "id"), json_object_get(b, "id"))) {
				printf("fix %s listed twice\n", id);
				missing++;
			}
		}
	}
	if (argc == 4)
		check_widths(advice, raw, atoi(argv[3]));
	printf("%zu questions, %zu fixes\n", json_array_size(json_object_get(root, "outline")),
	       json_array_size(advice));
	json_decref(root);
	free(raw);
	free((char *)text);
	return missing ? 1 : 0;
}
