/* replay.c: STUB. */
#include <config.h>
#include "replay.h"
#include "util.h"

int replay_load(const char *path, struct response *out, char **err) { *err = xstrdup("not built"); return -1; }
int replay_parse(const char *data, size_t len, struct response *out, char **err) { *err = xstrdup("not built"); return -1; }
