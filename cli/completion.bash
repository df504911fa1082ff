# bash completion for kcg: commands, their options, and function names
# from the database (the one given with --db, else the last indexed).
# Installed as share/bash-completion/completions/kcg; or source it.
# The words come from kcg itself (kcg complete ...), so they follow the
# command table of the kcg that is run.

_kcg()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=
	local kcg=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} db=() i

	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$("$kcg" complete commands 2>/dev/null) help" -- "$cur"))
		return
	fi
	case $prev in
	--db|--compdb|-o|--output|--flows|--url)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--kernel|--root|--scope)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$("$kcg" complete options "$cmd" 2>/dev/null)" -- "$cur"))
		return
	fi
	for ((i = 2; i < ${#COMP_WORDS[@]} - 1; i++)); do
		[ "${COMP_WORDS[i]}" = --db ] && db=(--db "${COMP_WORDS[i + 1]}")
	done
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "$("$kcg" complete commands 2>/dev/null)" -- "$cur")) ;;
	index|merge|sql)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	render)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "path flow callers callees" -- "$cur"))
		elif [ "${COMP_WORDS[2]}" != flow ]; then
			COMPREPLY=($("$kcg" complete names "$cur" "${db[@]}" 2>/dev/null))
		fi ;;
	*)
		COMPREPLY=($("$kcg" complete names "$cur" "${db[@]}" 2>/dev/null)) ;;
	esac
}
complete -F _kcg kcg
