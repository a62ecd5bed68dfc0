#!/bin/bash
# completion.sh: the bash and zsh completions, driven through each shell's
# own completion system: every option `httpdoc --help` prints is offered and
# none other, each option that takes a value is known as one, file names
# after the options that read a file, the languages, the subcommands, and
# the codes of the knowledge base the program reads.
. "$srcdir/lib.sh"

BASH_SCRIPT=$srcdir/../completion/bash/httpdoc
ZSH_DIR=$srcdir/../completion/zsh
PATH=$(dirname "$HTTPDOC"):$PATH     # the completions ask `httpdoc kb codes`
export PATH

# ------------------------------------------------------------------ what --help says

# One line per option: the option, then "value" or "flag". An option line of
# --help is "  -A, --user-agent UA   text": options separated by ", ", the
# last one's placeholder (if any) naming the value of all; the usage lines
# add the options they show (httpdoc --demo).
"$HTTPDOC" --help >"$TMPD/help"
awk '
/^  -/ {
	spec = substr($0, 3); sub(/  .*/, "", spec)
	n = split(spec, parts, ", ")
	kind = (parts[n] ~ / /) ? "value" : "flag"
	for (i = 1; i <= n; i++) { split(parts[i], w, " "); print w[1], kind }
	next
}
/^(Usage:)? *httpdoc / {
	for (i = 1; i <= NF; i++)
		if ($i ~ /^--?[A-Za-z]/) print $i, ($(i + 1) ~ /^[A-Z]/ ? "value" : "flag")
}' "$TMPD/help" | sort -u -k1,1 >"$TMPD/options"
awk '{print $1}' "$TMPD/options" >"$TMPD/option-names"
like "--help lists options" "$(cat "$TMPD/option-names")" "^--lang$"

# The options whose value names a file or directory.
awk '$2 == "value"' "$TMPD/options" | awk '{print $1}' | while read -r o; do
	grep -E -q -e "(^|[ ,])$o (FILE|PATH|DIR)" "$TMPD/help" && echo "$o"
done >"$TMPD/file-options"
is "--replay and --input read a file" "$(grep -c -x -e --replay -e --input "$TMPD/file-options")" 2

LANGS=$(echo en $(cat "$srcdir/../po/LINGUAS" | sed 's/#.*//') | tr ' ' '\n' | sort | tr '\n' ' ')
CODES_50=$(httpdoc kb codes | grep '^50' | sort | tr '\n' ' ')

# A knowledge base of a few codes, with its schema.
SMALL_KB=$TMPD/small-kb
mkdir -p "$SMALL_KB" && cp "$TESTS_DATA/kb-engine/engine.xml" "$HTTPDOC_KB_DIR/kb.rng" "$SMALL_KB/"

# A scratch directory to complete file names in.
mkdir -p "$TMPD/files/logs"
: >"$TMPD/files/saved.http"
: >"$TMPD/files/urls.txt"

# set_is DESCRIPTION GOT WANT: the same words, in any order.
set_is() {
	is "$1" "$(printf '%s\n' $2 | sort -u | tr '\n' ' ')" "$(printf '%s\n' $3 | sort -u | tr '\n' ' ')"
}
# same_options DESCRIPTION OFFERED: the options offered are those of --help,
# and the failure names the ones missing and the ones too many.
same_options() {
	printf '%s\n' $2 | sort -u >"$TMPD/offered"
	sort -u "$TMPD/option-names" >"$TMPD/wanted"
	local missing extra
	missing=$(comm -13 "$TMPD/offered" "$TMPD/wanted" | tr '\n' ' ')
	extra=$(comm -23 "$TMPD/offered" "$TMPD/wanted" | tr '\n' ' ')
	is "$1" "${missing:+in --help but not offered: $missing}${extra:+offered but not in --help: $extra}" ""
}

# ------------------------------------------------------------------ bash

