/* report_md.c: STUB. */
#include <config.h>
#include "report.h"
char *report_markdown(const struct probe_result *p) { return xstrdup(""); }
