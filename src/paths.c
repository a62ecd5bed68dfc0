/* paths.c: finding httpdoc's data, installed or in the build tree. */
#include <config.h>
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Remembered results, one per kind, so the borrowed pointers stay valid. */
static struct strlist found;

const char *data_dir(const char *env, const char *installed, const char *source_subdir)
{
	const char *v = env ? getenv(env) : NULL;
	if (v && *v)
		return v;
	if (is_dir(installed))
		return installed;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *cand = xasprintf("%s/../%s", exe, source_subdir);
			char real[PATH_MAX];
			if (is_dir(cand) && realpath(cand, real)) {
				strlist_add(&found, real);
				free(cand);
				return found.v[found.n - 1];
			}
			free(cand);
		}
	}
	return installed;
}
