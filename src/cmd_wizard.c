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
#include "ui.h"
#include "wizard.h"

int cmd_wizard(struct cli *cli, bool demo)
{
	if (!ui_scripted() && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		cli_error(_("the wizard needs a terminal; for scripts use 'httpdoc probe URL'"));
		return EXIT_USAGE;
	}
	if (cli->args.n > (demo ? 0 : 1)) {
		cli_error(demo ? _("--demo takes no URL (see httpdoc --help)")
			       : _("the wizard takes one URL; for several use 'httpdoc probe URL...'"));
		return EXIT_USAGE;
	}
	int status = EXIT_USAGE;
	char *url = NULL, *err = NULL, *hist = NULL;
	struct strlist samples = {0};
	struct kb *kb = NULL;
	if (cli->args.n == 1 && probe_check_url(cli->args.v[0], &url, &err) != 0) {
		cli_error("%s", err);
		goto out;
	}
	if (!cli_origin_ok(cli))
		goto out;
	if (demo && demo_list(&samples) != 0) {
		cli_error(_("no sample responses in %s"), demo_dir());
		goto out;
	}
	if (!(kb = cli_load_kb()))
		goto out;
	hist = demo ? NULL : history_path();
	struct wizard_options o = {
		.kb = kb, .probe = &cli->probe, .url = url, .demo = demo,
		.samples = &samples, .history_file = hist, .report_dir = ".",
		.origin = cli->origin, .origin_insecure = cli->origin_insecure,
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
	free(hist);
	free(url);
	free(err);
	return status;
}
