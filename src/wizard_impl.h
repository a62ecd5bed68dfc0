/* wizard_impl.h: the wizard's state, shared by wizard.c (events and probes),
 * wizard_view.c (the screens about the response) and wizard_walk.c (the walk
 * through the knowledge base and the advice). Not for the UI: it sees wizard.h. */
#ifndef HTTPDOC_WIZARD_IMPL_H
#define HTTPDOC_WIZARD_IMPL_H

#include "engine.h"
#include "report.h"
#include "wizard.h"
#include "wizard_text.h"

/* One probe (or one read of a sample) and where the walk through it stands. */
struct wz_result {
	struct probe_result p;
	const struct kb_entry *entry;   /* NULL: the KB has nothing for it */
	struct engine *engine;          /* NULL: no tree to walk */
	const char *sample;             /* demo: the file it was read from (borrowed) */
	const char *code;               /* a code walked with no probe: the entry's code
	                                   (borrowed from the KB); NULL for a probe */
};

struct wizard {
	struct wizard_options o;
	struct probe_options default_probe;     /* when o.probe is NULL */
	int cols, rows;
	enum wz_screen screen;
	enum wz_screen under_help;      /* the screen help was opened from */
	int scroll, under_help_scroll;
	bool quit;

	/* URL entry: what is typed, as characters, and the cursor in it */
	wchar_t *input;
	size_t input_len, input_cap, input_pos;
	int history_sel;                /* -1: the typed text, else an index */
	struct strlist history;
	char *url;                      /* the URL being diagnosed */
	bool url_back;                  /* Esc in the URL entry returns to url_from */
	enum wz_screen url_from;

	/* demo menu */
	size_t demo_sel;
	const char *sample;

	/* a live probe */
	struct probe_batch *batch;
	struct serverlogs *logs;        /* the server's logs noted around the pending probe, or NULL */
	struct wz_result *pending;
	int running;                    /* transfers of the pending probe not finished */
	double probe_t0;                /* monotonic seconds */
	struct probe_live live;
	enum wz_screen probe_from;      /* where Esc returns */
	bool reprobe;

	/* The origin asked directly beside the URL: from --origin, or typed in
	 * the walk's one-line field (`o`, when the walk needs origin.* facts). */
	char *origin;                   /* ADDR[:PORT], checked; NULL: none */
	bool origin_entry;              /* the walk's origin field has the keys */
	bool origin_probe;              /* the running probe was started from that field */
	struct probe_live origin_live;

	struct wz_result *cur, *before; /* the result shown, and the one before a re-probe */
	bool demo_reread;               /* the last re-probe read a sample again */

	size_t choice_sel;              /* walk: the highlighted answer */
	char *msg;                      /* one line above the key bar, until the next key */
	enum wz_role msg_role;
	char *report_file;
	bool copy_pending;              /* `c` asked which snippet to take */
	char *clipboard;                /* a snippet for the UI to send to the clipboard */

	struct wz_view view;
	int cursor_line, cursor_col;    /* set by a screen that shows the cursor; line -1: none */
};

void wz_set_msg(struct wizard *w, enum wz_role role, const char *msg);
/* Show screen s from its top. */
void wz_go(struct wizard *w, enum wz_screen s);
/* Probe url (taken over), from the URL entry. */
void wz_probe_url(struct wizard *w, char *url);
/* wizard_input.c: a key in the URL entry: edit, recall, Enter probes the
 * URL (or opens a code), Esc quits or goes back. */
void wz_url_key(struct wizard *w, struct wz_key k);
/* res becomes the result shown (taken over); the ones before are freed. */
void wz_result_replace(struct wizard *w, struct wz_result *res);

/* wizard_input.c: the one-line text field (the URL entry and the walk's
 * origin address) in w->input: set it, read it, edit it with a key (true
 * when the key was an editing key), draw it from the current column of d to
 * width cols with the cursor in it. */
void wz_input_set(struct wizard *w, const char *utf8);
char *wz_input_utf8(const struct wizard *w);
bool wz_input_edit(struct wizard *w, struct wz_key k);
void wz_input_field(struct wizard *w, struct wz_doc *d, int cols);

/* Whether the walk may ask the origin: WZ_ORIGIN_ASK when the current
 * question needs an origin.* fact nobody knows and the site is behind
 * Cloudflare; WZ_ORIGIN_DEMO likewise, but a saved response has no origin to
 * ask; WZ_ORIGIN_NO otherwise. */
