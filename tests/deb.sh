#!/bin/sh
# deb.sh: the Debian package builds from a copy of this tree (a checkout's
# files, or a tarball's, as in distcheck) and holds what an installed httpdoc
# needs: the program, the knowledge base, the sample responses, the catalogs,
# the man page, the completions and a machine-readable copyright file; the
# program it installs works from those files, and lintian finds nothing
# wrong. The tree itself is never touched.
. "$srcdir/lib.sh"

top=$(cd "$srcdir/.." && pwd -P)
[ -f "$top/debian/control" ] || skip_all "no debian/ directory"

# Every library configure requires is a build dependency of the package
# (HTTPDOC_REQUIRE names its Debian package).
awk '/^Build-Depends:/ { on = 1; sub(/^Build-Depends:/, "") } /^[A-Z]/ && !/^Build-Depends:/ { on = 0 } on' \
	"$top/debian/control" | tr ',' '\n' | awk '{ print $1 }' | sed '/^$/d' >"$TMPD/build-depends"
sed -n 's/^HTTPDOC_REQUIRE(\[[^]]*\], *\[[^]]*\], *\[[^]]*\], *\[\([^]]*\)\]).*/\1/p' \
	"$top/configure.ac" >"$TMPD/required"
like "configure.ac names the libraries it requires" "$(cat "$TMPD/required")" "libcurl4-openssl-dev"
while read -r p; do
	is "debian/control builds with $p (configure requires it)" "$(grep -c -x -F -e "$p" "$TMPD/build-depends")" 1
done <"$TMPD/required"

skip_rest() { ok "# SKIP $1"; plan_done; exit; }
# debian/rules sets this: the package build's own test run does not recurse.
[ "${HTTPDOC_TEST_DEB:-}" = no ] && skip_rest "inside a package build"
for t in dpkg-buildpackage dpkg-checkbuilddeps dpkg-deb dpkg-parsechangelog; do
	command -v "$t" >/dev/null 2>&1 || skip_rest "$t is not installed (dpkg-dev)"
done
cd "$top"
if ! dpkg-checkbuilddeps -Pnocheck >"$TMPD/deps" 2>&1; then
	skip_rest "$(sed -n 's/.*Unmet build dependencies: */build dependencies missing: /p' "$TMPD/deps")"
fi

version=$("$HTTPDOC" --version | awk '{print $2; exit}')
arch=$(dpkg --print-architecture)
src=$TMPD/src/httpdoc-$version
mkdir -p "$src"

