#!/bin/sh
# fix.sh: a fix reads the same in the text report, the Markdown report and
# explain: steps numbered and wrapped, every snippet and command exactly as
# the knowledge base has it (never numbered, wrapped or indented), the ways
# to check the fix under their own heading; JSON keeps its list of strings.
. "$srcdir/lib.sh"

KB=$TMPD/kb
mkdir -p "$KB" && cp "$TESTS_DATA/kb-fix/fix.xml" "$HTTPDOC_KB_DIR/kb.rng" "$KB/" || skip_all "no schema"
printf 'HTTP/1.1 418 I am a teapot\r\nServer: nginx\r\nContent-Type: text/plain\r\n\r\nteapot\n' >"$TMPD/teapot.http"

long='(http.request.uri.path contains "/coffee") and not (ip.src in {203.0.113.10 198.51.100.0/24 2001:db8::/32})'
py='import time

for attempt in range(3):
    r = brew()
    if r.status != 418:
        break
    time.sleep(2 ** attempt)'
ticks='Use ```coffee``` fences, not `tea`.'

# contains DESCRIPTION TEXT PART: PART (several lines) is in TEXT as it stands.
contains() {
	case "$2" in *"$3"*) ok "$1" ;; *) not_ok "$1" "expected, as it stands:
$3
got:
$2" ;; esac
}

text=$(HTTPDOC_KB_DIR=$KB "$HTTPDOC" probe --replay "$TMPD/teapot.http")
contains "text report: a line wider than the terminal stays one line, at the margin" "$text" "
       [text] Cloudflare custom rule expression
$long
"
contains "text report: a snippet's indentation and blank line stay as written" "$text" "[text] client.py
$py
"
contains "text report: backticks in a snippet stay" "$text" "
$ticks
"
unlike "text report: no snippet line carries a step's number" "$text" '^ *[0-9][0-9]*\. *\((http\|import\|Use `\)'
is "text report: the steps are numbered 1 to 4 across the snippets" \
	"$(printf '%s\n' "$text" | sed -n 's/^    \([0-9][0-9]*\)\. .*/\1/p' | tr '\n' ' ')" "1 2 3 4 "
contains "text report: commands in a row each on their line" "$text" "    4. Reload the server.
       \$ sudo nginx -t
       \$ sudo systemctl reload nginx"
contains "text report: the checks come under their own heading, not as steps" "$text" "    To check the fix:
      - Ask for coffee again; the status should be 200.
      - Probe again with httpdoc."

md=$(HTTPDOC_KB_DIR=$KB "$HTTPDOC" probe --report --replay "$TMPD/teapot.http")
contains "Markdown: a snippet is a fence of its own, with its language" "$md" "
\`\`\`text
$py
\`\`\`
"
contains "Markdown: the file is named above the fence" "$md" "File: \`client.py\`"
contains "Markdown: a fence longer than the backticks inside" "$md" "
\`\`\`\`text
$ticks
\`\`\`\`
"
contains "Markdown: commands in a row share one sh fence" "$md" "\`\`\`sh
sudo nginx -t
sudo systemctl reload nginx
\`\`\`"
contains "Markdown: the steps count on after a fence" "$md" "
2. Let the client wait"
contains "Markdown: the checks are a list under a heading" "$md" "**To check the fix:**

- Ask for coffee again; the status should be 200.
- Probe again with httpdoc."

# explain shows the fix with the very same lines as the text report.
body=$(printf '%s\n' "$text" | sed -n '/^  What to do:$/,$p' | tail -n +2)
ex=$(HTTPDOC_KB_DIR=$KB "$HTTPDOC" explain 418)
contains "explain renders the fix as the text report does" "$ex" "$body"

# JSON: diagnosis.advice stays a list of strings, snippets as written.
HTTPDOC_KB_DIR=$KB "$HTTPDOC" probe --json --replay "$TMPD/teapot.http" >"$TMPD/j.json"
is "JSON: diagnosis.advice has the 4 steps, 3 snippets, 2 commands and 2 checks as strings" \
	"$(jget j diagnosis.advice.10 | cut -c1-6) $("$JSON_GET" "$TMPD/j.json" diagnosis.advice.11 >/dev/null 2>&1; echo $?)" \
	'"Probe 3'
is "JSON: a snippet is one string, as written" "$(jget j diagnosis.advice.3)" \
	'"import time\n\nfor attempt in range(3):\n    r = brew()\n    if r.status != 418:\n        break\n    time.sleep(2 ** attempt)"'

# The shipped knowledge base in every language: the Cloudflare rule
# expression of the 1020 sample stays one copyable line, the steps keep to
# 80 columns (CJK characters count two), the checks have their heading.
expr='(http.request.uri.path contains "/wp-login.php") and not (ip.src in {203.0.113.10 198.51.100.0/24})'
for lang in en zh_CN ja; do
	out=$("$HTTPDOC" --lang "$lang" probe --replay "$HTTPDOC_DEMO_DIR/cloudflare-1020-block.http")
	contains "--lang $lang: the rule expression is one line at the margin" "$out" "
$expr
"
	width=$(printf '%s\n' "$out" | sed -n '/^    1\. /,$p' | grep '^ ' | wc -L)
	is "--lang $lang: the steps and checks fit in 80 columns ($width)" "$([ "$width" -le 80 ] && echo yes)" yes
	is "--lang $lang: two checks, not numbered" "$(printf '%s\n' "$out" | grep -c '^      - ')" 2
done
plan_done
