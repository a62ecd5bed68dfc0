/* cmd_probe.c: `httpdoc probe`. STUB. */
#include <config.h>

#include "cmd.h"
#include "i18n.h"

int cmd_probe(struct cli *cli)
{
	cli_error(_("probe is not built yet"));
	return EXIT_USAGE;
}
