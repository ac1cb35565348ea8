#include "parse_failure.h"

#include "eventctl/render/terminal_text.h"
#include "eventctl/suggest.h"

namespace eventctl::cli {

const CLI::App& chosen_command(const CLI::App& root) {
    const CLI::App* current = &root;
    while (true) {
        auto chosen = current->get_subcommands();
        if (chosen.empty()) {
            return *current;
        }
        current = chosen.front();
    }
}

std::string command_path(const CLI::App& command) {
    std::string path = command.get_name();
    for (const auto* parent = command.get_parent(); parent != nullptr;
         parent = parent->get_parent()) {
        path = parent->get_name() + " " + path;
    }
    return path;
}

bool is_bare_group(const CLI::App& command) {
    return !command.get_subcommands({}).empty() && command.get_subcommands().empty();
}

std::vector<std::string> option_names_in_scope(const CLI::App& command) {
    std::vector<std::string> names;
    const CLI::App* scope = &command;
    while (scope != nullptr) {
        for (const auto* option : scope->get_options()) {
            for (const auto& name : option->get_lnames()) {
                names.push_back("--" + name);
            }
            for (const auto& name : option->get_snames()) {
                names.push_back("-" + name);
            }
        }
        scope = scope->get_fallthrough() ? scope->get_parent() : nullptr;
    }
    return names;
}

namespace {

std::vector<std::string> subcommand_names(const CLI::App& command) {
    std::vector<std::string> names;
    for (const auto* sub : command.get_subcommands({})) {
        // Hidden commands (no group) are not offered.
        if (!sub->get_group().empty()) {
            names.push_back(sub->get_name());
        }
    }
    return names;
}

std::string help_hint(const CLI::App& command, const std::string& about) {
    return "run '" + command_path(command) + " --help' for " + about;
}

std::string did_you_mean(const std::optional<std::string>& match, const std::string& prefix = {}) {
    return match ? "; did you mean " + prefix + *match + "?" : std::string();
}

// What CLI11 left over: the first option it did not know, else the first word.
std::optional<std::string> first_unknown(const CLI::App& root) {
    auto left = root.remaining(true);
    for (const auto& word : left) {
        if (word.size() > 1 && word[0] == '-') {
            return word;
        }
    }
    if (!left.empty()) {
        return left.front();
    }
    return std::nullopt;
}

ErrorReport unknown(const std::string& word, const CLI::App& command) {
    if (word[0] == '-') {
        auto name = word.substr(0, word.find('='));
        return {ExitCode::usage,
                "unknown option " + terminal_safe(name) + " for '" + command_path(command) + "'" +
                    did_you_mean(closest_match(name, option_names_in_scope(command))),
                help_hint(command, "its options")};
    }
    if (!subcommand_names(command).empty()) {
        return unknown_command(word, command);
    }
    return {ExitCode::usage,
            "unexpected argument " + in_quotes(word) + " for '" + command_path(command) + "'",
            help_hint(command, "its arguments")};
}

} // namespace

ErrorReport unknown_command(const std::string& word, const CLI::App& group) {
    auto match = closest_match(word, subcommand_names(group));
    return {ExitCode::usage,
            "unknown command '" + command_path(group) + " " + terminal_safe(word) + "'" +
                (match ? "; did you mean '" + command_path(group) + " " + *match + "'?"
                       : std::string()),
            help_hint(group, "its commands")};
}

ErrorReport describe_parse_error(const CLI::ParseError& error, const CLI::App& root) {
    const auto& command = chosen_command(root);
    // CLI11 checks for a missing subcommand or a required option before it complains about
    // arguments it did not know, so "eventctl outbox lsit" would say "A subcommand is required":
    // what it did not know comes first.
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
        dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        if (auto word = first_unknown(root)) {
            return unknown(*word, command);
        }
    }
    if (is_bare_group(command)) {
        std::string commands;
        for (const auto& name : subcommand_names(command)) {
            commands += (commands.empty() ? "" : ", ") + name;
        }
        return {ExitCode::usage, command_path(command) + " needs a command: " + commands,
                help_hint(command, "what each does")};
    }
    return {ExitCode::usage, error.what(), help_hint(command, "its options")};
}

} // namespace eventctl::cli
