/* ui_run.c: the wizard's loop in a terminal: draw, read a key or drive the
 * running probe, repeat; signals end it cleanly; a key script replaces the
 * terminal for screen tests (see ui.h). */
#include <config.h>
#include "ui.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define TICK_MS 50              /* the longest a key waits while a probe runs */

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* A crash: put the terminal back, then die of the same signal. */
static void on_fatal(int sig)
{
	ui_term_emergency();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;      /* no SA_RESTART: a waiting read returns */
	for (size_t i = 0; i < sizeof quit_signals / sizeof *quit_signals; i++)
		sigaction(quit_signals[i], &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

static void uninstall(void)
{
	for (size_t i = 0; i < sizeof quit_signals / sizeof *quit_signals; i++)
		signal(quit_signals[i], SIG_DFL);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		signal(fatal_signals[i], SIG_DFL);
}

bool ui_scripted(void)
{
	const char *k = getenv("HTTPDOC_UI_KEYS");
	return k && *k;
}

/* ------------------------------------------------------------------ key scripts */

struct script {
	struct strlist tokens;
	size_t next;
	FILE *dump;
	bool dumped;
	struct buf since;               /* tokens played since the last dump */
};

static void script_load(struct script *s)
{
	const char *keys = getenv("HTTPDOC_UI_KEYS");
	char *text = NULL;
	if (keys[0] == '@') {
		FILE *f = fopen(keys + 1, "r");
		if (!f)
			ui_die("cannot read the key script %s", keys + 1);
		struct buf b = {0};
		char line[4096];
		while (fgets(line, sizeof line, f)) {
			char *hash = line[0] == '#' ? line : strstr(line, " #");
			if (hash)
				*hash = '\0';
			buf_puts(&b, line);
			buf_puts(&b, " ");
		}
		fclose(f);
		text = buf_steal(&b);
	} else {
		text = xstrdup(keys);
	}
	char *save = NULL;
	for (char *t = strtok_r(text, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save))
		strlist_add(&s->tokens, t);
	free(text);
	const char *dump = getenv("HTTPDOC_UI_DUMP");
	if (dump && *dump && !(s->dump = fopen(dump, "w")))
		ui_die("cannot write the screen dump %s", dump);
}

static void script_dump(struct script *s)
{
	if (!s->dump)
		return;
	s->dumped = true;
	fprintf(s->dump, "--- %s ---\n", s->since.len ? s->since.data : "(start)");
	ui_term_dump(s->dump);
	s->since.len = 0;
	if (s->since.data)
		s->since.data[0] = '\0';
}

static const struct {
	const char *name;
	enum wz_keycode code;
	wchar_t ch;
} key_names[] = {
	{"Enter", WZK_ENTER, 0}, {"Esc", WZK_ESC, 0}, {"Up", WZK_UP, 0}, {"Down", WZK_DOWN, 0},
	{"Left", WZK_LEFT, 0}, {"Right", WZK_RIGHT, 0}, {"BS", WZK_BACKSPACE, 0},
	{"Backspace", WZK_BACKSPACE, 0}, {"Del", WZK_DELETE, 0}, {"PgUp", WZK_PGUP, 0},
	{"PgDn", WZK_PGDN, 0}, {"Home", WZK_HOME, 0}, {"End", WZK_END, 0}, {"Space", WZK_CHAR, L' '},
};

static void play_char(struct wizard *w, wchar_t c)
{
	struct wz_key k = {WZK_CHAR, c};
	wizard_key(w, k);
}

/* Play one token; false at the end of the script. */
static bool script_step(struct script *s, struct wizard *w)
{
	if (s->next >= s->tokens.n)
		return false;
	const char *t = s->tokens.v[s->next++];
	if (strcmp(t, "dump") == 0) {
		script_dump(s);
		return true;
	}
	if (s->since.len)
		buf_puts(&s->since, " ");
	buf_puts(&s->since, t);
	int cols, rows;
	if (sscanf(t, "resize:%dx%d", &cols, &rows) == 2) {
		ui_term_resize(cols, rows);
		wizard_resize(w, cols, rows);
		return true;
	}
	if (strncmp(t, "text:", 5) == 0) {
		wchar_t ws[1024];
		size_t n = mbstowcs(ws, t + 5, sizeof ws / sizeof *ws - 1);
		for (size_t i = 0; n != (size_t)-1 && i < n; i++)
			play_char(w, ws[i]);
		return true;
	}
	if (strcmp(t, "C-c") == 0) {
		got_signal = SIGINT;
		return true;
	}
	if (t[0] == 'C' && t[1] == '-' && t[2] && !t[3]) {
		play_char(w, (wchar_t)(t[2] & 0x1f));
		return true;
	}
	for (size_t i = 0; i < sizeof key_names / sizeof *key_names; i++) {
		if (strcmp(t, key_names[i].name) == 0) {
			struct wz_key k = {key_names[i].code, key_names[i].ch};
			wizard_key(w, k);
			return true;
		}
	}
	wchar_t ws[2];
	if (mbstowcs(ws, t, 2) != 1)
		ui_die("unknown key '%s' in HTTPDOC_UI_KEYS", t);
	play_char(w, ws[0]);
	return true;
}

/* ------------------------------------------------------------------ the loop */

static void resized(struct wizard *w)
{
	int cols, rows;
	ui_term_size(&cols, &rows);
	wizard_resize(w, cols, rows);
}

/* One round with the real terminal: a key, a resize, or time for the probe. */
static void terminal_step(struct wizard *w)
{
	struct wz_key k;
	bool busy = wizard_busy(w);
	/* Idle, the wait still ends now and then so a signal is never missed. */
	enum ui_input in = ui_term_key(busy ? 0 : 1000, &k);
	if (in == UI_KEY)
		wizard_key(w, k);
	else if (in == UI_RESIZE)
		resized(w);
	else if (in == UI_REDRAW)
		ui_term_redraw();
	else if (busy)
		wizard_tick(w, TICK_MS);
	/* A snippet the user took goes to the terminal's clipboard. */
	char *clip = wizard_take_clipboard(w);
	if (clip)
		ui_term_clipboard(clip);
	free(clip);
}

int ui_run(struct wizard *w, const struct ui_options *o)
{
	bool scripted = ui_scripted();
	struct script s = {0};
	int cols = 80, rows = 24;
	const char *size = getenv("HTTPDOC_UI_SIZE");
	if (scripted) {
		if (size && sscanf(size, "%dx%d", &cols, &rows) != 2)
			cols = 80, rows = 24;
		script_load(&s);
	}
	got_signal = 0;
	install();
	char *err = NULL;
	if (ui_term_start(scripted, o->color, cols, rows, &err) != 0) {
		uninstall();
		fprintf(stderr, "httpdoc: %s\n", err);
		free(err);
		strlist_free(&s.tokens);
		if (s.dump)
			fclose(s.dump);
		return 2;
	}
	resized(w);
	int status = 0;
	for (;;) {
		if (got_signal) {
			status = 128 + got_signal;
			break;
		}
		if (wizard_done(w))
			break;
		ui_term_draw(wizard_view(w));
		if (!scripted) {
			terminal_step(w);
		} else if (wizard_busy(w)) {
			wizard_tick(w, TICK_MS);
		} else if (!script_step(&s, w)) {
			if (s.since.len || !s.dumped)
				script_dump(&s);
			break;
		}
	}
	ui_term_stop();
	uninstall();
	strlist_free(&s.tokens);
	buf_free(&s.since);
	if (s.dump)
		fclose(s.dump);
	return status;
}
