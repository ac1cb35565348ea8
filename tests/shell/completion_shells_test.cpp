// Completion in the real shells, with the committed scripts: what an operator gets on Tab, and,
// walking the whole CLI tree (STYLE.md item 4), that every command, option, enumerated value
// and file argument it declares reaches bash, zsh and fish alike.

#include "child_process.h"
#include "cli_tree.h"
#include "option_values.h"
#include "shell_completion.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

using namespace eventctl::test;

namespace {

const Shell all_shells[] = {Shell::bash, Shell::zsh, Shell::fish};

// One question to a shell and what the tree says the answer must hold.
struct Expectation {
    std::string line;
    std::set<std::string> expected;
    bool exact = true; // the candidates are exactly these, not just among them
};

void check_all(Shell shell, const std::vector<Expectation>& expectations) {
    std::vector<std::string> lines;
    for (const auto& expectation : expectations) {
        lines.push_back(expectation.line);
    }
    auto answers = candidates(shell, lines);
    for (std::size_t i = 0; i < expectations.size(); ++i) {
        const auto& expectation = expectations[i];
        std::string got;
        for (const auto& candidate : answers[i]) {
            got += candidate + " ";
        }
        INFO(shell_name(shell) << ": '" << expectation.line << "' offered: " << got);
        if (expectation.exact) {
            CHECK(answers[i] == expectation.expected);
        } else {
            for (const auto& wanted : expectation.expected) {
                INFO("missing: " << wanted);
                CHECK(answers[i].count(wanted) == 1);
            }
        }
    }
}

bool is_long(const std::string& name) {
    return name.rfind("--", 0) == 0;
}

bool is_file(const CLI::Option& option) {
    return option.get_option_text().find("FILE") != std::string::npos;
}

// The visible options of a command that are not arguments, its own -h/--help left out below
// eventctl itself: that is eventctl's, offered with the global options.
std::vector<const CLI::Option*> named_options(const TreeCommand& command,
                                              const std::vector<const CLI::Option*>& options) {
    std::vector<const CLI::Option*> named;
    for (const auto* option : options) {
        bool own_help = !command.path.empty() && option == command.app->get_help_ptr();
        if (visible(*option) && !option->get_positional() && !own_help) {
            named.push_back(option);
        }
    }
    return named;
}

// The names of the options a command declares itself, of one kind (long or short).
std::set<std::string> own_names(const TreeCommand& command, bool long_names) {
    std::set<std::string> names;
    for (const auto* option : named_options(
             command, command.app->get_options([](const CLI::Option*) { return true; }))) {
        for (const auto& name : typed_names(*option)) {
            if (is_long(name) == long_names) {
                names.insert(name);
            }
        }
    }
    return names;
}

// The words a shell must offer for an option's value or an argument: those declared with it.
std::set<std::string> declared_words(const CliTree& tree, const CLI::Option& option) {
    const auto* values = eventctl::cli::declared_values(*tree.root, option);
    return values == nullptr ? std::set<std::string>()
                             : std::set<std::string>(values->words.begin(), values->words.end());
}

std::string parent_path(const std::string& path) {
    auto space = path.rfind(' ');
    return space == std::string::npos ? "" : path.substr(0, space);
}

// What walking the tree says every shell must offer. The options a command declares come
// first: "--" lists those of the nearest command in scope that has any, and an inherited option
// comes by its full name.
std::vector<Expectation> tree_expectations() {
    CliTree tree;
    std::vector<Expectation> expectations;
    std::map<std::string, const TreeCommand*> by_path;
    for (const auto& command : tree.commands) {
        by_path[command.path] = &command;
    }
    const TreeCommand* first_leaf = nullptr;
    for (const auto& command : tree.commands) {
        if (!visible(*command.app)) {
            continue;
        }
        auto line = command_line(command);
        std::set<std::string> subcommands;
        for (const auto* sub :
             command.app->get_subcommands([](const CLI::App* sub) { return visible(*sub); })) {
            subcommands.insert(sub->get_name());
        }
        if (!subcommands.empty()) {
            expectations.push_back({line, subcommands});
        } else if (first_leaf == nullptr) {
            first_leaf = &command;
        }
        // The first argument's values; one that may be a FILE offers the files beside them.
        auto arguments =
            command.app->get_options([](const CLI::Option* o) { return o->get_positional(); });
        if (!arguments.empty() && !declared_words(tree, *arguments.front()).empty()) {
            expectations.push_back(
                {line, declared_words(tree, *arguments.front()), !is_file(*arguments.front())});
        }
        // "--": the long options of the command, or of its nearest ancestor that has some.
        auto path = command.path;
        while (!path.empty() && own_names(*by_path[path], true).empty()) {
            path = parent_path(path);
        }
        expectations.push_back({line + "--", own_names(*by_path[path], true)});
        auto short_names = own_names(command, false);
        if (!short_names.empty()) {
            expectations.push_back({line + "-", short_names, false});
        }
        // Every enumerated option in scope offers exactly its values, by each of its names; one
        // that also takes a FILE (--layout NAME|FILE) offers the files beside them.
        for (const auto* option : named_options(command, options_in_scope(command))) {
            auto values = declared_words(tree, *option);
            for (const auto& name : typed_names(*option)) {
                if (!values.empty()) {
                    expectations.push_back({line + name + " ", values, !is_file(*option)});
                }
            }
        }
        // A global option by its full name, from every command.
        expectations.push_back({line + "--output", {"--output"}, false});
    }
    // Every inherited option by its full name, from one command deep in the tree.
    REQUIRE(first_leaf != nullptr);
    for (const auto* option : named_options(*first_leaf, options_in_scope(*first_leaf))) {
        for (const auto& name : typed_names(*option)) {
            if (is_long(name)) {
                expectations.push_back({command_line(*first_leaf) + name, {name}, false});
            }
        }
    }
    return expectations;
}

// Every option whose value is a FILE offers the file in a directory, whatever command it is in.
// File names come back whole from bash and fish, and without their directory from zsh's
// capture: the check is on the name.
void check_files(Shell shell) {
    TempDirectory files;
    std::ofstream(files.path() + "/archive.ndjson") << "{}\n";
    std::vector<std::string> lines;
    CliTree tree;
    for (const auto& command : tree.commands) {
        for (const auto* option : named_options(command, options_in_scope(command))) {
            if (is_file(*option)) {
                lines.push_back(command_line(command) + typed_names(*option).front() + " " +
                                files.path() + "/arch");
            }
        }
    }
    REQUIRE_FALSE(lines.empty());
    auto answers = candidates(shell, lines);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        bool found = false;
        for (const auto& candidate : answers[i]) {
            found = found || candidate.find("archive.ndjson") != std::string::npos;
        }
        INFO(shell_name(shell) << ": '" << lines[i] << "' should offer the file archive.ndjson");
        CHECK(found);
    }
}

} // namespace

