# Prints what bash would offer on Tab for each command line given, by calling the completion
# function registered for eventctl the way readline does: the words of the line split at blanks,
# the cursor at its end. Each line's candidates, one a line, end with a line holding "--end--".
#
# Usage: bash --norc bash_candidates.bash COMPLETION_SCRIPT LINE...
source "$1" || exit 1
shift
registered=$(complete -p eventctl 2>/dev/null) || {
    echo "bash_candidates: the script registered no completion for eventctl" >&2
    exit 1
}
function=${registered#*-F }
function=${function%% *}
for line in "$@"; do
    read -ra COMP_WORDS <<<"$line"
    if [[ -z $line || $line == *' ' ]]; then
        COMP_WORDS+=('')
    fi
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    "$function" eventctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    if ((${#COMPREPLY[@]})); then
        printf '%s\n' "${COMPREPLY[@]}"
    fi
    printf -- '--end--\n'
done
