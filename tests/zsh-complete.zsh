# zsh-complete.zsh FPATH-DIR REQUESTS: complete each line of the file
# REQUESTS (the text typed before Tab) with zsh's own completion system, in
# a pseudo-terminal, the completion functions of FPATH-DIR first; print
# "@@ LINE" and then every match offered, one per line. compadd is wrapped
# so that each match it adds is printed as it is added.
zmodload zsh/zpty || exit 77
setup=$(mktemp "${TMPDIR:-/tmp}/zsh-complete.XXXXXX") || exit 3
trap 'zpty -d z 2>/dev/null; rm -f $setup' EXIT
cat >$setup <<SETUP
PS1= PROMPT= RPROMPT= PROMPT_EOL_MARK=
fpath=(${(q)1} \$fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
	# -O, -A, -D: the caller collects the matches itself
	local i=\${@[(i)(-|--)]}
	if [[ " \${@[1,i-1]} " == *" -"[OAD]" "* ]]; then builtin compadd "\$@"; return; fi
	local -a hits
	builtin compadd -A hits "\$@"
	(( \$#hits )) || return 1
	local h; for h in \$hits; do print -r -- "MATCH:\$h"; done
	builtin compadd "\$@"
}
# Both lists are emptied by each completion: the last one sets them again.
begin_mark() { print -r -- "COMP:""BEGIN"; }
end_mark() { print -r -- "COMP:""END"; compprefuncs=(begin_mark) comppostfuncs=(end_mark); }
compprefuncs=(begin_mark) comppostfuncs=(end_mark)
bindkey '^I' complete-word
bindkey '^U' kill-whole-line
print -r -- "READY:""READY"
SETUP
zpty z zsh -f -i
zpty -w z "source ${(q)setup}"
line=
until [[ $line == *READY:READY* ]]; do zpty -r z line || exit 3; done
while IFS= read -r req; do
	print -r -- "@@ $req"
	zpty -w -n z "$req"$'\t'
	line=
	until [[ $line == *COMP:BEGIN* ]]; do zpty -r z line || exit 3; done
	while zpty -r z line; do
		[[ $line == *COMP:END* ]] && break
		[[ $line == *MATCH:* ]] && { line=${line#*MATCH:}; print -r -- ${line%%$'\r'*}; }
	done
	zpty -w -n z $'\C-u'
done <$2
