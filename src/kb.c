/* kb.c: STUB, to be replaced by the knowledge-base loader. */
#include <config.h>
#include "kb.h"

#include <stdlib.h>
#include <string.h>

#include "gettext.h"

int kb_load(const char *dir, struct kb **kb, char **err)
{
	*kb = xcalloc(1, sizeof **kb);
	*err = NULL;
	return 0;
}

void kb_free(struct kb *kb) { free(kb); }

const char *kb_default_dir(void)
{
	const char *d = getenv("HTTPDOC_KB_DIR");
	return d && *d ? d : KBDIR;
}

const struct kb_entry *kb_entry_find(const struct kb *kb, const char *code) { return NULL; }
const struct kb_node *kb_node_find(const struct kb *kb, const char *id) { return NULL; }
char *kb_code_normalise(const char *code) { return xstrdup(code); }
void kb_nearest_codes(const struct kb *kb, const char *code, struct strlist *out, size_t n) {}
const char *kb_tr(const char *s) { return dgettext(PACKAGE, s); }
