/* fuzz_replay.c: the saved-response parser on arbitrary bytes. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "replay.h"
#include "response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct response r;
	char *err = NULL;
	response_init(&r);
	replay_parse((const char *)data, size, &r, &err);
	free(err);
	response_free(&r);
	return 0;
}
