/* probe.c: STUB. */
#include <config.h>
#include "probe.h"

#include <curl/curl.h>
#include <string.h>

void probe_options_init(struct probe_options *o)
{
	memset(o, 0, sizeof *o);
	o->timeout_s = 15;
	o->connect_timeout_s = 10;
	o->max_redirs = 10;
}
void probe_options_free(struct probe_options *o) { strlist_free(&o->headers); }
int probe_check_url(const char *url, char **normalised, char **err) { *err = xstrdup("not built"); return -1; }
int probe_run(const char *url, const struct probe_options *o, struct response *out, char **err) { *err = xstrdup("not built"); return -1; }
void probe_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }
void probe_global_cleanup(void) { curl_global_cleanup(); }
const char *probe_curl_version(void) { return curl_version(); }
