/* wizard.c: the wizard's state machine: keys in, probes run, screens chosen.
 *
 * One screen at a time (wizard.h lists them). Keys are interpreted by the
 * screen they arrive on; a probe runs in a probe batch the UI drives through
 * wizard_tick, so the screen keeps drawing while it runs. A sample of the
 * demo is read with replay_load instead, and everything after is the same. */
#include <config.h>
#include "wizard.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "i18n.h"
#include "replay.h"
#include "serverlogs.h"
#include "wizard_impl.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void wz_set_msg(struct wizard *w, enum wz_role role, const char *msg)
{
	free(w->msg);
	w->msg = xstrdup(msg);
	w->msg_role = role;
}

static void result_free(struct wz_result *res)
{
	if (!res)
		return;
	engine_free(res->engine);
	probe_result_free(&res->p);
	free(res);
}

void wz_result_replace(struct wizard *w, struct wz_result *res)
{
	result_free(w->before);
	result_free(w->cur);
	w->before = NULL;
	w->cur = res;
}

void wz_go(struct wizard *w, enum wz_screen s)
{
	w->screen = s;
	w->scroll = 0;
	w->choice_sel = 0;
	w->origin_entry = false;
	w->copy_pending = false;
}

size_t wz_history_shown(const struct wizard *w)
{
	/* The frame takes 4 rows, the question and the field 8 more. */
	int room = w->rows - 12;
	return room <= 0 ? 0 : (size_t)room < w->history.n ? (size_t)room : w->history.n;
}

/* ------------------------------------------------------------------ probing */

static void probe_done(void *user, struct response *out, void *cbdata)
{
	struct wizard *w = cbdata;
	w->running--;
}

/* After the origin was asked from the walk: back into the walk, which the
 * engine starts again from the entry with the new facts (the origin
 * question is now the probe's), and say what the origin answered. */
static void resume_walk(struct wizard *w)
{
	struct wz_result *res = w->cur;
	if (!res->engine) {
		wz_go(w, WZ_SCREEN_RESULT);
		return;
	}
	wz_go(w, engine_state(res->engine) == ENGINE_ADVICE ? WZ_SCREEN_ADVICE : WZ_SCREEN_WALK);
	if (res->p.origin) {
		char *words = wz_status_words(&res->p.origin->resp);
		char *m = xasprintf(_("The origin at %s answered: %s"), w->origin, words);
		wz_set_msg(w, wz_status_role(&res->p.origin->resp), m);
		free(m);
		free(words);
	}
}

static void finish_probe(struct wizard *w, struct wz_result *res)
{
	probe_result_analyse(&res->p, w->o.kb);
	wz_walk_start(w, res);
	if (w->origin_probe) {
		w->origin_probe = false;
		result_free(w->before);
		result_free(w->cur);
		w->before = NULL;
		w->cur = res;
		resume_walk(w);
	} else if (w->reprobe && w->cur) {
		result_free(w->before);
		w->before = w->cur;
		w->cur = res;
		wz_go(w, WZ_SCREEN_COMPARE);
	} else {
		/* After a walk with no probe, the answers the probe leaves open stay. */
		if (w->cur && w->cur->code && w->cur->engine && res->engine)
			wz_code_carry(res->engine, w->cur->engine);
		wz_result_replace(w, res);
		wz_go(w, WZ_SCREEN_RESULT);
	}
}

static void read_sample(struct wizard *w, const char *path)
{
	struct wz_result *res = xcalloc(1, sizeof *res);
	char *err = NULL;
	probe_result_init(&res->p);
	res->sample = path;
	w->demo_reread = w->reprobe;
	if (replay_load(path, &res->p.resp, &err) != 0) {
		char *m = xasprintf(_("Cannot read the sample: %s"), err ? err : "?");
		wz_set_msg(w, WZ_BAD, m);
		free(m);
		free(err);
		result_free(res);
		return;
	}
	w->sample = path;
	finish_probe(w, res);
}

