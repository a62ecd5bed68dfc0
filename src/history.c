/* history.c: the wizard's remembered URLs, read and written without fuss. */
#include <config.h>
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_BYTES 8192     /* probe_check_url refuses longer URLs */

char *history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	if (state && state[0] == '/')
		return xasprintf("%s/httpdoc/history", state);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.local/state/httpdoc/history", home);
	return NULL;
}

size_t history_load(const char *path, struct strlist *urls)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f)
		return 0;
	char line[LINE_MAX_BYTES + 2];
	size_t n = 0;
	while (n < HISTORY_MAX && fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len && line[len - 1] != '\n' && !feof(f)) {
			/* Too long to be a URL we wrote: skip the rest of it. */
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (!len || strlist_contains(urls, line))
			continue;
		strlist_add(urls, line);
		n++;
	}
	fclose(f);
	return n;
}

void history_add(struct strlist *urls, const char *url)
{
	if (!url || !*url || strchr(url, '\n'))
		return;
	struct strlist out = {0};
	strlist_add(&out, url);
	for (size_t i = 0; i < urls->n && out.n < HISTORY_MAX; i++)
		if (strcmp(urls->v[i], url) != 0)
			strlist_add(&out, urls->v[i]);
	strlist_free(urls);
	*urls = out;
}

/* mkdir -p of the directory part of path. */
static int make_parent(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; ; p++) {
			if (*p == '/' || *p == '\0') {
				char c = *p;
				*p = '\0';
				if (mkdir(dir, 0700) != 0 && errno != EEXIST)
					rc = -1;
				*p = c;
				if (!c)
					break;
			}
		}
	}
	free(dir);
	return rc;
}

int history_save(const char *path, const struct strlist *urls)
{
	if (!path || make_parent(path) != 0)
		return -1;
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		free(tmp);
		return -1;
	}
	for (size_t i = 0; i < urls->n && i < HISTORY_MAX; i++)
		fprintf(f, "%s\n", urls->v[i]);
	int rc = (fflush(f) == 0 && fsync(fileno(f)) == 0) ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