enum wz_origin_offer { WZ_ORIGIN_NO, WZ_ORIGIN_ASK, WZ_ORIGIN_DEMO };
enum wz_origin_offer wz_origin_offer(const struct wizard *w);
/* `o` on the walk: open the origin field (or explain why not). */
void wz_origin_open(struct wizard *w);
/* A key while the origin field is open: edit, Enter probes, Esc closes. */
void wz_origin_key(struct wizard *w, struct wz_key k);
/* The open field, under the question (sel_line: its line). */
void wz_view_origin_entry(struct wizard *w, struct wz_doc *d, int *sel_line);
/* wizard.c: probe the URL again with the origin at addr beside it; the walk
 * resumes on the new facts when it ends. */
void wz_probe_origin(struct wizard *w, const char *addr);
/* How many remembered URLs the URL entry lists: what fits under the field. */
size_t wz_history_shown(const struct wizard *w);
/* wizard_report.c: save the report of w->cur and say where (w->msg). */
void wz_save_report(struct wizard *w);
/* Write text to a new file dir/name, never over an existing one (name-2.ext,
 * name-3.ext ...). Returns its path (caller frees), or NULL with *err. */
char *wz_write_new_file(const char *dir, const char *name, const char *text, int *err);

/* wizard_copy.c: `c` on a fix takes a snippet whole: to the clipboard (the
 * UI sends it, OSC 52) and to a new file; with several, a digit picks one. */
size_t wz_copy_count(const struct wizard *w);
void wz_copy_key(struct wizard *w);
/* A key while a snippet is being picked: its number, or anything else to cancel. */
void wz_copy_pick(struct wizard *w, struct wz_key k);
/* Seconds since the running probe started. */
double wz_probe_elapsed(const struct wizard *w);
void wz_view_free(struct wz_view *v);

/* The body of each screen as a document of lines: wizard_view.c has the
 * frame, URL entry, demo menu, probing and help; wizard_result.c the result
 * and the before/after comparison. */
void wz_view_url(struct wizard *w, struct wz_doc *d, int *sel_line);
void wz_view_demo(struct wizard *w, struct wz_doc *d, int *sel_line);
void wz_view_probing(struct wizard *w, struct wz_doc *d);
void wz_view_help(struct wizard *w, struct wz_doc *d);
void wz_view_result(struct wizard *w, struct wz_doc *d);
void wz_view_compare(struct wizard *w, struct wz_doc *d);
/* The status as words: "403 Forbidden" or "no answer: connection refused". */
char *wz_status_words(const struct response *r);
enum wz_role wz_status_role(const struct response *r);

/* wizard_code.c: a code's tree walked with no probe. */
/* Open the code screen for entry (a code of the KB): every question is the
 * user's, but the code answers what it implies. */
void wz_code_open(struct wizard *w, const struct kb_entry *entry);
/* The URL entry's text as a code ("504", "cf1020"): true when it was one
 * (opened, or an unknown code said in w->msg); false: a URL to probe. */
bool wz_code_typed(struct wizard *w, const char *text);
/* The user's answers of a code walk given again to the walk of a probe of
 * the same trouble, where the probe left the same questions open. */
void wz_code_carry(struct engine *to, const struct engine *from);
/* The screen of what the code means. */
void wz_view_code(struct wizard *w, struct wz_doc *d);
/* What a probe would read to answer a question of fact (translated), or
 * NULL when there are no words for it. */
const char *wz_fact_words(const char *fact);

/* wizard_walk.c */
void wz_walk_start(struct wizard *w, struct wz_result *res);
/* The breadcrumb of the path so far, fitted to cols (new string). */
char *wz_breadcrumb(const struct wizard *w, int cols);
/* sel_line: the highlighted answer's first line; question_line: the question's. */
void wz_view_walk(struct wizard *w, struct wz_doc *d, int *sel_line, int *question_line);
void wz_view_advice(struct wizard *w, struct wz_doc *d);
/* The diagnosis as the user walked it, for the report (caller frees with diagnosis_free). */
void wz_walk_diagnosis(const struct wz_result *res, struct diagnosis *d);
size_t wz_walk_choices(const struct wizard *w);

#endif
