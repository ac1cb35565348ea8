#include "completion_candidates.h"

#include "cli.h"
#include "option_values.h"

namespace eventctl::cli {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

void offer(Completion& completion, const std::string& word, const std::string& value,
           const std::string& description = "") {
    if (starts_with(value, word) && value.find_first_of("\t\n") == std::string::npos) {
        completion.candidates.push_back({value, description});
    }
}

// A command and each parent it passes the options it does not know to (CLI11's fallthrough).
std::vector<CLI::App*> scope_of(CLI::App* command) {
    std::vector<CLI::App*> scope{command};
    while (scope.back()->get_fallthrough() && scope.back()->get_parent() != nullptr) {
        scope.push_back(scope.back()->get_parent());
    }
    return scope;
}

CLI::Option* find_option(CLI::App* command, const std::string& name) {
    for (auto* app : scope_of(command)) {
        auto* option = app->get_option_no_throw(name);
        if (option != nullptr && !option->get_positional()) {
            return option;
        }
    }
    return nullptr;
}

// A value the line gives an option, stored as parsing stores it, so the consumer lookup sees the
// line's database and tables; one the command would refuse is left out.
void store(CLI::Option* option, const std::string& value) {
    try {
        option->clear();
        option->add_result(value);
        option->run_callback();
    } catch (const CLI::Error&) {
    }
}

// The words before the one being completed, read as CLI11 reads them.
struct Line {
    CLI::App* command = nullptr;     // the innermost command named
    std::size_t arguments = 0;       // positional arguments given to it
    CLI::Option* awaiting = nullptr; // the option whose value is the word being completed
    bool options_ended = false;      // after "--"
};

Line read_line(CLI::App& root, const std::vector<std::string>& words) {
    Line line;
    line.command = &root;
    for (const auto& word : words) {
        if (line.awaiting != nullptr) {
            store(line.awaiting, word);
            line.awaiting = nullptr;
        } else if (line.options_ended || word.size() < 2 || word[0] != '-') {
            auto named = line.command->get_subcommands(
                [&](const CLI::App* sub) { return sub->check_name(word); });
            if (!line.options_ended && !named.empty()) {
                line.command = named.front();
                line.arguments = 0;
            } else {
                ++line.arguments;
            }
        } else if (word == "--") {
            line.options_ended = true;
        } else {
            // --name, --name=value, -n, -nvalue; flags and unknown options take no word.
            bool is_long = starts_with(word, "--");
            auto name_end = is_long ? word.find('=') : 2;
            auto* option = find_option(line.command, word.substr(0, name_end));
            if (option == nullptr || option->get_items_expected_max() == 0) {
                continue;
            }
            if (name_end >= word.size()) {
                line.awaiting = option;
            } else {
                store(option, word.substr(name_end + (is_long ? 1 : 0)));
            }
        }
    }
    return line;
}

Completion values_of(const CLI::App& root, const CLI::Option& option, const std::string& word,
                     std::string prefix,
                     const std::function<std::vector<std::string>()>& consumers) {
    Completion completion;
    const auto* source = declared_values(root, option);
    if (source == nullptr) {
        return completion;
    }
    completion.directive = source->files ? directive_files : directive_no_files;
    // "failed,de" completes its last value, and offers none given before it. Without a
    // delimiter rfind finds nothing, and npos + 1 is 0: the whole word.
    char delimiter = option.get_delimiter();
    auto typed = word.substr(word.rfind(delimiter) + 1);
    auto given = delimiter + word.substr(0, word.size() - typed.size());
    prefix += given.substr(1);
    auto values = source->words;
    if (source->consumers) {
        auto names = consumers();
        values.insert(values.end(), names.begin(), names.end());
    }
    for (const auto& value : values) {
        if (given.find(delimiter + value + delimiter) == std::string::npos) {
            offer(completion, prefix + typed, prefix + value);
        }
    }
    return completion;
}

// The options in scope that word begins: those of the nearest command that has any, so "purge
// --st" means purge's --status, and --statement-timeout comes only once nothing nearer fits.
Completion option_names(CLI::App* command, const std::string& word) {
    Completion completion;
    auto scope = scope_of(command);
    for (auto* app : scope) {
        for (const auto* option : app->get_options()) {
            // Hidden (no group), an argument, or a command's --help, which is its parent's.
            if (option->get_group().empty() || option->get_positional() ||
                (option == app->get_help_ptr() && app != scope.back())) {
                continue;
            }
            for (const auto& name : option->get_lnames()) {
                offer(completion, word, "--" + name, option->get_description());
            }
            for (const auto& name : option->get_snames()) {
                offer(completion, word, "-" + name, option->get_description());
            }
        }
        if (!completion.candidates.empty()) {
            break;
        }
    }
    return completion;
}

// The positional slot the next argument of command fills.
const CLI::Option* positional_at(const CLI::App& command, std::size_t index) {
    for (const auto* option :
         command.get_options([](const CLI::Option* option) { return option->get_positional(); })) {
        auto takes = static_cast<std::size_t>(option->get_items_expected_max());
        if (index < takes) {
            return option;
        }
        index -= takes;
    }
    return nullptr;
}

} // namespace

Completion complete_words(CLI::App& root, const std::vector<std::string>& words,
                          const std::function<std::vector<std::string>()>& consumers) {
    auto word = words.empty() ? std::string() : words.back();
    auto line = read_line(root, {words.begin(), words.end() - (words.empty() ? 0 : 1)});
    if (line.awaiting != nullptr) {
        return values_of(root, *line.awaiting, word, "", consumers);
    }
    auto equals = word.find('=');
    if (!line.options_ended && starts_with(word, "--") && equals != std::string::npos) {
        auto* option = find_option(line.command, word.substr(0, equals));
        return option == nullptr ? Completion{}
                                 : values_of(root, *option, word.substr(equals + 1),
                                             word.substr(0, equals + 1), consumers);
    }
    if (!line.options_ended && starts_with(word, "-")) {
        return option_names(line.command, word);
    }
    auto subcommands = line.command->get_subcommands(
        [](const CLI::App* sub) { return !sub->get_group().empty(); });
    if (!line.options_ended && !subcommands.empty()) {
        Completion completion;
        for (const auto* sub : subcommands) {
            offer(completion, word, sub->get_name(), sub->get_description());
        }
        return completion;
    }
    const auto* argument = positional_at(*line.command, line.arguments);
    if (argument != nullptr && declared_values(root, *argument) != nullptr) {
        return values_of(root, *argument, word, "", consumers);
    }
    // Nothing to offer for an argument: what the command can still be told.
    return line.options_ended ? Completion{} : option_names(line.command, word);
}

void print_completion(const std::vector<std::string>& words, std::ostream& out) {
    CliState state;
    auto root = build_cli(state);
    auto completion =
        complete_words(*root, words, [&state] { return database_consumers(state.global); });
    for (const auto& candidate : completion.candidates) {
        out << candidate.value << (candidate.description.empty() ? "" : "\t")
            << candidate.description << '\n';
    }
    out << ':' << completion.directive << '\n';
}

} // namespace eventctl::cli
