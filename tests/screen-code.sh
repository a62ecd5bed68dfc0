#!/bin/sh
# screen-code.sh: the wizard with no probe, screen by screen on the shipped
# knowledge base: on a saved response (--replay), whose advice and help say
# how r reads the file again; on a code: `httpdoc 504` walked to a fix, every question the
# user's with what a probe would read; `httpdoc cf1020`, whose code answers
# its only question; 502 typed in the URL entry; r asking for a URL and Esc
# coming back; s with nothing to report; an unknown code typed. These screens
# change with the knowledge base: read the diff, then regenerate them
# (HTTPDOC_UPDATE_SCREENS=1, see screen-lib.sh).
. "$srcdir/lib.sh"
. "$srcdir/screen-lib.sh"

export XDG_STATE_HOME=$TMPD/state
unset NO_COLOR

# 504: own server, nginx, PHP-FPM, a long script: the fix for long PHP tasks.
screen_case code-504 "dump Enter dump 2 dump 1 1 dump 1 dump End dump" 80x24 504
# cf1020: the code is the error number Cloudflare's page shows.
# Its rule expression is wider than the screen: it breaks at a space, with ↪;
# c takes it whole.
screen_case code-cf1020 "dump Enter dump c dump" 80x24 cf1020
# 502 typed where a URL goes; back from the walk to the entry, with the code in it.
screen_case code-typed "text:502 Enter dump Enter dump Left Left dump" 80x24 --no-color
# r asks for a URL to probe; Esc comes back to the question; s has nothing to save.
screen_case code-probe-a-url "Enter 2 r dump Esc dump s dump" 80x24 504
# A fix with three snippets: c asks which, 2 takes the second; Esc cancels.
screen_case code-copy-pick "Enter 2 1 1 1 c dump 2 dump c Esc dump" 80x24 504
# A number the knowledge base does not have is still a code, never a host.
screen_case code-unknown "text:5029 Enter dump" 80x24 --no-color
# An IIS sub-status, in Japanese, in a narrow terminal.
screen_case code-iis-ja "dump Enter dump" 40x16 --lang ja 403.14

# A saved response: the title names the file; r reads it again.
screen_case replay-502 "dump Enter 1 End dump ? End dump" 80x24 --replay "$HTTPDOC_DEMO_DIR/origin-nginx-502-php-fpm.http"

plan_done
