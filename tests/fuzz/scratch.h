/* scratch.h: a fuzz target's scratch directory under /tmp, one a process,
 * removed when the process ends. Included by one target file each. */
#ifndef HTTPDOC_FUZZ_SCRATCH_H
#define HTTPDOC_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[96];

static void scratch_remove(void)
{
	char *cmd = NULL;
	if (dir[0] && asprintf(&cmd, "rm -rf '%s'", dir) >= 0 && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

/* Name dir "/tmp/NAME.PID" and have it removed at exit (the caller makes it). */
static void scratch_name(const char *name)
{
	snprintf(dir, sizeof dir, "/tmp/%s.%ld", name, (long)getpid());
	atexit(scratch_remove);
}

#endif
