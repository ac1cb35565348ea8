#include "completion_scripts.h"
#include "completion_text.h"

namespace eventctl::cli {

namespace {

// The variable assignments that describe a value to _eventctl_complete_value.
std::string value_assignments(const CompletionValues& values) {
    std::vector<std::string> assignments;
    if (!values.words.empty()) {
        assignments.push_back("_eventctl_words=" + single_quoted(join(values.words, " ")));
    }
    if (values.files) {
        assignments.push_back("_eventctl_files=1");
    }
    if (values.consumers) {
        assignments.push_back("_eventctl_consumers=1");
    }
    if (values.delimiter != '\0') {
        assignments.push_back("_eventctl_delimiter=" +
                              single_quoted(std::string(1, values.delimiter)));
    }
    return join(assignments, " ");
}

std::string subcommands_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto* command : all_commands(root)) {
        std::vector<std::string> names;
        for (const auto& sub : command->subcommands) {
            names.push_back(sub.name);
        }
        if (!names.empty()) {
            branches.push_back({{single_quoted(command->path)},
                                "_eventctl_reply=" + single_quoted(join(names, " "))});
        }
    }
    return "# The subcommands of command $1.\n"
           "_eventctl_subcommands() {\n" +
           case_statement("$1", branches, "_eventctl_reply=''") + "}\n";
}

std::string options_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto* command : all_commands(root)) {
        std::vector<std::string> names;
        for (const auto& option : command->options) {
            names.insert(names.end(), option.names.begin(), option.names.end());
        }
        if (!names.empty()) {
            branches.push_back({{single_quoted(command->path)},
                                "_eventctl_reply=" + single_quoted(join(names, " "))});
        }
    }
    return "# The options command $1 declares itself.\n"
           "_eventctl_options() {\n" +
           case_statement("$1", branches, "_eventctl_reply=''") + "}\n";
}

std::string option_value_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto& value_option : value_options(root)) {
        branches.push_back(
            {option_patterns(value_option), value_assignments(value_option.option->values)});
    }
    return "# Describes the value option $2 of command $1 takes; fails for a flag or an unknown\n"
           "# option.\n"
           "_eventctl_option_value() {\n"
           "    _eventctl_words='' _eventctl_files=0 _eventctl_consumers=0 "
           "_eventctl_delimiter=''\n" +
           case_statement("\"$1|$2\"", branches, "return 1") + "}\n";
}

std::string argument_value_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto& value_argument : value_arguments(root)) {
        auto patterns = argument_patterns(value_argument);
        auto body = value_assignments(value_argument.argument->values);
        if (!patterns.guard.empty()) {
            body = patterns.guard + "; " + body;
        }
        branches.push_back({patterns.patterns, body});
    }
    return "# Describes positional argument $2 (counting from 0) of command $1; fails when there "
           "is\n"
           "# nothing to offer.\n"
           "_eventctl_argument_value() {\n"
           "    _eventctl_words='' _eventctl_files=0 _eventctl_consumers=0 "
           "_eventctl_delimiter=''\n" +
           case_statement("\"$1|$2\"", branches, "return 1") + "}\n";
}

// The part that does not depend on the tree: walking the words, offering candidates.
const char* const bash_engine = R"BASH(
# Finds option $1 among the commands in scope and describes its value; fails for a flag.
_eventctl_find_option() {
    local scope
    for scope in "${_eventctl_scopes[@]}"; do
        if _eventctl_option_value "$scope" "$1"; then
            return 0
        fi
    done
    return 1
}

# Removes the quotes a connection string is usually typed in.
_eventctl_dequote() {
    _eventctl_reply=$1
    case $_eventctl_reply in
    \'*\' | \"*\") _eventctl_reply=${_eventctl_reply:1:${#_eventctl_reply}-2} ;;
    esac
}

