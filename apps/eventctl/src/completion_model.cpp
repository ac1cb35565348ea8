#include "completion_model.h"

#include <algorithm>
#include <functional>
#include <sstream>

namespace eventctl::cli {

namespace {

// The words of text between any of the separators: "NAME|FILE" -> NAME, FILE.
std::vector<std::string> split(const std::string& text, const std::string& separators) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : text) {
        if (separators.find(c) != std::string::npos) {
            if (!part.empty()) {
                parts.push_back(part);
            }
            part.clear();
        } else {
            part.push_back(c);
        }
    }
    if (!part.empty()) {
        parts.push_back(part);
    }
    return parts;
}

// Whether a value name such as "NAME|FILE" or "ID..." names wanted.
bool has_part(const std::string& value_name, const std::string& wanted) {
    for (const auto& part : split(value_name, "|. ")) {
        if (part == wanted) {
            return true;
        }
    }
    return false;
}

// The value name says what a value is: FILE is a path, CONSUMER a consumer's name. An option
// called --consumer takes one whatever its value name, so a new one cannot be missed.
CompletionValues values_of(const CLI::Option& option) {
    CompletionValues values;
    const auto& value_name = option.get_option_text();
    values.value_name = value_name;
    values.words = enumerated_values(option);
    values.files = has_part(value_name, "FILE");
    auto long_names = option.get_lnames();
    values.consumers =
        has_part(value_name, "CONSUMER") ||
        std::find(long_names.begin(), long_names.end(), "consumer") != long_names.end();
    values.delimiter = option.get_delimiter();
    return values;
}

CompletionOption option_model(const CLI::Option& option) {
    CompletionOption model;
    for (const auto& name : option.get_lnames()) {
        model.names.push_back("--" + name);
    }
    for (const auto& name : option.get_snames()) {
        model.names.push_back("-" + name);
    }
    model.description = option.get_description();
    model.takes_value = option.get_items_expected_max() > 0;
    if (model.takes_value) {
        model.values = values_of(option);
    }
    return model;
}

CompletionArgument argument_model(const CLI::Option& option) {
    CompletionArgument model;
    model.name =
        option.get_option_text().empty() ? option.get_name(true) : option.get_option_text();
    model.values = values_of(option);
    // CLI11 marks "any number" with a huge maximum.
    int max = option.get_items_expected_max();
    model.max_count = max >= CLI::detail::expected_max_vector_size ? 0 : max;
    return model;
}

CompletionCommand command_model(const CLI::App& app, const std::string& path) {
    CompletionCommand model;
    model.name = app.get_name();
    model.path = path;
    model.description = app.get_description();
    model.inherits_options = !path.empty() && app.get_fallthrough();
    for (const auto* option : app.get_options([](const CLI::Option*) { return true; })) {
        // An empty group hides an option from help; completion hides it too.
        if (option->get_group().empty()) {
            continue;
        }
        if (option->get_positional()) {
            model.arguments.push_back(argument_model(*option));
            continue;
        }
        if (option == app.get_help_ptr() && model.inherits_options) {
            continue; // the parent's --help is in scope already
        }
        model.options.push_back(option_model(*option));
    }
    for (const auto* sub :
         app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); })) {
        auto sub_path = path.empty() ? sub->get_name() : path + " " + sub->get_name();
        model.subcommands.push_back(command_model(*sub, sub_path));
    }
    return model;
}

} // namespace

CompletionCommand completion_model(const CLI::App& root) {
    return command_model(root, "");
}

std::vector<const CompletionCommand*> all_commands(const CompletionCommand& root) {
    std::vector<const CompletionCommand*> commands;
    std::function<void(const CompletionCommand&)> visit = [&](const CompletionCommand& command) {
        commands.push_back(&command);
        for (const auto& sub : command.subcommands) {
            visit(sub);
        }
    };
    visit(root);
    return commands;
}

const CompletionCommand* find_command(const CompletionCommand& root, const std::string& path) {
    for (const auto* command : all_commands(root)) {
        if (command->path == path) {
            return command;
        }
    }
    return nullptr;
}

std::vector<const CompletionOption*> options_in_scope(const CompletionCommand& root,
                                                      const std::string& path) {
    std::vector<const CompletionOption*> options;
    std::vector<const CompletionCommand*> chain{&root};
    for (const auto& word : split(path, " ")) {
        const auto& subcommands = chain.back()->subcommands;
        auto next = std::find_if(subcommands.begin(), subcommands.end(),
                                 [&](const CompletionCommand& sub) { return sub.name == word; });
        if (next == subcommands.end()) {
            return options;
        }
        chain.push_back(&*next);
    }
    for (auto command = chain.rbegin(); command != chain.rend(); ++command) {
        for (const auto& option : (*command)->options) {
            options.push_back(&option);
        }
        if (!(*command)->inherits_options) {
            break;
        }
    }
    return options;
}

std::vector<std::string> enumerated_values(const CLI::Option& option) {
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

} // namespace eventctl::cli
