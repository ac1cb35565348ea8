#include "completion_command.h"

#include "completion_scripts.h"
#include "eventctl/error.h"

#include <memory>

namespace eventctl::cli {

std::string completion_script(const std::string& shell, const CompletionCommand& root) {
    if (shell == "bash") {
        return bash_completion_script(root);
    }
    if (shell == "zsh") {
        return zsh_completion_script(root);
    }
    if (shell == "fish") {
        return fish_completion_script(root);
    }
    throw UsageError("no completion for shell \"" + shell + "\": bash, zsh or fish");
}

void add_completion_command(CLI::App& app, CliState& state) {
    auto* completion =
        app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
    // The command's one argument lives with its callback: no other command needs it.
    auto shell = std::make_shared<std::string>();
    completion->add_option("shell", *shell, "The shell to complete for: bash, zsh or fish")
        ->option_text("SHELL")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    completion->footer("The script completes commands, options, their values and file names, and "
                       "consumer names from the database the command line points at.\n\n"
                       "Examples:\n"
                       "  source <(eventctl completion bash)\n"
                       "  eventctl completion zsh > \"${fpath[1]}/_eventctl\"\n"
                       "  eventctl completion fish > ~/.config/fish/completions/eventctl.fish");
    completion->callback([&app, &state, shell] {
        state.action = [&app, shell](Context& context) {
            context.out << completion_script(*shell, completion_model(app));
        };
    });
}

} // namespace eventctl::cli
