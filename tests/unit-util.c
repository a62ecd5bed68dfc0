/* unit-util.c: terminal-safe text and white-space normalisation. */
#include <config.h>

#include <stdlib.h>

#include "tap.h"
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

	return tap_done();
}