# Prints the consumers of the database the command line points at, one a line: quickly, and
# nothing at all when there is no database or it does not answer.
_eventctl_consumer_names() {
    local program=${COMP_WORDS[0]} header name rest
    if [[ $program == '~/'* ]]; then
        program=$HOME/${program#'~/'}
    fi
    local -a run=("$program" "${_eventctl_forward[@]}" @LOOKUP@)
    if type -P timeout >/dev/null; then
        run=(timeout 2 "${run[@]}")
    fi
    PGCONNECT_TIMEOUT=2 "${run[@]}" 2>/dev/null </dev/null | {
        read -r header
        while IFS=, read -r name rest; do
            name=${name#\"}
            printf '%s\n' "${name%\"}"
        done
    }
}

# Adds to COMPREPLY each of the blank-separated words $3 that starts with $2, after prefix $1.
# No compgen in a subshell: a fork per Tab is what makes completion feel slow.
_eventctl_add_matching() {
    local word
    local -a words
    read -ra words <<<"$3"
    for word in "${words[@]}"; do
        if [[ $word == "$2"* ]]; then
            COMPREPLY+=("$1$word")
        fi
    done
}

# Offers the values _eventctl_*_value described that complete word $1, each after prefix $2.
_eventctl_complete_value() {
    local cur=$1 prefix=$2 name
    if [[ -n $_eventctl_delimiter && $cur == *"$_eventctl_delimiter"* ]]; then
        prefix+=${cur%"$_eventctl_delimiter"*}$_eventctl_delimiter
        cur=${cur##*"$_eventctl_delimiter"}
    fi
    _eventctl_add_matching "$prefix" "$cur" "$_eventctl_words"
    if ((_eventctl_files)); then
        compopt -o filenames 2>/dev/null
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -P "$prefix" -f -- "$cur")
    fi
    if ((_eventctl_consumers)); then
        while IFS= read -r name; do
            if [[ -n $name && $name == "$cur"* ]]; then
                COMPREPLY+=("$prefix$name")
            fi
        done < <(_eventctl_consumer_names)
    fi
}

# Offers the options that complete word $1: those of the nearest command in scope that has any,
# so "outbox purge --st" means purge's --status, and global options when nothing nearer fits.
_eventctl_complete_options() {
    local scope
    for scope in "${_eventctl_scopes[@]}"; do
        _eventctl_options "$scope"
        _eventctl_add_matching '' "$1" "$_eventctl_reply"
        if ((${#COMPREPLY[@]})); then
            return 0
        fi
    done
}

_eventctl() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev='' word option='' prefix='' i
    local path='' positionals=0 options_ended=0
    local -a _eventctl_scopes=('') _eventctl_forward=()
    local _eventctl_reply _eventctl_words _eventctl_files _eventctl_consumers _eventctl_delimiter
    COMPREPLY=()

    # The words before the cursor: commands, options with the values they take, arguments.
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if ((!options_ended)); then
            case $word in
            --)
                options_ended=1
                continue
                ;;
            -?*=*)
                if _eventctl_forwarded "${word%%=*}"; then
                    _eventctl_dequote "${word#*=}"
                    _eventctl_forward+=("${word%%=*}" "$_eventctl_reply")
                fi
                continue
                ;;
            -?*)
                if _eventctl_find_option "$word" && ((i + 1 < COMP_CWORD)); then
                    option=$word
                    i=$((i + 1))
                    # bash splits --db=URL into three words at the '='.
                    if [[ ${COMP_WORDS[i]} == = ]] && ((i + 1 < COMP_CWORD)); then
                        i=$((i + 1))
                    fi
                    if _eventctl_forwarded "$option"; then
                        _eventctl_dequote "${COMP_WORDS[i]}"
                        _eventctl_forward+=("$option" "$_eventctl_reply")
                    fi
                fi
                continue
                ;;
            esac
        fi
        _eventctl_subcommands "$path"
        if ((!options_ended)) && [[ " $_eventctl_reply " == *" $word "* ]]; then
            path=${path:+$path }$word
            if _eventctl_inherits "$path"; then
                _eventctl_scopes=("$path" "${_eventctl_scopes[@]}")
            else
                _eventctl_scopes=("$path")
            fi
            positionals=0
        else
            positionals=$((positionals + 1))
        fi
    done

    # The value of an option: after "--opt ", "--opt=" (split by bash or not).
    option=''
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    if ((!options_ended)); then
        if [[ $cur == = && $prev == -?* ]]; then
            option=$prev
            cur=''
        elif [[ $prev == = ]] && ((COMP_CWORD > 2)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == -?* ]]; then
            option=${COMP_WORDS[COMP_CWORD - 2]}
        elif [[ $cur == -?*=* ]]; then
            option=${cur%%=*}
            prefix=$option=
            cur=${cur#*=}
        elif [[ $prev == -?* ]] && ((COMP_CWORD > 1)); then
            option=$prev
        fi
    fi
    if [[ -n $option ]] && _eventctl_find_option "$option"; then
        _eventctl_complete_value "$cur" "$prefix"
        return 0
    fi
    cur=${COMP_WORDS[COMP_CWORD]}
    if [[ $cur == -* ]] && ((!options_ended)); then
        _eventctl_complete_options "$cur"
        return 0
    fi
    _eventctl_subcommands "$path"
    if [[ -n $_eventctl_reply ]] && ((!options_ended)); then
        _eventctl_add_matching '' "$cur" "$_eventctl_reply"
        return 0
    fi
    if _eventctl_argument_value "$path" "$positionals"; then
        _eventctl_complete_value "$cur" ''
        return 0
    fi
    # Nothing else fits here: what the command can still be told.
    if ((!options_ended)); then
        _eventctl_complete_options "$cur"
    fi
    return 0
}

complete -F _eventctl eventctl
)BASH";

} // namespace

std::string bash_completion_script(const CompletionCommand& root) {
    return generated_notice("bash") +
           "# Install as share/bash-completion/completions/eventctl, or: source <(eventctl "
           "completion bash)\n\n" +
           subcommands_function(root) + "\n" + options_function(root) + "\n" +
           sh_inherits_function(root) + "\n" + option_value_function(root) + "\n" +
           argument_value_function(root) + "\n" + sh_forwarded_function(root) +
           with_consumer_lookup(bash_engine);
}

} // namespace eventctl::cli
