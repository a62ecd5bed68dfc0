/* cmd.h: the subcommands main() hands off to. Each returns the exit status. */
#ifndef HTTPDOC_CMD_H
#define HTTPDOC_CMD_H

#include <getopt.h>
#include <stdbool.h>

#include "probe.h"
#include "util.h"

/* Options shared by the subcommands, parsed by main. */
struct cli {
	struct probe_options probe;
	const char *lang;
	bool json, report, color, unordered;
	bool brief;               /* explain --brief */
	const char *input;        /* --input FILE */
	const char *replay;       /* --replay FILE */
	const char *origin;       /* --origin ADDR[:PORT] */
	bool origin_insecure;
	long parallel;
	struct strlist logs;      /* --logs PATH, as given */
	bool no_logs;             /* --no-logs */
	struct strlist args;      /* positional arguments after the subcommand */
};

/* The commands, as the option table (cli_options.c) names them. */
enum cli_command {
	CLI_WIZARD = 1 << 0,      /* httpdoc [URL | CODE]: the wizard, live */
	CLI_REPLAY = 1 << 1,      /* httpdoc --replay FILE: the wizard on a saved response */
	CLI_DEMO = 1 << 2,        /* httpdoc --demo */
	CLI_PROBE = 1 << 3,
	CLI_EXPLAIN = 1 << 4,
	CLI_KB = 1 << 5,
};

/* Options without a one-letter form; -A, -H and -X are their letters. */
enum {
	OPT_LANG = 256, OPT_JSON, OPT_REPORT, OPT_TIMEOUT, OPT_CONNECT_TIMEOUT,
	OPT_MAX_REDIRS, OPT_ORIGIN, OPT_ORIGIN_INSECURE, OPT_INPUT, OPT_PARALLEL,
	OPT_UNORDERED, OPT_REPLAY, OPT_INSECURE, OPT_NO_COLOR, OPT_HELP, OPT_VERSION,
	OPT_DEMO, OPT_BRIEF, OPT_DNS_SERVER, OPT_CACERT, OPT_LOGS, OPT_NO_LOGS,
};

/* An option and the commands that take it (CLI_* bits). */
struct cli_option {
	const char *name;         /* the long name, without "--" */
	int has_arg;              /* no_argument or required_argument */
	int val;                  /* OPT_* or the letter */
	unsigned commands;
};

/* Every option, ending with a row whose name is NULL. */
const struct cli_option *cli_options(void);
/* The same as getopt_long's table (static; NULL-terminated). */
const struct option *cli_getopt_options(void);
const struct cli_option *cli_option_find(int val);
/* NULL when command cmd (one CLI_* bit) takes the option val, else the
 * one-line reason to refuse it (caller frees); short_form: it was given by
 * its letter. */
char *cli_option_refusal(int val, bool short_form, unsigned cmd);

enum {
	EXIT_OK = 0,
	EXIT_FAILING = 1,         /* a URL answered 4xx/5xx or failed in transport */
	EXIT_USAGE = 2,           /* usage error or bad input */
};

struct kb;

int cmd_probe(struct cli *cli);
int cmd_explain(struct cli *cli);
int cmd_kb(struct cli *cli);
int cmd_demo(struct cli *cli);             /* the wizard on the bundled samples */
/* The wizard: on URL (cli->args), or asking for one; demo: the samples. */
int cmd_wizard(struct cli *cli, bool demo);

/* The bundled sample responses: $HTTPDOC_DEMO_DIR, else the installed ones. */
const char *demo_dir(void);
int demo_list(struct strlist *files);

/* The knowledge base of kb_default_dir(), or NULL after saying on stderr why
 * it is invalid. Free with kb_free. */
struct kb *cli_load_kb(void);
/* Say on stderr that arg (normalised: code, NULL when it cannot be a code)
 * has no entry, naming the nearest codes the KB has. */
void cli_no_entry(const struct kb *kb, const char *arg, const char *code);
/* The server logs to read for a probe: --logs's files and the files of its
 * directories, into files (empty: find them on this machine). False, after
 * saying why, when a path does not exist or --logs and --no-logs are both
 * given; urls is how many URLs the command probes (logs are read for one). */
bool cli_logs(const struct cli *cli, size_t urls, struct strlist *files);
/* True when --origin is absent or a valid ADDR[:PORT]; else says why. */
bool cli_origin_ok(const struct cli *cli);

/* Write text to standard output, through the pager when it is a terminal
 * ($PAGER run by /bin/sh, else `less -R`, else none when neither starts;
 * PAGER empty or "cat": none). Returns 0, or -1 when writing failed. */
int cli_page(const char *text);

/* Print "httpdoc: MESSAGE" on stderr (one line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
