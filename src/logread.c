/* logread.c: the bytes a probe's request added to server logs, read safely:
 * only what was appended, bounded, through rotation and truncation. */
#include <config.h>
#include "logread.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "logline.h"

#define CHUNK (64 * 1024)

struct watched {
	char *path;
	enum log_kind kind;
	int fd;                 /* -1 when not readable */
	int err;                /* why not */
	dev_t dev;
	ino_t ino;
	off_t size;             /* when noted */
	char *group;            /* the group that may read it, when this user may not */
	bool dropped;
};

struct log_watch {
	struct watched *v;
	size_t n;
};

struct log_watch *log_watch_new(void)
{
	return xcalloc(1, sizeof(struct log_watch));
}

void log_watch_free(struct log_watch *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].fd >= 0)
			close(w->v[i].fd);
		free(w->v[i].path);
		free(w->v[i].group);
	}
	free(w->v);
	free(w);
}

size_t log_watch_count(const struct log_watch *w)
{
	return w->n;
}

const char *log_watch_path(const struct log_watch *w, size_t i)
{
	return i < w->n ? w->v[i].path : NULL;
}

enum log_kind log_watch_kind(const struct log_watch *w, size_t i)
{
	return i < w->n ? w->v[i].kind : LOG_UNKNOWN;
}

void log_watch_drop(struct log_watch *w, size_t i)
{
	if (i < w->n)
		w->v[i].dropped = true;
}

/* ------------------------------------------------------------------ kinds */

enum log_kind log_kind_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strstr(base, "modsec"))
		return LOG_MODSECURITY;
	if (strstr(base, "access"))
		return LOG_ACCESS;
	if (strstr(base, "fpm"))
		return LOG_PHP_FPM;
	if (strstr(path, "/nginx/") || strstr(base, "nginx"))
		return LOG_NGINX;
	if (strstr(path, "/apache2/") || strstr(path, "/httpd/") || strstr(base, "apache") ||
	    strstr(base, "httpd"))
		return LOG_APACHE;
	if (strstr(path, "/lsws/") || strstr(path, "litespeed"))
		return LOG_LITESPEED;
	if (strstr(base, "php"))
		return LOG_PHP;
	return LOG_UNKNOWN;
}

/* The kind the last lines of an open log show. */
static enum log_kind kind_from_lines(int fd, off_t size)
{
	char buf[4096];
	off_t from = size > (off_t)sizeof buf ? size - (off_t)sizeof buf : 0;
	ssize_t n = pread(fd, buf, (size_t)(size - from), from);
	if (n <= 0)
		return LOG_UNKNOWN;
	/* Each line that starts in the buffer, newest first. */
	for (ssize_t end = n; end > 0;) {
		ssize_t start = end - 1;
		while (start > 0 && buf[start - 1] != '\n')
			start--;
		if (start > 0 || from == 0) {
			enum log_kind k = log_line_sniff(buf + start, (size_t)(end - start));
			if (k != LOG_UNKNOWN)
				return k;
		}
		end = start > 0 ? start - 1 : 0;
	}
	return LOG_UNKNOWN;
}

static char *group_name(gid_t gid)
{
	char buf[1024];
	struct group gr, *res = NULL;
	if (getgrgid_r(gid, &gr, buf, sizeof buf, &res) != 0 || !res)
		return NULL;
	return xstrdup(res->gr_name);
}

bool log_watch_add(struct log_watch *w, const char *path, enum log_kind kind)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i].path, path) == 0)
			return false;
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	struct watched x = {.path = xstrdup(path), .kind = kind, .fd = -1,
			    .dev = st.st_dev, .ino = st.st_ino, .size = st.st_size};
	x.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat fst;
	if (x.fd < 0) {
		x.err = errno;
		if (st.st_mode & S_IRGRP)
			x.group = group_name(st.st_gid);
	} else if (fstat(x.fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
		close(x.fd);
		free(x.path);
		return false;
	} else {
		/* What was opened is what is watched (it may have changed since the stat). */
		x.dev = fst.st_dev;
		x.ino = fst.st_ino;
		x.size = fst.st_size;
	}
	if (x.kind == LOG_UNKNOWN && x.fd >= 0)
		x.kind = kind_from_lines(x.fd, x.size);
	if (x.kind == LOG_UNKNOWN)
		x.kind = log_kind_from_path(path);
	w->v = xrealloc(w->v, (w->n + 1) * sizeof *w->v);
	w->v[w->n++] = x;
	return true;
}

