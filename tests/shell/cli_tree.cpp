#include "cli_tree.h"

#include <sstream>

namespace eventctl::test {

namespace {

std::vector<std::string> enumerated(const CLI::Option& option) {
    auto type = option.get_type_name();
    auto open = type.find('{');
    auto close = type.find('}', open);
    std::vector<std::string> values;
    if (open == std::string::npos || close == std::string::npos) {
        return values;
    }
    std::stringstream list(type.substr(open + 1, close - open - 1));
    std::string value;
    while (std::getline(list, value, ',')) {
        values.push_back(value);
    }
    return values;
}

TreeOption tree_option(const CLI::Option& option) {
    TreeOption result;
    for (const auto& name : option.get_lnames()) {
        result.names.push_back("--" + name);
    }
    for (const auto& name : option.get_snames()) {
        result.names.push_back("-" + name);
    }
    result.takes_value = option.get_items_expected_max() > 0;
    result.value_name = option.get_option_text();
    result.values = enumerated(option);
    return result;
}

void collect(const CLI::App& app, const std::string& path, std::vector<TreeOption> inherited,
             std::vector<TreeCommand>& commands) {
    TreeCommand command;
    command.path = path;
    for (const auto* option :
         app.get_options([](const CLI::Option* o) { return !o->get_group().empty(); })) {
        if (option->get_positional()) {
            command.argument_values.push_back(enumerated(*option));
        } else {
            command.own_options.push_back(tree_option(*option));
            command.own_options.back().help = option == app.get_help_ptr();
        }
    }
    command.options_in_scope = command.own_options;
    if (!path.empty() && app.get_fallthrough()) {
        command.options_in_scope.insert(command.options_in_scope.end(), inherited.begin(),
                                        inherited.end());
    }
    auto subcommands =
        app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
    for (const auto* sub : subcommands) {
        command.subcommands.push_back(sub->get_name());
    }
    auto scope = command.options_in_scope;
    commands.push_back(command);
    for (const auto* sub : subcommands) {
        collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), scope,
                commands);
    }
}

} // namespace

std::vector<TreeCommand> cli_tree() {
    cli::CliState state;
    auto root = cli::build_cli(state);
    std::vector<TreeCommand> commands;
    collect(*root, "", {}, commands);
    return commands;
}

std::string command_line(const TreeCommand& command) {
    return command.path.empty() ? "eventctl " : "eventctl " + command.path + " ";
}

} // namespace eventctl::test
