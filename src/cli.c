/* cli.c: what every command shares with main: one-line errors on stderr,
 * the knowledge base loaded or explained, the --origin and --logs checks. */
#include <config.h>
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "kb.h"
#include "logfind.h"

/* How many known codes an unknown one is answered with. */
#define CLI_NEAREST 3

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

bool cli_logs(const struct cli *cli, size_t urls, struct strlist *files)
{
	if (!cli->logs.n)
		return true;
	if (cli->no_logs) {
		cli_error(_("--logs and --no-logs contradict each other"));
		return false;
	}
	if (urls != 1) {
		cli_error(_("--logs reads the server's logs around one probe: give one URL"));
		return false;
	}
	for (size_t i = 0; i < cli->logs.n; i++) {
		char *err = NULL;
		if (logfind_expand(cli->logs.v[i], files, &err) != 0) {
			cli_error(_("--logs: %s"), err);
			free(err);
			return false;
		}
	}
	return true;
}

bool cli_origin_ok(const struct cli *cli)
{
	if (!cli->origin || probe_check_origin(cli->origin))
		return true;
	cli_error(_("--origin expects ADDR or ADDR:PORT (an IPv6 address in brackets), not '%s'"), cli->origin);
	return false;
}

void cli_no_entry(const struct kb *kb, const char *arg, const char *code)
{
	struct strlist near = {0};
	kb_nearest_codes(kb, code ? code : arg, &near, CLI_NEAREST);
	struct buf b = {0};
	for (size_t i = 0; i < near.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", near.v[i]);
	if (code && near.n)
		cli_error(_("no entry for '%s'; nearest: %s"), code, b.data);
	else if (code)
		cli_error(_("no entry for '%s'"), code);
	else if (near.n)
		cli_error(_("'%s' is not a code httpdoc knows; nearest: %s"), arg, b.data);
	else
		cli_error(_("'%s' is not a code httpdoc knows (try 403, 403.14, 522, 1020 or timeout)"),
			  arg);
	buf_free(&b);
	strlist_free(&near);
}
