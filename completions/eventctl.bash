# bash completion for eventctl: the candidates come from 'eventctl __complete'.
# 'eventctl completion bash' prints this file, compiled into the binary.
# Install as share/bash-completion/completions/eventctl, or: source <(eventctl completion bash)

_eventctl() {
    local i word line out words=() program=${COMP_WORDS[0]/#\~/$HOME}
    # bash splits --db=URL and host:port at '=' and ':'; eventctl wants the words as typed.
    for ((i = 1; i <= COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if ((${#words[@]})) && [[ $word =~ ^[=:]+$ || ${COMP_WORDS[i - 1]} =~ ^[=:]+$ ]]; then
            words[-1]+=$word
        else
            [[ $word == \'*\' || $word == \"*\" ]] && word=${word:1:-1}
            words+=("$word")
        fi
    done
    # The word readline replaces starts after the last '=' or ':'.
    local cur=${COMP_WORDS[COMP_CWORD]}
    [[ $cur =~ ^[=:]+$ ]] && cur=''
    out=$("$program" __complete "${words[@]}" 2>/dev/null) || return
    while IFS= read -r line; do
        [[ -n $line ]] && COMPREPLY+=("${line%%$'\t'*}")
    done <<<"${out%:*}"
    COMPREPLY=("${COMPREPLY[@]#"${words[-1]%"$cur"}"}")
    if ((${out##*:} & 8)); then
        compopt -o filenames 2>/dev/null
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
    fi
}

complete -F _eventctl eventctl
