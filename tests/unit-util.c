/* unit-util.c: terminal-safe text and white-space normalisation. */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "textwrap.h"
#include "util.h"

static void check_safe(const char *in, size_t len, const char *want, const char *what)
{
	char *got = term_safe(in, len, false);
	is_str(got, want, "term_safe: %s", what);
	free(got);
}

int main(void)
{
	check_safe("plain text", 10, "plain text", "printable ASCII is kept");
	check_safe("\x1b[31mred", 8, "\\x1B[31mred", "ESC becomes \\x1B");
	check_safe("a\nb\tc\r", 6, "a\\nb\\tc\\r", "newline, tab and CR are shown escaped");
	check_safe("\xc2\x9b" "2J", 4, "\\u009B2J", "the C1 CSI in UTF-8 is escaped");
	check_safe("\xe2\x80\xae" "evil", 7, "\\u202Eevil", "a bidi override is escaped");
	check_safe("\xff\xfe", 2, "\\xFF\\xFE", "invalid UTF-8 bytes are escaped");
	check_safe("\xc0\xaf", 2, "\\xC0\\xAF", "an overlong encoding is escaped");
	check_safe("S\xc3\xa3o Paulo \xe6\xba\x90\xe7\xab\x99", 17, "S\xc3\xa3o Paulo \xe6\xba\x90\xe7\xab\x99", "valid UTF-8 is kept");
	check_safe("a\0b", 3, "a\\x00b", "NUL is escaped");
	check_safe("back\\slash", 10, "back\\\\slash", "a backslash is doubled so escapes stay unambiguous");

	char *kept = term_safe("a\nb\x07", 4, true);
	is_str(kept, "a\nb\\x07", "term_safe keeps newlines when asked, still escapes BEL");
	free(kept);

	char s[] = "  Check   the\n\t Worker.  ";
	str_collapse_space(s);
	is_str(s, "Check the Worker.", "str_collapse_space trims and collapses like xgettext");

	/* Wrapping by display width, with CJK line-break rules. */
	setlocale(LC_ALL, "C.UTF-8");
	struct buf b = {0};
	text_wrap(&b, 2, "", "\u30a2\u30c3\u30d7\u30b9\u30c8\u30ea\u30fc\u30e0\u304b\u3089\u3002\u30d0\u30c3\u30d5\u30a1\u30fc\u3002", 12);
	ok(strstr(b.data, "\n  \u3002") == NULL && strstr(b.data, "\n  \u30fc") == NULL,
	   "text_wrap never starts a line with a full stop or the prolonged sound mark");
	bool fits = true;
	for (char *line = b.data; *line;) {
		char *nl = strchr(line, '\n');
		if (text_width(line, (size_t)(nl - line), NULL) > 12)
			fits = false;
		line = nl + 1;
	}
	ok(fits, "text_wrap keeps Japanese lines within 12 columns (two per character)");
	buf_free(&b);
	/* Numbers separated by ideographic commas break after a comma, and an
	 * opening bracket goes to the next line with what it opens. */
	text_wrap(&b, 0, "", "HTTP\uff1a80\u30018080\u30018880\u30012052", 12);
	is_str(b.data, "HTTP\uff1a80\u3001\n8080\u30018880\u3001\n2052\n",
	       "text_wrap breaks after an ideographic comma between numbers");
	buf_free(&b);
	text_wrap(&b, 0, "", "\u76f4\u63a5\u63a2\u6d4b\uff08httpdoc probe\uff09", 12);
	is_str(b.data, "\u76f4\u63a5\u63a2\u6d4b\n\uff08httpdoc\nprobe\uff09\n",
	       "text_wrap never ends a line with an opening bracket");
	buf_free(&b);
	text_wrap(&b, 4, "1. ", "one two three four five six", 18);
	is_str(b.data, "    1. one two\n       three four\n       five six\n", "text_wrap hangs later lines under the prefix");
	buf_free(&b);

	/* base64 for the OSC 52 clipboard sequence (RFC 4648's test vectors). */
	static const char *const b64[][2] = {
		{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
		{"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof b64 / sizeof *b64; i++) {
		char *e = base64_encode(b64[i][0], strlen(b64[i][0]));
		is_str(e, b64[i][1], "base64_encode('%s')", b64[i][0]);
		free(e);
	}
	char *e = base64_encode("\xff\xfe\n", 3);
	is_str(e, "//4K", "base64_encode of high bytes and a newline");
	free(e);

	/* HOST[:PORT] and [V6][:PORT], as --origin and --dns-server take them. */
	char host[16];
	long port;
	bool v6;
	ok(addr_port_split("203.0.113.7", host, sizeof host, &port, &v6) && !strcmp(host, "203.0.113.7") &&
	   port == 0 && !v6, "addr_port_split: an address alone");
	ok(addr_port_split("origin.test:8443", host, sizeof host, &port, &v6) && !strcmp(host, "origin.test") &&
	   port == 8443 && !v6, "addr_port_split: a name and a port");
	ok(addr_port_split("[2001:db8::7]:53", host, sizeof host, &port, &v6) && !strcmp(host, "2001:db8::7") &&
	   port == 53 && v6, "addr_port_split: an IPv6 address in brackets, with a port");
	ok(addr_port_split("[::1]", host, sizeof host, &port, &v6) && !strcmp(host, "::1") && port == 0 && v6,
	   "addr_port_split: brackets without a port");
	static const char *const bad[] = {
		"", ":80", "[]", "[::1", "[::1]x", "[::1]:", "a:", "a:0", "a:65536", "a: 80", "a:8x",
		"a-name-longer-than-sixteen", NULL,
	};
	for (size_t i = 0; bad[i]; i++)
		ok(!addr_port_split(bad[i], host, sizeof host, &port, &v6), "addr_port_split refuses '%s'", bad[i]);
	ok(!addr_port_split(NULL, host, sizeof host, &port, &v6), "addr_port_split refuses NULL");

	return tap_done();
}