bash_tests() {
	check "bash: the script parses" bash -n "$BASH_SCRIPT"
	local helpers=
	for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
		[ -f "$f" ] && { helpers=$f; break; }
	done
	if [ -z "$helpers" ]; then
		ok "# SKIP bash-completion is not installed"
		return
	fi
	# bash-completion's helpers are not written for nounset.
	set +u
	. "$helpers"
	. "$BASH_SCRIPT"
	like "bash: the script registers _httpdoc for httpdoc" "$(complete -p httpdoc 2>&1)" "-F _httpdoc httpdoc$"

	# bcomp WORD...: what bash offers for the last word, as bash calls the
	# function: COMP_WORDS, COMP_CWORD, COMP_LINE (else $LINE: bash splits
	# words at '=' too), COMP_POINT, then _httpdoc COMMAND CUR PREV.
	bcomp() {
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE=${LINE:-$*}
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_httpdoc "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf '%s\n' "${COMPREPLY[@]}" | sort
	}

	same_options "bash: the options offered are those of --help" "$(bcomp httpdoc -)"
	set_is "bash: the subcommands" "$(bcomp httpdoc '')" "probe explain kb"
	is "bash: ex completes to explain" "$(bcomp httpdoc ex)" "explain"
	while read -r o kind; do
		if [ "$kind" = value ]; then
			unlike "bash: $o takes a value: no subcommand offered for it" "$(bcomp httpdoc "$o" '')" "^probe$"
			is "bash: $o takes a value: the word after its value is the subcommand" \
				"$(bcomp httpdoc "$o" x explain 50 | tr '\n' ' ')" "$CODES_50"
		else
			is "bash: $o is a flag: the subcommand may follow" \
				"$(bcomp httpdoc "$o" explain 50 | tr '\n' ' ')" "$CODES_50"
		fi
	done <"$TMPD/options"
	while read -r o; do
		set_is "bash: $o completes file names" "$(cd "$TMPD/files" && bcomp httpdoc probe "$o" '')" \
			"logs saved.http urls.txt"
	done <"$TMPD/file-options"
	set_is "bash: --lang offers the languages" "$(bcomp httpdoc --lang '')" "$LANGS"
	is "bash: --lang=z completes zh_CN" "$(LINE='httpdoc --lang=z' bcomp httpdoc --lang = z)" "zh_CN"
	set_is "bash: -X offers methods" "$(bcomp httpdoc probe -X P)" "POST PUT PATCH"
	is "bash: explain 50 offers the knowledge base's codes" "$(bcomp httpdoc explain 50 | tr '\n' ' ')" "$CODES_50"
	is "bash: --lang ja explain 50: the same codes" "$(bcomp httpdoc --lang ja explain 50 | tr '\n' ' ')" "$CODES_50"
	is "bash: nothing after explain's code" "$(bcomp httpdoc explain 504 '')" ""
	set_is "bash: the codes of HTTPDOC_KB_DIR" "$(HTTPDOC_KB_DIR=$SMALL_KB bcomp httpdoc explain '')" \
		"4xx 101 403 403.14 404 1000 1020 dns too-many-redirects"
	set_is "bash: kb offers check and codes" "$(bcomp httpdoc kb '')" "check codes"
	is "bash: kb check completes directories" "$(cd "$TMPD/files" && bcomp httpdoc kb check '')" "logs"
	set -u
}
bash_tests

# ------------------------------------------------------------------ zsh

