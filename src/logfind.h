/* logfind.h: which logs on this machine may hold what a web server wrote
 * about a probe, and which server each belongs to.
 *
 * Two sources: the standard places of nginx, Apache, php-fpm, ModSecurity's
 * audit log and LiteSpeed on Debian/Ubuntu and RHEL layouts; and, for every
 * web server running now (found in /proc), the error logs its configuration
 * names, includes followed, where this user can read the configuration.
 * Nothing is opened here but configuration files and /proc. */
#ifndef HTTPDOC_LOGFIND_H
#define HTTPDOC_LOGFIND_H

#include <sys/types.h>

#include "logkind.h"
#include "logmatch.h"
#include "util.h"

/* The server software a log belongs to; php-fpm's and PHP's serve them all. */
enum log_family { LOG_FAMILY_ANY = 0, LOG_FAMILY_NGINX, LOG_FAMILY_APACHE, LOG_FAMILY_LITESPEED };

struct log_candidate {
	char *path;
	enum log_kind kind;             /* LOG_UNKNOWN: from its lines */
	enum log_family family;
	pid_t pid;                      /* the running server whose configuration names it; 0: a standard place */
};

struct log_found {
	struct log_candidate *v;
	size_t n;
	struct log_pool *pools;         /* php-fpm pools of the running masters */
	size_t n_pools;
	pid_t *servers;                 /* the web servers' main processes found running */
	enum log_family *server_family;
	size_t n_servers;
};
void log_found_free(struct log_found *f);

/* Every candidate on this machine (existing files only). */
void logfind_discover(struct log_found *out);

/* The family of a server by its name as the classifier gives it ("nginx",
 * "openresty", "apache", "litespeed" ...) or a process's short name
 * ("nginx", "apache2", "httpd", "lshttpd" ...); LOG_FAMILY_ANY when neither. */
enum log_family log_family_of(const char *name);

/* The main process of the server that pid belongs to (its parent while that
 * has the same short name). */
pid_t logfind_main_process(pid_t pid);

/* --logs PATH: the file itself, or each log file in the directory (names
 * ending in .log or _log, or log, error_log, audit_log ...; compressed and
 * numbered rotations left out). Returns 0, or -1 with *err (caller frees)
 * when path neither exists nor can be listed. */
int logfind_expand(const char *path, struct strlist *out, char **err);

#endif
