/* unit-wizard.c: the wizard's model without a terminal: text measured in
 * columns (CJK takes two), the URL history, report names, and walks through
 * a small knowledge base (tests/data/kb-wizard) on saved responses, checking
 * the screens it describes: every line fits, network bytes arrive escaped,
 * going back undoes, a re-read compares before and after, a report is saved. */
#include <config.h>

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "history.h"
#include "kb.h"
#include "tap.h"
#include "wizard.h"
#include "wizard_text.h"

static char tmpdir[] = "/tmp/httpdoc-unit-wizard.XXXXXX";

/* ------------------------------------------------------------------ helpers */

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;
	if (!in || !out) {
		printf("Bail out! cannot copy %s to %s\n", from, to);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
}

/* The screen as text, one line a row; also checks that every row fits. */
static char *screen(struct wizard *w, bool *fits)
{
	const struct wz_view *v = wizard_view(w);
	struct buf b = {0};
	*fits = v->rows > 0;
	for (int r = 0; r < v->rows; r++) {
		int cols = 0;
		for (size_t i = 0; i < v->lines[r].n_spans; i++) {
			buf_puts(&b, v->lines[r].spans[i].text);
			cols += wz_width(v->lines[r].spans[i].text);
		}
		if (cols > v->cols)
			*fits = false;
		buf_puts(&b, "\n");
	}
	return buf_steal(&b);
}

static bool shows(struct wizard *w, const char *text)
{
	bool fits;
	char *s = screen(w, &fits);
	bool found = strstr(s, text) != NULL;
	if (!found)
		printf("# screen without '%s':\n# %s\n", text, s);
	free(s);
	return found;
}

static bool hides(struct wizard *w, const char *text)
{
	bool fits;
	char *s = screen(w, &fits);
	bool found = strstr(s, text) != NULL;
	free(s);
	return !found;
}

static void key(struct wizard *w, enum wz_keycode code, wchar_t ch)
{
	struct wz_key k = {code, ch};
	wizard_key(w, k);
}

static void chr(struct wizard *w, wchar_t c)
{
	key(w, WZK_CHAR, c);
}

static void type(struct wizard *w, const char *s)
{
	for (; *s; s++)
		chr(w, (wchar_t)*s);
}

/* ------------------------------------------------------------------ text */