/* ------------------------------------------------------------------ waiting */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A number that changes whenever any readable log grows, shrinks or is replaced. */
static long long sizes_sum(const struct log_watch *w)
{
	long long sum = 0;
	for (size_t i = 0; i < w->n; i++) {
		const struct watched *x = &w->v[i];
		struct stat st;
		if (x->dropped || x->fd < 0)
			continue;
		if (fstat(x->fd, &st) == 0)
			sum += st.st_size;
		if (stat(x->path, &st) == 0)
			sum += (long long)st.st_size * 3 + (long long)st.st_ino * 7;
	}
	return sum;
}

/* Wait until no log grew for settle ms, at most wait_max ms in all. */
static void wait_settled(const struct log_watch *w, int wait_max, int settle)
{
	long long start = now_ms(), changed = start, last = sizes_sum(w);
	while (now_ms() - start < wait_max) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
		long long s = sizes_sum(w), t = now_ms();
		if (s != last) {
			last = s;
			changed = t;
		}
		if (t - changed >= settle)
			break;
	}
}

/* ------------------------------------------------------------------ reading */

/* Newlines in [0, to) of fd, or -1 when that is more than LOG_COUNT_MAX bytes. */
static long long lines_before(int fd, off_t to)
{
	if (to > LOG_COUNT_MAX)
		return -1;
	char *buf = xmalloc(CHUNK);
	long long n = 0;
	for (off_t at = 0; at < to;) {
		size_t want = to - at > CHUNK ? CHUNK : (size_t)(to - at);
		ssize_t got = pread(fd, buf, want, at);
		if (got <= 0) {
			n = -1;
			break;
		}
		for (ssize_t i = 0; i < got; i++)
			n += buf[i] == '\n';
		at += got;
	}
	free(buf);
	return n;
}

/* Feed the lines of [from, to) of fd to p. When skip_partial, the bytes up to
 * the first newline belong to a line that started before from and are left
 * out. first is the number of the first line fed (0: unknown). */
static void read_region(int fd, off_t from, off_t to, bool skip_partial, long long first,
			struct log_parser *p, struct log_lines *out)
{
	char *chunk = xmalloc(CHUNK);
	char *line = xmalloc(LOG_LINE_MAX + 1);
	size_t len = 0;
	bool skipping = skip_partial;
	long long lineno = first;
	for (off_t at = from; at < to;) {
		size_t want = to - at > CHUNK ? CHUNK : (size_t)(to - at);
		ssize_t got = pread(fd, chunk, want, at);
		if (got <= 0)
			break;
		at += got;
		for (const char *c = chunk, *end = chunk + got; c < end;) {
			const char *nl = memchr(c, '\n', (size_t)(end - c));
			size_t piece = (size_t)((nl ? nl : end) - c);
			if (!skipping && len < LOG_LINE_MAX) {
				size_t take = piece < LOG_LINE_MAX - len ? piece : LOG_LINE_MAX - len;
				memcpy(line + len, c, take);
				len += take;
			}
			if (!nl)
				break;
			if (!skipping)
				log_parser_feed(p, line, len, lineno, out);
			skipping = false;
			len = 0;
			if (lineno)
				lineno++;
			c = nl + 1;
		}
	}
	/* A last line without its newline (still being written) counts too. */
	if (len && !skipping)
		log_parser_feed(p, line, len, lineno, out);
	free(line);
	free(chunk);
}

/* Read what [from, to) of fd holds, at most LOG_READ_MAX bytes from its end,
 * into out; returns true when it had to leave the start out. */
static bool read_appended(int fd, off_t from, off_t to, struct log_parser *p, struct log_file *f,
			  struct log_lines *out)
{
	bool cut = to - from > LOG_READ_MAX;
	off_t start = cut ? to - LOG_READ_MAX : from;
	bool partial = false;
	if (start > 0) {
		char before;
		partial = pread(fd, &before, 1, start - 1) == 1 && before != '\n';
	}
	long long counted = lines_before(fd, start);
	long long first = counted < 0 ? 0 : counted + 1 + (partial ? 1 : 0);
	if (from == start)
		f->lines_before = counted;
	read_region(fd, start, to, partial, first, p, out);
	return cut;
}

