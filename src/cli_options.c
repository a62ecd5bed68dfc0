/* cli_options.c: every option of the command line and the commands that
 * take it, in one table. Adding an option means adding its row here, and
 * saying there which commands use it: the others refuse it (exit 2) instead
 * of ignoring it. */
#include <config.h>
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define LIVE (CLI_WIZARD | CLI_PROBE)           /* what sends a request */
#define ALL (CLI_WIZARD | CLI_REPLAY | CLI_DEMO | CLI_PROBE | CLI_EXPLAIN | CLI_KB)

static const struct cli_option table[] = {
	/* Display: every command. */
	{"lang", required_argument, OPT_LANG, ALL},
	{"no-color", no_argument, OPT_NO_COLOR, ALL},
	{"help", no_argument, OPT_HELP, ALL},
	{"version", no_argument, OPT_VERSION, ALL},
	/* Output of probe (explain has a JSON form too). */
	{"json", no_argument, OPT_JSON, CLI_PROBE | CLI_EXPLAIN},
	{"report", no_argument, OPT_REPORT, CLI_PROBE},
	{"input", required_argument, OPT_INPUT, CLI_PROBE},
	{"parallel", required_argument, OPT_PARALLEL, CLI_PROBE},
	{"unordered", no_argument, OPT_UNORDERED, CLI_PROBE},
	/* explain's short form. */
	{"brief", no_argument, OPT_BRIEF, CLI_EXPLAIN},
	/* The request: whatever probes (the wizard's `r` on a code too). */
	{"timeout", required_argument, OPT_TIMEOUT, LIVE},
	{"connect-timeout", required_argument, OPT_CONNECT_TIMEOUT, LIVE},
	{"max-redirs", required_argument, OPT_MAX_REDIRS, LIVE},
	{"origin", required_argument, OPT_ORIGIN, LIVE},
	{"origin-insecure", no_argument, OPT_ORIGIN_INSECURE, LIVE},
	{"user-agent", required_argument, 'A', LIVE},
	{"header", required_argument, 'H', LIVE},
	{"request", required_argument, 'X', LIVE},
	{"insecure", no_argument, OPT_INSECURE, LIVE},
	{"dns-server", required_argument, OPT_DNS_SERVER, LIVE},
	{"cacert", required_argument, OPT_CACERT, LIVE},
	/* The server's own logs, read around a live probe. */
	{"logs", required_argument, OPT_LOGS, LIVE},
	{"no-logs", no_argument, OPT_NO_LOGS, LIVE},
	/* Saved responses instead of the network. */
	{"replay", required_argument, OPT_REPLAY, CLI_PROBE | CLI_REPLAY},
	{"demo", no_argument, OPT_DEMO, CLI_DEMO},
	{NULL, 0, 0, 0},
};

const struct cli_option *cli_options(void)
{
	return table;
}

const struct option *cli_getopt_options(void)
{
	static struct option opts[sizeof table / sizeof *table];
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		opts[i] = (struct option){table[i].name, table[i].has_arg, NULL, table[i].val};
	return opts;
}

const struct cli_option *cli_option_find(int val)
{
	for (const struct cli_option *o = table; o->name; o++)
		if (o->val == val)
			return o;
	return NULL;
}

/* What the user calls a command, in a sentence ("not used by %s"). */
static const char *command_words(unsigned cmd)
{
	switch (cmd) {
	case CLI_WIZARD: return _("the wizard");
	case CLI_REPLAY: return _("the wizard on a saved response (--replay)");
	case CLI_DEMO: return _("the demo (--demo)");
	case CLI_PROBE: return "probe";
	case CLI_EXPLAIN: return "explain";
	case CLI_KB: return "kb";
	}
	return "?";
}

char *cli_option_refusal(int val, bool short_form, unsigned cmd)
{
	const struct cli_option *o = cli_option_find(val);
	if (!o || (o->commands & cmd))
		return NULL;
	if (o->commands == CLI_DEMO)
		return xasprintf(_("--demo opens the wizard on the bundled samples; it does not go with %s"),
				 command_words(cmd));
	struct buf users = {0};
	for (unsigned c = 1; c <= CLI_KB; c <<= 1)
		if (o->commands & c)
			buf_printf(&users, "%s%s", users.len ? _(", ") : "", command_words(c));
	char *name = short_form ? xasprintf("-%c", val) : xasprintf("--%s", o->name);
	char *msg = xasprintf(_("%s is not used by %s; it is an option of %s"), name, command_words(cmd),
			      users.data ? users.data : "?");
	free(name);
	buf_free(&users);
	return msg;
}
