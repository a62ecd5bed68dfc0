/* cmd_wizard.c: `httpdoc [URL]` and `httpdoc --demo`: check what the wizard
 * needs (a terminal, a valid URL, the knowledge base, the samples), then hand
 * the terminal to the curses front end. */
#include <config.h>
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "history.h"
#include "i18n.h"
#include "kb.h"
#include "replay.h"
#include "ui.h"
#include "wizard.h"

/* A code the wizard was given that the knowledge base lacks: one line that
 * names the nearest codes and how to probe a host of that name instead. */
static void unknown_code(const struct kb *kb, const char *arg, const char *code)
{
	struct strlist near = {0};
	kb_nearest_codes(kb, code ? code : arg, &near, 3);
	struct buf list = {0};
	for (size_t i = 0; i < near.n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", near.v[i]);
	if (near.n)
		cli_error(_("no code %s in the knowledge base (nearest: %s); to probe a host of that name, "
			    "give a URL: http://%s/"), arg, list.data, arg);
	else
		cli_error(_("no code %s in the knowledge base; to probe a host of that name, give a URL: "
			    "http://%s/"), arg, arg);
	buf_free(&list);
	strlist_free(&near);
}

int cmd_wizard(struct cli *cli, bool demo)
{
	if (cli->replay && cli->args.n) {
		cli_error(_("--replay takes one saved response and no URLs"));
		return EXIT_USAGE;
	}
	if (cli->args.n > (demo ? 0 : 1)) {
		cli_error(demo ? _("--demo takes no URL (see httpdoc --help)")
			       : _("the wizard takes one URL; for several use 'httpdoc probe URL...'"));
		return EXIT_USAGE;
	}
	if (cli->replay) {
		/* A bad file is refused as probe --replay refuses it, before the terminal. */
		struct response r;
		char *rerr = NULL;
		response_init(&r);
		int bad = replay_load(cli->replay, &r, &rerr);
		response_free(&r);
		if (bad) {
			cli_error("%s", rerr);   /* replay_load escapes what it quotes */
			free(rerr);
			return EXIT_USAGE;
		}
	}
	int status = EXIT_USAGE;
	char *url = NULL, *err = NULL, *hist = NULL, *code = NULL;
	struct strlist samples = {0}, log_files = {0};
	struct kb *kb = NULL;
	/* A bare number (504, 403.14) or cf1020 is a code, never a host. */
	const char *arg = cli->args.n == 1 ? cli->args.v[0] : NULL;
	bool is_code = arg && kb_code_typed(arg);
	if (arg && !is_code && probe_check_url(arg, &url, &err) != 0) {
		cli_error("%s", err);
		goto out;
	}
	if (!cli_origin_ok(cli) || !cli_logs(cli, 1, &log_files))
		goto out;
	if (!(kb = cli_load_kb()))
		goto out;
	if (is_code) {
		code = kb_code_normalise(arg);
		const struct kb_entry *entry = code ? kb_entry_find(kb, code) : NULL;
		if (!entry) {
			unknown_code(kb, arg, code);
			goto out;
		}
	}
	if (!ui_scripted() && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		cli_error(_("the wizard needs a terminal; for scripts use 'httpdoc probe URL'"));
		goto out;
	}
	if (demo && demo_list(&samples) != 0) {
		cli_error(_("no sample responses in %s"), demo_dir());
		goto out;
	}
	hist = demo || cli->replay ? NULL : history_path();
	struct wizard_options o = {
		.kb = kb, .probe = &cli->probe, .url = url, .code = code, .demo = demo, .replay = cli->replay,
		.samples = &samples, .history_file = hist, .report_dir = ".",
		.origin = cli->origin, .origin_insecure = cli->origin_insecure,
		.log_paths = &log_files, .no_logs = cli->no_logs,
	};
	struct wizard *w = wizard_new(&o);
	struct ui_options uo = {.color = cli->color && !getenv("NO_COLOR")};
	status = ui_run(w, &uo);
	if (wizard_report_file(w))
		printf(_("The last report was saved to %s\n"), wizard_report_file(w));
	wizard_free(w);
out:
	kb_free(kb);
	strlist_free(&samples);
	strlist_free(&log_files);
	free(hist);
	free(url);
	free(code);
	free(err);
	return status;
}
