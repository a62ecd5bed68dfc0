#!/bin/sh
# layers.sh: the layers stay visible: each library is included where its layer
# lives and nowhere else, and the core never prints or exits.
. "$srcdir/lib.sh"
src=$srcdir/../src
cd "$src" || skip_all "no source tree"

only() {  # only DESCRIPTION PATTERN ALLOWED-FILES-REGEX
	found=$(grep -l -E "$2" *.c *.h 2>/dev/null | grep -v -E "^($3)$" | tr '\n' ' ')
	is "$1" "$found" ""
}
only "only the probe's files include libcurl" '#include <curl/' 'probe\.c|probe_batch\.c|probe_dns\.c|probe_tls\.c|probe_int\.h'
only "only probe_tls.c includes OpenSSL" '#include <openssl/' 'probe_tls\.c'
only "only dns.c and dns_answer.c include c-ares" '#include <(ares|ares_[a-z]*)\.h>' 'dns\.c|dns_answer\.c'
only "only dns.c includes libpsl" '#include <libpsl\.h>' 'dns\.c'
is "the DNS layer includes no libcurl, curses or libxml2" \
	"$(grep -l -E '#include <(curl/|n?curses|libxml/)' dns.c dns_answer.c)" ""
only "only the HTML scan and classifier include libxml2's HTML parser" \
	'#include <libxml/HTMLparser\.h>' 'htmlscan\.c|htmlguard\.c|classify[a-z_]*\.c'
only "only the KB loader includes libxml2's tree and RELAX NG" \
	'#include <libxml/(relaxng|tree|parser|xmlerror)\.h>' 'kb[a-z_]*\.c|kb_xml\.h|htmlscan\.c|htmlguard\.c'
only "only the ui_ files include curses" '#include <(n?curses|curses|menu|form|panel)[a-z]*\.h>|#include <ncursesw/' 'ui[a-z_]*\.[ch]'
only "only report_json.c includes jansson" '#include <jansson\.h>' 'report_json\.c|cmd_explain\.c'

# The core returns errors as values: no exit(), no printing to stdout/stderr.
core=$(ls *.c | grep -v -E '^(main|cli[a-z_]*|cmd_[a-z_]*|ui[a-z_]*)\.c$')
printing=$(grep -n -E '(^|[^a-z_])(printf|puts|fputs|putchar|perror|exit|abort)\(' $core |
	grep -v -E 'util\.c:.*(abort|fputs\("httpdoc: out of memory)' | grep -v '^\S*:[0-9]*:\s*/\?\*')
is "the core neither prints nor exits (main, cli, cmd_ and ui_ files decide what the user sees)" "$printing" ""

# The server logs: logread.c reads them, logfind.c, localhost.c and
# serverlogs.c find them; the parsers and the matcher only look at bytes.
is "the log parsers and matcher do no I/O (logread.c and logfind.c do)" \
	"$(grep -l -E '(^|[^a-z_])(fopen|open|pread|read|opendir|stat|readlink|getifaddrs|getaddrinfo|file_read)\(' \
		logkind.c logline.c logline_fields.c logmatch.c logconf.c local.c)" ""

is "the decision engine includes no I/O or UI header" \
	"$(grep -l -E '#include <(stdio|curses|ncurses|curl/|libxml/)' engine.c)" ""
plan_done