static void start_probe(struct wizard *w, bool reprobe)
{
	w->reprobe = reprobe;
	if (w->o.demo || w->o.replay) {
		const char *path = reprobe && w->cur ? w->cur->sample
				 : w->o.replay ? w->o.replay : w->o.samples->v[w->demo_sel];
		read_sample(w, path);
		return;
	}
	w->demo_reread = false;
	if (w->o.history_file) {
		history_add(&w->history, w->url);
		history_save(w->o.history_file, &w->history);   /* failing to remember is no error */
	}
	w->pending = xcalloc(1, sizeof *w->pending);
	probe_result_init(&w->pending->p);
	/* The logs are noted before the request (r does the same for the new one). */
	serverlogs_free(w->logs);
	struct serverlogs_options lo = {.paths = w->o.log_paths, .off = w->o.no_logs, .kb = w->o.kb};
	w->logs = serverlogs_begin(&lo);
	memset(&w->live, 0, sizeof w->live);
	memset(&w->origin_live, 0, sizeof w->origin_live);
	w->batch = probe_batch_new(2);
	probe_batch_add(w->batch, w->url, w->o.probe, &w->pending->p.resp, w->pending);
	w->running = 1;
	if (w->origin) {
		/* The same URL at the origin, in parallel: Host and SNI stay the URL's. */
		struct probe_options o = *w->o.probe;
		o.connect_to = w->origin;
		o.insecure = o.insecure || w->o.origin_insecure;
		struct probe_result *q = xcalloc(1, sizeof *q);
		probe_result_init(q);
		w->pending->p.origin = q;
		w->pending->p.origin_address = xstrdup(w->origin);
		probe_batch_add(w->batch, w->url, &o, &q->resp, q);
		w->running++;
	}
	w->probe_t0 = now_s();
	w->probe_from = w->screen;
	w->screen = WZ_SCREEN_PROBING;
}

static void cancel_probe(struct wizard *w)
{
	probe_batch_free(w->batch);
	w->batch = NULL;
	serverlogs_free(w->logs);
	w->logs = NULL;
	result_free(w->pending);
	w->pending = NULL;
	w->screen = w->probe_from;
	if (w->origin_probe) {
		/* The origin was never asked: the walk goes on without it. */
		w->origin_probe = false;
		free(w->origin);
		w->origin = NULL;
	}
	wz_set_msg(w, WZ_BAD, _("Probe cancelled."));
}

bool wizard_busy(const struct wizard *w)
{
	return w->batch != NULL;
}

void wizard_tick(struct wizard *w, int timeout_ms)
{
	if (!w->batch)
		return;
	probe_batch_run(w->batch, timeout_ms, probe_done, w);
	if (w->running > 0) {
		probe_batch_live(w->batch, w->pending, &w->live);
		if (w->pending->p.origin)
			probe_batch_live(w->batch, w->pending->p.origin, &w->origin_live);
		return;
	}
	probe_batch_free(w->batch);
	w->batch = NULL;
	struct wz_result *res = w->pending;
	w->pending = NULL;
	if (w->logs) {
		probe_result_classify(&res->p);
		res->p.local = serverlogs_end(w->logs, w->o.probe, &res->p.resp, res->p.cls.server);
		serverlogs_free(w->logs);
		w->logs = NULL;
	} else {
		res->p.local = serverlogs_here(&res->p.resp);     /* --no-logs */
	}
	finish_probe(w, res);
}

void wz_probe_url(struct wizard *w, char *url)
{
	free(w->url);
	w->url = url;
	start_probe(w, false);
}

void wz_probe_origin(struct wizard *w, const char *addr)
{
	free(w->origin);
	w->origin = xstrdup(addr);
	w->origin_probe = true;
	start_probe(w, false);
}

double wz_probe_elapsed(const struct wizard *w)
{
	return now_s() - w->probe_t0;
}

/* ------------------------------------------------------------------ keys */

static bool is_back(struct wz_key k)
{
	return k.code == WZK_LEFT || k.code == WZK_BACKSPACE || (k.code == WZK_CHAR && k.ch == L'b');
}

static bool is_up(struct wz_key k)
{
	return k.code == WZK_UP || (k.code == WZK_CHAR && k.ch == L'k');
}

static bool is_down(struct wz_key k)
{
	return k.code == WZK_DOWN || (k.code == WZK_CHAR && k.ch == L'j');
}

/* 1-9 as a number, else 0. */
static int digit(struct wz_key k)
{
	return k.code == WZK_CHAR && k.ch >= L'1' && k.ch <= L'9' ? (int)(k.ch - L'0') : 0;
}

static int page(const struct wizard *w)
{
	return w->rows > 6 ? w->rows - 5 : 1;
}

/* Scrolling keys shared by the screens that scroll; true when handled. */
static bool scroll_key(struct wizard *w, struct wz_key k)
{
	if (is_up(k))
		w->scroll--;
	else if (is_down(k))
		w->scroll++;
	else if (k.code == WZK_PGUP)
		w->scroll -= page(w);
	else if (k.code == WZK_PGDN || (k.code == WZK_CHAR && k.ch == L' '))
		w->scroll += page(w);
	else if (k.code == WZK_HOME || (k.code == WZK_CHAR && k.ch == L'g'))
		w->scroll = 0;
	else if (k.code == WZK_END || (k.code == WZK_CHAR && k.ch == L'G'))
		w->scroll = 1 << 20;
	else
		return false;
	if (w->scroll < 0)
		w->scroll = 0;     /* the view clamps the other end */
	return true;
}


