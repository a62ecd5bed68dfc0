/* kb-snippets: every snippet and command of a knowledge base, for the snippet
 * check (tests/snippets.sh), read with the program's own loader so the text is
 * exactly what users are shown ({{cloudflare-ranges FORMAT}} expanded).
 *
 *   kb-snippets KB-DIR OUT-DIR
 *
 * writes OUT-DIR/N (the text of block N, newline-terminated) and
 * OUT-DIR/index.tsv, one line per block:
 *   N  kind  lang  context  platform  file  kbfile  line  node  unchecked
 * kind is "snippet" or "command" (a command's lang is "shell"); an absent
 * value is "-". Exit 0, or 2 with one line on stderr. */
#include <config.h>
#include "kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A field of the index: no tab or newline inside, "-" for none. */
static void field(FILE *f, const char *s, const char *sep)
{
	if (!s || !*s)
		s = "-";
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
	fputs(sep, f);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kb-snippets KB-DIR OUT-DIR\n");
		return 2;
	}
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load_with(argv[1], KB_LOAD_FRESH, &kb, &err) != 0) {
		fprintf(stderr, "kb-snippets: %s\n", err);
		free(err);
		return 2;
	}
	char *index = xasprintf("%s/index.tsv", argv[2]);
	FILE *idx = fopen(index, "w");
	if (!idx) {
		fprintf(stderr, "kb-snippets: cannot write %s\n", index);
		return 2;
	}
	int status = 0;
	unsigned n = 0;
	for (size_t i = 0; i < kb->n_nodes; i++) {
		const struct kb_node *node = &kb->nodes[i];
		for (size_t j = 0; j < node->n_blocks; j++) {
			const struct kb_block *b = &node->blocks[j];
			if (b->kind == KB_STEP)
				continue;
			char *path = xasprintf("%s/%u", argv[2], ++n);
			FILE *f = fopen(path, "w");
			if (!f || fprintf(f, "%s\n", b->text) < 0 || fclose(f) != 0) {
				fprintf(stderr, "kb-snippets: cannot write %s\n", path);
				status = 2;
			}
			free(path);
			fprintf(idx, "%u\t", n);
			field(idx, b->kind == KB_SNIPPET ? "snippet" : "command", "\t");
			field(idx, b->kind == KB_SNIPPET ? b->lang : "shell", "\t");
			field(idx, b->context, "\t");
			field(idx, b->platform, "\t");
			field(idx, b->file, "\t");
			field(idx, node->file, "\t");
			fprintf(idx, "%d\t", b->line);
			field(idx, node->id, "\t");
			field(idx, b->unchecked, "\n");
		}
	}
	if (fclose(idx) != 0) {
		fprintf(stderr, "kb-snippets: cannot write %s\n", index);
		status = 2;
	}
	free(index);
	kb_free(kb);
	return status;
}
