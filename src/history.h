/* history.h: the URLs the wizard probed last, newest first.
 *
 * One URL a line in $XDG_STATE_HOME/httpdoc/history (else
 * ~/.local/state/httpdoc/history), at most HISTORY_MAX lines. Writing is
 * atomic (a temporary file renamed over the old one). A history that cannot be
 * read is empty and one that cannot be written is not written: neither is an
 * error the user needs to see, so these functions report nothing. */
#ifndef HTTPDOC_HISTORY_H
#define HTTPDOC_HISTORY_H

#include "util.h"

#define HISTORY_MAX 20

/* The history file's path (caller frees), or NULL when neither
 * XDG_STATE_HOME nor HOME is set. */
char *history_path(void);

/* Read the history into urls (appended, newest first); at most HISTORY_MAX,
 * blank lines and lines longer than a URL can be skipped. Returns the count. */
size_t history_load(const char *path, struct strlist *urls);

/* Put url first, dropping an older copy and anything past HISTORY_MAX. */
void history_add(struct strlist *urls, const char *url);

/* Write urls to path, creating its directory. Returns 0 or -1. */
int history_save(const char *path, const struct strlist *urls);

#endif
