/* cmd.h: the subcommands main() hands off to. Each returns the exit status. */
#ifndef HTTPDOC_CMD_H
#define HTTPDOC_CMD_H

#include <stdbool.h>

#include "probe.h"
#include "util.h"

/* Options shared by the subcommands, parsed by main. */
struct cli {
	struct probe_options probe;
	const char *lang;
	bool json, report, color, unordered;
	const char *input;        /* --input FILE */
	const char *replay;       /* --replay FILE */
	const char *origin;       /* --origin ADDR[:PORT] */
	bool origin_insecure;
	long parallel;
	struct strlist args;      /* positional arguments after the subcommand */
};

enum {
	EXIT_OK = 0,
	EXIT_FAILING = 1,         /* a URL answered 4xx/5xx or failed in transport */
	EXIT_USAGE = 2,           /* usage error or bad input */
};

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
/* True when --origin is absent or a valid ADDR[:PORT]; else says why. */
bool cli_origin_ok(const struct cli *cli);

/* Print "httpdoc: MESSAGE" on stderr (one line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
