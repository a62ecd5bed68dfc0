#!/bin/sh
# explain.sh: `explain CODE` prints the whole advice of the shipped knowledge
# base: for every code with a tree, in English, Chinese and Japanese, every
# question of the outline with its choices and every fix in full (checked
# against the JSON of the same code by tests/explain-check), each fix once;
# samples by content; one fix by its id; the short form; the JSON outline.
. "$srcdir/lib.sh"
CHECK=$builddir/explain-check
[ -x "$CHECK" ] || skip_all "no explain-check helper"

# The codes with a tree: their JSON names its first node.
codes=""
for code in $("$HTTPDOC" kb codes); do
	"$HTTPDOC" explain "$code" --json >"$TMPD/e.json"
	[ "$(jget e tree)" = null ] || codes="$codes $code"
done
[ -n "$codes" ] || skip_all "no knowledge base"
for lang in en zh_CN ja; do
	bad="" trees=0 fixes=0
	for code in $codes; do
		"$HTTPDOC" --lang $lang explain "$code" --json >"$TMPD/e.json"
		"$HTTPDOC" --lang $lang explain "$code" >"$TMPD/e.txt"
		if ! "$CHECK" "$TMPD/e.json" "$TMPD/e.txt" 78 >"$TMPD/check.out"; then
			bad="$bad
$code: $(grep -v '^[0-9]* questions' "$TMPD/check.out" | head -n 3)"
			continue
		fi
		# "Q questions, F fixes": with questions, each fix has its own heading.
		set -- $(cat "$TMPD/check.out")
		[ "$1" -gt 0 ] || continue
		trees=$((trees + 1)) fixes=$((fixes + $3))
		if [ $lang = en ]; then
			headings=$(grep -c '^  Fix [0-9][0-9]*: ' "$TMPD/e.txt")
			[ "$headings" = "$3" ] || bad="$bad
$code: $headings fix headings for $3 fixes"
		fi
	done
	is "--lang $lang: explain shows every question and fix, in full and once, in 78 columns, of $trees trees ($fixes fixes)" \
		"$bad" ""
done

# Samples, by content, in each language (snippets and commands are never translated).
for lang in en zh_CN ja; do
	out=$("$HTTPDOC" --lang $lang explain 504)
	like "--lang $lang: 504 shows php-fpm's request_terminate_timeout" "$out" '^request_terminate_timeout = '
	like "--lang $lang: 504 shows nginx's fastcgi_read_timeout" "$out" 'fastcgi_read_timeout'
	for code in 521 522; do
		out=$("$HTTPDOC" --lang $lang explain $code)
		range=$(sed -n '/^[0-9]/{p;q}' "$HTTPDOC_KB_DIR/cloudflare-ips.txt")
		like "--lang $lang: $code shows Cloudflare's ranges ($range) as rules" "$out" "^iptables -I INPUT .* -s $range -j ACCEPT$"
	done
	out=$("$HTTPDOC" --lang $lang explain 403)
	like "--lang $lang: 403 shows a ModSecurity exclusion" "$out" '^SecRuleRemoveById '
	like "--lang $lang: 403 shows an .htaccess rule, under its file" "$out" '^ *\[htaccess\] /var/www/example.com/\.htaccess$'
done

# The outline names every node, and where each answer leads.
out=$("$HTTPDOC" explain 504)
like "the outline numbers the questions" "$out" '^  Question 1: Who wrote the 504 page'
like "and names their ids" "$out" '^  *\[504-start\]$'
like "a choice leads to a question by its number and id" "$out" '^       → Question 2 \[504-cf-origin\]$'
like "a choice leads to a fix by its number, title and id" "$out" '^       → Fix [0-9]*: Give a long-running PHP task'
like "what a probe would answer is said" "$out" '^    A probe answers this from: cloudflare.generated_by$'
like "the end says how to walk it in the wizard" "$out" 'httpdoc 504'
unlike "no line ends in blanks" "$out" ' $'
out=$("$HTTPDOC" explain cf1020)
like "a code that answers its own question says so" "$out" '^What the code itself answers$'
like "and shows the one fix it leads to" "$out" '^(http.request.uri.path contains "/wp-login.php") and not (ip.src in {203.0.113.10 198.51.100.0/24})$'

# --brief: the short form, as explain was before.
out=$("$HTTPDOC" explain 504 --brief)
like "--brief: the first question" "$out" '^First question$'
like "--brief: the fixes by title" "$out" '^  - Size and tune the PHP-FPM pool'
unlike "--brief: no steps" "$out" 'request_terminate_timeout'
is "--brief is shorter" "$([ "$(printf '%s\n' "$out" | wc -l)" -lt 60 ] && echo yes)" yes

# One fix by its id.
out=$("$HTTPDOC" explain 504-php-timeouts); rc=$?
is "explain FIX-ID: exit 0" "$rc" 0
like "explain FIX-ID: the title and id" "$out" '^Give a long-running PHP task enough time, or move it out of the request$'
like "explain FIX-ID: the codes that lead to it" "$out" '^  Reached from the trees of: 504$'
like "explain FIX-ID: its snippet as it stands" "$out" '^request_terminate_timeout = 300s$'
"$HTTPDOC" explain 504-php-timeouts --json >"$TMPD/fix.json"
is "explain FIX-ID --json: the fix" "$(jget fix id)" '"504-php-timeouts"'
is "explain FIX-ID --json: its codes" "$(jget fix codes)" '["504"]'
like "explain FIX-ID --json: its snippets" "$(jget fix snippets.1.text)" 'request_terminate_timeout'
"$HTTPDOC" explain 504-start >"$TMPD/out" 2>"$TMPD/err"; rc=$?
is "explain QUESTION-ID: exit 2" "$rc" 2
like "explain QUESTION-ID: points at the code's tree" "$(cat "$TMPD/err")" "'504-start' is a question of the tree of 504: httpdoc explain 504"

# JSON: the same keys as before, plus the whole outline and what the code answers.
"$HTTPDOC" explain 504 --json >"$TMPD/504.json"
is "JSON: questions is still the first question" "$(jget 504 questions.id)" '"504-start"'
is "JSON: outline lists every question, the first one first" "$(jget 504 outline.0.id) $(jget 504 outline.5.id)" \
	'"504-start" "504-apache"'
is "JSON: advice lists every fix" "$(jget 504 advice.9.id)" '"504-cf-edge"'
is "JSON: answered is empty when the code answers nothing" "$(jget 504 answered)" '[]'
"$HTTPDOC" explain 1020 --json >"$TMPD/1020.json"
is "JSON: what 1020 answers itself" "$(jget 1020 answered.0.id)" '"cf-block-start"'
is "JSON: no outline when the code leads straight to a fix" "$(jget 1020 outline)" '[]'
"$HTTPDOC" explain 403 --json >"$TMPD/403.json"
is "JSON: advice is not cut short (403 has 52 fixes)" "$(jget 403 advice.51.id | cut -c1 )$("$JSON_GET" "$TMPD/403.json" advice.52 >/dev/null 2>&1; echo $?)" '"3'

# Not a terminal: never paged (PAGER would record it).
printf '#!/bin/sh\necho called >>"%s"\ncat\n' "$TMPD/pager.calls" >"$TMPD/pager"
chmod +x "$TMPD/pager"
PAGER=$TMPD/pager "$HTTPDOC" explain 504 >"$TMPD/piped.txt"
is "in a pipe the pager is not used" "$(cat "$TMPD/pager.calls" 2>/dev/null)" ""
like "and the text is all there" "$(tail -n 2 "$TMPD/piped.txt")" 'One fix alone'
plan_done
