#!/bin/sh
# screen-demo.sh: every bundled sample of `httpdoc --demo` walked from the
# menu to its advice with the shipped knowledge base, screen by screen: what
# came back, each question, the advice from its top to its end. These screens
# change when the knowledge base or the classifier does: read the diff, then
# regenerate them (HTTPDOC_UPDATE_SCREENS=1, see screen-lib.sh).
. "$srcdir/lib.sh"
. "$srcdir/screen-lib.sh"

export XDG_STATE_HOME=$TMPD/state
unset NO_COLOR

# The Cloudflare 1020 block: the probe answers every question.
screen_case demo-cloudflare-1020 "1 dump Enter dump End dump Left dump"
# Cloudflare 522: the origin was not asked directly; its DNS record is wrong.
screen_case demo-cloudflare-522 "2 dump Enter dump 3 dump 1 dump End dump"
# The same 522 and o: a saved response has no origin to ask, and the walk says so.
screen_case demo-cloudflare-522-origin "2 Enter o dump"
# A managed challenge that most visitors meet, from I'm Under Attack mode.
screen_case demo-cloudflare-challenge "3 dump Enter dump 1 dump 1 dump End dump"
# IIS 403.14: the folder has no default document.
screen_case demo-iis-403-14 "4 dump Enter dump 1 dump End dump"
# nginx 403 behind Cloudflare: the error log says permission denied.
screen_case demo-nginx-403 "5 dump Enter dump 1 dump End dump"
# nginx 502: the PHP-FPM socket does not exist.
screen_case demo-nginx-502 "6 dump Enter dump 1 dump End dump"
# nginx 504: PHP-FPM's workers are all busy under load.
screen_case demo-nginx-504 "7 dump Enter dump 1 dump 2 dump End dump"
# A redirect loop through Cloudflare's Flexible SSL mode.
screen_case demo-redirect-loop "8 dump Enter dump 1 dump End dump"

plan_done
