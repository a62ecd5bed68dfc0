#!/bin/sh
# cli.sh: the command line: help, version, and bad input as one clear line with exit status 2.
. "$srcdir/lib.sh"

out=$("$HTTPDOC" --help); rc=$?
is "--help exits 0" "$rc" 0
like "--help shows the probe usage" "$out" 'httpdoc probe \[OPTIONS\] URL'
like "--help lists the exit statuses" "$out" 'Exit status'
like "--version names the program and libcurl" "$("$HTTPDOC" --version)" '^httpdoc [0-9].* (libcurl/'

usage() {  # usage DESCRIPTION PATTERN ARGS...
	d=$1; p=$2; shift 2
	"$HTTPDOC" "$@" </dev/null >"$TMPD/out" 2>"$TMPD/err"; rc=$?
	is "$d: exits 2" "$rc" 2
	like "$d: says why" "$(cat "$TMPD/err")" "$p"
	is "$d: one line on stderr, nothing on stdout" "$(wc -l <"$TMPD/err") $(wc -c <"$TMPD/out")" "1 0"
}
usage "an unknown option" "unknown" probe --frobnicate http://127.0.0.1:1/
usage "a non-numeric timeout" "whole number" probe --timeout abc http://127.0.0.1:1/
usage "a zero timeout" "whole number" probe --timeout 0 http://127.0.0.1:1/
usage "negative max-redirs" "whole number" probe --max-redirs -1 http://127.0.0.1:1/
usage "probe without a URL" "needs a URL" probe
usage "an ftp URL" "scheme 'ftp' is not supported" probe ftp://example.test/
usage "a file URL" "scheme 'file' is not supported" probe file:///etc/passwd
usage "a gopher URL" "scheme 'gopher'" probe gopher://example.test/
usage "words instead of a URL" "not a valid URL" probe 'not a url'
usage "a URL without a host" "not a valid URL" probe 'http://'
usage "an empty URL" "empty URL" probe ''
usage "a 100 KB URL" "too long" probe "http://example.test/$(head -c 102400 /dev/zero | tr '\0' a)"
usage "an unknown language" "unknown language" --lang xx probe http://127.0.0.1:1/
usage "a header without a colon" "Name: value" probe -H 'X-Broken' http://127.0.0.1:1/
usage "the wizard without a terminal" "httpdoc probe" http://127.0.0.1:1/
usage "kb without check" "kb check" kb
usage "a missing --input file" "cannot read" probe --input "$TMPD/none.txt"

# An option the command does not use is refused, not ignored: one line
# that names the option and the commands it belongs to.
printf 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' >"$TMPD/ok.http"
usage "the wizard refuses --json" "^httpdoc: --json is not used by the wizard; it is an option of probe, explain$" --json http://127.0.0.1:1/
usage "the wizard refuses --report" "--report is not used by the wizard" --report http://127.0.0.1:1/
usage "the wizard refuses --input" "--input is not used by the wizard" --input "$TMPD/none.txt"
usage "the wizard refuses --parallel" "--parallel is not used by the wizard" --parallel 4 http://127.0.0.1:1/
usage "the wizard refuses --unordered" "--unordered is not used by the wizard" --unordered
usage "explain refuses a probe's option" "--timeout is not used by explain" explain 504 --timeout 5
usage "a letter is named as given" "^httpdoc: -A is not used by explain" explain -A agent 504
usage "explain refuses --report" "--report is not used by explain" --report explain 504
usage "kb refuses --json" "--json is not used by kb" kb check --json
usage "the demo refuses a request's option" "--timeout is not used by the demo" --demo --timeout 5
usage "the demo refuses --origin" "--origin is not used by the demo" --demo --origin 127.0.0.1
usage "probe refuses --demo" "--demo opens the wizard on the bundled samples; it does not go with probe" probe --demo http://127.0.0.1:1/
usage "the wizard on a saved response refuses a request's option" \
	"--max-redirs is not used by the wizard on a saved response" --replay "$TMPD/ok.http" --max-redirs 3
# The options the wizard uses are taken: it goes on to ask for a terminal.
usage "the wizard takes every option of a request" "the wizard needs a terminal" \
	--timeout 5 --connect-timeout 3 --max-redirs 2 -A agent -H 'X-A: b' -X HEAD --insecure \
	--origin 127.0.0.1 --origin-insecure --lang en --no-color http://127.0.0.1:1/
out=$("$HTTPDOC" probe --json --timeout 2 --max-redirs 1 --replay "$TMPD/ok.http" 2>&1); rc=$?
is "probe still takes its options with --replay" "$rc" 0

# A bad URL anywhere refuses the whole run before anything is probed.
usage "one bad URL among good ones" "scheme" probe http://127.0.0.1:1/ ftp://x/

# URLs from --input: comments and blank lines skipped; all bad -> exit 1 (transport), not 2.
printf '# list\n\nhttp://127.0.0.1:1/a\n  http://127.0.0.1:1/b  \n' > "$TMPD/list.txt"
out=$("$HTTPDOC" probe --json --input "$TMPD/list.txt"); rc=$?
is "--input probes every listed URL" "$(printf '%s\n' "$out" | grep -c '"kind":"connect"')" 2
is "refused connections exit 1" "$rc" 1
out=$(printf 'http://127.0.0.1:1/c\n' | "$HTTPDOC" probe --json --input -)
like "--input - reads standard input" "$out" '"url":"http://127.0.0.1:1/c"'

# A bare host name is taken as https.
out=$("$HTTPDOC" probe --json --timeout 2 127.0.0.1:1)
like "a URL without a scheme is probed as https" "$out" '"url":"https://127.0.0.1:1/"'

plan_done