static void key_demo(struct wizard *w, struct wz_key k)
{
	size_t n = w->o.samples ? w->o.samples->n : 0;
	int d = digit(k);
	if (d && (size_t)d <= n) {
		w->demo_sel = (size_t)d - 1;
		start_probe(w, false);
	} else if (k.code == WZK_ENTER && n) {
		start_probe(w, false);
	} else if (is_up(k) && w->demo_sel > 0) {
		w->demo_sel--;
	} else if (is_down(k) && w->demo_sel + 1 < n) {
		w->demo_sel++;
	} else if (k.code == WZK_HOME) {
		w->demo_sel = 0;
	} else if (k.code == WZK_END && n) {
		w->demo_sel = n - 1;
	}
}

static void back_to_start(struct wizard *w)
{
	if (w->o.replay) {
		return;         /* the saved response is where it starts */
	} else if (w->o.demo) {
		wz_go(w, WZ_SCREEN_DEMO);
	} else {
		wz_input_set(w, w->cur && w->cur->code ? w->cur->code : w->url);
		w->history_sel = -1;
		w->url_back = false;
		wz_go(w, WZ_SCREEN_URL);
	}
}

/* The screen a walk goes back to: what came back, or what the code means. */
static enum wz_screen result_screen(const struct wizard *w)
{
	return w->cur && w->cur->code ? WZ_SCREEN_CODE : WZ_SCREEN_RESULT;
}

/* r after a walk with no probe: the URL entry, to probe the site. */
static void probe_a_url(struct wizard *w)
{
	w->url_back = true;
	w->url_from = w->screen;
	wz_input_set(w, w->url ? w->url : "");
	w->history_sel = -1;
	wz_go(w, WZ_SCREEN_URL);
	wz_set_msg(w, WZ_DIM, _("The URL that shows the error: a probe answers what it can."));
}

/* Into the walk, or straight to the advice when the probe answered everything. */
static void enter_walk(struct wizard *w)
{
	struct wz_result *res = w->cur;
	if (!res->engine) {
		wz_set_msg(w, WZ_DIM, res->entry ? _("The knowledge base has no questions for this code.")
						 : _("The knowledge base has nothing for this response."));
		return;
	}
	wz_go(w, engine_state(res->engine) == ENGINE_ADVICE ? WZ_SCREEN_ADVICE : WZ_SCREEN_WALK);
}

static void answer(struct wizard *w, size_t i)
{
	struct engine *e = w->cur->engine;
	if (engine_answer(e, i) != 0)
		return;
	wz_go(w, engine_state(e) == ENGINE_ADVICE ? WZ_SCREEN_ADVICE : WZ_SCREEN_WALK);
}

static void walk_back(struct wizard *w)
{
	if (engine_back(w->cur->engine) == 0)
		wz_go(w, WZ_SCREEN_WALK);
	else
		wz_go(w, result_screen(w));
}

static void key_walk(struct wizard *w, struct wz_key k)
{
	size_t n = wz_walk_choices(w);
	int d = digit(k);
	if (d && (size_t)d <= n)
		answer(w, (size_t)d - 1);
	else if (k.code == WZK_ENTER && n)
		answer(w, w->choice_sel);
	else if (is_up(k) && w->choice_sel > 0)
		w->choice_sel--;
	else if (is_down(k) && w->choice_sel + 1 < n)
		w->choice_sel++;
	else if (is_back(k))
		walk_back(w);
	else if (k.code == WZK_CHAR && k.ch == L'o')
		wz_origin_open(w);
}

static void open_help(struct wizard *w)
{
	w->under_help = w->screen;
	w->under_help_scroll = w->scroll;
	w->screen = WZ_SCREEN_HELP;
	w->scroll = 0;
}

/* Keys that mean the same on every screen past the URL entry. */
static bool global_key(struct wizard *w, struct wz_key k)
{
	if (k.code != WZK_CHAR)
		return false;
	bool have = w->cur != NULL && w->screen != WZ_SCREEN_DEMO;
	switch (k.ch) {
	case L'q': w->quit = true; return true;
	case L'?': open_help(w); return true;
	case L'r':
		if (have && w->cur->code)
			probe_a_url(w);
		else if (have)
			start_probe(w, true);
		return have;
	case L's':
		if (have && w->cur->code)
			wz_set_msg(w, WZ_DIM, _("Nothing was probed, so there is no report to save: r probes a URL."));
		else if (have)
			wz_save_report(w);
		return have;
	case 0x04: w->quit = true; return true;      /* Ctrl-D */
	default: return false;
	}
}

