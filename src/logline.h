/* logline.h: lines of a server's log, parsed: their kind, their time, and
 * what they say about the request that caused them. Pure: no I/O.
 *
 * The reader (logread.c) hands over the raw lines of a log, one at a time;
 * a parser turns them into struct log_line, one per line, except for
 * ModSecurity's audit log, whose multi-line entries become one line per
 * message, carrying the entry's client, port and request line. Every string
 * is owned by the line; log bytes are untrusted and stay as they are (NULs
 * become '?'): term_safe() them before a terminal. */
#ifndef HTTPDOC_LOGLINE_H
#define HTTPDOC_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "logkind.h"
#include "util.h"

/* Bytes of a line kept for matching and evidence; the rest is cut. */
#define LOG_LINE_MAX 8192

struct log_line {
	size_t file;            /* index of its file in the evidence */
	long long lineno;       /* 1-based line number in the file; 0 unknown */
	char *text;             /* at most LOG_LINE_MAX bytes */
	enum log_kind kind;
	bool recent;            /* read from the end of the file for the recent past, not appended
	                           while the probe ran */
	long long when;         /* Unix time of the line's own timestamp, -1 unknown */
	char *client;           /* the client address the line names, or NULL */
	int client_port;        /* 0 unknown */
	char *method;           /* of the request the line names, or NULL */
	char *target;           /* "/path?query" of that request, or NULL */
	char *host;             /* the Host the line names, without a port, or NULL */
	char *upstream;         /* nginx: the upstream it talked to ("fastcgi://unix:/run/x.sock:") */
	char *pool;             /* php-fpm: the pool ("www") */
};

void log_line_free(struct log_line *l);

/* A growing array of lines. */
struct log_lines {
	struct log_line *v;
	size_t n, cap;
};
struct log_line *log_lines_add(struct log_lines *ls);   /* a zeroed line at the end */
void log_lines_free(struct log_lines *ls);

/* The kind a line's format shows, LOG_UNKNOWN when none. */
enum log_kind log_line_sniff(const char *s, size_t len);

/* Turns a file's raw lines into log_lines. Feed the lines in order; a
 * ModSecurity audit entry spans many lines, so the parser keeps state. */
struct log_parser {
	enum log_kind kind;     /* LOG_UNKNOWN: taken from the first line that shows one */
	size_t file;
	bool recent;
	/* the ModSecurity entry being read */
	char section;
	char *m_client, *m_method, *m_target, *m_host;
	int m_port;
	long long m_when;
	bool m_request_seen;
};
void log_parser_init(struct log_parser *p, size_t file, enum log_kind kind, bool recent);
void log_parser_free(struct log_parser *p);
/* One raw line (without its newline; may hold any bytes, NULs too, and be
 * longer than LOG_LINE_MAX). Appends zero or more lines to out. */
void log_parser_feed(struct log_parser *p, const char *s, size_t len, long long lineno,
		     struct log_lines *out);

/* The request the probe sent, as the server's logs name it. */
struct log_request {
	char *method;           /* "GET" */
	struct strlist targets; /* "/path?query" of each request of the probe (redirects too) */
	char *host;             /* the URL's host, lower case, no port */
	char *local_ip;         /* our end of the connection, when it went straight to this server */
	int local_port;         /* its port; 0 unknown */
	bool direct;            /* the probe connected to this server itself (not through a proxy or
	                           CDN), so client addresses and ports in its logs are ours */
};
void log_request_free(struct log_request *r);

enum log_relation {
	LOG_REL_OTHER = 0,      /* the line names another request or client */
	LOG_REL_OURS,           /* it names this request */
	LOG_REL_UNTIED,         /* it names no request at all */
};
enum log_relation log_line_relation(const struct log_line *l, const struct log_request *r);

#endif
