/* kb_cache.h: private to the knowledge-base loader (kb.c): a compiled copy of
 * a knowledge base that passed validation, so that loading the same bytes
 * again skips the XML parse and the RELAX NG validation.
 *
 * The copy is keyed by the program that wrote it and by every file the load
 * read (each XML file, the schema it was validated against,
 * cloudflare-ips.txt), each by device, inode, size, and modification and
 * change times: an edit, a copy or a replacement is a miss and a full load
 * (parsed, validated, reported as file:line when broken). It lives
 * in $XDG_CACHE_HOME/httpdoc (else ~/.cache/httpdoc), one file per knowledge-
 * base directory; HTTPDOC_KB_CACHE=0 turns it off. A damaged or foreign cache
 * file is a miss, never an error. Nothing here prints. */
#ifndef HTTPDOC_KB_CACHE_H
#define HTTPDOC_KB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kb.h"
#include "util.h"

/* The key of the files a load of dir reads: the XML files (base names, in
 * load order), then every other input by path. Fills key (caller frees with
 * buf_free). Returns false when a file cannot be looked at (the full load
 * will say why) or when there is no cache (turned off, or nowhere to keep it). */
bool kb_cache_key(const char *dir, const struct strlist *xml_files,
		  const char *const *other_paths, struct buf *key);

/* The knowledge base cached for dir under key, or NULL. Its strings and
 * arrays live in kb->cached; kb_free() releases them. */
struct kb *kb_cache_load(const char *dir, const struct buf *key);

/* Remember kb (just loaded and validated from dir) under key. Best effort:
 * a cache directory that cannot be written is silently skipped. */
void kb_cache_store(const struct kb *kb, const char *dir, const struct buf *key);

/* The checksum a copy carries of its payload (also for the fuzz target,
 * which writes copies of its own). */
uint64_t kb_cache_payload_sum(const void *p, size_t n);

/* Free what kb_cache_load() allocated for kb->cached. NULL is a no-op. */
void kb_cache_release(struct kb_cached *c);

#endif
