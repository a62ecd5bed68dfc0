/* fuzz_logs.c: the server-log reader and matcher on arbitrary bytes. The
 * input's first byte picks the kind the log is taken for (or none, to be
 * sniffed) and where it splits: the bytes before are the log as the probe
 * found it, the bytes after are what the server appended meanwhile. The
 * reader reads the appended part and the recent past, the parser makes
 * lines of them, and the knowledge base's log questions are matched against
 * them as for a real probe; every line's evidence is built. The same bytes
 * also go through the configuration parsers (nginx, Apache, php-fpm,
 * LiteSpeed, Debian's envvars). */
#include <config.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirs.h"
#include "facts.h"
#include "kb.h"
#include "logconf.h"
#include "logmatch.h"
#include "logread.h"
#include "scratch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kb *kb;
static struct logmatch *match;
static char path[160];

static int setup(void)
{
	if (kb)
		return 0;
	scratch_name("httpdoc-fuzz-logs");
	/* A log in memory where there is such a file system: the input is written twice a run. */
	struct stat st;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
		snprintf(dir, sizeof dir, "/dev/shm/httpdoc-fuzz-logs.%ld", (long)getpid());
	if (mkdir(dir, 0700) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/error.log", dir);
	const char *src = getenv("HTTPDOC_KB_DIR");
	char *err = NULL;
	setenv("HTTPDOC_KB_CACHE", "0", 1);
	if (kb_load(src ? src : KBDIR, &kb, &err) != 0) {
		fprintf(stderr, "fuzz_logs: %s\n", err);
		free(err);
		return -1;
	}
	match = logmatch_new(kb);
	return 0;
}

static void put(const char *mode, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, mode);
	if (!f)
		return;
	if (n)
		fwrite(p, 1, n, f);
	fclose(f);
}

static void configs(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	struct conf_found c = {0};
	logconf_nginx(text, &c);
	struct strlist env = {0};
	logconf_envvars(text, &env);
	logconf_apache(text, &env, &c);
	logconf_fpm(text, &c);
	logconf_litespeed(text, "/usr/local/lsws", &c);
	conf_found_free(&c);
	strlist_free(&env);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || setup() != 0)
		return 0;
	enum log_kind kind = (enum log_kind)(data[0] % LOG_KIND_COUNT);
	size_t split = 1 + (size - 1) * (data[1] & 0x0f) / 16;
	put("wb", data + 2, split > 2 ? split - 2 : 0);
	struct log_watch *w = log_watch_new();
	log_watch_add(w, path, kind);
	put("ab", data + split, size - split);

	struct log_read_options o = {.no_wait = true, .recent_minutes = 60 * 24 * 365 * 30};
	for (int k = 0; k < LOG_KIND_COUNT; k++)
		o.recent[k] = true;
	struct log_evidence ev = {0};
	log_watch_collect(w, &o, &ev);
	ev.req.method = strdup("GET");
	strlist_add(&ev.req.targets, "/index.php?a=1");
	ev.req.host = strdup("example.com");
	ev.req.local_ip = strdup("127.0.0.1");
	ev.req.local_port = 41774;
	ev.req.direct = data[1] & 0x10;
	ev.pools = calloc(2, sizeof *ev.pools);
	if (ev.pools) {
		ev.pools[0] = (struct log_pool){strdup("www"), strdup("/run/php/php8.2-fpm.sock"), strdup(path)};
		ev.pools[1] = (struct log_pool){strdup("tiny"), strdup("9000"), NULL};
		ev.n_pools = 2;
	}
	struct facts *f = facts_new();
	logmatch_apply_with(match, &ev, f);
	for (size_t i = 0; i < ev.lines.n; i++)
		free(log_line_evidence(&ev, &ev.lines.v[i]));
	for (size_t i = 0; i < ev.n_files; i++)
		log_file_lines_ours(&ev, i);
	log_request_pool(&ev);
	facts_free(f);
	log_evidence_free(&ev);
	log_watch_free(w);
	configs(data, size);
	return 0;
}
