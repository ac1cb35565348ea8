#include "completion_scripts.h"
#include "completion_text.h"

namespace eventctl::cli {

namespace {

// The assignments that describe a value to _eventctl_complete_value.
std::string value_assignments(const CompletionValues& values) {
    std::vector<std::string> assignments;
    if (!values.value_name.empty()) {
        assignments.push_back("_eventctl_label=" + single_quoted(values.value_name));
    }
    if (!values.words.empty()) {
        std::vector<std::string> quoted;
        for (const auto& word : values.words) {
            quoted.push_back(single_quoted(word));
        }
        assignments.push_back("_eventctl_words=(" + join(quoted, " ") + ")");
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
    return join(assignments, "; ");
}

// "name:summary" entries for _describe, one per line.
std::string described(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string text = "reply=(";
    for (const auto& [name, description] : entries) {
        text += "\n        " + single_quoted(name + ":" + summary(description));
    }
    return text + "\n    )";
}

std::string subcommands_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto* command : all_commands(root)) {
        std::vector<std::pair<std::string, std::string>> entries;
        for (const auto& sub : command->subcommands) {
            entries.emplace_back(sub.name, sub.description);
        }
        if (!entries.empty()) {
            branches.push_back({{single_quoted(command->path)}, described(entries)});
        }
    }
    return "# The subcommands of command $1, as name:description.\n"
           "_eventctl_subcommands() {\n" +
           case_statement("$1", branches, "reply=()") + "}\n";
}

std::string options_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto* command : all_commands(root)) {
        std::vector<std::pair<std::string, std::string>> entries;
        for (const auto& option : command->options) {
            for (const auto& name : option.names) {
                entries.emplace_back(name, option.description);
            }
        }
        if (!entries.empty()) {
            branches.push_back({{single_quoted(command->path)}, described(entries)});
        }
    }
    return "# The options command $1 declares itself, as name:description.\n"
           "_eventctl_options() {\n" +
           case_statement("$1", branches, "reply=()") + "}\n";
}

const char* const reset_value =
    "    _eventctl_words=(); _eventctl_files=0; _eventctl_consumers=0; _eventctl_delimiter=''; "
    "_eventctl_label=''\n";

std::string option_value_function(const CompletionCommand& root) {
    std::vector<CaseBranch> branches;
    for (const auto& value_option : value_options(root)) {
        branches.push_back(
            {option_patterns(value_option), value_assignments(value_option.option->values)});
    }
    return "# Describes the value option $2 of command $1 takes; fails for a flag or an unknown\n"
           "# option.\n"
           "_eventctl_option_value() {\n" +
           std::string(reset_value) + case_statement("\"$1|$2\"", branches, "return 1") + "}\n";
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
           "_eventctl_argument_value() {\n" +
           std::string(reset_value) + case_statement("\"$1|$2\"", branches, "return 1") + "}\n";
}

// The part that does not depend on the tree: walking the words, offering candidates. No local
// may be called path or options: zsh ties those to $PATH and to the shell's options.
const char* const zsh_engine = R"ZSH(
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

