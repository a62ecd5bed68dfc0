/* logkind.c: the names of the kinds of server log. */
#include <config.h>
#include "logkind.h"

#include <string.h>

static const char *const NAMES[LOG_KIND_COUNT] = {
	[LOG_UNKNOWN] = "unknown",
	[LOG_NGINX] = "nginx",
	[LOG_APACHE] = "apache",
	[LOG_PHP_FPM] = "php-fpm",
	[LOG_PHP] = "php",
	[LOG_MODSECURITY] = "modsecurity",
	[LOG_LITESPEED] = "litespeed",
	[LOG_ACCESS] = "access",
};

const char *log_kind_name(enum log_kind k)
{
	return k > LOG_UNKNOWN && k < LOG_KIND_COUNT ? NAMES[k] : NAMES[LOG_UNKNOWN];
}

enum log_kind log_kind_parse(const char *name)
{
	for (int k = LOG_UNKNOWN + 1; k < LOG_KIND_COUNT; k++)
		if (strcmp(NAMES[k], name) == 0)
			return (enum log_kind)k;
	return LOG_UNKNOWN;
}
