/* cmd_explain.c: `httpdoc explain CODE`. STUB until the knowledge base lands. */
#include <config.h>

#include "cmd.h"
#include "i18n.h"

int cmd_explain(struct cli *cli)
{
	cli_error(_("explain is not built yet"));
	return EXIT_USAGE;
}
