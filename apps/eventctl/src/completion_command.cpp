#include "commands.h"
#include "embedded_completions.h"
#include "option_values.h"

#include <algorithm>
#include <memory>

namespace eventctl::cli {

namespace {

// Each script only hands the words of the line to `eventctl __complete` and its answer to the
// shell (completion_candidates.h), so it never changes when the commands do. The scripts are the
// files in completions/, compiled in (embedded_completions.h).
const std::vector<std::pair<std::string, std::string>> script_files = {
    {"bash", "eventctl.bash"}, {"zsh", "_eventctl"}, {"fish", "eventctl.fish"}};

const std::string& script_for(const std::string& shell) {
    auto file = std::find_if(script_files.begin(), script_files.end(),
                             [&](const auto& entry) { return entry.first == shell; });
    auto script = std::find_if(embedded_completions.begin(), embedded_completions.end(),
                               [&](const auto& entry) { return entry.file == file->second; });
    return script->script;
}

} // namespace

void add_completion_command(CLI::App& app, CliState& state) {
    auto* completion =
        app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
    // The command's one argument lives with its callback: no other command needs it.
    auto shell = std::make_shared<std::string>();
    std::vector<std::string> shells;
    for (const auto& script : script_files) {
        shells.push_back(script.first);
    }
    auto* argument =
        completion->add_option("shell", *shell, "The shell to complete for: bash, zsh or fish");
    accept_only(*completion, argument, shells)->option_text("SHELL")->required();
    completion->footer("The script completes commands, options, their values and file names, and "
                       "consumer names from the database the command line points at.\n\n"
                       "Examples:\n"
                       "  source <(eventctl completion bash)\n"
                       "  mkdir -p ~/.zfunc && eventctl completion zsh > ~/.zfunc/_eventctl\n"
                       "  mkdir -p ~/.config/fish/completions && eventctl completion fish > "
                       "~/.config/fish/completions/eventctl.fish");
    on_run(*completion, state, [shell](Context& context) { context.out << script_for(*shell); });
}

} // namespace eventctl::cli
