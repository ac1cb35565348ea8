#include "cli_tree.h"

namespace eventctl::test {

namespace {

void collect(const CLI::App* app, const std::string& path, std::vector<const CLI::App*> ancestors,
             std::vector<TreeCommand>& commands) {
    commands.push_back({path, app, ancestors});
    ancestors.push_back(app);
    for (const auto* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
        collect(sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), ancestors,
                commands);
    }
}

} // namespace

CliTree::CliTree() {
    collect(root.get(), "", {}, commands);
}

bool visible(const CLI::App& command) {
    return !command.get_group().empty();
}

bool visible(const CLI::Option& option) {
    return !option.get_group().empty();
}

std::vector<std::string> typed_names(const CLI::Option& option) {
    std::vector<std::string> names;
    for (const auto& name : option.get_lnames()) {
        names.push_back("--" + name);
    }
    for (const auto& name : option.get_snames()) {
        names.push_back("-" + name);
    }
    return names;
}

std::vector<const CLI::Option*> options_in_scope(const TreeCommand& command) {
    std::vector<const CLI::Option*> options;
    const CLI::App* app = command.app;
    for (auto ancestor = command.ancestors.rbegin();; ++ancestor) {
        auto own = app->get_options([](const CLI::Option*) { return true; });
        options.insert(options.end(), own.begin(), own.end());
        if (ancestor == command.ancestors.rend() || !app->get_fallthrough()) {
            return options;
        }
        app = *ancestor;
    }
}

std::string command_line(const TreeCommand& command) {
    return command.path.empty() ? "eventctl " : "eventctl " + command.path + " ";
}

} // namespace eventctl::test