# Prints the consumers of the database the command line points at, one a line: quickly, and
# nothing at all when there is no database or it does not answer.
_eventctl_consumer_names() {
    local program=${(Q)words[1]} line name
    local -a run lines
    if [[ $program == '~/'* ]]; then
        program=$HOME/${program#'~/'}
    fi
    run=("$program" "${_eventctl_forward[@]}" @LOOKUP@)
    if (( $+commands[timeout] )); then
        run=(timeout 2 "${run[@]}")
    fi
    lines=("${(@f)$(PGCONNECT_TIMEOUT=2 "${run[@]}" 2>/dev/null </dev/null)}")
    for line in "${(@)lines[2,-1]}"; do
        name=${line%%,*}
        name=${name#\"}
        name=${name%\"}
        if [[ -n $name ]]; then
            print -r -- "$name"
        fi
    done
}

# Offers the values _eventctl_*_value described.
_eventctl_complete_value() {
    local -a expl names
    local ret=1
    if [[ -n $_eventctl_delimiter ]]; then
        compset -P "*${(b)_eventctl_delimiter}"
    fi
    if (( $#_eventctl_words )); then
        _wanted values expl "${_eventctl_label:-value}" compadd -a _eventctl_words && ret=0
    fi
    if (( _eventctl_files )); then
        _files && ret=0
    fi
    if (( _eventctl_consumers )); then
        names=("${(@f)$(_eventctl_consumer_names)}")
        names=(${names:#})
        _wanted consumers expl 'consumer' compadd -a names && ret=0
    fi
    if (( ! $#_eventctl_words && ! _eventctl_files && ! _eventctl_consumers )); then
        _message -e values "${_eventctl_label:-value}"
    fi
    return ret
}

# Offers the options that complete the word: those of the nearest command in scope that has
# any, so "outbox purge --st" means purge's --status, and global options when nothing nearer fits.
_eventctl_complete_options() {
    local scope
    local -a candidates
    for scope in "${_eventctl_scopes[@]}"; do
        _eventctl_options "$scope"
        candidates=(${(M)reply:#${(b)PREFIX}*})
        if (( $#candidates )); then
            _describe -t options 'option' candidates
            return
        fi
    done
    return 1
}

_eventctl() {
    local cur=${words[CURRENT]} word command_path='' i=2 positionals=0 options_ended=0
    local -a _eventctl_scopes _eventctl_forward _eventctl_words reply names subcommands
    local _eventctl_files _eventctl_consumers _eventctl_delimiter _eventctl_label
    _eventctl_scopes=('')

    # The words before the cursor: commands, options with the values they take, arguments.
    while (( i < CURRENT )); do
        word=${words[i]}
        if (( ! options_ended )); then
            case $word in
            (--)
                options_ended=1
                i=$(( i + 1 ))
                continue
                ;;
            (-?*=*)
                if _eventctl_forwarded "${word%%=*}"; then
                    _eventctl_forward+=("${word%%=*}" "${(Q)${word#*=}}")
                fi
                i=$(( i + 1 ))
                continue
                ;;
            (-?*)
                if _eventctl_find_option "$word" && (( i + 1 < CURRENT )); then
                    i=$(( i + 1 ))
                    if _eventctl_forwarded "$word"; then
                        _eventctl_forward+=("$word" "${(Q)words[i]}")
                    fi
                fi
                i=$(( i + 1 ))
                continue
                ;;
            esac
        fi
        _eventctl_subcommands "$command_path"
        names=("${(@)reply%%:*}")
        if (( ! options_ended && ${names[(Ie)$word]} )); then
            command_path=${command_path:+$command_path }$word
            if _eventctl_inherits "$command_path"; then
                _eventctl_scopes=("$command_path" "${_eventctl_scopes[@]}")
            else
                _eventctl_scopes=("$command_path")
            fi
            positionals=0
        else
            positionals=$(( positionals + 1 ))
        fi
        i=$(( i + 1 ))
    done

    if (( ! options_ended )); then
        # The value of an option: after "--opt=" or "--opt ".
        if [[ $cur == -?*=* ]] && _eventctl_find_option "${cur%%=*}"; then
            compset -P "${(b)cur%%=*}="
            _eventctl_complete_value
            return
        fi
        if (( CURRENT > 2 )) && [[ ${words[CURRENT-1]} == -?* ]] &&
            _eventctl_find_option "${words[CURRENT-1]}"; then
            _eventctl_complete_value
            return
        fi
        if [[ $cur == -* ]]; then
            _eventctl_complete_options
            return
        fi
        _eventctl_subcommands "$command_path"
        subcommands=("${reply[@]}")
        if (( $#subcommands )); then
            _describe -t commands 'eventctl command' subcommands
            return
        fi
    fi
    if _eventctl_argument_value "$command_path" "$positionals"; then
        _eventctl_complete_value
        return
    fi
    # Nothing else fits here: what the command can still be told.
    if (( ! options_ended )); then
        _eventctl_complete_options
    fi
}

if [[ ${funcstack[1]} == _eventctl ]]; then
    _eventctl "$@"
else
    compdef _eventctl eventctl
fi
)ZSH";

} // namespace

std::string zsh_completion_script(const CompletionCommand& root) {
    return "#compdef eventctl\n" + generated_notice("zsh") +
           "# Install as _eventctl in a directory of $fpath (Debian: "
           "share/zsh/vendor-completions),\n"
           "# or: source <(eventctl completion zsh) after compinit.\n\n" +
           subcommands_function(root) + "\n" + options_function(root) + "\n" +
           sh_inherits_function(root) + "\n" + option_value_function(root) + "\n" +
           argument_value_function(root) + "\n" + sh_forwarded_function(root) +
           with_consumer_lookup(zsh_engine);
}

} // namespace eventctl::cli
