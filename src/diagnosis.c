/* diagnosis.c: STUB. */
#include <config.h>
#include "diagnosis.h"
#include <string.h>
void diagnosis_init(struct diagnosis *d) { memset(d, 0, sizeof *d); }
void diagnosis_free(struct diagnosis *d) { diagnosis_init(d); }
void diagnose(const struct kb *kb, const struct facts *facts, struct diagnosis *d) {}
