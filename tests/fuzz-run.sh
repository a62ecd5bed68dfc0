#!/bin/sh
# fuzz-run.sh SRCDIR SECONDS TARGET...: run each libFuzzer target for SECONDS,
# seeded from the real-pages corpus (when ../shared exists) and the test
# fixtures, in a scratch directory. Crashes are left as crash-* files in the
# current directory: copy each into tests/data/fuzz-regressions/TARGET/.
set -eu
src=$1; secs=$2; shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/httpdoc-fuzz.XXXXXX")
for t in "$@"; do
	name=$(basename "$t"); name=${name#fuzz_}
	seeds=$work/$name; mkdir -p "$seeds"
	case $name in
	replay|classify)
		cp "$src"/tests/data/replay/*.http "$src"/demo/*.http "$seeds"/ 2>/dev/null || true
		[ -d "$src/../shared/corpus" ] && cp "$src"/../shared/corpus/*.html "$src"/../shared/corpus/*.txt "$seeds"/ 2>/dev/null || true
		;;
	kb)
		cp "$src"/kb/*.xml "$src"/tests/data/kb-sample/*.xml "$seeds"/ 2>/dev/null || true
		;;
	logs)
		# A kind byte and a split byte, then a recorded log.
		i=0
		for f in "$src"/tests/data/logs/*; do
			i=$((i + 1))
			{ printf "\\$(printf '%03o' $((i % 7)))\\$(printf '%03o' $((i * 37 % 256)))"; cat "$f"; } >"$seeds/log-$i"
		done
		;;
	kbcache)
		# The target writes a real payload as its own seed.
		FUZZ_KBCACHE_SEED="$seeds/sample-payload" "$t" -runs=0 "$seeds" >/dev/null 2>&1 || true
		;;
	esac
	cp "$src"/tests/data/fuzz-regressions/"$name"/* "$seeds"/ 2>/dev/null || true
	echo "fuzzing $name for $secs s with $(ls "$seeds" | wc -l) seeds"
	"$t" -max_total_time="$secs" -max_len=1048576 -rss_limit_mb=1024 -timeout=10 \
		-print_final_stats=1 "$seeds" 2>&1 | grep -E 'stat::|Done|ERROR|SUMMARY' || true
done
rm -rf "$work"
