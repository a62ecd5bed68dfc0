/* replay.h: a saved response (`curl -si URL > FILE`) read as if it came from the network.
 *
 * Several header blocks are allowed (1xx interim responses, redirects with
 * `curl -L`); the last one is the response, earlier 3xx blocks with a Location
 * become the redirect chain. Chunked and gzip/deflate bodies are decoded. */
#ifndef HTTPDOC_REPLAY_H
#define HTTPDOC_REPLAY_H

#include <stddef.h>

#include "response.h"

#define REPLAY_FILE_MAX (64 * 1024 * 1024)   /* larger files are refused */

/* Returns 0, or -1 with *err (caller frees) saying what is wrong. */
int replay_load(const char *path, struct response *out, char **err);
int replay_parse(const char *data, size_t len, struct response *out, char **err);

#endif