static void test_text(void)
{
	is_int(wz_width("abc"), 3, "ASCII takes a column a character");
	is_int(wz_width("\xe6\x97\xa5\xe6\x9c\xac"), 4, "two CJK characters take four columns");
	is_int(wz_width("e\xcc\x81"), 1, "a combining accent takes no column");
	is_int(wz_width("a\xff" "b"), 3, "an undecodable byte counts one column");

	char *t = wz_truncate("abcdefghij", 5);
	is_str(t, "abcd\xe2\x80\xa6", "truncate ends with an ellipsis");
	free(t);
	t = wz_truncate("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4);
	is_int(wz_width(t), 3, "truncating CJK never splits a character (3 of 4 columns used)");
	free(t);
	t = wz_truncate_left("one > two > three", 9);
	is_str(t, "\xe2\x80\xa6 > three", "truncate_left keeps the end");
	free(t);

	struct strlist l = {0};
	wz_wrap("the quick brown fox jumps over the lazy dog", 10, &l);
	bool ok = l.n == 5;
	for (size_t i = 0; i < l.n; i++)
		ok = ok && wz_width(l.v[i]) <= 10 && l.v[i][0] != ' ';
	ok(ok, "English wraps at spaces within 10 columns (%zu lines)", l.n);
	is_str(l.n ? l.v[0] : NULL, "the quick", "the first wrapped line");
	strlist_free(&l);

	/* 20 CJK characters then a full stop, in 10 columns: 4 lines of 5 characters,
	 * and the full stop stays with the character before it. */
	const char *ja = "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x86\xe3\x81\x88\xe3\x81\x8a"
			 "\xe3\x81\x8b\xe3\x81\x8d\xe3\x81\x8f\xe3\x81\x91\xe3\x81\x93"
			 "\xe3\x81\x95\xe3\x81\x97\xe3\x81\x99\xe3\x81\x9b\xe3\x81\x9d"
			 "\xe3\x81\x9f\xe3\x81\xa1\xe3\x81\xa4\xe3\x81\xa6\xe3\x81\xa8\xe3\x80\x82";
	wz_wrap(ja, 10, &l);
	ok = true;
	for (size_t i = 0; i < l.n; i++)
		ok = ok && wz_width(l.v[i]) <= 10 && strncmp(l.v[i], "\xe3\x80\x82", 3) != 0;
	ok(ok && l.n == 5, "Japanese wraps between characters by width, never starting with '\xe3\x80\x82' (%zu lines)", l.n);
	strlist_free(&l);

	wz_wrap("https://example.com/a/very/long/path/without/any/spaces", 12, &l);
	ok = l.n > 1;
	for (size_t i = 0; i < l.n; i++)
		ok = ok && wz_width(l.v[i]) <= 12;
	ok(ok, "a word longer than the line is cut at the width");
	strlist_free(&l);

	/* Break after an ideographic comma between numbers; keep an opening
	 * bracket with what it opens. */
	wz_wrap("HTTP\xef\xbc\x9a" "80\xe3\x80\x81" "8080\xe3\x80\x81" "8880", 12, &l);
	is_int(l.n, 2, "numbers with ideographic commas wrap after a comma");
	is_str(l.n > 1 ? l.v[1] : NULL, "8080\xe3\x80\x81" "8880", "the next line starts with the next number");
	strlist_free(&l);
	wz_wrap("\xe7\x9b\xb4\xe6\x8e\xa5\xe6\x8e\xa2\xe6\xb5\x8b\xef\xbc\x88httpdoc", 12, &l);
	is_str(l.n > 1 ? l.v[1] : NULL, "\xef\xbc\x88httpdoc", "an opening bracket starts the next line with its word");
	strlist_free(&l);

	wz_wrap("", 10, &l);
	is_int(l.n, 1, "empty text is one empty line");
	strlist_free(&l);
}

/* ------------------------------------------------------------------ history and names */

static void test_history(void)
{
	char *state = xasprintf("%s/state", tmpdir);
	setenv("XDG_STATE_HOME", state, 1);
	char *path = history_path();
	char *want = xasprintf("%s/httpdoc/history", state);
	is_str(path, want, "the history lives under $XDG_STATE_HOME/httpdoc");

	struct strlist h = {0};
	is_int(history_load(path, &h), 0, "no history file: nothing remembered, no error");
	for (int i = 0; i < 25; i++) {
		char *u = xasprintf("https://site%d.example/", i);
		history_add(&h, u);
		free(u);
	}
	history_add(&h, "https://site20.example/");
	is_int(h.n, HISTORY_MAX, "at most %d URLs are kept", HISTORY_MAX);
	is_str(h.v[0], "https://site20.example/", "a URL used again moves to the front");
	is_str(h.v[1], "https://site24.example/", "the newest others follow");
	is_int(history_save(path, &h), 0, "the history is saved, creating its directory");
	struct strlist back = {0};
	is_int(history_load(path, &back), HISTORY_MAX, "and read back whole");
	is_str(back.n ? back.v[0] : NULL, "https://site20.example/", "in the same order");
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	ok(access(tmp, F_OK) != 0, "no temporary file is left behind");
	free(tmp);

	is_int(history_save("/proc/httpdoc-cannot/history", &h), -1, "an unwritable place fails quietly");
	strlist_free(&h);
	strlist_free(&back);
	free(path);
	free(want);
	free(state);

	char *n = wizard_report_name("https://user:pw@Shop.Example.com:8443/a?b", 0);
	ok(strncmp(n, "httpdoc-report-Shop.Example.com-", 32) == 0 && strlen(n) == 32 + 15 + 3,
	   "report name: host without user or port, then the time (%s)", n);
	free(n);
	n = wizard_report_name("http://../../etc/x", 0);
	ok(strstr(n, "/") == NULL, "report name: no slash whatever the URL (%s)", n);
	free(n);
	n = wizard_report_name(NULL, 0);
	ok(strncmp(n, "httpdoc-report-response-", 24) == 0, "report name without a URL");
	free(n);
	is_str(wizard_sample_title("/x/cloudflare-1020-block.http"),
	       "Cloudflare 1020: access denied by a custom rule", "a known sample has a title");
	is_str(wizard_sample_title("/x/mine.http"), "mine.http", "another sample shows its file name");
}

/* ------------------------------------------------------------------ walks */

static struct kb *load_kb(void)
{
	const char *data = getenv("TESTS_DATA"), *kbdir = getenv("HTTPDOC_KB_DIR");
	if (!data || !kbdir)
		tap_skip_all("TESTS_DATA and HTTPDOC_KB_DIR are set by make check");
	char *dir = xasprintf("%s/kb", tmpdir), *from = NULL, *to = NULL;
	mkdir(dir, 0700);
	from = xasprintf("%s/kb-wizard/wizard.xml", data);
	to = xasprintf("%s/wizard.xml", dir);
	copy_file(from, to);
	free(from);
	free(to);
	from = xasprintf("%s/kb.rng", kbdir);
	to = xasprintf("%s/kb.rng", dir);
	copy_file(from, to);
	struct kb *kb = NULL;
	char *err = NULL;
	if (kb_load(dir, &kb, &err) != 0) {
		printf("Bail out! the wizard's test KB does not load: %s\n", err);
		exit(1);
	}
	free(from);
	free(to);
	free(dir);
	return kb;
}

static struct wizard *demo(const struct kb *kb, struct strlist *samples, const char *name)
{
	strlist_free(samples);
	strlist_addf(samples, "%s/screens/samples/%s", getenv("TESTS_DATA"), name);
	struct wizard_options o = {.kb = kb, .demo = true, .samples = samples, .report_dir = tmpdir};
	struct wizard *w = wizard_new(&o);
	wizard_resize(w, 80, 24);
	return w;
}

static void test_walk(const struct kb *kb)
{
	struct strlist samples = {0};
	struct wizard *w = demo(kb, &samples, "teapot.http");
	is_int(wizard_screen(w), WZ_SCREEN_DEMO, "--demo opens on the menu of samples");
	key(w, WZK_ENTER, 0);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "Enter reads the sample and shows what came back");
	ok(shows(w, "418 I'm a teapot") && shows(w, "the origin server"), "the result names the status and who produced it");
	ok(shows(w, "the probe already answered 1 question"), "the result says how much the probe answered");

	key(w, WZK_ENTER, 0);
	is_int(wizard_screen(w), WZ_SCREEN_WALK, "Enter starts the walk");
	ok(shows(w, "answered by the probe: no cf-ray header and no server: cloudflare"),
	   "the probe's answer is shown with its evidence");
	ok(shows(w, "\xe2\x96\xb8 1  Right after a deploy"), "the first answer is highlighted");
	chr(w, L'j');
	ok(shows(w, "\xe2\x96\xb8 2  Out of the blue"), "j moves the highlight down");
	chr(w, L'9');
	is_int(wizard_screen(w), WZ_SCREEN_WALK, "a number with no answer does nothing");
	key(w, WZK_ENTER, 0);
	ok(shows(w, "Question 3") && shows(w, "your answer"), "Enter answers; the user's answer is in the path");
	ok(shows(w, "\xe3\x81\xaf\xe3\x81\x84"), "a Japanese question is shown");

	bool fits;
	const int sizes[][2] = {{80, 24}, {40, 12}, {132, 43}, {41, 13}};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		wizard_resize(w, sizes[i][0], sizes[i][1]);
		free(screen(w, &fits));
		ok(fits, "every row of the Japanese question fits %dx%d", sizes[i][0], sizes[i][1]);
	}
	wizard_resize(w, 80, 24);

	key(w, WZK_LEFT, 0);
	ok(shows(w, "Question 2") && hides(w, "your answer"), "\xe2\x86\x90 goes back to the question before");
	key(w, WZK_BACKSPACE, 0);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "Backspace at the first question returns to the result");
	key(w, WZK_ENTER, 0);
	chr(w, L'1');
	is_int(wizard_screen(w), WZ_SCREEN_ADVICE, "the number of an answer leads to the advice");
	ok(shows(w, "Undo the last change") && shows(w, " 1. Find what changed"), "the advice has its title and numbered steps");
	ok(shows(w, "\xe2\x94\x8c\xe2\x94\x80 1 nginx \xc2\xb7 /etc/nginx/conf.d/teapot.conf"), "a snippet is boxed with its language and file");
	ok(shows(w, "\xe2\x94\x82     return 418;"), "a snippet keeps its lines, tabs expanded");
	ok(shows(w, "$ sudo nginx -t && sudo systemctl reload nginx"), "a command is shown verbatim");

	chr(w, L's');
	const char *file = wizard_report_file(w);
	char *md = NULL;
	size_t md_len;
	if (file)
		file_read(file, SIZE_MAX, &md, &md_len);
	ok(md && strstr(md, "Right after a deploy or a configuration change (answered by the user)"),
	   "s saves a report with the user's answers in the path");
	ok(md && strstr(md, "(answered by the probe)"), "and the probe's");
	ok(shows(w, "Report saved to "), "the screen says where the report went");
	free(md);

	chr(w, L'r');
	is_int(wizard_screen(w), WZ_SCREEN_COMPARE, "r reads the sample again and compares");
	ok(shows(w, "Still failing: 418 I'm a teapot, as before."), "the comparison says nothing changed");
	ok(shows(w, "read again from its file"), "and that a saved response does not change");
	key(w, WZK_ENTER, 0);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "Enter shows the new result");

	chr(w, L'?');
	is_int(wizard_screen(w), WZ_SCREEN_HELP, "? opens the help");
	key(w, WZK_ESC, 0);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "Esc closes it");

	wizard_resize(w, 39, 12);
	ok(shows(w, "Please enlarge the terminal.") && shows(w, "(now 39\xc3\x97" "12, needs 40\xc3\x97" "12)"),
	   "below 40x12 the screen asks for a larger terminal");
	key(w, WZK_ENTER, 0);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "and ignores keys");
	wizard_resize(w, 80, 24);
	ok(shows(w, "418 I'm a teapot"), "it comes back when the terminal grows");
	chr(w, L'q');
	ok(wizard_done(w), "q quits");
	wizard_free(w);

	w = demo(kb, &samples, "hostile.http");
	key(w, WZK_ENTER, 0);
	char *s = screen(w, &fits);
	ok(!strchr(s, '\x1b') && !strchr(s, '\x07'), "escape and bell bytes from the network never reach the screen");
	ok(strstr(s, "\\x1B]0;pwned\\x07") != NULL, "they are shown escaped");
	free(s);
	wizard_free(w);
	strlist_free(&samples);
}