TEST_CASE("completion: bash completes a command and an option on Tab") {
    auto lines = lines_after_tab(Shell::bash, {"eventctl ou", "eventctl outbox purge --st",
                                               "eventctl outbox purge --status completed,f"});
    CHECK(lines[0] == "eventctl outbox ");
    CHECK(lines[1] == "eventctl outbox purge --status ");
    CHECK(lines[2] == "eventctl outbox purge --status completed,failed ");
}

TEST_CASE("completion: zsh completes a command and an option on Tab") {
    auto lines = lines_after_tab(Shell::zsh, {"eventctl ou", "eventctl outbox purge --st",
                                              "eventctl outbox purge --status completed,f"});
    CHECK(lines[0] == "eventctl outbox ");
    CHECK(lines[1] == "eventctl outbox purge --status ");
    CHECK(lines[2] == "eventctl outbox purge --status completed,failed ");
}

TEST_CASE("completion: fish completes a command and an option") {
    check_all(Shell::fish, {{"eventctl ou", {"outbox"}},
                            {"eventctl outbox purge --st", {"--status"}},
                            {"eventctl outbox purge --status completed,f", {"completed,failed"}},
                            {"eventctl outbox purge --output=j", {"--output=json"}}});
}

TEST_CASE("completion: global options come where the command's own do not fit") {
    for (auto shell : all_shells) {
        check_all(shell, {{"eventctl outbox purge --state", {"--statement-timeout"}},
                          {"eventctl outbox purge -o ",
                           {"table", "wide", "json", "ndjson", "csv", "prometheus"}},
                          {"eventctl -o json outbox ",
                           {"stats", "list", "show", "retry", "mark-dead", "unlock-stale", "purge"},
                           false}});
    }
}

TEST_CASE("completion: every command, option, value and file of the tree reaches bash") {
    check_all(Shell::bash, tree_expectations());
    check_files(Shell::bash);
}

TEST_CASE("completion: every command, option, value and file of the tree reaches zsh") {
    check_all(Shell::zsh, tree_expectations());
    check_files(Shell::zsh);
}

TEST_CASE("completion: every command, option, value and file of the tree reaches fish") {
    check_all(Shell::fish, tree_expectations());
    check_files(Shell::fish);
}
