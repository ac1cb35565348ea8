// The completion scripts are derived from the CLI tree (STYLE.md item 3): the committed files
// are exactly what `eventctl completion` prints, and every enumerated value, FILE argument and
// consumer name the tree declares reaches the model each script is written from (item 4).
// tests/shell/ asks the real shells.

#include "cli.h"
#include "completion_command.h"
#include "completion_model.h"
#include "completion_scripts.h"
#include "process.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace eventctl::cli;
using eventctl::test::run_eventctl;

namespace {

const std::filesystem::path completions_dir =
    std::filesystem::path(EVENTCTL_SOURCE_DIR) / "completions";

const std::vector<std::pair<std::string, std::string>> shells_and_files = {
    {"bash", "eventctl.bash"}, {"zsh", "_eventctl"}, {"fish", "eventctl.fish"}};

std::string read_all(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

// The first line where two texts part, for a message shorter than both texts.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::stringstream left(expected);
    std::stringstream right(actual);
    std::string a;
    std::string b;
    for (int line = 1;; ++line) {
        bool more_a = static_cast<bool>(std::getline(left, a));
        bool more_b = static_cast<bool>(std::getline(right, b));
        if (!more_a && !more_b) {
            return "none";
        }
        if (!more_a || !more_b || a != b) {
            return "line " + std::to_string(line) +
                   ":\n  eventctl prints: " + (more_a ? a : "(end)") +
                   "\n  the file has:    " + (more_b ? b : "(end)");
        }
    }
}

// The tree and the model read from it, alive together.
struct Model {
    CliState state;
    std::unique_ptr<CLI::App> root = build_cli(state);
    CompletionCommand model = completion_model(*root);
};

// Every visible (command, option) pair of the tree, by walking CLI11 itself.
void walk(const CLI::App& app, const std::string& path,
          std::vector<std::pair<std::string, const CLI::Option*>>& found) {
    for (const auto* option :
         app.get_options([](const CLI::Option* o) { return !o->get_group().empty(); })) {
        found.emplace_back(path, option);
    }
    for (const auto* sub :
         app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), found);
    }
}

const CompletionValues* values_in_model(const CompletionCommand& model, const std::string& path,
                                        const CLI::Option& option) {
    const auto* command = find_command(model, path);
    if (command == nullptr) {
        return nullptr;
    }
    if (option.get_positional()) {
        for (const auto& argument : command->arguments) {
            if (argument.name == option.get_option_text()) {
                return &argument.values;
            }
        }
        return nullptr;
    }
    auto name = option.get_lnames().empty() ? "-" + option.get_snames().front()
                                            : "--" + option.get_lnames().front();
    for (const auto& candidate : command->options) {
        if (std::find(candidate.names.begin(), candidate.names.end(), name) !=
            candidate.names.end()) {
            return &candidate.values;
        }
    }
    return nullptr;
}

bool mentions_word(const std::string& text, const std::string& word) {
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        bool starts = at == 0 || !is_word(text[at - 1]);
        bool ends = at + word.size() == text.size() || !is_word(text[at + word.size()]);
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("completion: the committed scripts are what eventctl prints") {
    for (const auto& [shell, file] : shells_and_files) {
        auto result = run_eventctl({"completion", shell});
        REQUIRE(result.exit_code == 0);
        auto committed = read_all(completions_dir / file);
        INFO("completions/" << file << " is stale; regenerate it with "
                            << "scripts/update-completions.sh (or cmake --build build --target "
                               "update-completions) and commit it. First difference at "
                            << first_difference(result.out, committed));
        CHECK(result.out == committed);
    }
}

TEST_CASE("completion: an unknown shell is a usage error") {
    auto result = run_eventctl({"completion", "powershell"});
    CHECK(result.exit_code == 64);
    CHECK(result.out.empty());
    CHECK(result.err.find("powershell") != std::string::npos);
}

TEST_CASE("completion: every enumerated value of the tree reaches every script") {
    Model model;
    std::vector<std::pair<std::string, const CLI::Option*>> options;
    walk(*model.root, "", options);
    std::map<std::string, std::string> scripts;
    for (const auto& [shell, file] : shells_and_files) {
        scripts[shell] = completion_script(shell, model.model);
    }
    int enumerated = 0;
    for (const auto& [path, option] : options) {
        auto values = enumerated_values(*option);
        if (values.empty()) {
            continue;
        }
        ++enumerated;
        INFO("eventctl " << path << " " << option->get_name());
        const auto* in_model = values_in_model(model.model, path, *option);
        REQUIRE(in_model != nullptr);
        CHECK(in_model->words == values);
        for (const auto& [shell, script] : scripts) {
            for (const auto& value : values) {
                INFO(shell << " script lacks " << value);
                CHECK(mentions_word(script, value));
            }
        }
    }
    // --output, --color, --layout, the --status filters, --by, --order, completion's SHELL.
    CHECK(enumerated >= 7);
}

TEST_CASE("completion: every FILE value completes file names, every CONSUMER consumer names") {
    Model model;
    std::vector<std::pair<std::string, const CLI::Option*>> options;
    walk(*model.root, "", options);
    bool any_consumers = false;
    for (const auto& [path, option] : options) {
        if (option->get_items_expected_max() == 0) {
            continue;
        }
        INFO("eventctl " << path << " " << option->get_name() << " " << option->get_option_text());
        const auto* values = values_in_model(model.model, path, *option);
        if (option == model.root->get_help_ptr() || values == nullptr) {
            continue;
        }
        bool file = option->get_option_text().find("FILE") != std::string::npos;
        CHECK(values->files == file);
        if (option->get_option_text() == "CONSUMER") {
            CHECK(values->consumers);
        }
        any_consumers = any_consumers || values->consumers;
    }
    if (any_consumers) {
        // The scripts look consumer names up with `log consumers -o csv`.
        INFO("consumer names complete from 'eventctl log consumers -o csv', which must exist");
        REQUIRE(find_command(model.model, "log consumers") != nullptr);
        bool csv = false;
        for (const auto* option : options_in_scope(model.model, "log consumers")) {
            if (std::find(option->names.begin(), option->names.end(), "-o") !=
                option->names.end()) {
                csv = std::find(option->values.words.begin(), option->values.words.end(), "csv") !=
                      option->values.words.end();
            }
        }
        CHECK(csv);
    }
}

TEST_CASE("completion: a command's options in scope are its own, then its ancestors'") {
    Model model;
    auto names = [&](const std::string& path) {
        std::vector<std::string> found;
        for (const auto* option : options_in_scope(model.model, path)) {
            found.push_back(option->names.front());
        }
        return found;
    };
    auto purge = names("outbox purge");
    REQUIRE_FALSE(purge.empty());
    CHECK(purge.front() == "--older-than");
    CHECK(std::find(purge.begin(), purge.end(), "--db") != purge.end());
    // Each command's own --help is the global one, listed once.
    CHECK(std::count(purge.begin(), purge.end(), "--help") == 1);
}
