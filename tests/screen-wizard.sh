#!/bin/sh
# screen-wizard.sh: the wizard's screens, key by key, on a small knowledge
# base of its own (tests/data/kb-wizard) and saved responses
# (tests/data/screens/samples), so that these screens change only when the
# wizard does: the walk to the advice and back, help, scrolling, a re-read
# with before and after, a saved report, a hostile response, Japanese text in
# narrow terminals, the small-terminal notice and the way back from it.
. "$srcdir/lib.sh"
. "$srcdir/screen-lib.sh"

KB=$TMPD/kb
mkdir -p "$KB" && cp "$TESTS_DATA/kb-wizard/wizard.xml" "$HTTPDOC_KB_DIR/kb.rng" "$KB/" || skip_all "no knowledge base schema"
export HTTPDOC_KB_DIR=$KB HTTPDOC_DEMO_DIR=$SCREENS/samples XDG_STATE_HOME=$TMPD/state
unset NO_COLOR

screen_case menu "dump Down dump Up dump"
screen_case walk-to-advice "2 dump Enter dump j dump Enter dump 1 dump"
screen_case walk-back "2 Enter 2 1 dump Left dump BS dump b dump"
screen_case advice-scroll "2 Enter 1 dump End dump PgUp dump Home dump"
screen_case help "2 ? dump Esc dump"
screen_case reread "2 Enter 1 r dump Enter dump"
screen_case save-report "2 Enter 1 s dump"
screen_case hostile-response "1 dump"
screen_case japanese-narrow "2 Enter 2 dump" 40x12
screen_case small-terminal "2 resize:39x12 dump Enter resize:30x6 dump resize:80x24 dump"

# The report the wizard saved carries the user's path through the tree.
report=$(ls "$TMPD"/httpdoc-report-demo-teapot-*.md 2>/dev/null | head -n 1)
if [ -n "$report" ]; then
	like "s writes the Markdown report in the current directory" "$(cat "$report")" '^# httpdoc report'
	like "the report has the answers the user gave" "$(cat "$report")" 'configuration change (answered by the user)'
else
	not_ok "s writes the Markdown report in the current directory" "$(ls "$TMPD")"
fi
like "the wizard says where the report went when it ends" "$(cat "$TMPD/save-report.out")" 'saved to ./httpdoc-report-demo-teapot-'

# Without a terminal and without a key script: a one-line hint, exit 2.
"$HTTPDOC" --demo </dev/null >"$TMPD/out" 2>"$TMPD/err"; rc=$?
is "--demo without a terminal exits 2" "$rc" 2
like "and points at httpdoc probe" "$(cat "$TMPD/err")" "httpdoc probe"

plan_done
