/* wizard_report.c: `s` in the wizard: the Markdown report of the result on
 * screen, with the path the user walked, written to a new file
 * httpdoc-report-HOST-YYYYmmdd-HHMMSS.md (never over an existing one). */
#include <config.h>
#include "wizard_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

char *wizard_report_name(const char *url, long long t)
{
	struct buf host = {0};
	const char *p = url ? strstr(url, "://") : NULL;
	p = p ? p + 3 : url;
	if (p) {
		const char *at = strpbrk(p, "@/?#");
		if (at && *at == '@')
			p = at + 1;     /* drop user:password@ */
		for (; *p && !strchr("/?#:", *p) && host.len < 100; p++) {
			char c = *p;
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				  c == '.' || c == '-';
			if (ok && !(c == '.' && host.len == 0))
				buf_append(&host, &c, 1);
		}
	}
	char stamp[32] = "00000000-000000";
	time_t tt = (time_t)t;
	struct tm tm;
	if (localtime_r(&tt, &tm))
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	char *name = xasprintf("httpdoc-report-%s-%s.md", host.len ? host.data : "response", stamp);
	buf_free(&host);
	return name;
}

char *wz_write_new_file(const char *dir, const char *name, const char *text, int *err)
{
	const char *dot = strrchr(name, '.');
	int stem = (int)(dot ? (size_t)(dot - name) : strlen(name));
	for (int i = 1; i < 100; i++) {
		char *path = i == 1 ? xasprintf("%s/%s", dir, name)
				    : xasprintf("%s/%.*s-%d%s", dir, stem, name, i, dot ? dot : "");
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 && errno == EEXIST) {
			free(path);
			continue;
		}
		if (fd < 0) {
			*err = errno;
			free(path);
			return NULL;
		}
		size_t len = strlen(text), off = 0;
		while (off < len) {
			ssize_t n = write(fd, text + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		*err = off == len ? 0 : errno ? errno : EIO;
		if (close(fd) != 0 && !*err)
			*err = errno;
		if (*err) {
			unlink(path);
			free(path);
			return NULL;
		}
		return path;
	}
	*err = EEXIST;
	return NULL;
}

void wz_save_report(struct wizard *w)
{
	struct wz_result *res = w->cur;
	struct probe_result copy = res->p;      /* shallow: only the diagnosis differs */
	struct diagnosis d;
	diagnosis_init(&d);
	if (res->engine) {
		wz_walk_diagnosis(res, &d);
		copy.diag = d;
	}
	char *md = report_markdown(&copy);
	diagnosis_free(&d);

	char *hint = NULL;
	if (res->sample) {
		const char *base = strrchr(res->sample, '/');
		hint = xasprintf("%s-%s", w->o.demo ? "demo" : "saved", base ? base + 1 : res->sample);
		char *dot = strrchr(hint, '.');
		if (dot)
			*dot = '\0';
	}
	char *name = wizard_report_name(hint ? hint : res->p.resp.url, (long long)time(NULL));
	int err = 0;
	char *path = wz_write_new_file(w->o.report_dir ? w->o.report_dir : ".", name, md, &err);
	if (path) {
		char *m = xasprintf(_("Report saved to %s"), path);
		wz_set_msg(w, WZ_GOOD, m);
		free(m);
		free(w->report_file);
		w->report_file = path;
	} else {
		char *m = xasprintf(_("Could not save the report: %s"), strerror(err));
		wz_set_msg(w, WZ_BAD, m);
		free(m);
	}
	free(name);
	free(hint);
	free(md);
}

const char *wizard_report_file(const struct wizard *w)
{
	return w->report_file;
}
