/* wizard.h: the interactive wizard's model: screens, state and events.
 *
 * No curses here (STYLE: a thin UI over a model). The UI feeds keys
 * (wizard_key), the terminal size (wizard_resize) and time (wizard_tick while
 * wizard_busy), and draws what wizard_view describes: one line per row, each a
 * few spans of terminal-safe UTF-8 text with a role the UI maps to colours or
 * attributes. Every line of a view fits the width it was built for, measured
 * in display columns. Everything here is testable without a terminal. */
#ifndef HTTPDOC_WIZARD_H
#define HTTPDOC_WIZARD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "kb.h"
#include "probe.h"
#include "util.h"

/* The smallest terminal the screens are drawn for; below it the view only
 * asks for a larger one. */
#define WZ_MIN_COLS 40
#define WZ_MIN_ROWS 12

/* What a piece of text means; the UI picks colours (or, without colour,
 * attributes) by role. */
enum wz_role {
	WZ_NORMAL,
	WZ_BAR,         /* title and key bars */
	WZ_BAR_KEY,     /* a key named in the key bar */
	WZ_HEADING,
	WZ_LABEL,       /* field names */
	WZ_DIM,         /* secondary text */
	WZ_SELECTED,    /* the highlighted choice */
	WZ_INPUT,       /* the URL being typed */
	WZ_S2XX, WZ_S3XX, WZ_S4XX, WZ_S5XX,   /* a status, by class (5xx: transport too) */
	WZ_EDGE,        /* Cloudflare's edge produced it */
	WZ_ORIGIN,      /* the origin did */
	WZ_PROBE,       /* answered by the probe */
	WZ_CODE,        /* snippets and commands: verbatim */
	WZ_GOOD,        /* the error is gone, a file saved */
	WZ_BAD,         /* an error message */
	WZ_T_DNS, WZ_T_CONNECT, WZ_T_TLS, WZ_T_WAIT, WZ_T_TRANSFER,   /* timing bar */
	WZ_ROLES
};

struct wz_span {
	char *text;
	enum wz_role role;
};

struct wz_line {
	struct wz_span *spans;
	size_t n_spans;
	enum wz_role fill;      /* the rest of the row: WZ_NORMAL, or a bar/selection */
};

struct wz_view {
	int cols, rows;
	struct wz_line *lines;  /* exactly rows lines */
	bool cursor;            /* show the cursor at (cursor_row, cursor_col) */
	int cursor_row, cursor_col;
};

/* Keys as the model sees them. WZK_CHAR carries any character, control
 * characters (Ctrl-U = 0x15) included. */
enum wz_keycode {
	WZK_CHAR, WZK_ENTER, WZK_ESC, WZK_BACKSPACE, WZK_DELETE,
	WZK_UP, WZK_DOWN, WZK_LEFT, WZK_RIGHT, WZK_PGUP, WZK_PGDN, WZK_HOME, WZK_END,
};

struct wz_key {
	enum wz_keycode code;
	wchar_t ch;
};

enum wz_screen {
	WZ_SCREEN_URL, WZ_SCREEN_DEMO, WZ_SCREEN_PROBING, WZ_SCREEN_RESULT,
	WZ_SCREEN_WALK, WZ_SCREEN_ADVICE, WZ_SCREEN_COMPARE, WZ_SCREEN_HELP,
	WZ_SCREEN_CODE,         /* what a code means, before its walk (no probe) */
};

struct wizard_options {
	const struct kb *kb;                 /* borrowed; must outlive the wizard */
	const struct probe_options *probe;   /* borrowed likewise; NULL: the defaults */
	const char *url;                     /* probe it first; NULL: ask for one */
	const char *code;                    /* walk this code's tree with no probe
	                                        (a code the KB has, kb_code_normalise'd); or NULL */
	bool demo;                           /* sample responses, no network */
	const char *replay;                  /* a saved response (checked readable) to open
	                                        at once, as the demo opens a sample; or NULL */
	const struct strlist *samples;       /* demo: the sample files, borrowed */
	const char *history_file;            /* NULL: remember nothing */
	const char *report_dir;              /* where `s` writes; NULL: "." */
	const char *origin;                  /* --origin ADDR[:PORT] (checked), or NULL */
	bool origin_insecure;                /* no TLS verification for the origin probe */
	const struct strlist *log_paths;     /* --logs, expanded to files; NULL or empty: find them */
	bool no_logs;                        /* --no-logs */
};

struct wizard;

struct wizard *wizard_new(const struct wizard_options *o);
void wizard_free(struct wizard *w);

void wizard_resize(struct wizard *w, int cols, int rows);
void wizard_key(struct wizard *w, struct wz_key k);

/* A probe is running: call wizard_tick often (it waits at most timeout_ms
 * for the network) and redraw after each call. */
bool wizard_busy(const struct wizard *w);
void wizard_tick(struct wizard *w, int timeout_ms);

/* The user asked to quit. */
bool wizard_done(const struct wizard *w);

enum wz_screen wizard_screen(const struct wizard *w);

/* The screen to draw at the size last given to wizard_resize. Owned by w,
 * valid until the next call into w. */
const struct wz_view *wizard_view(struct wizard *w);

/* A snippet the user took (`c`) for the terminal's clipboard, once: the
 * UI sends it (OSC 52) after the key. New string (caller frees), or NULL. */
char *wizard_take_clipboard(struct wizard *w);

/* The file the last `s` wrote, or NULL. Borrowed. */
const char *wizard_report_file(const struct wizard *w);

/* A report file name for url probed at t: httpdoc-report-HOST-YYYYmmdd-HHMMSS.md
 * (HOST reduced to letters, digits, dots and dashes; "response" without one).
 * New string. */
char *wizard_report_name(const char *url, long long t);

/* The title shown in the demo menu for a sample file (path or base name). */
const char *wizard_sample_title(const char *path);

#endif
