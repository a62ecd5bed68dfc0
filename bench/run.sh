#!/bin/sh
# bench/run.sh: httpdoc against curl on a loopback server, side by side in
# one run; each figure is the median of REPEAT runs. Prints a Markdown table.
#
#   bench/run.sh [BUILD-DIR]      (default: the source tree, built in place)
#   REPEAT=5 URLS=5000 PARALLEL=50 BIG_MB=100 bench/run.sh
#
# Needs curl(1); the server is tests/test-server (libmicrohttpd), bound to
# 127.0.0.1 only, and it stops by itself.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-$src}
REPEAT=${REPEAT:-5}
URLS=${URLS:-5000}
PARALLEL=${PARALLEL:-50}
BIG_MB=${BIG_MB:-100}
httpdoc=$build/src/httpdoc
server=$build/tests/test-server
export HTTPDOC_KB_DIR=$src/kb HTTPDOC_DEMO_DIR=$src/demo

for tool in "$httpdoc" "$server"; do
	[ -x "$tool" ] || { echo "bench: $tool is not built (run make check first)" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "bench: curl(1) is needed for the comparison" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/httpdoc-bench.XXXXXX")
dpid=
trap 'kill $spid ${dpid:-} 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cc -O2 -o "$work/measure" "$here/measure.c"
m=$work/measure

"$server" --dir "$src/tests/data/responses" --lifetime 900 > "$work/port" &
spid=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(head -n 1 "$work/port")
base=http://127.0.0.1:$port

# median FIELD CMD...: run REPEAT times, print the median of field 1 (ms) or 2 (KiB)
median() {
	f=$1; shift
	r=0
	while [ $r -lt "$REPEAT" ]; do "$m" "$@" | cut -d' ' -f"$f"; r=$((r + 1)); done |
		sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
both() {  # both CMD...: "wall_ms rss_kib" medians
	r=0
	while [ $r -lt "$REPEAT" ]; do "$m" "$@"; r=$((r + 1)); done > "$work/runs"
	w=$(cut -d' ' -f1 "$work/runs" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	k=$(cut -d' ' -f2 "$work/runs" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	echo "$w $k"
}
row() {  # row CASE TOOL "wall rss"
	set -- "$1" "$2" $3
	printf '| %s | %s | %s ms | %.1f MiB |\n' "$1" "$2" "$3" "$(echo "$4" | awk '{print $1/1024}')"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $("$httpdoc" --version | head -n 1)"
echo "Median of $REPEAT runs each; server: tests/test-server on 127.0.0.1."
echo
echo "| case | tool | wall | peak RSS |"
echo "|---|---|---|---|"

row "one probe (nginx 502 page)" "httpdoc probe" "$(both "$httpdoc" probe "$base/r/nginx-502")"
row "one probe (nginx 502 page)" "curl -s -o /dev/null -w %{http_code}" \
	"$(both curl -s -o /dev/null -w '%{http_code}' "$base/r/nginx-502")"
# How much of a single run is only loading shared libraries: a program that
# links what httpdoc links (libxml2 brings ICU and the C++ runtime) and one
# that links libcurl alone, both returning at once.
echo 'int main(void) { return 0; }' > "$work/empty.c"
if cc -o "$work/libs-httpdoc" "$work/empty.c" -Wl,--no-as-needed \
	$(pkg-config --libs libcurl libxml-2.0 ncursesw jansson zlib libbrotlidec libzstd 2>/dev/null) 2>/dev/null &&
   cc -o "$work/libs-curl" "$work/empty.c" -Wl,--no-as-needed $(pkg-config --libs libcurl) 2>/dev/null; then
	row "start-up floor: load the libraries, exit" "httpdoc's libraries" "$(both "$work/libs-httpdoc")"
	row "start-up floor: load the libraries, exit" "libcurl alone" "$(both "$work/libs-curl")"
fi

i=0
: > "$work/urls"
while [ $i -lt "$URLS" ]; do echo "$base/r/ok?n=$i"; i=$((i + 1)); done > "$work/urls"
awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' "$work/urls" > "$work/curl.cfg"
row "$URLS URLs, $PARALLEL in flight" "httpdoc probe --input --parallel $PARALLEL --json" \
	"$(both "$httpdoc" probe --json --parallel "$PARALLEL" --input "$work/urls")"
row "$URLS URLs, $PARALLEL in flight" "curl --parallel --parallel-max $PARALLEL" \
	"$(both curl -s --parallel --parallel-max "$PARALLEL" -w '%{http_code}\n' -K "$work/curl.cfg")"
row "$URLS URLs, $PARALLEL in flight" "xargs -P $PARALLEL curl" \
	"$(both sh -c "xargs -P $PARALLEL -n 1 curl -s -o /dev/null -w '%{http_code}\n' < '$work/urls'")"

# The probe asks DNS itself before the transfer (src/dns.c): the same page
# and batch by a name that dnsmasq, on a loopback port, answers. A batch asks
# a name once. Only where dnsmasq is installed and the build has --dns-server.
dnsmasq=$(command -v dnsmasq || ls /usr/sbin/dnsmasq 2>/dev/null || true)
if [ -n "$dnsmasq" ] && "$httpdoc" --help 2>&1 | grep -q -- --dns-server; then
	dport=$((30000 + $$ % 20000))
	printf 'port=%s\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\npid-file=\nuser=%s\ngroup=%s\nlocal=/test/\nhost-record=bench.test,127.0.0.1\nlog-facility=%s\n' \
		"$dport" "$(id -un)" "$(id -gn)" "$work/dnsmasq.log" > "$work/dnsmasq.conf"
	"$dnsmasq" -k -C "$work/dnsmasq.conf" 2>/dev/null &
	dpid=$!
	i=0
	while ! grep -q started "$work/dnsmasq.log" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	named=http://bench.test:$port
	row "one probe (nginx 502 page), by name" "httpdoc probe --dns-server (dnsmasq)" \
		"$(both "$httpdoc" probe --dns-server "127.0.0.1:$dport" "$named/r/nginx-502")"
	sed "s|$base|$named|" "$work/urls" > "$work/named-urls"
	row "$URLS URLs by name, $PARALLEL in flight" "httpdoc probe --input --parallel $PARALLEL --json --dns-server" \
		"$(both "$httpdoc" probe --json --parallel "$PARALLEL" --dns-server "127.0.0.1:$dport" --input "$work/named-urls")"
	kill "$dpid" 2>/dev/null || true
	wait "$dpid" 2>/dev/null || true   # its status is the signal's (set -e)
	dpid=
fi

row "a $BIG_MB MiB body" "httpdoc probe" "$(both "$httpdoc" probe "$base/big?mb=$BIG_MB")"
row "a $BIG_MB MiB body" "curl -s -o /dev/null" "$(both curl -s -o /dev/null "$base/big?mb=$BIG_MB")"
row "an endless body" "httpdoc probe" "$(both "$httpdoc" probe "$base/endless")"

# The compiled copy of the KB (kb_cache.h) is made by the first load after a
# build or an edit; the rows above and the next one use it, the two after
# parse and validate the XML every time.
"$httpdoc" explain 504 >/dev/null
row "explain 504 (loads the KB)" "httpdoc explain 504" "$(both "$httpdoc" explain 504)"
row "explain 504, KB parsed and validated" "HTTPDOC_KB_CACHE=0 httpdoc explain 504" \
	"$(both env HTTPDOC_KB_CACHE=0 "$httpdoc" explain 504)"
row "kb check (schema + graph)" "httpdoc kb check" "$(both "$httpdoc" kb check)"
# The wizard draws its first screen (URL entry, 80x24, into a file rather
# than a terminal) and quits at once.
row "wizard: first screen, then q" "httpdoc --demo" \
	"$(both env HTTPDOC_UI_KEYS="dump q" HTTPDOC_UI_SIZE=80x24 HTTPDOC_UI_DUMP="$work/screen" "$httpdoc" --demo)"
