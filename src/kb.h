/* kb.h: the knowledge base: entries for codes and the decision trees behind them.
 *
 * Loaded from the XML files of one directory, each validated against kb.rng
 * (RELAX NG, libxml2) before it is read. Text is stored normalised the way
 * xgettext normalises it (trimmed, white space collapsed), so the same string
 * is the gettext key: translate with kb_tr(). Snippets and commands keep their
 * lines and are never translated. Everything is owned by the struct kb. */
#ifndef HTTPDOC_KB_H
#define HTTPDOC_KB_H

#include <stdbool.h>
#include <stddef.h>

#include "cfranges.h"
#include "util.h"

enum kb_node_kind { KB_QUESTION, KB_ADVICE };
enum kb_block_kind { KB_STEP, KB_SNIPPET, KB_COMMAND };

struct kb_node;

/* log-else: when no pattern of a log question matched, and every log of its
 * kinds was read. */
enum {
	KB_LOG_ELSE_NOTHING = 1,        /* no line of this request in those logs */
	KB_LOG_ELSE_OTHER = 2,          /* lines of this request that no pattern knows */
};

struct kb_choice {
	char *when;                     /* fact values it matches, space separated; "*" any other; NULL = ask only */
	char *next;                     /* id of the next node */
	char *label;                    /* translatable */
	const struct kb_node *target;   /* resolved by kb_load */
	char *log;                      /* POSIX ERE over the question's log lines, or NULL */
	unsigned log_recent;            /* minutes of the past that count too, 0: this request's lines only */
	unsigned log_else;              /* KB_LOG_ELSE_* bits */
};

struct kb_block {
	enum kb_block_kind kind;
	char *text;                     /* step: translatable; snippet/command: verbatim */
	char *lang;                     /* snippet: "nginx", "apache", "htaccess", ...; else NULL */
	char *file;                     /* snippet: where it goes, or NULL */
	int line;                       /* the element's line in its file */
	/* For the snippet check (tests/snippets.sh), never shown to users: */
	char *context;                  /* snippet: where it stands in its config ("server",
					   "location", "directory", "pool", ...), or NULL */
	char *platform;                 /* snippet/command: "rhel", "windows" or "macos" when it
					   is only for that system, else NULL (Debian and Ubuntu) */
	char *unchecked;                /* snippet/command: why no software here can check it, or NULL */
};

struct kb_node {
	enum kb_node_kind kind;
	char *id;
	char *file;                     /* base name of the file it came from */
	int line;
	/* question */
	char *text;                     /* the question, translatable */
	char *why;                      /* optional explanation, translatable, or NULL */
	char *fact;                     /* fact that can answer it, or NULL */
	char *logs;                     /* log kinds whose lines can answer it, space separated, or NULL */
	struct kb_choice *choices;
	size_t n_choices;
	/* advice */
	char *title;                    /* translatable */
	char *summary;                  /* translatable, or NULL */
	struct kb_block *blocks;        /* steps, snippets, commands, in order */
	size_t n_blocks;
	char **verify;                  /* how to check the fix, translatable */
	size_t n_verify;
};

struct kb_entry {
	char *code;                     /* "403", "403.14", "1020", "dns", ... */
	char *name;                     /* "Forbidden", translatable */
	char *meaning;                  /* translatable */
	char *generated;                /* who usually produces it, in words, translatable, or NULL */
	char *generators;               /* tokens: origin edge proxy client */
	char *rfc;                      /* "RFC 9110, 15.5.4" or NULL */
	bool unofficial;
	char *tree;                     /* id of the first node, or NULL */
	const struct kb_node *start;    /* resolved */
	char *family;                   /* the file's family attribute */
	char *file;
	int line;
};

struct kb_cached;

struct kb {
	struct kb_entry *entries;       /* sorted by code */
	size_t n_entries;
	struct kb_node *nodes;          /* sorted by id */
	size_t n_nodes;
	char *dir;
	struct cf_ranges *ranges;       /* cloudflare-ips.txt of the same directory, or NULL when absent */
	struct kb_cached *cached;       /* when read from the cache: owns the strings and node arrays */
};

/* Load every *.xml in dir (sorted by name), each validated against the schema
 * DIR/kb.rng, or, when dir has none (a directory of test fixtures), the one in
 * kb_default_dir(), else the installed one. On failure returns -1, *kb is NULL
 * and *err is one line, "file:line: what is wrong" (caller frees).
 *
 * Once files have passed, a compiled copy is kept (kb_cache.h); a later load
 * of the very same bytes reads that copy instead of parsing and validating
 * again. KB_LOAD_FRESH always parses and validates (kb check). */
enum { KB_LOAD_FRESH = 1 };
int kb_load_with(const char *dir, unsigned flags, struct kb **kb, char **err);
int kb_load(const char *dir, struct kb **kb, char **err);
void kb_free(struct kb *kb);

/* The default KB directory: $HTTPDOC_KB_DIR, else the installed one. Borrowed. */
const char *kb_default_dir(void);

const struct kb_entry *kb_entry_find(const struct kb *kb, const char *code);
const struct kb_node *kb_node_find(const struct kb *kb, const char *id);

/* Normalise a user's code: "cf1020" -> "1020", "403.14", "empty_reply" ->
 * "empty-reply", " 504 " -> "504". Returns a new string, or NULL if it cannot
 * be a code at all. */
char *kb_code_normalise(const char *code);

/* True when s is written as a code, not as a host name: a bare number
 * ("504", "1020"), a number with a sub-status ("403.14", "403-14"), or Cloudflare's
 * "cf1020" ("CF-1020"), blanks around allowed. The wizard takes these as
 * codes and never probes them as hosts. */
bool kb_code_typed(const char *s);

/* The forms a KB file's names must have (the loader checks them rather
 * than the schema: libxml2 recompiles a pattern's regex for every value).
 * An id: [a-z0-9][a-z0-9.-]* (a family: no '.'); a fact:
 * [a-z_]+(.[a-z0-9_-]+)*; a code: 403, 403.14, 1020, 4xx, a transport
 * failure's name or a layer's page (waf-block, lb-backend-down, ...). */
bool kb_form_id(const char *s, bool dots);
bool kb_form_fact(const char *s);
bool kb_form_code(const char *s);

/* Who usually generates the entry's code, in words of the current language,
 * joined ("the origin server, Cloudflare's edge"); a new string, "" for none. */
char *kb_generators_words(const struct kb_entry *e);

/* Up to n codes nearest to code (for "did you mean"), into out. */
void kb_nearest_codes(const struct kb *kb, const char *code, struct strlist *out, size_t n);

/* Graph and coverage checks beyond the schema: every reference resolves, every
 * node is reachable from an entry, every path ends in advice, every fact is
 * known, every required code has an entry and every required tree exists.
 * Appends one "file:line: problem" per problem; returns their count. */
size_t kb_check(const struct kb *kb, struct strlist *problems);

/* How many questions a machine answers: a question that names a fact is
 * answered from the probe (the response, DNS, TLS, the redirect chain) or,
 * for a "log." fact, from the server's own log, whenever that fact is known;
 * a question that names logs (and no fact) from the server's log; the rest
 * only a person can answer. */
struct kb_stats {
	size_t questions;
	size_t by_probe;
	size_t by_log;
};
void kb_stats(const struct kb *kb, struct kb_stats *st);

/* Translate a KB string (already normalised) in the current locale. */
const char *kb_tr(const char *s);

#endif
