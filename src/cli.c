/* cli.c: what every command shares with main: one-line errors on stderr,
 * the knowledge base loaded or explained, the --origin check. */
#include <config.h>
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "kb.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("httpdoc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct kb *cli_load_kb(void)
{
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(kb_default_dir(), &kb, &err) != 0) {
		cli_error(_("invalid knowledge base: %s"), err);
		free(err);
		return NULL;
	}
	return kb;
}

bool cli_origin_ok(const struct cli *cli)
{
	if (!cli->origin || probe_check_origin(cli->origin))
		return true;
	cli_error(_("--origin expects ADDR or ADDR:PORT (an IPv6 address in brackets), not '%s'"), cli->origin);
	return false;
}
