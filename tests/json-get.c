/* json-get: read values out of httpdoc's JSON output, for the shell tests.
 *
 *   json-get [-n LINE] FILE [PATH...]
 *
 * FILE holds one JSON object per line ('-' for standard input); -n picks the
 * line (1 by default). Each PATH is dot-separated: object keys, or array
 * indexes counted from 0 ("redirects.0.status"). Each value is printed on its
 * own line as compact JSON (strings keep their quotes, null prints null).
 * With no PATH, checks that there is a line and every non-empty one is a JSON object.
 * Exit: 0 found, 3 a path is missing, 2 bad JSON or usage, 1 unreadable file. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static json_t *walk(json_t *v, const char *path)
{
	char *copy = strdup(path), *save = NULL, *key;

	for (key = strtok_r(copy, ".", &save); v && key; key = strtok_r(NULL, ".", &save)) {
		char *end;
		long i = strtol(key, &end, 10);

		if (json_is_array(v) && *end == '\0' && i >= 0)
			v = json_array_get(v, (size_t)i);
		else if (json_is_object(v))
			v = json_object_get(v, key);
		else
			v = NULL;
	}
	free(copy);
	return v;
}

static int check_all(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long no = 0, objects = 0;
	int rc = 0;

	while ((n = getline(&line, &cap, f)) > 0) {
		json_error_t err;
		json_t *v;

		no++;
		if (n == 1 && line[0] == '\n')
			continue;
		v = json_loads(line, 0, &err);
		if (!json_is_object(v)) {
			fprintf(stderr, "json-get: line %ld: %s\n", no, v ? "not an object" : err.text);
			rc = 2;
		}
		objects += json_is_object(v);
		json_decref(v);
	}
	free(line);
	if (objects == 0) {
		fputs("json-get: no JSON at all\n", stderr);
		rc = 2;
	}
	return rc;
}

int main(int argc, char **argv)
{
	long want = 1, no = 0;
	char *line = NULL;
	size_t cap = 0;
	json_error_t err;
	json_t *doc;
	FILE *f;
	int i = 1, rc = 0;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		want = strtol(argv[2], NULL, 10);
		i = 3;
	}
	if (i >= argc || want < 1) {
		fputs("usage: json-get [-n LINE] FILE [PATH...]\n", stderr);
		return 2;
	}
	f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
	if (!f) {
		perror(argv[i]);
		return 1;
	}
	if (i + 1 == argc)
		return check_all(f);
	while (no < want && getline(&line, &cap, f) > 0)
		no++;
	if (no < want) {
		fprintf(stderr, "json-get: %s has no line %ld\n", argv[i], want);
		return 2;
	}
	doc = json_loads(line, 0, &err);
	free(line);
	if (!doc) {
		fprintf(stderr, "json-get: %s:%ld: %s\n", argv[i], want, err.text);
		return 2;
	}
	for (i++; i < argc; i++) {
		json_t *v = walk(doc, argv[i]);
		char *s;

		if (!v) {
			fprintf(stderr, "json-get: no %s\n", argv[i]);
			rc = 3;
			continue;
		}
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		puts(s ? s : "");
		free(s);
	}
	json_decref(doc);
	return rc;
}
