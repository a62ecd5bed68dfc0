/* logkind.h: the kinds of server log httpdoc reads, by the format of their
 * lines. Pure: names only. */
#ifndef HTTPDOC_LOGKIND_H
#define HTTPDOC_LOGKIND_H

enum log_kind {
	LOG_UNKNOWN = 0,
	LOG_NGINX,          /* nginx's error log (ModSecurity v3 in nginx writes there too) */
	LOG_APACHE,         /* Apache 2.4's error log (mod_security2 writes there too) */
	LOG_PHP_FPM,        /* php-fpm's own log: pool warnings, slow and killed scripts */
	LOG_PHP,            /* PHP's error_log of a pool or php.ini */
	LOG_MODSECURITY,    /* ModSecurity's audit log, serial format (v2 and v3) */
	LOG_LITESPEED,      /* LiteSpeed's and OpenLiteSpeed's error log */
	LOG_ACCESS,         /* an access log in the common or combined format (any server) */
	LOG_KIND_COUNT,
};

/* "nginx", "apache", "php-fpm", "php", "modsecurity", "litespeed", "access"; "unknown". */
const char *log_kind_name(enum log_kind k);
/* LOG_UNKNOWN for a name that is none of those. */
enum log_kind log_kind_parse(const char *name);
/* The names, space separated, for messages. */
#define LOG_KIND_NAMES "nginx apache php-fpm php modsecurity litespeed access"

#endif
