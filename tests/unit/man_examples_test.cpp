// Every eventctl command the man pages show in an example (their .EX blocks: EXAMPLES, crontab
// lines, monitoring definitions, pipelines) is one the binary accepts as shown: it parses, and
// names no option the command would refuse or ignore. That each also runs against a database is
// tests/integration/man_examples_run_test.cpp's; what a command prints is compared for the
// README and docs/ (tests/integration/docs_examples_test.cpp), the pages' outputs being
// illustrations of the same documents.

#include "cli_tree.h"
#include "document_examples.h"
#include "global_scope.h"
#include "process.h"
#include "shell_words.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace {

// One eventctl command shown in a page.
struct ShownCommand {
    std::string where; // page:line
    std::string text;
    std::vector<std::string> words; // after "eventctl", up to a redirection
    std::string shown_refusal;      // the "eventctl: ..." and "HINT: ..." lines shown under it
};

void commands_in(const std::string& line, const std::string& where,
                 std::vector<ShownCommand>& found) {
    for (auto& command : eventctl::test::eventctl_commands(line)) {
        found.push_back({where, command.text, command.words, ""});
    }
}

std::vector<ShownCommand> shown_commands() {
    std::vector<ShownCommand> found;
    for (const auto& entry :
         std::filesystem::directory_iterator(eventctl::test::man_source_dir())) {
        auto page = entry.path().filename().string();
        for (const auto& block : eventctl::test::example_blocks(entry.path())) {
            std::size_t first_of_command = found.size();
            for (const auto& [number, text] : block.lines) {
                auto before = found.size();
                commands_in(text, page + ":" + std::to_string(number), found);
                if (found.size() > before) {
                    first_of_command = before;
                } else if (text.rfind("eventctl: ", 0) == 0 || text.rfind("HINT: ", 0) == 0) {
                    for (auto i = first_of_command; i < found.size(); ++i) {
                        found[i].shown_refusal += text + "\n";
                    }
                }
            }
        }
    }
    return found;
}

} // namespace

TEST_CASE("man: every eventctl command an example shows is one eventctl accepts") {
    std::size_t checked = 0;
    for (const auto& shown : shown_commands()) {
        if (!shown.shown_refusal.empty()) {
            continue; // the next test's
        }
        INFO(shown.where << ": " << shown.text);
        eventctl::cli::CliState state;
        auto app = eventctl::cli::build_cli(state);
        // A variable holds what an earlier line of the example computed, here an audit record's
        // id or a cursor: a value any option of eventctl's takes.
        static const std::regex variable(R"(^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$)");
        std::vector<std::string> words;
        for (const auto& word : shown.words) {
            words.push_back(std::regex_match(word, variable) ? "1" : word);
        }
        std::vector<const char*> argv = {"eventctl"};
        for (const auto& word : words) {
            argv.push_back(word.c_str());
        }
        bool accepted = false;
        std::string refusal;
        try {
            app->parse(static_cast<int>(argv.size()), argv.data());
            eventctl::cli::refuse_unhonoured_globals(*app);
            accepted = static_cast<bool>(state.action);
        } catch (const std::exception& error) {
            refusal = error.what();
        }
        INFO(refusal);
        CHECK(accepted);
        ++checked;
    }
    // The pages show some ninety commands; a reader that found none would pass them all.
    CHECK(checked >= 90);
}

TEST_CASE("man: every refusal an example shows is what eventctl says, before it connects") {
    std::size_t checked = 0;
    for (const auto& shown : shown_commands()) {
        if (shown.shown_refusal.empty()) {
            continue;
        }
        INFO(shown.where << ": " << shown.text);
        // No database is named: a refusal that needed one would say it cannot connect instead.
        auto result = eventctl::test::run_eventctl(shown.words);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK(result.err == shown.shown_refusal);
        ++checked;
    }
    CHECK(checked >= 2);
}
