/* main.c: parse the command line and hand off to a subcommand. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "dns.h"
#include "i18n.h"
#include "kb.h"
#include "probe.h"
#include "util.h"

static void usage(FILE *out)
{
	fprintf(out, _("Usage: httpdoc [OPTIONS] [URL]\n"
		       "       httpdoc [OPTIONS] CODE\n"
		       "       httpdoc --replay FILE\n"
		       "       httpdoc --demo\n"
		       "       httpdoc probe [OPTIONS] URL...\n"
		       "       httpdoc probe --replay FILE\n"
		       "       httpdoc explain [--brief] CODE|FIX-ID\n"
		       "       httpdoc kb check [DIR]\n"
		       "       httpdoc kb codes [DIR]\n"
		       "\n"
		       "Diagnose a failing website: probe the URL, name what came back and who\n"
		       "produced it (Cloudflare's edge or the origin), and walk through the fixes.\n"
		       "A CODE (504, 403.14, 1020 or cf1020) walks that code's questions with no\n"
		       "probe: a bare number is always a code, never a host name.\n"
		       "\n"));
	fprintf(out, _("Options:\n"
		       "  --lang LL             en, zh_CN or ja (default: from the environment)\n"
		       "  --json                one JSON object per URL, one per line\n"
		       "  --report              Markdown report for a support ticket\n"
		       "  --timeout SECS        whole-probe limit (default 15)\n"
		       "  --connect-timeout SECS  connection limit (default 10)\n"
		       "  --max-redirs N        redirects to follow (default 10)\n"
		       "  --origin ADDR[:PORT]  also probe the URL at this address and compare\n"
		       "  --origin-insecure     skip TLS verification for the --origin probe\n"
		       "  --dns-server ADDR[:PORT]  ask this DNS server for the host (like dig @ADDR)\n"
		       "  --cacert FILE         trust the CA certificates in FILE besides the system's\n"
		       "  --input FILE          URLs to probe, one per line ('-' for standard input)\n"
		       "  --parallel N          probes in flight (default 16)\n"
		       "  --unordered           print results as they finish\n"
		       "  --brief               explain: the first question and the fixes' titles only\n"
		       "  --replay FILE         diagnose a saved response (curl -si URL > FILE)\n"
		       "  -A, --user-agent UA   User-Agent to send\n"
		       "  -H, --header 'N: v'   extra request header\n"
		       "  -X, --request METHOD  request method (default GET)\n"
		       "  --insecure            skip TLS verification (the result says so)\n"
		       "  --logs PATH           read this server log, or the logs in this directory\n"
		       "                        (repeatable); without it, on the server itself\n"
		       "                        httpdoc finds the logs of the server that answered\n"
		       "  --no-logs             do not read the server's logs\n"
		       "  --no-color            no colours (NO_COLOR is honoured too)\n"
		       "  --help, --version\n"
		       "\n"
		       "Exit status of probe: 0 every URL answered 1xx-3xx, 1 at least one answered\n"
		       "4xx/5xx or failed in transport, 2 usage error or bad input.\n"));
}

static int parse_long(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		cli_error(_("%s expects a whole number from %ld to %ld, not '%s'"), opt, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* An option given on the command line: its value in the table, and
 * whether it was given by its letter (-A) rather than its name. */
struct given {
	int val;
	bool letter;
};

/* --lang must act before any message is printed, so find it first. */
static const char *find_lang(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
	}
	return NULL;
}