# A checkout: its files (tracked, or new and not ignored). Else a tarball's
# tree: all of it but .git, a build directory inside it (distcheck's _build)
# and distcheck's _inst; whatever a build left there, the package build's
# clean step removes.
if command -v git >/dev/null 2>&1 &&
	[ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		(cd "$top" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		(cd "$top" && xargs -0 cp -P --parents -t "$src")
	how="a checkout's files"
else
	build=$(cd "$builddir/.." && pwd -P)
	skip_build=
	case $build in "$top"/*) skip_build=./${build#"$top"/} ;; esac
	tar -C "$top" --exclude=./.git --exclude=./_inst ${skip_build:+--exclude="$skip_build"} -cf - . | tar -C "$src" -xf -
	how="a tarball's tree"
fi
chmod -R u+w "$src"
is "the copy ($how) has debian/rules" "$(test -x "$src/debian/rules" && echo yes)" yes
is "debian/changelog carries configure's version" "$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)" "$version"

# Quick and self-contained: no test suite inside (nocheck), no debug package.
# Nothing of this make reaches the package's own (flags, jobserver, variables).
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	DEB_BUILD_OPTIONS="nocheck noddebs parallel=2" \
	timeout 900 dpkg-buildpackage -us -uc -b -Pnocheck) >"$TMPD/build.log" 2>&1
rc=$?
deb=$TMPD/src/httpdoc_${version}_$arch.deb
if [ "$rc" -ne 0 ] || [ ! -f "$deb" ]; then
	not_ok "dpkg-buildpackage -b builds httpdoc_${version}_$arch.deb" "exit $rc; $(tail -n 30 "$TMPD/build.log")"
	plan_done
	exit 1
fi
ok "dpkg-buildpackage -b builds httpdoc_${version}_$arch.deb"

# ------------------------------------------------------------------ control

field() { dpkg-deb -f "$deb" "$1"; }
is "Package" "$(field Package)" httpdoc
is "Version" "$(field Version)" "$version"
is "Architecture" "$(field Architecture)" "$arch"
depends=$(field Depends)
for lib in libc6 libcurl4 libxml2 libncursesw6 libjansson4 zlib1g; do
	like "Depends names $lib (from the shared libraries)" "$depends" "\(^\|, \)$lib\( \|,\|$\)"
done
unlike "Depends has no unsubstituted variable" "$depends" '\$'

# ------------------------------------------------------------------ files

dpkg-deb -c "$deb" | awk '{ print $1, $6 }' >"$TMPD/contents"
awk '{ print $2 }' "$TMPD/contents" >"$TMPD/files"
holds() {   # holds PATH...: each is in the package
	for p in "$@"; do
		is "the package holds $p" "$(grep -c -x -F -e "./$p" "$TMPD/files")" 1
	done
}
holds usr/bin/httpdoc
is "usr/bin/httpdoc is executable" "$(grep ' ./usr/bin/httpdoc$' "$TMPD/contents" | cut -c1-10)" "-rwxr-xr-x"
for f in "$top"/kb/*.xml "$top"/kb/kb.rng "$top"/kb/cloudflare-ips.txt; do
	holds "usr/share/httpdoc/kb/$(basename "$f")"
done
for f in "$top"/demo/*.http; do
	holds "usr/share/httpdoc/demo/$(basename "$f")"
done
for l in $(sed 's/#.*//' "$top/po/LINGUAS"); do
	holds "usr/share/locale/$l/LC_MESSAGES/httpdoc.mo"
done
holds usr/share/man/man1/httpdoc.1.gz \
	usr/share/bash-completion/completions/httpdoc \
	usr/share/zsh/vendor-completions/_httpdoc \
	usr/share/doc/httpdoc/copyright usr/share/doc/httpdoc/changelog.gz
is "nothing outside /usr" "$(grep -v -x -e './' -e './usr/.*' "$TMPD/files")" ""

x=$TMPD/root
dpkg-deb -x "$deb" "$x"
is "the copyright file is machine-readable" "$(head -n 1 "$x/usr/share/doc/httpdoc/copyright")" \
	"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
check "the packaged bash completion parses" bash -n "$x/usr/share/bash-completion/completions/httpdoc"
if command -v zsh >/dev/null 2>&1; then
	check "the packaged zsh completion parses" zsh -n "$x/usr/share/zsh/vendor-completions/_httpdoc"
fi
if command -v man >/dev/null 2>&1; then
	like "the packaged man page renders" "$(MANWIDTH=80 man -l "$x/usr/share/man/man1/httpdoc.1.gz" 2>&1)" "kb codes"
fi

# ------------------------------------------------------------------ the packaged program

# Its data where the package puts it; the compiled knowledge base goes to the
# cache directory and nowhere else: the installed files stay as they were.
find "$x" -exec ls -ld --time-style=full-iso {} + | sort >"$TMPD/before"
inst() {
	env HTTPDOC_KB_DIR="$x/usr/share/httpdoc/kb" HTTPDOC_DEMO_DIR="$x/usr/share/httpdoc/demo" \
		HTTPDOC_LOCALEDIR="$x/usr/share/locale" XDG_CACHE_HOME="$TMPD/cache" \
		"$x/usr/bin/httpdoc" "$@"
}
out=$(inst kb check 2>&1)
like "the packaged program: kb check passes on the packaged knowledge base" "$out" ": valid$"
out=$(inst explain 504 --lang ja 2>&1)
like "the packaged program: explain 504 --lang ja prints Japanese" "$out" "^意味$"
out=$(inst probe --replay "$x/usr/share/httpdoc/demo/cloudflare-1020-block.http" 2>&1)
like "the packaged program: a packaged sample replays" "$out" "1020"
is "the compiled knowledge base is in the cache directory" \
	"$(ls "$TMPD/cache/httpdoc" 2>/dev/null | grep -c '^kb-.*\.bin$')" 1
find "$x" -exec ls -ld --time-style=full-iso {} + | sort >"$TMPD/after"
is "nothing written among the installed files" "$(diff "$TMPD/before" "$TMPD/after")" ""

# ------------------------------------------------------------------ lintian

if command -v lintian >/dev/null 2>&1; then
	lintian --fail-on error,warning "$deb" >"$TMPD/lintian" 2>&1
	is "lintian: no error, no warning" "$? $(grep -E '^[EW]: ' "$TMPD/lintian")" "0 "
else
	ok "# SKIP lintian is not installed"
fi

plan_done
