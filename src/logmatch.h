/* logmatch.h: what a server's logs said about one probe, and the answers the
 * knowledge base's log questions take from it. Pure: the lines were read by
 * logread.c; here they are only matched.
 *
 * A log question names kinds of log (kb.h: logs); each of its choices may
 * carry a pattern (POSIX ERE). The first choice, in order, whose pattern
 * matches a line of this request (or, with log-recent, a line of the last
 * minutes) answers it, the line taken from the kind the question names
 * first. When none does and every log of those kinds was read, the
 * log-else choice does: "nothing" when no line names this request, "other"
 * when some do. The answer becomes the fact
 * "log.QUESTION-ID" (facts_log_name) with ANSWER_BY_LOG and the line as
 * evidence, "FILE:LINE: text"; the engine does the rest. */
#ifndef HTTPDOC_LOGMATCH_H
#define HTTPDOC_LOGMATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "kb.h"
#include "logline.h"

/* Bytes of a line's text shown in evidence. */
#define LOG_EVIDENCE_TEXT_MAX 480

enum log_state {
	LOG_STATE_READ = 0,     /* read: what was appended (and the recent past, where it counts) */
	LOG_STATE_UNREADABLE,   /* exists, but this user may not read it */
	LOG_STATE_FAILED,       /* could not be read for another reason */
};

struct log_file {
	char *path;
	enum log_kind kind;     /* from its lines, else its name */
	enum log_state state;
	int err;                /* errno when not read */
	char *group;            /* the group that may read it (when unreadable and known), or NULL */
	long long appended;     /* bytes written to it while the probe ran */
	bool rotated;           /* replaced or truncated meanwhile */
	bool cut;               /* more was appended than was read (only the end was read) */
	long long lines_before; /* lines before what was appended, -1 when not counted */
};

/* A php-fpm pool and the address it listens on ("/run/php/php8.2-fpm.sock",
 * "127.0.0.1:9000", "9000"), from its configuration, and the log its master
 * writes (NULL when unknown): of several php-fpm masters, only the one
 * whose pool served the request speaks for it. */
struct log_pool {
	char *name;
	char *listen;
	char *log;
};

struct log_evidence {
	struct log_file *files;
	size_t n_files;
	struct log_lines lines;         /* line.file indexes files */
	struct log_request req;
	struct log_pool *pools;
	size_t n_pools;
	long long now;                  /* Unix time the logs were read */
};

void log_evidence_free(struct log_evidence *ev);   /* the contents; NULL is fine */
struct log_file *log_evidence_add_file(struct log_evidence *ev, const char *path, enum log_kind kind);

/* "FILE:LINE: text", or "FILE: text" when the line number is unknown; the
 * text cut to LOG_EVIDENCE_TEXT_MAX bytes (at a character boundary, "..."
 * added). Not made terminal-safe: reporters do that. Caller frees. */
char *log_line_evidence(const struct log_evidence *ev, const struct log_line *l);

/* The lines of this request a file gained (appended while the probe ran,
 * not naming another request). */
size_t log_file_lines_ours(const struct log_evidence *ev, size_t file);

/* The php-fpm pool this request went to, from the upstream of its nginx
 * line and the pools' listen addresses; NULL when unknown. Borrowed. */
const struct log_pool *log_request_pool(const struct log_evidence *ev);

/* The kinds of log whose recent past some choice of kb counts (log-recent),
 * into kinds[LOG_KIND_COUNT]; returns the longest such past, in minutes
 * (0: none). The reader reads the end of those logs. */
unsigned logmatch_recent_kinds(const struct kb *kb, bool kinds[LOG_KIND_COUNT]);

/* Does log question q read logs of kind k? */
bool logmatch_reads(const struct kb_node *q, enum log_kind k);

/* Answer every log question of kb that ev can answer, as facts. */
void logmatch_apply(const struct kb *kb, const struct log_evidence *ev, struct facts *facts);

/* The same with kb's patterns compiled once, for many evidences: m borrows
 * kb, which must outlive it. */
struct logmatch;
struct logmatch *logmatch_new(const struct kb *kb);
void logmatch_free(struct logmatch *m);      /* NULL is fine */
void logmatch_apply_with(const struct logmatch *m, const struct log_evidence *ev, struct facts *facts);

#endif