zsh_tests() {
	if ! command -v zsh >/dev/null 2>&1; then
		ok "# SKIP zsh is not installed"
		return
	fi
	check "zsh: the script parses" zsh -n "$ZSH_DIR/_httpdoc"

	# The requests, one line each (the text typed before Tab), answered in one session.
	{
		echo 'httpdoc -'
		echo 'httpdoc '
		while read -r o kind; do
			echo "httpdoc $o "
			[ "$kind" = value ] && echo "httpdoc $o x explain 50" || echo "httpdoc $o explain 50"
		done <"$TMPD/options"
		while read -r o; do echo "httpdoc probe $o "; done <"$TMPD/file-options"
		echo 'httpdoc --lang '
		echo 'httpdoc --lang=z'
		echo 'httpdoc probe -X P'
		echo 'httpdoc explain 50'
		echo 'httpdoc kb '
		echo 'httpdoc kb check '
	} >"$TMPD/zsh-requests"
	echo 'httpdoc explain ' >"$TMPD/zsh-requests-small"
	(cd "$TMPD/files" && timeout 60 zsh -f "$srcdir/zsh-complete.zsh" "$ZSH_DIR" "$TMPD/zsh-requests") \
		>"$TMPD/zsh-answers" 2>"$TMPD/zsh-err"
	local rc=$?
	(cd "$TMPD/files" && HTTPDOC_KB_DIR=$SMALL_KB timeout 60 zsh -f "$srcdir/zsh-complete.zsh" "$ZSH_DIR" \
		"$TMPD/zsh-requests-small") >>"$TMPD/zsh-answers" 2>>"$TMPD/zsh-err"
	if [ "$rc" = 77 ]; then
		ok "# SKIP zsh has no zsh/zpty module"
		return
	fi
	is "zsh: every request answered" "$rc $(grep -c '^@@ ' "$TMPD/zsh-answers")" \
		"0 $(cat "$TMPD/zsh-requests" "$TMPD/zsh-requests-small" | wc -l | tr -d ' ')"
	# zcomp LINE: the matches zsh offered for that request.
	zcomp() {
		awk -v req="@@ $1" '$0 == req { on = 1; next } /^@@ / { on = 0 } on' "$TMPD/zsh-answers" | sort -u
	}
	same_options "zsh: the options offered are those of --help" "$(zcomp 'httpdoc -')"
	set_is "zsh: the subcommands" "$(zcomp 'httpdoc ')" "probe explain kb"
	while read -r o kind; do
		if [ "$kind" = value ]; then
			unlike "zsh: $o takes a value: no subcommand offered for it" "$(zcomp "httpdoc $o ")" "^probe$"
			is "zsh: $o takes a value: the word after its value is the subcommand" \
				"$(zcomp "httpdoc $o x explain 50" | sort | tr '\n' ' ')" "$CODES_50"
		elif [ "$o" = --help ] || [ "$o" = --version ]; then
			is "zsh: $o ends the command line" "$(zcomp "httpdoc $o explain 50")" ""
		else
			is "zsh: $o is a flag: the subcommand may follow" \
				"$(zcomp "httpdoc $o explain 50" | sort | tr '\n' ' ')" "$CODES_50"
		fi
	done <"$TMPD/options"
	while read -r o; do
		set_is "zsh: $o completes file names" "$(zcomp "httpdoc probe $o ")" "logs saved.http urls.txt"
	done <"$TMPD/file-options"
	set_is "zsh: --lang offers the languages" "$(zcomp 'httpdoc --lang ')" "$LANGS"
	is "zsh: --lang=z completes zh_CN" "$(zcomp 'httpdoc --lang=z')" "zh_CN"
	set_is "zsh: -X offers methods" "$(zcomp 'httpdoc probe -X P')" "POST PUT PATCH"
	is "zsh: explain 50 offers the knowledge base's codes" "$(zcomp 'httpdoc explain 50' | sort | tr '\n' ' ')" "$CODES_50"
	set_is "zsh: the codes of HTTPDOC_KB_DIR" "$(zcomp 'httpdoc explain ')" \
		"4xx 101 403 403.14 404 1000 1020 dns too-many-redirects"
	set_is "zsh: kb offers check and codes" "$(zcomp 'httpdoc kb ')" "check codes"
	is "zsh: kb check completes directories" "$(zcomp 'httpdoc kb check ')" "logs"
}
zsh_tests

plan_done
