#include "commands.h"
#include "option_values.h"

#include <algorithm>
#include <memory>

namespace eventctl::cli {

namespace {

// Each script only hands the words of the line to `eventctl __complete` and its answer to the
// shell (completion_candidates.h), so it never needs regenerating when the commands change.
const std::vector<std::pair<std::string, std::string>> scripts = {
    {"bash", R"sh(# bash completion for eventctl: the candidates come from 'eventctl __complete'.
# Printed by 'eventctl completion bash'; regenerate with scripts/update-completions.sh.
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
)sh"},
    {"zsh", R"sh(#compdef eventctl
# zsh completion for eventctl: the candidates come from 'eventctl __complete'.
# Printed by 'eventctl completion zsh'; regenerate with scripts/update-completions.sh.
# Install as _eventctl in a directory of $fpath, or: source <(eventctl completion zsh)

_eventctl() {
    local line value
    local -a lines described
    lines=("${(@f)$("${words[1]}" __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    for line in "${(@)lines[1,-2]}"; do
        # _describe reads value:description; a colon in the value is escaped.
        value=${line%%$'\t'*}
        described+=("${value//:/\\:}${${line:${#value}}/$'\t'/:}")
    done
    _describe -t values eventctl described
    if (( ${lines[-1]#:} & 8 )); then
        compset -P '-*='
        _files
    fi
}

if [[ ${funcstack[1]} == _eventctl ]]; then
    _eventctl "$@"
else
    compdef _eventctl eventctl
fi
)sh"},
    {"fish", R"sh(# fish completion for eventctl: the candidates come from 'eventctl __complete'.
# Printed by 'eventctl completion fish'; regenerate with scripts/update-completions.sh.
# Install as share/fish/vendor_completions.d/eventctl.fish, or: eventctl completion fish | source

function __eventctl_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l lines (command $words[1] __complete $words[2..-1] 2>/dev/null)
    or return
    set -l directive (string sub -s 2 -- $lines[-1])
    string join \n -- $lines[1..-2]
    if test (math "bitand($directive, 8)") -ne 0
        set -l token (commandline -ct)
        set -l option (string match -r -- '^-[^=]*=' $token)
        for path in (__fish_complete_path (string sub -s (math (string length -- "$option") + 1) -- $token))
            echo "$option$path"
        end
    end
end

complete -c eventctl -f -a '(__eventctl_complete)'
)sh"},
};

} // namespace

void add_completion_command(CLI::App& app, CliState& state) {
    auto* completion =
        app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
    // The command's one argument lives with its callback: no other command needs it.
    auto shell = std::make_shared<std::string>();
    std::vector<std::string> shells;
    for (const auto& script : scripts) {
        shells.push_back(script.first);
    }
    auto* argument =
        completion->add_option("shell", *shell, "The shell to complete for: bash, zsh or fish");
    accept_only(*completion, argument, shells)->option_text("SHELL")->required();
    completion->footer("The script completes commands, options, their values and file names, and "
                       "consumer names from the database the command line points at.\n\n"
                       "Examples:\n"
                       "  source <(eventctl completion bash)\n"
                       "  eventctl completion zsh > \"${fpath[1]}/_eventctl\"\n"
                       "  eventctl completion fish > ~/.config/fish/completions/eventctl.fish");
    completion->callback([&state, shell] {
        state.action = [shell](Context& context) {
            auto script = std::find_if(scripts.begin(), scripts.end(),
                                       [&](const auto& script) { return script.first == *shell; });
            context.out << script->second;
        };
    });
}

} // namespace eventctl::cli
