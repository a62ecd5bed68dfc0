#!/bin/sh
# quickstart.sh: set httpdoc up on a fresh Debian/Ubuntu machine and run it.
#
#   ./quickstart.sh run [URL]   install what is missing, build, start the wizard
#                               (no URL: the bundled demo, no network needed)
#   ./quickstart.sh check       the same set-up, then `make check`
set -eu

cd "$(dirname "$0")"

# What building and running httpdoc needs.
PACKAGES="build-essential autoconf automake autopoint libtool pkg-config gettext
  libcurl4-openssl-dev libxml2-dev libxml2-utils libncurses-dev libjansson-dev
  zlib1g-dev libc-ares-dev libpsl-dev libssl-dev libbrotli-dev libzstd-dev
  less openssl ca-certificates"
# What the test suite needs besides: the loopback test server, tmux, the
# Debian package tools, and the real servers some tests start on loopback
# ports from scratch folders (never their system services).
TEST_PACKAGES="libmicrohttpd-dev brotli zstd tmux bash-completion zsh dpkg-dev debhelper
  lintian dnsmasq-base curl nginx apache2 libapache2-mod-security2 modsecurity-crs
  php-fpm php-cli nftables iptables util-linux"
# The system services those packages bring: installed for their programs and
# configuration files only, kept from starting and from starting at boot.
TEST_SERVICES="nginx.service apache2.service php*-fpm.service"

say() { printf 'quickstart: %s\n' "$*" >&2; }

install_packages() {
	missing=""
	for p in $*; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed'; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		say "this machine has no apt-get; install these (or your system's equivalents) and run me again:"
		say "  $missing"
		exit 1
	fi
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
			say "installing$missing needs root and there is no sudo: run me as root"
			exit 1
		fi
	fi
	say "installing:$missing"
	units_before=$(service_units)
	log=${TMPDIR:-/tmp}/httpdoc-apt.$$.log
	# Keep the system services of the test servers (ports 80, ...) from
	# starting, with a policy-rc.d for the install, unless the machine has
	# one already.
	policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
	fi
	if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		$sudo apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
		[ -n "$policy" ] && $sudo rm -f "$policy"
		tail -n 30 "$log" >&2
		say "apt-get failed (full log: $log)"
		exit 1
	fi
	[ -n "$policy" ] && $sudo rm -f "$policy"
	rm -f "$log"
	installed=yes       # configure must look again (libmicrohttpd for the tests ...)
	# ... nor at the next boot: only the units that came with this install.
	for unit in $(service_units); do
		case " $(echo $units_before) " in *" $unit "*) ;; *)
			$sudo systemctl disable --quiet "$unit" 2>/dev/null || true ;;
		esac
	done
}

# The test servers' system units present now (none without systemd).
service_units() {
	[ -d /run/systemd/system ] || return 0
	systemctl list-unit-files --no-legend $TEST_SERVICES 2>/dev/null | awk '{ print $1 }'
}

build() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
		say "bootstrapping (autoreconf)"
		autoreconf -fi
	fi
	if [ ! -f Makefile ] || [ configure -nt Makefile ] || [ -n "${installed:-}" ]; then
		say "configuring"
		./configure --enable-werror ${CONFIGURE_FLAGS:-}
	fi
	say "building"
	make -j"$(nproc 2>/dev/null || echo 2)"
}

# Print the test runner's totals as one plain line, whatever the driver printed.
summarise() {
	log=test-suite.log
	[ -f "$log" ] || return 0
	pass=$(sed -n 's/^# PASS: *//p' "$log" | head -n 1)
	fail=$(sed -n 's/^# FAIL: *//p' "$log" | head -n 1)
	err=$(sed -n 's/^# ERROR: *//p' "$log" | head -n 1)
	skip=$(sed -n 's/^# SKIP: *//p' "$log" | head -n 1)
	printf '%s passed, %s failed, %s skipped\n' "${pass:-0}" "$(( ${fail:-0} + ${err:-0} ))" "${skip:-0}"
}

cmd=${1:-}
case "$cmd" in
run)
	shift
	install_packages $PACKAGES
	build
	# The uninstalled program reads its data from the source tree.
	export HTTPDOC_KB_DIR="$PWD/kb" HTTPDOC_DEMO_DIR="$PWD/demo" HTTPDOC_LOCALEDIR="$PWD/locale"
	if [ $# -eq 0 ]; then
		exec ./src/httpdoc --demo
	fi
	exec ./src/httpdoc "$@"
	;;
check)
	install_packages $PACKAGES $TEST_PACKAGES
	build
	say "running make check"
	status=0
	make -j"$(nproc 2>/dev/null || echo 2)" check || status=$?
	if [ "$status" != 0 ]; then
		say "make check failed; the failing tests' logs:"
		cat test-suite.log >&2 || true
	fi
	summarise
	exit "$status"
	;;
summary)
	# For CI: the plain totals line of a finished `make check` in DIR.
	cd "${2:-.}" && summarise
	;;
*)
	echo "usage: ./quickstart.sh run [URL] | ./quickstart.sh check" >&2
	exit 2
	;;
esac