static void test_url_entry(const struct kb *kb)
{
	char *hist = xasprintf("%s/url-history", tmpdir);
	struct strlist h = {0};
	strlist_add(&h, "https://remembered.example/");
	history_save(hist, &h);
	strlist_free(&h);
	struct probe_options po;
	probe_options_init(&po);
	po.timeout_s = 5;
	struct wizard_options o = {.kb = kb, .probe = &po, .history_file = hist, .report_dir = tmpdir};
	struct wizard *w = wizard_new(&o);
	wizard_resize(w, 80, 24);
	is_int(wizard_screen(w), WZ_SCREEN_URL, "without a URL the wizard asks for one");
	ok(shows(w, "https://remembered.example/"), "the URLs used before are listed");
	type(w, "ftp://x/");
	key(w, WZK_ENTER, 0);
	ok(shows(w, "scheme 'ftp' is not supported"), "a URL that cannot be probed is refused with the reason");
	chr(w, 0x15);
	key(w, WZK_UP, 0);
	key(w, WZK_DOWN, 0);
	ok(shows(w, "URL: https://remembered.example/"), "\xe2\x86\x93 recalls a remembered URL");
	chr(w, 0x15);
	type(w, "http://127.0.0.1:1/");
	key(w, WZK_ENTER, 0);
	ok(wizard_busy(w) && wizard_screen(w) == WZ_SCREEN_PROBING, "Enter starts the probe; the screen follows it");
	ok(shows(w, "Resolving the host name") || shows(w, "Connecting"), "the probing screen names the phase");
	key(w, WZK_ESC, 0);
	ok(!wizard_busy(w) && wizard_screen(w) == WZ_SCREEN_URL, "Esc cancels the probe");
	ok(shows(w, "Probe cancelled."), "and says so");
	key(w, WZK_ENTER, 0);
	for (int i = 0; i < 200 && wizard_busy(w); i++)
		wizard_tick(w, 50);
	is_int(wizard_screen(w), WZ_SCREEN_RESULT, "a refused connection is a result");
	ok(shows(w, "no answer: the connection was refused or failed"), "which says nothing answered");
	struct strlist back = {0};
	history_load(hist, &back);
	is_str(back.n ? back.v[0] : NULL, "http://127.0.0.1:1/", "the probed URL is remembered first");
	strlist_free(&back);
	chr(w, L'b');
	ok(wizard_screen(w) == WZ_SCREEN_URL && shows(w, "URL: http://127.0.0.1:1/"), "back returns to the URL, ready to edit");
	key(w, WZK_ESC, 0);
	ok(wizard_done(w), "Esc in the URL entry quits");
	wizard_free(w);
	probe_options_free(&po);
	free(hist);
}

