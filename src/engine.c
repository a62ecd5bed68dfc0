/* engine.c: STUB, to be replaced by the decision engine. */
#include <config.h>
#include "engine.h"

struct engine *engine_new(const struct kb *kb, const struct facts *facts, const struct kb_node *start) { return NULL; }
void engine_free(struct engine *e) {}
enum engine_state engine_state(const struct engine *e) { return ENGINE_ADVICE; }
const struct kb_node *engine_current(const struct engine *e) { return NULL; }
int engine_answer(struct engine *e, size_t i) { return -1; }
int engine_back(struct engine *e) { return -1; }
const struct engine_step *engine_path(const struct engine *e, size_t *n) { *n = 0; return NULL; }
size_t engine_candidates(const struct engine *e, const struct kb_node **out, size_t max) { return 0; }
const struct kb_entry *engine_entry_for(const struct kb *kb, const struct facts *facts) { return NULL; }
