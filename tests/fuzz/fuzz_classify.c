/* fuzz_classify.c: the classifier on headers and body together.
 *
 * The input is a saved response when it parses as one; otherwise the first
 * byte picks a set of headers (proxied by Cloudflare or not, a Server
 * header or not) and the rest is the body. Facts and the text, JSON and
 * Markdown reports are built too, since they read what the classifier wrote. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "facts.h"
#include "replay.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_result p;
	char *err = NULL;
	probe_result_init(&p);
	if (replay_parse((const char *)data, size, &p.resp, &err) != 0) {
		free(err);
		response_free(&p.resp);
		response_init(&p.resp);
		unsigned sel = size ? data[0] : 0;
		p.resp.status = 400 + (int)(sel % 200);
		p.resp.reason = strdup("Fuzz");
		p.resp.http_version = strdup("1.1");
		if (sel & 1)
			response_add_header(&p.resp, "Server", 6, "cloudflare", 10);
		if (sel & 2)
			response_add_header(&p.resp, "CF-RAY", 6, "8a1b2c3d4e5f6071-LAX", 20);
		if (sel & 4)
			response_add_header(&p.resp, "Server", 6, "nginx/1.24.0", 12);
		if (sel & 8)
			response_add_header(&p.resp, "cf-mitigated", 12, "challenge", 9);
		if (size > 1)
			response_add_body(&p.resp, data + 1, size - 1);
	}
	probe_result_analyse(&p, NULL);
	free(report_text(&p, true));
	free(report_json(&p));
	free(report_markdown(&p));
	probe_result_free(&p);
	return 0;
}