/* ------------------------------------------------------------------ the origin */

/* A loopback server in a child process that answers every request with
 * Cloudflare's 522, as the edge would; returns its port (0: none). */
static int edge_522(pid_t *pid)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		return 0;
	*pid = fork();
	if (*pid == 0) {
		alarm(30);
		static const char answer[] = "HTTP/1.1 522 \r\nServer: cloudflare\r\nCF-RAY: 8a1b2c3d4e5f6071-AMS\r\n"
					     "Content-Length: 0\r\nConnection: close\r\n\r\n";
		for (;;) {
			int c = accept(fd, NULL, NULL);
			char buf[4096];
			if (c < 0)
				_exit(0);
			if (read(c, buf, sizeof buf) > 0 && write(c, answer, sizeof answer - 1) < 0)
				_exit(1);
			close(c);
		}
	}
	close(fd);
	return ntohs(a.sin_port);
}

static void wait_probe(struct wizard *w)
{
	for (int i = 0; i < 200 && wizard_busy(w); i++)
		wizard_tick(w, 50);
}

static void test_origin(void)
{
	ok(probe_check_origin("203.0.113.7") && probe_check_origin("origin.example.com:8443") &&
	   probe_check_origin("[2001:db8::7]") && probe_check_origin("[2001:db8::7]:443"),
	   "an origin is a host name or address, with a port or without");
	ok(!probe_check_origin("") && !probe_check_origin("not/valid") && !probe_check_origin("a:0") &&
	   !probe_check_origin("a:65536") && !probe_check_origin("a: 80") && !probe_check_origin("[]") &&
	   !probe_check_origin("[2001:db8::7]x") && !probe_check_origin("a:") && !probe_check_origin(NULL),
	   "a path, a bad port, empty brackets or nothing is no origin");

	struct kb *kb = NULL;
	char *err = NULL;
	pid_t pid = 0;
	int port = edge_522(&pid);
	if (kb_load(getenv("HTTPDOC_KB_DIR"), &kb, &err) != 0 || !port) {
		free(err);
		kb_free(kb);
		ok(1, "# SKIP no knowledge base or no loopback socket");
		return;
	}
	char *url = xasprintf("http://127.0.0.1:%d/", port);
	struct probe_options po;
	probe_options_init(&po);
	po.timeout_s = 5;
	struct wizard_options o = {.kb = kb, .probe = &po, .url = url, .report_dir = tmpdir};
	struct wizard *w = wizard_new(&o);
	wizard_resize(w, 80, 24);
	wait_probe(w);
	key(w, WZK_ENTER, 0);
	is_int(wizard_screen(w), WZ_SCREEN_WALK, "a 522 behind Cloudflare asks about the origin");
	ok(shows(w, "Press o to give the origin's address") && shows(w, "o ask the origin"),
	   "the walk offers o to ask the origin itself");
	chr(w, L'o');
	ok(shows(w, "Origin address: ") && shows(w, "Esc cancel"), "o opens the origin field");
	type(w, "q?rs");
	ok(!wizard_done(w) && shows(w, "Origin address: q?rs"), "q ? r s are typed into the field, not obeyed");
	key(w, WZK_ESC, 0);
	ok(wizard_screen(w) == WZ_SCREEN_WALK && hides(w, "Origin address: ") && shows(w, "o ask the origin"),
	   "Esc closes the field; the walk is where it was");
	chr(w, L'o');
	ok(shows(w, "Origin address: ") && hides(w, "q?rs"), "the field opens empty again");
	type(w, "127.0.0.1:1x");
	key(w, WZK_LEFT, 0);
	key(w, WZK_BACKSPACE, 0);
	key(w, WZK_DELETE, 0);
	type(w, "1");
	ok(shows(w, "Origin address: 127.0.0.1:1 "), "the field edits like the URL entry");
	chr(w, 0x15);
	type(w, "not/valid");
	key(w, WZK_ENTER, 0);
	ok(!wizard_busy(w) && shows(w, "Expected ADDR or ADDR:PORT") && shows(w, "Origin address: not/valid"),
	   "an invalid address is refused with the reason; the field stays open");
	chr(w, 0x15);
	type(w, "127.0.0.1:1");
	key(w, WZK_ENTER, 0);
	ok(wizard_busy(w) && wizard_screen(w) == WZ_SCREEN_PROBING, "a valid address probes again, with the origin");
	ok(shows(w, "the origin at 127.0.0.1:1 directly"), "the probing screen names the origin too");
	wait_probe(w);
	is_int(wizard_screen(w), WZ_SCREEN_WALK, "then the walk goes on");
	ok(shows(w, "The origin at 127.0.0.1:1 answered: no answer"), "saying what the origin answered");
	ok(shows(w, "answered by the probe: origin at 127.0.0.1:1: connect") && hides(w, "Press o to give"),
	   "the origin question is now answered by the probe, and o is no longer offered");
	while (wizard_screen(w) == WZ_SCREEN_WALK)
		key(w, WZK_LEFT, 0);
	chr(w, L'G');
	ok(shows(w, "origin at 127.0.0.1:1") && shows(w, "admits only Cloudflare's ranges refuses direct"),
	   "the result shows the origin beside the edge, and why a refusal is no fault");
	wizard_free(w);
	probe_options_free(&po);
	free(url);
	kb_free(kb);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		tap_skip_all("no C.UTF-8 locale");
	if (!mkdtemp(tmpdir))
		tap_skip_all("no temporary directory");
	test_text();
	test_history();
	struct kb *kb = load_kb();
	test_walk(kb);
	test_url_entry(kb);
	kb_free(kb);
	test_origin();
	probe_global_cleanup();
	char *rm = xasprintf("rm -rf '%s'", tmpdir);
	if (system(rm) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(rm);
	return tap_done();
}
