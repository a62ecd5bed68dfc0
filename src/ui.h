/* ui.h: the curses front end of the wizard. The only part of httpdoc that
 * includes curses (ui_term.c draws and reads keys, ui_run.c runs the loop).
 *
 * Debug switches for deterministic screen tests (as tig does):
 *   HTTPDOC_UI_KEYS   keys to play instead of reading the terminal, separated
 *                     by spaces: a character (j, 2, q, ?), a key name (Enter,
 *                     Esc, Up, Down, Left, Right, BS, Del, PgUp, PgDn, Home,
 *                     End, Space), C-x for a control key (C-c acts as Ctrl-C),
 *                     text:STRING (typed), resize:COLSxROWS, dump (write the
 *                     screen now). "@FILE" reads them from FILE (# comments).
 *                     No terminal is needed then: output goes to /dev/null.
 *                     A running probe is waited for before the next key.
 *   HTTPDOC_UI_DUMP   FILE: the screen at each `dump`, and at the end of a
 *                     script that does not quit, as text.
 *   HTTPDOC_UI_SIZE   COLSxROWS of the scripted screen (default 80x24). */
#ifndef HTTPDOC_UI_H
#define HTTPDOC_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "wizard.h"

struct ui_options {
	bool color;             /* false under NO_COLOR or --no-color */
};

/* True when HTTPDOC_UI_KEYS plays the keys (no terminal is needed). */
bool ui_scripted(void);

/* Run the wizard until the user quits. The terminal is restored on every way
 * out (quit, SIGINT, SIGTERM, SIGHUP, a crash, exit()). Returns the exit
 * status: 0, 128+N after signal N, 2 when the terminal cannot be used. */
int ui_run(struct wizard *w, const struct ui_options *o);

/* ---- ui_term.c, for ui_run.c ---- */
enum ui_input { UI_NONE, UI_KEY, UI_RESIZE, UI_REDRAW };

/* Start curses on the terminal, or on /dev/null at cols x rows when scripted.
 * Returns 0, or -1 with *err (caller frees). */
int ui_term_start(bool scripted, bool color, int cols, int rows, char **err);
void ui_term_stop(void);
/* Restore the terminal from a signal handler (async-signal-safe). */
void ui_term_emergency(void);
/* Print "httpdoc: MESSAGE" after restoring the terminal, and exit 2. */
void ui_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

void ui_term_size(int *cols, int *rows);
void ui_term_resize(int cols, int rows);
void ui_term_draw(const struct wz_view *v);
/* Draw everything again at the next draw (Ctrl-L). */
void ui_term_redraw(void);
/* Wait up to timeout_ms (-1: forever) for a key. */
enum ui_input ui_term_key(int timeout_ms, struct wz_key *k);
/* Send text to the terminal's clipboard (OSC 52); nothing when scripted. */
void ui_term_clipboard(const char *text);
/* The screen as text, trailing blanks trimmed, wide characters once. */
void ui_term_dump(FILE *f);

#endif
