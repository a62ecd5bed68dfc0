/* shell-programs: the programs a shell command line runs, one per line, for
 * the snippet check (tests/snippets.sh): every program a KB command names
 * must come from a Debian package it lists.
 *
 *   shell-programs FILE...
 *
 * A word in command position is a program: the first word of the text and
 * of each command after | || && ; & a newline ( $( ` { and the keywords that
 * start one (if then else elif while until do !), skipping variable
 * assignments and redirections; after the wrappers sudo, env, nice, nohup,
 * time, exec, xargs, watch, timeout and command (their options skipped), the
 * next word too; and the word after find's -exec/-execdir/-ok. A word
 * reached through `for NAME in ...` is a value, not a program. Builtins and
 * keywords are printed as well: the caller asks bash which they are.
 * Quoting is followed ('...', "...", \x); $(...) inside double quotes is a
 * command too. With more than one FILE, each line is "FILE<TAB>program".
 * Exit 0, or 2 when a FILE cannot be read. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok { T_WORD, T_SEP, T_CLOSE, T_END };

struct lexer {
	const char *p;
	int dq_depth;           /* inside "..." that a $( interrupted */
	char word[4096];
	size_t len;
	bool quoted;            /* the word had quotes (never a keyword) */
};

static void put(struct lexer *lx, char c)
{
	if (lx->len + 1 < sizeof lx->word)
		lx->word[lx->len++] = c;
}

/* The next token: a word, a separator that starts a command, or a closing
 * ) } `. Double-quoted text that opens $( ends the word there: the command
 * inside is read as commands, and the rest of the quoted text is skipped. */
static enum tok next(struct lexer *lx)
{
	lx->len = 0;
	lx->quoted = false;
	const char *p = lx->p;
	while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n'))
		p += *p == '\\' ? 2 : 1;
	if (*p == '#') {
		while (*p && *p != '\n')
			p++;
	}
	if (!*p) {
		lx->p = p;
		return T_END;
	}
	if (*p == '\n' || *p == ';' || *p == '|' || *p == '&' || *p == '(' || *p == '`' ||
	    (*p == '$' && p[1] == '(') || (*p == '{' && (p[1] == ' ' || p[1] == '\n')) ||
	    (*p == '!' && p[1] == ' ')) {
		if (*p == '$')
			p++;
		if ((*p == '|' || *p == '&' || *p == ';') && p[1] == *p)
			p++;
		lx->p = p + 1;
		return T_SEP;
	}
	if (*p == ')' || *p == '}') {
		lx->p = p + 1;
		return T_CLOSE;
	}
	while (*p && !strchr(" \t\n;|&()`", *p)) {
		if ((p[1] == '&') && (*p == '>' || *p == '<')) {
			/* 2>&1, >&2: one redirection word. */
			put(lx, *p++);
			put(lx, *p++);
		} else if (*p == '\\' && p[1]) {
			put(lx, p[1]);
			p += 2;
		} else if (*p == '\'') {
			lx->quoted = true;
			for (p++; *p && *p != '\''; p++)
				put(lx, *p);
			if (*p)
				p++;
		} else if (*p == '"') {
			lx->quoted = true;
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1]) {
					put(lx, p[1]);
					p++;
				} else if (*p == '$' && p[1] == '(') {
					/* A command inside the quotes: read it as one. */
					lx->p = p;
					lx->dq_depth++;
					lx->word[lx->len] = '\0';
					return T_WORD;
				} else {
					put(lx, *p);
				}
			}
			if (*p)
				p++;
		} else if (*p == '$' && p[1] == '{') {
			for (; *p && *p != '}'; p++)
				put(lx, *p);
			if (*p)
				put(lx, *p++);
		} else if ((*p == '<' || *p == '>') && p[1] == '(') {
			break;
		} else {
			put(lx, *p++);
		}
	}
	lx->p = p;
	lx->word[lx->len] = '\0';
	return T_WORD;
}

static bool is_assignment(const char *w)
{
	if (!isalpha((unsigned char)*w) && *w != '_')
		return false;
	while (isalnum((unsigned char)*w) || *w == '_')
		w++;
	return *w == '=' || (*w == '+' && w[1] == '=');
}