/* Keep in out only the lines of recent[] from i0 on that are no older than from. */
static void keep_recent(struct log_lines *out, size_t i0, long long from, long long now)
{
	size_t k = i0;
	for (size_t i = i0; i < out->n; i++) {
		struct log_line *l = &out->v[i];
		if (l->when >= from && l->when <= now + 60)
			out->v[k++] = *l;
		else
			log_line_free(l);
	}
	out->n = k;
}

/* The end of the file before the probe: its lines of the last minutes. */
static void read_recent(const struct watched *x, size_t file, const struct log_read_options *o,
			long long now, struct log_evidence *ev)
{
	off_t to = x->size, from = to > LOG_TAIL_MAX ? to - LOG_TAIL_MAX : 0;
	if (to <= 0)
		return;
	struct log_parser p;
	log_parser_init(&p, file, x->kind, true);
	size_t i0 = ev->lines.n;
	bool partial = false;
	if (from > 0) {
		char before;
		partial = pread(x->fd, &before, 1, from - 1) == 1 && before != '\n';
	}
	long long counted = lines_before(x->fd, from);
	read_region(x->fd, from, to, partial, counted < 0 ? 0 : counted + 1 + (partial ? 1 : 0), &p, &ev->lines);
	log_parser_free(&p);
	keep_recent(&ev->lines, i0, now - (long long)o->recent_minutes * 60, now);
}

static void collect_one(struct watched *x, const struct log_read_options *o, long long now,
			struct log_evidence *ev)
{
	struct log_file *f = log_evidence_add_file(ev, x->path, x->kind);
	size_t file = ev->n_files - 1;
	if (x->fd < 0) {
		f->state = x->err == EACCES || x->err == EPERM ? LOG_STATE_UNREADABLE : LOG_STATE_FAILED;
		f->err = x->err;
		f->group = xstrdup(x->group);
		return;
	}
	struct stat old, cur;
	if (fstat(x->fd, &old) != 0) {
		f->state = LOG_STATE_FAILED;
		f->err = errno;
		return;
	}
	bool replaced = stat(x->path, &cur) == 0 && (cur.st_dev != x->dev || cur.st_ino != x->ino);
	struct log_parser p;
	log_parser_init(&p, file, x->kind, false);
	if (old.st_size >= x->size) {
		f->appended = old.st_size - x->size;
		f->cut = read_appended(x->fd, x->size, old.st_size, &p, f, &ev->lines);
	} else {
		/* Truncated (copytruncate): what it holds now was written since. */
		f->rotated = true;
		f->appended = old.st_size;
		f->cut = read_appended(x->fd, 0, old.st_size, &p, f, &ev->lines);
	}
	if (replaced) {
		/* Rotated: the server may write to the new file at the path already. */
		f->rotated = true;
		int fd = open(x->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			struct log_parser q;
			log_parser_init(&q, file, p.kind, false);
			f->appended += st.st_size;
			f->cut |= read_appended(fd, 0, st.st_size, &q, f, &ev->lines);
			if (p.kind == LOG_UNKNOWN)
				p.kind = q.kind;
			log_parser_free(&q);
		}
		if (fd >= 0)
			close(fd);
	}
	if (x->kind == LOG_UNKNOWN && p.kind != LOG_UNKNOWN)
		x->kind = f->kind = p.kind;
	log_parser_free(&p);
	if (x->kind != LOG_UNKNOWN && o->recent[x->kind] && o->recent_minutes)
		read_recent(x, file, o, now, ev);
}

void log_watch_collect(struct log_watch *w, const struct log_read_options *o, struct log_evidence *ev)
{
	bool readable = false;
	for (size_t i = 0; i < w->n; i++)
		readable |= !w->v[i].dropped && w->v[i].fd >= 0;
	if (readable && !o->no_wait)
		wait_settled(w, o->wait_max_ms > 0 ? o->wait_max_ms : 300, o->settle_ms > 0 ? o->settle_ms : 25);
	long long now = o->now ? o->now : (long long)time(NULL);
	ev->now = now;
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].dropped)
			collect_one(&w->v[i], o, now, ev);
}
