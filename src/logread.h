/* logread.h: what a probe's own request made a server write to its logs.
 *
 * Before the probe, each log is noted: its identity (device, inode), its size,
 * and an open descriptor when this user may read it. After the probe, the
 * reader waits a little (a server writes a request's line when the request
 * ends), then reads only what was appended: from the noted size to the end,
 * in the file that was noted (even if it was renamed meanwhile) and in a new
 * file at the same path (a log rotated during the probe); a file truncated
 * meanwhile is read from its start. At most LOG_READ_MAX bytes of a file are
 * read, from the end, so a log of gigabytes costs what was appended; the
 * lines before it are counted only in files up to LOG_COUNT_MAX bytes. For
 * the kinds whose warnings describe a state (php-fpm's "server reached
 * pm.max_children"), the end of the file is read too (LOG_TAIL_MAX bytes),
 * and its lines of the last minutes, by their own timestamps, are kept as
 * recent. Nothing here escalates privileges: a log this user cannot read is
 * recorded as such, with the group that may read it. */
#ifndef HTTPDOC_LOGREAD_H
#define HTTPDOC_LOGREAD_H

#include <stdbool.h>

#include "logkind.h"
#include "logmatch.h"

#define LOG_READ_MAX (4 * 1024 * 1024)
#define LOG_TAIL_MAX (256 * 1024)
#define LOG_COUNT_MAX (32 * 1024 * 1024)

struct log_watch;

struct log_watch *log_watch_new(void);
void log_watch_free(struct log_watch *w);     /* closes what it opened; NULL is fine */

/* Note a log before the probe. kind LOG_UNKNOWN: from its lines, else its
 * name. Returns false (and notes nothing) when path is no regular file or
 * does not exist, or was noted already; an existing file this user may not
 * read is noted, as unreadable. */
bool log_watch_add(struct log_watch *w, const char *path, enum log_kind kind);
size_t log_watch_count(const struct log_watch *w);
/* The path and kind of the i-th log noted. */
const char *log_watch_path(const struct log_watch *w, size_t i);
enum log_kind log_watch_kind(const struct log_watch *w, size_t i);
/* Forget the i-th log (it belongs to no server that answered). */
void log_watch_drop(struct log_watch *w, size_t i);

struct log_read_options {
	int wait_max_ms;        /* the longest wait for the servers to write (default 300) */
	int settle_ms;          /* the logs are done when none grew for this long (default 25) */
	bool no_wait;           /* read at once (tests and fuzzing) */
	bool recent[LOG_KIND_COUNT];    /* kinds whose recent past is read too */
	unsigned recent_minutes;        /* how far back, by the lines' timestamps */
	long long now;          /* Unix time to count "recent" from; 0: the clock's */
};

/* After the probe: wait, then read what each noted log gained, into ev
 * (ev->files and ev->lines; ev->now). ev->req and ev->pools are left to the
 * caller. */
void log_watch_collect(struct log_watch *w, const struct log_read_options *o, struct log_evidence *ev);

/* The kind a log's name suggests ("/var/log/nginx/error.log": nginx), for
 * files with no line yet; LOG_UNKNOWN when it says nothing. */
enum log_kind log_kind_from_path(const char *path);

#endif
