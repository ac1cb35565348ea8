# Sourced into an interactive zsh by the shell tests: from then on, every candidate the
# completion system would add on Tab is appended to the file $EVENTCTL_CAPTURE, one a line,
# instead of being added, so the command line and the screen stay as they were.
compadd() {
    # Calls that only compute matches into arrays (-O, -A, -D) are the completion system's own.
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return $?
    fi
    local -a hits
    builtin compadd -A hits "$@"
    local ret=$? hit
    for hit in "${hits[@]}"; do
        print -r -- "$hit" >>"$EVENTCTL_CAPTURE"
    done
    return ret
}
