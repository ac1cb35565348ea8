// Every example in the README and in docs/ runs as it is shown. Each ```console block's
// "$ command" lines run in bash, in order, against a database loaded as scripts/sandbox.sh loads
// the sandbox (one database per document, so an example may build on the one before it), with
// the built eventctl first on PATH and EVENTCTL_DB set; what a command prints must be what the
// block shows under it. Instants (RFC 3339) and the ages the sandbox's relative times give are
// compared as <time> and <age>, the database a footer names (name@host:port) as <database>, list
// cursors as <cursor>, and a line "..." in a block stands for any lines. An example that shows a
// failure ends its lines with "[exit N]": its exit status, with what it wrote to stderr shown after
// what it wrote to stdout. Their ```sh and ```crontab blocks, which show no output, run too.
//
// EVENTCTL_UPDATE_DOCS=1 rewrites each example that does not match with what it printed
// (scripts/update-doc-examples.sh); review the diff, and put back the "..." that shortened a
// long output.

#include "document_examples.h"
#include "process.h"
#include "sandbox_data.h"
#include "seed_schemas.h"
#include "test_database.h"
#include "text_lines.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <unistd.h>

using namespace eventctl::test;

namespace {

const std::filesystem::path source_dir(EVENTCTL_SOURCE_DIR);

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// One "$ command" of a console block and the lines shown under it.
struct Example {
    std::string file;
    int line = 0;
    std::string command;
    std::vector<std::string> shown;
    std::size_t first_shown = 0; // index of the first line under the command
};

std::vector<Example> examples_in(const std::filesystem::path& path) {
    std::vector<Example> examples;
    auto lines = lines_of(read_file(path));
    bool in_console = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        if (!in_console) {
            in_console = line == "```console";
            continue;
        }
        if (line == "```") {
            in_console = false;
            continue;
        }
        if (line.rfind("$ ", 0) == 0) {
            Example example{path.filename().string(), static_cast<int>(i + 1), line.substr(2), {}};
            while (!example.command.empty() && example.command.back() == '\\' &&
                   i + 1 < lines.size()) {
                example.command += "\n" + lines[++i];
            }
            example.first_shown = i + 1;
            examples.push_back(example);
        } else if (!examples.empty()) {
            examples.back().shown.push_back(line);
        }
    }
    return examples;
}

// What varies from run to run: instants, and ages measured from the data's relative times.
std::string normalized(std::string line) {
    static const std::regex instant(
        R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))");
    static const std::regex age(R"(\b\d+(w|d|h|m|s)(\d+(d|h|m|s))*( ago)?\b)");
    line = std::regex_replace(line, instant, "<time>");
    line = std::regex_replace(line, age, "<age>");
    // The database a footer or prompt names: the sandbox's for the reader, the test's here.
    static const std::regex database(R"(\b[\w.-]+@[^ ;:]+:\d+\b)");
    line = std::regex_replace(line, database, "<database>");
    // A list cursor carries the time of the row it continues after.
    static const std::regex cursor(R"((--after |"next_cursor": ")[A-Za-z0-9_=-]+)");
    line = std::regex_replace(line, cursor, "$1<cursor>");
    static const std::regex seconds_field(R"(("\w*(age|lag|duration)_seconds": )[0-9.]+)");
    line = std::regex_replace(line, seconds_field, "$1<age>");
    // Columns line up around values of another width.
    static const std::regex spaces(" +");
    return std::regex_replace(line, spaces, " ");
}

// Whether the lines printed are those shown, "..." standing for any number of lines.
bool matches(const std::vector<std::string>& shown, std::size_t s,
             const std::vector<std::string>& printed, std::size_t p) {
    if (s == shown.size()) {
        return p == printed.size();
    }
    if (shown[s] == "...") {
        for (auto next = p; next <= printed.size(); ++next) {
            if (matches(shown, s + 1, printed, next)) {
                return true;
            }
        }
        return false;
    }
    return p < printed.size() && normalized(shown[s]) == normalized(printed[p]) &&
           matches(shown, s + 1, printed, p + 1);
}

std::vector<std::filesystem::path> documents() {
    std::vector<std::filesystem::path> found{source_dir / "README.md"};
    if (std::filesystem::exists(source_dir / "docs")) {
        for (const auto& entry : std::filesystem::directory_iterator(source_dir / "docs")) {
            if (entry.path().extension() == ".md") {
                found.push_back(entry.path());
            }
        }
    }
    std::sort(found.begin() + 1, found.end());
    return found;
}

// With EVENTCTL_UPDATE_DOCS set, the examples that did not match get what they printed.
bool updating() {
    const char* update = std::getenv("EVENTCTL_UPDATE_DOCS");
    return update != nullptr && *update != '\0';
}

void rewrite(const std::filesystem::path& path,
             const std::vector<std::pair<Example, std::vector<std::string>>>& replacements) {
    auto lines = lines_of(read_file(path));
    for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
        auto first = lines.begin() + static_cast<std::ptrdiff_t>(it->first.first_shown);
        lines.erase(first, first + static_cast<std::ptrdiff_t>(it->first.shown.size()));
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(it->first.first_shown),
                     it->second.begin(), it->second.end());
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& line : lines) {
        out << line << '\n';
    }
}

} // namespace

