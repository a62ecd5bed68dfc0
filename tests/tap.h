/* tap.h: a few lines of TAP for the C unit tests (automake's tap-driver reads it).
 * A failure prints what was expected and what came. */
#ifndef HTTPDOC_TAP_H
#define HTTPDOC_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count, tap_failed;

static void __attribute__((format(printf, 2, 3), unused)) tap_result(int pass, const char *fmt, ...)
{
	va_list ap;
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define ok(cond, ...) tap_result(!!(cond), __VA_ARGS__)

#define is_int(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	tap_result(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) printf("#   expected %lld, got %lld (%s:%d)\n", w_, g_, __FILE__, __LINE__); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int eq_ = (g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0); \
	tap_result(eq_, __VA_ARGS__); \
	if (!eq_) printf("#   expected '%s', got '%s' (%s:%d)\n", w_ ? w_ : "(null)", g_ ? g_ : "(null)", __FILE__, __LINE__); \
} while (0)

static void __attribute__((unused)) tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

static int __attribute__((unused)) tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
