# screen-lib.sh: screen tests in the tig manner. The wizard plays keys from
# HTTPDOC_UI_KEYS with no terminal, dumps its screen as text at each `dump`
# (HTTPDOC_UI_DUMP), and the dump is compared with tests/data/screens/NAME.txt.
# After a deliberate change of the screens, regenerate the expected files with
#   HTTPDOC_UPDATE_SCREENS=1 make check TESTS='tests/screen-wizard.sh ...'
# and read the diff before committing it. Source after lib.sh.

SCREENS=$TESTS_DATA/screens

# screen_case NAME KEYS [COLSxROWS] [ARGS...]: play KEYS on `httpdoc ARGS`
# (default --demo) and compare every dumped screen with SCREENS/NAME.txt.
screen_case() {
	local name=$1 keys=$2 size=80x24
	shift 2
	if [ $# -gt 0 ]; then size=$1; shift; fi
	[ $# -gt 0 ] || set -- --demo
	local got=$TMPD/$name.txt
	(cd "$TMPD" && HTTPDOC_UI_KEYS=$keys HTTPDOC_UI_DUMP=$got HTTPDOC_UI_SIZE=$size \
		"$HTTPDOC" "$@" </dev/null >"$TMPD/$name.out" 2>"$TMPD/$name.err")
	local rc=$?
	if [ "$rc" != 0 ]; then
		not_ok "$name: the wizard ends with status 0" "status $rc: $(cat "$TMPD/$name.err")"
		return
	fi
	# A saved report's name carries the time: make it stable.
	sed -i 's/-[0-9]\{8\}-[0-9]\{6\}\(-[0-9]*\)\{0,1\}\.md/-YYYYmmdd-HHMMSS.md/g' "$got"
	if [ -n "${HTTPDOC_UPDATE_SCREENS:-}" ]; then
		cp "$got" "$SCREENS/$name.txt"
	fi
	if [ ! -f "$SCREENS/$name.txt" ]; then
		not_ok "$name: screens as expected" "no $SCREENS/$name.txt (HTTPDOC_UPDATE_SCREENS=1 writes it)"
	elif diff -u "$SCREENS/$name.txt" "$got" >"$TMPD/$name.diff"; then
		ok "$name: screens as expected"
	else
		not_ok "$name: screens as expected" "$(head -n 60 "$TMPD/$name.diff")"
	fi
}
