/* ui_term.c: curses set-up and tear-down, colours by role, drawing a view,
 * reading a key, dumping the screen. Wide-character curses throughout
 * (waddnwstr, get_wch, winnwstr), so CJK text keeps its two columns. */
#include <config.h>
#include "ui.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"

static SCREEN *screen;
static FILE *null_out, *null_in;
static bool active;
static struct termios saved_tio;
static bool have_tio;
static char restore_seq[256];   /* leave the alternate screen, show the cursor, plain text */
static size_t restore_len;
static attr_t role_attr[WZ_ROLES];

/* Pair numbers for the colours; 0 is the terminal's own. */
enum { P_GREEN = 1, P_CYAN, P_YELLOW, P_RED, P_MAGENTA, P_BLUE };

static void add_seq(const char *cap)
{
	char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void set_roles(bool color)
{
	for (int i = 0; i < WZ_ROLES; i++)
		role_attr[i] = A_NORMAL;
	role_attr[WZ_BAR] = A_REVERSE;
	role_attr[WZ_BAR_KEY] = A_REVERSE | A_BOLD;
	role_attr[WZ_HEADING] = A_BOLD;
	role_attr[WZ_LABEL] = A_BOLD;
	role_attr[WZ_DIM] = A_DIM;
	role_attr[WZ_SELECTED] = A_REVERSE;
	role_attr[WZ_INPUT] = A_UNDERLINE;
	role_attr[WZ_S2XX] = role_attr[WZ_S3XX] = role_attr[WZ_S4XX] = role_attr[WZ_S5XX] = A_BOLD;
	role_attr[WZ_EDGE] = role_attr[WZ_ORIGIN] = A_BOLD;
	role_attr[WZ_GOOD] = role_attr[WZ_BAD] = A_BOLD;
	if (!color || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(P_GREEN, COLOR_GREEN, -1);
	init_pair(P_CYAN, COLOR_CYAN, -1);
	init_pair(P_YELLOW, COLOR_YELLOW, -1);
	init_pair(P_RED, COLOR_RED, -1);
	init_pair(P_MAGENTA, COLOR_MAGENTA, -1);
	init_pair(P_BLUE, COLOR_BLUE, -1);
	role_attr[WZ_S2XX] |= COLOR_PAIR(P_GREEN);
	role_attr[WZ_S3XX] |= COLOR_PAIR(P_CYAN);
	role_attr[WZ_S4XX] |= COLOR_PAIR(P_YELLOW);
	role_attr[WZ_S5XX] |= COLOR_PAIR(P_RED);
	role_attr[WZ_EDGE] |= COLOR_PAIR(P_MAGENTA);
	role_attr[WZ_ORIGIN] |= COLOR_PAIR(P_BLUE);
	role_attr[WZ_PROBE] = COLOR_PAIR(P_GREEN);
	role_attr[WZ_CODE] = COLOR_PAIR(P_YELLOW);
	role_attr[WZ_GOOD] |= COLOR_PAIR(P_GREEN);
	role_attr[WZ_BAD] |= COLOR_PAIR(P_RED);
	role_attr[WZ_T_DNS] = COLOR_PAIR(P_CYAN);
	role_attr[WZ_T_CONNECT] = COLOR_PAIR(P_BLUE);
	role_attr[WZ_T_TLS] = COLOR_PAIR(P_MAGENTA);
	role_attr[WZ_T_WAIT] = COLOR_PAIR(P_YELLOW);
	role_attr[WZ_T_TRANSFER] = COLOR_PAIR(P_GREEN);
}

static void at_exit(void)
{
	ui_term_stop();
}

int ui_term_start(bool scripted, bool color, int cols, int rows, char **err)
{
	static bool registered;
	*err = NULL;
	if (!scripted && tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;
	if (scripted) {
		/* No terminal: draw into curses' own screen, send the bytes nowhere. */
		static const char *const terms[] = {"xterm-256color", "xterm", "vt100", NULL};
		null_out = fopen("/dev/null", "w");
		null_in = fopen("/dev/null", "r");
		for (size_t i = 0; terms[i] && !screen && null_out && null_in; i++)
			screen = newterm((char *)terms[i], null_out, null_in);
	} else {
		screen = newterm(NULL, stdout, stdin);
	}
	if (!screen) {
		const char *t = getenv("TERM");
		*err = xasprintf("cannot use the terminal '%s' (is TERM right?)", t ? t : "");
		if (null_out)
			fclose(null_out);
		if (null_in)
			fclose(null_in);
		null_out = null_in = NULL;
		return -1;
	}
	set_term(screen);
	active = true;
	if (!registered) {
		atexit(at_exit);        /* an exit() anywhere still restores the terminal */
		registered = true;
	}
	restore_len = 0;
	add_seq("rmcup");
	add_seq("cnorm");
	add_seq("sgr0");
	cbreak();                       /* Ctrl-C stays a signal */
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (scripted)
		resizeterm(rows, cols);
	set_roles(color);
	return 0;
}

void ui_term_stop(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	null_out = null_in = NULL;
	fflush(stdout);
}

void ui_term_emergency(void)
{
	if (!active)
		return;
	if (!null_out && restore_len)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

void ui_die(const char *fmt, ...)
{
	va_list ap;
	ui_term_stop();
	fputs("httpdoc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void ui_term_size(int *cols, int *rows)
{
	getmaxyx(stdscr, *rows, *cols);
}

void ui_term_resize(int cols, int rows)
{
	resizeterm(rows, cols);
}

/* Draw UTF-8 text at the cursor, at most cols columns. Returns columns used. */
static int put(const char *s, int cols)
{
	size_t n = mbstowcs(NULL, s, 0);
	if (n == (size_t)-1 || cols <= 0)
		return 0;
	wchar_t *ws = xmalloc((n + 1) * sizeof *ws);
	mbstowcs(ws, s, n + 1);
	int used = 0;
	size_t k = 0;
	for (; k < n; k++) {
		int cw = wcwidth(ws[k]);
		if (cw < 0)
			cw = 1;
		if (used + cw > cols)
			break;
		used += cw;
	}
	waddnwstr(stdscr, ws, (int)k);
	free(ws);
	return used;
}

void ui_term_draw(const struct wz_view *v)
{
	erase();
	for (int r = 0; r < v->rows && r < LINES; r++) {
		const struct wz_line *l = &v->lines[r];
		int used = 0;
		move(r, 0);
		for (size_t i = 0; i < l->n_spans; i++) {
			attrset(role_attr[l->spans[i].role]);
			used += put(l->spans[i].text, COLS - used);
		}
		if (l->fill != WZ_NORMAL) {
			attrset(role_attr[l->fill]);
			for (; used < COLS; used++)
				addch(' ');
		}
	}
	attrset(A_NORMAL);
	if (v->cursor) {
		move(v->cursor_row, v->cursor_col);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

void ui_term_redraw(void)
{
	clearok(curscr, TRUE);
}

static bool key_of(int code, struct wz_key *k)
{
	switch (code) {
	case KEY_UP: k->code = WZK_UP; return true;
	case KEY_DOWN: k->code = WZK_DOWN; return true;
	case KEY_LEFT: k->code = WZK_LEFT; return true;
	case KEY_RIGHT: k->code = WZK_RIGHT; return true;
	case KEY_PPAGE: k->code = WZK_PGUP; return true;
	case KEY_NPAGE: k->code = WZK_PGDN; return true;
	case KEY_HOME: k->code = WZK_HOME; return true;
	case KEY_END: k->code = WZK_END; return true;
	case KEY_BACKSPACE: k->code = WZK_BACKSPACE; return true;
	case KEY_DC: k->code = WZK_DELETE; return true;
	case KEY_ENTER: k->code = WZK_ENTER; return true;
	default: return false;
	}
}

enum ui_input ui_term_key(int timeout_ms, struct wz_key *k)
{
	wint_t ch;
	timeout(timeout_ms);
	int rc = get_wch(&ch);
	memset(k, 0, sizeof *k);
	if (rc == ERR)
		return UI_NONE;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_RESIZE)
			return UI_RESIZE;
		return key_of((int)ch, k) ? UI_KEY : UI_NONE;
	}
	switch (ch) {
	case L'\r':
	case L'\n': k->code = WZK_ENTER; break;
	case 27: k->code = WZK_ESC; break;
	case 127:
	case 8: k->code = WZK_BACKSPACE; break;
	case 12: return UI_REDRAW;      /* Ctrl-L */
	default: k->code = WZK_CHAR; k->ch = (wchar_t)ch; break;
	}
	return UI_KEY;
}

void ui_term_clipboard(const char *text)
{
	if (!active || null_out)
		return;         /* scripted: there is no terminal to tell */
	char *b64 = base64_encode(text, strlen(text));
	/* OSC 52: "c" is the clipboard; BEL ends it. Curses has drawn by now and
	 * the sequence moves nothing on the screen. */
	fprintf(stdout, "\033]52;c;%s\a", b64);
	fflush(stdout);
	free(b64);
}

void ui_term_dump(FILE *f)
{
	wchar_t *line = xmalloc(((size_t)COLS + 1) * sizeof *line);
	char *mb = xmalloc(((size_t)COLS + 1) * MB_CUR_MAX + 1);
	for (int r = 0; r < LINES; r++) {
		line[0] = L'\0';
		if (mvinnwstr(r, 0, line, COLS) == ERR)
			line[0] = L'\0';
		size_t n = wcstombs(mb, line, ((size_t)COLS + 1) * MB_CUR_MAX);
		if (n == (size_t)-1)
			n = 0;
		mb[n] = '\0';
		while (n && mb[n - 1] == ' ')
			mb[--n] = '\0';
		fprintf(f, "%s\n", mb);
	}
	free(line);
	free(mb);
}
