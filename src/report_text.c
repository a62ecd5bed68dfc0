/* report_text.c: STUB. */
#include <config.h>
#include "report.h"
#include <string.h>
void probe_result_init(struct probe_result *p) { memset(p, 0, sizeof *p); }
void probe_result_free(struct probe_result *p) {}
void probe_result_analyse(struct probe_result *p, const struct kb *kb) {}
char *report_text(const struct probe_result *p, bool color) { return xstrdup(""); }