/* A redirection operator word: 2>/dev/null, >file, <file, 2>&1, &>f, > (target next). */
static int redirection(const char *w)
{
	const char *p = w;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '&' && p[1] == '>')
		p++;
	if (*p != '<' && *p != '>')
		return 0;
	while (*p == '<' || *p == '>')
		p++;
	if (*p == '&')
		p++;
	return *p ? 1 : 2;      /* 2: the target is the next word */
}

static bool in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static const char *const STARTERS[] = {"if", "then", "else", "elif", "while", "until", "do", "!", NULL};
static const char *const WRAPPERS[] = {"sudo", "env", "nice", "nohup", "time", "exec", "xargs", "watch",
				       "timeout", "command", "stdbuf", "ionice", NULL};
/* Options of the wrappers that take a value as the next word. */
static const char *const WRAPPER_ARGS[] = {"-u", "-g", "-n", "-I", "-d", "-P", "-L", "-s", "-c", "-C",
					   "-E", "--user", NULL};

static const char *label;       /* "FILE\t" before each program, or "" */

static void print_program(const char *w)
{
	const char *base = strrchr(w, '/');
	base = base && base[1] ? base + 1 : w;
	if (*base)
		printf("%s%s\n", label, base);
}

static void programs(const char *text);

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: shell-programs FILE...\n");
		return 2;
	}
	static char text[1 << 16];
	char prefix[4096];
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			fprintf(stderr, "shell-programs: cannot read %s\n", argv[i]);
			return 2;
		}
		size_t n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
		text[n] = '\0';
		snprintf(prefix, sizeof prefix, "%s\t", argv[i]);
		label = argc > 2 ? prefix : "";
		programs(text);
	}
	return 0;
}

static void programs(const char *text)
{

	struct lexer lx = {.p = text};
	bool at_start = true;   /* the next word is in command position */
	bool wrapper = false;   /* the command so far is a wrapper: its program follows */
	bool want_value = false;/* an option of the wrapper wants the next word */
	bool in_for = false;    /* between for and do: values */
	bool redir_target = false;
	bool after_exec = false;
	enum tok t;
	while ((t = next(&lx)) != T_END) {
		if (t == T_SEP || t == T_CLOSE) {
			if (t == T_CLOSE && lx.dq_depth) {
				/* Back inside the double quotes that $( interrupted: skip to their end. */
				lx.dq_depth--;
				while (*lx.p && *lx.p != '"')
					lx.p += *lx.p == '\\' && lx.p[1] ? 2 : 1;
				if (*lx.p)
					lx.p++;
			}
			at_start = t == T_SEP;
			wrapper = want_value = redir_target = after_exec = false;
			continue;
		}
		const char *w = lx.word;
		if (redir_target) {
			redir_target = false;
			continue;
		}
		int r = redirection(w);
		if (r) {
			redir_target = r == 2;
			continue;
		}
		if (in_for) {
			if (!lx.quoted && strcmp(w, "do") == 0) {
				in_for = false;
				at_start = true;
			}
			continue;
		}
		if (after_exec) {
			print_program(w);
			after_exec = false;
			continue;
		}
		if (!at_start && !wrapper) {
			if (strcmp(w, "-exec") == 0 || strcmp(w, "-execdir") == 0 || strcmp(w, "-ok") == 0)
				after_exec = true;
			continue;
		}
		if (want_value) {
			want_value = false;
			continue;
		}
		if (wrapper && w[0] == '-') {
			want_value = in(w, WRAPPER_ARGS) && strcmp(w, "-E") != 0;
			continue;
		}
		if (is_assignment(w))
			continue;
		if (!lx.quoted && strcmp(w, "for") == 0) {
			in_for = true;
			at_start = false;
			continue;
		}
		if (!lx.quoted && in(w, STARTERS))
			continue;
		/* timeout's duration, watch's and nice's numbers come before the program. */
		if (wrapper && isdigit((unsigned char)w[0]))
			continue;
		print_program(w);
		wrapper = in(w, WRAPPERS);
		at_start = false;
	}
}