static int close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return 0;
		cli_error(_("write error: %s"), strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	bool demo = false;
	int status;

	const char *lang = find_lang(argc, argv);
	if (i18n_init(lang) != 0) {
		cli_error(_("unknown language '%s' (use en, zh_CN or ja)"), lang);
		return EXIT_USAGE;
	}
	cli.lang = lang;
	probe_options_init(&cli.probe);
	cli.parallel = 16;
	cli.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");

	/* Options may come before or after the subcommand and URLs. Each one
	 * given is remembered, to be refused by a command that does not use it. */
	int c, longindex = -1;
	struct given *given = xcalloc((size_t)argc, sizeof *given);
	size_t n_given = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+A:H:X:", cli_getopt_options(), &longindex)) != -1 ||
	       optind < argc) {
		if (c == -1) {
			strlist_add(&cli.args, argv[optind++]);
			continue;
		}
		if (c != '?')
			given[n_given++] = (struct given){c, longindex < 0};
		longindex = -1;
		switch (c) {
		case OPT_LANG: break;
		case OPT_JSON: cli.json = true; break;
		case OPT_REPORT: cli.report = true; break;
		case OPT_TIMEOUT:
			if (parse_long("--timeout", optarg, 1, 86400, &cli.probe.timeout_s))
				goto usage;
			break;
		case OPT_CONNECT_TIMEOUT:
			if (parse_long("--connect-timeout", optarg, 1, 86400, &cli.probe.connect_timeout_s))
				goto usage;
			break;
		case OPT_MAX_REDIRS:
			if (parse_long("--max-redirs", optarg, 0, 1000, &cli.probe.max_redirs))
				goto usage;
			break;
		case OPT_PARALLEL:
			if (parse_long("--parallel", optarg, 1, 1024, &cli.parallel))
				goto usage;
			break;
		case OPT_ORIGIN: cli.origin = optarg; break;
		case OPT_ORIGIN_INSECURE: cli.origin_insecure = true; break;
		case OPT_DNS_SERVER:
			if (!dns_check_server(optarg)) {
				cli_error(_("--dns-server expects an IP address with an optional :PORT "
					    "(an IPv6 address in brackets), not '%s'"), optarg);
				goto usage;
			}
			cli.probe.dns_server = optarg;
			break;
		case OPT_CACERT: {
			char *err = NULL;
			if (probe_check_cacert(optarg, &err) != 0) {
				cli_error("%s", err);
				free(err);
				goto usage;
			}
			cli.probe.cacert = optarg;
			break;
		}
		case OPT_INPUT: cli.input = optarg; break;
		case OPT_UNORDERED: cli.unordered = true; break;
		case OPT_BRIEF: cli.brief = true; break;
		case OPT_REPLAY: cli.replay = optarg; break;
		case 'A': cli.probe.user_agent = optarg; break;
		case 'H':
			if (!strchr(optarg, ':')) {
				cli_error(_("-H expects 'Name: value', not '%s'"), optarg);
				goto usage;
			}
			strlist_add(&cli.probe.headers, optarg);
			break;
		case 'X': cli.probe.method = optarg; break;
		case OPT_INSECURE: cli.probe.insecure = true; break;
		case OPT_NO_COLOR: cli.color = false; break;
		case OPT_DEMO: demo = true; break;
		case OPT_LOGS: strlist_add(&cli.logs, optarg); break;
		case OPT_NO_LOGS: cli.no_logs = true; break;
		case OPT_HELP:
			usage(stdout);
			status = close_stdout();
			goto out;
		case OPT_VERSION:
			printf("httpdoc %s (%s)\n", PACKAGE_VERSION, probe_curl_version());
			status = close_stdout();
			goto out;
		case '?':
		default:
			if (optopt)
				cli_error(_("option '-%c' is unknown or lacks its value (see httpdoc --help)"), optopt);
			else
				cli_error(_("option '%s' is unknown or lacks its value (see httpdoc --help)"),
					  argv[optind - 1]);
			goto usage;
		}
	}

	const char *sub = cli.args.n ? cli.args.v[0] : "";
	unsigned cmd = strcmp(sub, "probe") == 0 ? CLI_PROBE
		     : strcmp(sub, "explain") == 0 ? CLI_EXPLAIN
		     : strcmp(sub, "kb") == 0 ? CLI_KB
		     : demo ? CLI_DEMO : cli.replay ? CLI_REPLAY : CLI_WIZARD;
	for (size_t i = 0; i < n_given; i++) {
		char *why = cli_option_refusal(given[i].val, given[i].letter, cmd);
		if (why) {
			cli_error("%s", why);
			free(why);
			goto usage;
		}
	}
	if (cmd & (CLI_PROBE | CLI_EXPLAIN | CLI_KB)) {
		/* drop the subcommand word */
		free(cli.args.v[0]);
		memmove(cli.args.v, cli.args.v + 1, (cli.args.n - 1) * sizeof *cli.args.v);
		cli.args.n--;
	}
	switch (cmd) {
	case CLI_PROBE: status = cmd_probe(&cli); break;
	case CLI_EXPLAIN: status = cmd_explain(&cli); break;
	case CLI_KB: status = cmd_kb(&cli); break;
	case CLI_DEMO: status = cmd_demo(&cli); break;
	default: status = cmd_wizard(&cli, false); break;
	}

	probe_global_cleanup();
	int st = close_stdout();
	if (!status)
		status = st;
	goto out;
usage:
	status = EXIT_USAGE;
out:
	free(given);
	strlist_free(&cli.args);
	strlist_free(&cli.logs);
	probe_options_free(&cli.probe);
	return status;
}