void wizard_key(struct wizard *w, struct wz_key k)
{
	free(w->msg);
	w->msg = NULL;
	if (w->cols < WZ_MIN_COLS || w->rows < WZ_MIN_ROWS) {
		/* Only quitting makes sense on a screen too small to show anything. */
		if (k.code == WZK_CHAR && (k.ch == L'q' || k.ch == 0x04))
			w->quit = true;
		return;
	}
	switch (w->screen) {
	case WZ_SCREEN_URL:
		wz_url_key(w, k);
		return;
	case WZ_SCREEN_PROBING:
		if (k.code == WZK_ESC)
			cancel_probe(w);
		else if (k.code == WZK_CHAR && k.ch == L'q')
			w->quit = true;
		return;
	case WZ_SCREEN_HELP:
		if (k.code == WZK_ESC || k.code == WZK_ENTER || is_back(k) ||
		    (k.code == WZK_CHAR && (k.ch == L'q' || k.ch == L'?'))) {
			w->screen = w->under_help;
			w->scroll = w->under_help_scroll;
		} else {
			scroll_key(w, k);
		}
		return;
	case WZ_SCREEN_WALK:
		if (w->origin_entry) {
			wz_origin_key(w, k);    /* every key is the field's, q included */
			return;
		}
		break;
	default:
		break;
	}
	if (global_key(w, k))
		return;
	switch (w->screen) {
	case WZ_SCREEN_DEMO:
		key_demo(w, k);
		break;
	case WZ_SCREEN_RESULT:
	case WZ_SCREEN_CODE:
		if (k.code == WZK_ENTER || k.code == WZK_RIGHT || (k.code == WZK_CHAR && k.ch == L'l'))
			enter_walk(w);
		else if (is_back(k))
			back_to_start(w);
		else
			scroll_key(w, k);
		break;
	case WZ_SCREEN_WALK:
		key_walk(w, k);
		break;
	case WZ_SCREEN_ADVICE:
		if (w->copy_pending)
			wz_copy_pick(w, k);
		else if (k.code == WZK_CHAR && k.ch == L'c')
			wz_copy_key(w);
		else if (is_back(k))
			walk_back(w);
		else
			scroll_key(w, k);
		break;
	case WZ_SCREEN_COMPARE:
		if (k.code == WZK_ENTER || k.code == WZK_RIGHT || is_back(k))
			wz_go(w, WZ_SCREEN_RESULT);
		else
			scroll_key(w, k);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ life cycle */

struct wizard *wizard_new(const struct wizard_options *o)
{
	struct wizard *w = xcalloc(1, sizeof *w);
	w->o = *o;
	probe_options_init(&w->default_probe);
	if (!w->o.probe)
		w->o.probe = &w->default_probe;
	w->cols = 80;
	w->rows = 24;
	w->history_sel = -1;
	w->origin = o->origin ? xstrdup(o->origin) : NULL;
	wz_input_set(w, "");
	if (o->history_file)
		history_load(o->history_file, &w->history);
	const struct kb_entry *code = o->code ? kb_entry_find(o->kb, o->code) : NULL;
	if (o->demo) {
		w->screen = WZ_SCREEN_DEMO;
	} else if (o->replay) {
		w->screen = WZ_SCREEN_RESULT;
		start_probe(w, false);
	} else if (code) {
		w->screen = WZ_SCREEN_URL;      /* where ← returns */
		wz_code_open(w, code);
	} else if (o->url) {
		w->url = xstrdup(o->url);
		wz_input_set(w, o->url);
		w->screen = WZ_SCREEN_URL;      /* where Esc during the probe returns */
		start_probe(w, false);
	} else {
		w->screen = WZ_SCREEN_URL;
	}
	return w;
}

void wizard_free(struct wizard *w)
{
	if (!w)
		return;
	probe_batch_free(w->batch);
	serverlogs_free(w->logs);
	result_free(w->pending);
	result_free(w->cur);
	result_free(w->before);
	strlist_free(&w->history);
	probe_options_free(&w->default_probe);
	wz_view_free(&w->view);
	free(w->input);
	free(w->url);
	free(w->origin);
	free(w->msg);
	free(w->report_file);
	free(w->clipboard);
	free(w);
}

void wizard_resize(struct wizard *w, int cols, int rows)
{
	w->cols = cols > 0 ? cols : 1;
	w->rows = rows > 0 ? rows : 1;
}

bool wizard_done(const struct wizard *w)
{
	return w->quit;
}

enum wz_screen wizard_screen(const struct wizard *w)
{
	return w->screen;
}
