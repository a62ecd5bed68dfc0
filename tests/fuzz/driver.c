/* driver.c: run a fuzz target's entry point over saved inputs, without
 * libFuzzer, so every crash a fuzzer found stays a regression test in a
 * normal build. Usage: fuzz-regress-TARGET [FILE-OR-DIR...] (TAP output); with no
 * argument, $TESTS_DATA/fuzz-regressions/TARGET. */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	size_t cap = 1 << 16, len = 0, n;
	uint8_t *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		return;
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s runs without a crash\n", ++count, path);
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = malloc(strlen(path) + strlen(e->d_name) + 2);
		sprintf(p, "%s/%s", path, e->d_name);
		run_path(p);
		free(p);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	/* Under make check: the target's saved inputs in the source tree. */
	const char *data = getenv("TESTS_DATA");
	if (argc == 1 && data) {
		char *dir = malloc(strlen(data) + sizeof "/fuzz-regressions/" + sizeof FUZZ_TARGET);
		sprintf(dir, "%s/fuzz-regressions/%s", data, FUZZ_TARGET);
		run_path(dir);
		free(dir);
	}
	if (count == 0)
		printf("1..0 # SKIP no saved inputs\n");
	else
		printf("1..%d\n", count);
	return 0;
}
