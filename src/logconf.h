/* logconf.h: where a web server's configuration says it writes its logs.
 * Pure: each parser reads the text of one configuration file; the caller
 * (logfind.c) reads the files, follows the includes and resolves relative
 * paths. Only what locating logs needs is understood: nginx's error_log,
 * include and modsecurity_rules_file; Apache's ErrorLog, Include,
 * IncludeOptional, ServerRoot and SecAuditLog (with ${VAR}); php-fpm's
 * error_log, include, each pool's listen and php_admin_value[error_log];
 * LiteSpeed's errorlog. */
#ifndef HTTPDOC_LOGCONF_H
#define HTTPDOC_LOGCONF_H

#include "logmatch.h"
#include "util.h"

struct conf_found {
	struct strlist error_logs;      /* as written: absolute or relative */
	struct strlist includes;        /* file names or glob patterns, as written */
	struct strlist audit_logs;      /* ModSecurity's SecAuditLog */
	struct strlist modsec_files;    /* nginx: modsecurity_rules_file (Apache syntax) */
	struct strlist php_logs;        /* php-fpm: php_admin_value[error_log] and php_value[error_log] */
	char *server_root;              /* Apache: the last ServerRoot, or NULL */
	struct log_pool *pools;         /* php-fpm: each pool and its listen address */
	size_t n_pools;
};
void conf_found_free(struct conf_found *c);

void logconf_nginx(const char *text, struct conf_found *out);
/* env: "NAME=VALUE" strings for ${NAME} (Debian's APACHE_LOG_DIR ...); NULL: none. */
void logconf_apache(const char *text, const struct strlist *env, struct conf_found *out);
void logconf_fpm(const char *text, struct conf_found *out);
/* server_root: what $SERVER_ROOT stands for (/usr/local/lsws). */
void logconf_litespeed(const char *text, const char *server_root, struct conf_found *out);

/* Debian's /etc/apache2/envvars: its "export NAME=value" lines, as
 * NAME=VALUE (with $SUFFIX, and any other $VAR, left out). */
void logconf_envvars(const char *text, struct strlist *env);

#endif