TEST_CASE("docs: every example in the README and docs/ runs as shown") {
    auto path_with_eventctl =
        std::filesystem::path(EVENTCTL_BINARY).parent_path().string() + ":" + std::getenv("PATH");
    for (const auto& document : documents()) {
        TestDatabase db;
        load_sandbox_data(db);
        auto workdir =
            std::filesystem::temp_directory_path() / ("eventctl-docs-" + std::to_string(getpid()));
        std::filesystem::create_directories(workdir);
        std::vector<std::pair<Example, std::vector<std::string>>> replacements;
        for (const auto& example : examples_in(document)) {
            INFO(example.file << ":" << example.line << ": $ " << example.command);
            std::vector<std::string> argv{"bash", "-o", "pipefail", "-c",
                                          "cd " + workdir.string() + " && " + example.command};
            std::map<std::string, std::string> environment{
                {"PATH", path_with_eventctl},
                {"EVENTCTL_DB", db.conninfo()},
                {"EVENTCTL_SOURCE_DIR", source_dir.string()}};
            auto result = run_program(argv, environment);
            INFO("printed:\n" << result.out << result.err);
            auto shown = example.shown;
            int expected_exit = 0;
            auto printed = lines_of(result.out);
            bool shows_exit = false;
            static const std::regex exit_marker(R"(\[exit (\d+)\])");
            std::smatch marker;
            if (!shown.empty() && std::regex_match(shown.back(), marker, exit_marker)) {
                expected_exit = std::stoi(marker[1]);
                shown.pop_back();
                shows_exit = true;
            }
            if (shows_exit || result.exit_code != 0) {
                for (const auto& line : lines_of(result.err)) {
                    printed.push_back(line);
                }
            }
            bool as_shown = result.exit_code == expected_exit && matches(shown, 0, printed, 0);
            if (updating()) {
                if (!as_shown) {
                    if (result.exit_code != 0) {
                        printed.push_back("[exit " + std::to_string(result.exit_code) + "]");
                    }
                    replacements.emplace_back(example, printed);
                }
                continue;
            }
            CHECK(result.exit_code == expected_exit);
            CHECK(matches(shown, 0, printed, 0));
        }
        if (!replacements.empty()) {
            rewrite(document, replacements);
        }
        std::filesystem::remove_all(workdir);
    }
}

TEST_CASE("docs: the README's crontab line runs as cron runs it: absolute path, EVENTCTL_DB") {
    TestDatabase db;
    load_sandbox_data(db);
    std::string line;
    for (const auto& candidate : lines_of(read_file(source_dir / "README.md"))) {
        if (candidate.rfind("15 3 * * * ", 0) == 0) {
            line = candidate.substr(11);
        }
    }
    REQUIRE_FALSE(line.empty());
    // The job as cron starts it: sh, a minimal PATH and no variable but the crontab's, with the
    // binary under test where the line names the installed one and the log in a scratch place.
    auto dir =
        std::filesystem::temp_directory_path() / ("eventctl-cron-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    line = std::regex_replace(line, std::regex("/usr/bin/eventctl"), EVENTCTL_BINARY);
    line = std::regex_replace(line, std::regex("/var/log/"), dir.string() + "/");
    auto job = run_program({"sh", "-c", line}, {}, std::nullopt,
                           std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=/nonexistent",
                                                    "EVENTCTL_DB=" + db.conninfo()});
    INFO(line << "\n" << job.err);
    CHECK(job.exit_code == 0);
    auto log = lines_of(read_file(dir / "eventctl-purge.ndjson"));
    REQUIRE(log.size() == 1);
    auto record = nlohmann::json::parse(log[0]);
    CHECK(record["command"] == "outbox purge");
    CHECK(record["complete"] == true);
    CHECK(record["changed"].get<long>() > 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("docs: every sh and crontab block that shows eventctl at work runs") {
    // No output to compare: each block runs as a bash script, rewritten to run on the test's
    // machine as document_examples.h says, against a database of the document's own.
    std::size_t ran = 0;
    for (const auto& document : documents()) {
        std::vector<ExampleBlock> blocks;
        for (const auto& block : markdown_shell_blocks(document)) {
            if (example_script(block)) {
                blocks.push_back(block);
            }
        }
        if (blocks.empty()) {
            continue;
        }
        TestDatabase db;
        load_sandbox_data(db);
        if (document.filename() == "layouts.md") {
            db.exec(openctem_ddl); // the table the layout example edits a preset for
        }
        ExampleShell shell("docs-sh", db.conninfo());
        for (const auto& block : blocks) {
            auto script = *example_script(block);
            INFO(block.section << ":" << block.lines.front().number << ":\n" << script);
            auto result = shell.run(script);
            INFO("printed:\n" << result.out << result.err);
            CHECK(result.exit_code == 0);
            ++ran;
        }
    }
    CHECK(ran >= 8);
}
