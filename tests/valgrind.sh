#!/bin/sh
# valgrind.sh: the headless programs under valgrind. Fails on any memory
# error or definite leak. Run by `make check-valgrind`.
set -u
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
fail=0; n=0
run() {  # run DESCRIPTION COMMAND...
	n=$((n + 1))
	desc=$1; shift
	$vg "$@" >/dev/null 2>"$builddir/valgrind.err"; rc=$?
	if [ "$rc" = 99 ]; then
		echo "not ok $n - $desc"; sed 's/^/#   /' "$builddir/valgrind.err" | head -40; fail=1
	else
		echo "ok $n - $desc"
	fi
}
for t in "$builddir"/unit-* "$builddir"/fuzz-regress-*; do
	[ -x "$t" ] && run "$(basename "$t")" "$t"
done
for f in "$HTTPDOC_DEMO_DIR"/*.http "$TESTS_DATA"/replay/*.http; do
	run "probe --replay $(basename "$f")" "$HTTPDOC" probe --replay "$f"
	run "probe --replay --json $(basename "$f")" "$HTTPDOC" probe --json --replay "$f"
	run "probe --replay --report $(basename "$f")" "$HTTPDOC" probe --report --replay "$f"
done
run "probe of a closed port" "$HTTPDOC" probe --json http://127.0.0.1:1/
run "batch of closed ports" "$HTTPDOC" probe http://127.0.0.1:1/a http://127.0.0.1:1/b
run "explain 504" "$HTTPDOC" explain 504
run "explain an unknown code" "$HTTPDOC" explain 777
run "kb check" "$HTTPDOC" kb check
run "bad URL" "$HTTPDOC" probe ftp://x/
echo "1..$n"
exit $fail
