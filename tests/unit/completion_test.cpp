// Completion without shells: `eventctl __complete` read against the real CLI tree, the values
// each option declares reaching it (STYLE.md item 4), and the committed scripts being exactly
// what `eventctl completion` prints (item 3). tests/shell/ asks the real shells.

#include "cli_tree.h"
#include "completion_candidates.h"
#include "process.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

using namespace eventctl::cli;
using eventctl::test::CliTree;
using eventctl::test::run_eventctl;

namespace {

const std::set<std::string> consumers = {"billing", "search-indexer"};

// What completing the last of words offers, and the globals the consumer lookup saw, if the
// completer asked it.
struct Asked {
    std::set<std::string> values;
    std::map<std::string, std::string> descriptions;
    int directive = 0;
    std::optional<GlobalArgs> lookup;
};

Asked complete_in(CliTree& tree, const std::vector<std::string>& words) {
    Asked asked;
    auto completion = complete_words(*tree.root, words, [&] {
        asked.lookup = tree.state.global;
        return std::vector<std::string>(consumers.begin(), consumers.end());
    });
    for (const auto& candidate : completion.candidates) {
        asked.values.insert(candidate.value);
        asked.descriptions[candidate.value] = candidate.description;
    }
    asked.directive = completion.directive;
    return asked;
}

Asked complete(const std::vector<std::string>& words) {
    CliTree tree;
    return complete_in(tree, words);
}

const std::set<std::string> presets = {"canonical",
                                       "cap",
                                       "debezium-outbox",
                                       "eventuous",
                                       "execution-store",
                                       "klauthed",
                                       "marten",
                                       "masstransit",
                                       "openctem",
                                       "oxide-outbox",
                                       "pgmq",
                                       "spring-modulith",
                                       "spring-modulith-v1",
                                       "wolverine"};

// The values an IsMember check accepts, as CLI11 lists them in the option's type name
// ("TEXT:{a,b,c}"): the parser's own account, independent of what completion was told.
std::vector<std::string> checked_values(const CLI::Option& option) {
    auto type = option.get_type_name();
    auto open = type.find('{');
    auto close = type.find('}', open);
    std::vector<std::string> values;
    if (open == std::string::npos || close == std::string::npos) {
        return values;
    }
    std::stringstream list(type.substr(open + 1, close - open - 1));
    for (std::string value; std::getline(list, value, ',');) {
        values.push_back(value);
    }
    return values;
}

std::vector<std::string> words_of(const std::string& path) {
    std::vector<std::string> words;
    std::stringstream split(path);
    for (std::string word; split >> word;) {
        words.push_back(word);
    }
    return words;
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

} // namespace

TEST_CASE("completion: __complete: commands and subcommands, with their descriptions") {
    auto top = complete({""});
    CHECK(top.values == std::set<std::string>{"outbox", "log", "schema", "layouts", "metrics",
                                              "check", "doctor", "audit", "completion"});
    CHECK(top.descriptions["log"] ==
          "Inspect and move event-log consumers, replay and purge events");
    CHECK(top.directive == directive_no_files);
    CHECK(complete({"ou"}).values == std::set<std::string>{"outbox"});
    CHECK(complete({"log", ""}).values ==
          std::set<std::string>{"consumers", "seek", "replay", "purge"});
    // A global option and its value before the command are skipped over.
    CHECK(complete({"-o", "json", "--db=x", "outbox", "p"}).values ==
          std::set<std::string>{"purge"});
    CHECK(complete({"outbox", "bogus"}).values.empty());
}

TEST_CASE("completion: __complete: a command's own options first, then the global ones it falls "
          "through to") {
    CHECK(complete({"outbox", "purge", "--st"}).values == std::set<std::string>{"--status"});
    CHECK(complete({"outbox", "purge", "--state"}).values ==
          std::set<std::string>{"--statement-timeout"});
    auto purge = complete({"outbox", "purge", "--"}).values;
    CHECK(purge.count("--older-than") == 1);
    CHECK(purge.count("--archive-to") == 1);
    CHECK(purge.count("--db") == 0);
    CHECK(purge.count("--help") == 0); // purge's own --help is eventctl's, offered there
    // outbox has no options of its own: eventctl's, --help and --version among them.
    auto outbox = complete({"outbox", "--"});
    CHECK(outbox.values.count("--db") == 1);
    CHECK(outbox.values.count("--help") == 1);
    CHECK(outbox.values.count("--version") == 1);
    CHECK(outbox.descriptions["--db"].rfind("Database to use", 0) == 0);
    // Short options, and after an argument that has nothing to offer, every option that fits.
    CHECK(complete({"outbox", "purge", "-"}).values.count("-y") == 1);
    CHECK(complete({"outbox", "show", "0b9f", "-"}).values.count("-o") == 1);
    CHECK(complete({"outbox", "show", "0b9f", ""}).values.count("--output") == 1);
}

TEST_CASE("completion: __complete: the values of an enumerated option, after a blank or an '='") {
    const std::set<std::string> formats = {"table", "wide", "json", "ndjson", "csv", "prometheus"};
    CHECK(complete({"outbox", "stats", "--output", ""}).values == formats);
    CHECK(complete({"outbox", "stats", "-o", ""}).values == formats);
    CHECK(complete({"-o", "j"}).values == std::set<std::string>{"json"});
    CHECK(complete({"outbox", "stats", "--output=nd"}).values ==
          std::set<std::string>{"--output=ndjson"});
    CHECK(complete({"--color", ""}).values == std::set<std::string>{"auto", "always", "never"});
    CHECK(complete({"outbox", "stats", "--by", ""}).values ==
          std::set<std::string>{"event-type", "tenant", "aggregate-type"});
    CHECK(complete({"outbox", "list", "--order", ""}).values ==
          std::set<std::string>{"asc", "desc"});
    CHECK(complete({"outbox", "purge", "--status", ""}).values ==
          std::set<std::string>{"completed", "failed", "dead"});
    // A value that takes none (a duration) offers nothing, not options and not files.
    auto duration = complete({"outbox", "purge", "--older-than", ""});
    CHECK(duration.values.empty());
    CHECK(duration.directive == directive_no_files);
    // Options after a value are read on: the flag takes no word, --limit takes "5".
    CHECK(complete({"outbox", "list", "--payload", "--limit", "5", "--order", "d"}).values ==
          std::set<std::string>{"desc"});
}

TEST_CASE("completion: __complete: several values in one word complete the last, without repeats") {
    CHECK(complete({"outbox", "list", "--status", "failed,de"}).values ==
          std::set<std::string>{"failed,dead"});
    CHECK(complete({"outbox", "list", "--status", "failed,"}).values ==
          std::set<std::string>{"failed,pending", "failed,processing", "failed,completed",
                                "failed,dead"});
    CHECK(complete({"outbox", "purge", "--status=completed,f"}).values ==
          std::set<std::string>{"--status=completed,failed"});
}

TEST_CASE("completion: __complete: a FILE value asks the shell for file names") {
    auto archive = complete({"outbox", "purge", "--archive-to", "/var/backups/out"});
    CHECK(archive.values.empty());
    CHECK(archive.directive == directive_files);
    CHECK(complete({"outbox", "purge", "--archive-to=/var/"}).directive == directive_files);
    // A layout is a built-in name or a file.
    auto layout = complete({"--layout", ""});
    CHECK(layout.values == presets);
    CHECK(layout.directive == directive_files);
    CHECK(complete({"--layout=o"}).values ==
          std::set<std::string>{"--layout=openctem", "--layout=oxide-outbox"});
}

TEST_CASE("completion: __complete: positional arguments") {
    auto shells = complete({"completion", ""});
    CHECK(shells.values == std::set<std::string>{"bash", "zsh", "fish"});
    CHECK(shells.directive == directive_no_files);
    auto layouts = complete({"layouts", "show", ""});
    CHECK(layouts.values == presets);
    CHECK(layouts.directive == directive_files);
    CHECK(complete({"layouts", "show", "ox"}).values == std::set<std::string>{"oxide-outbox"});
    // After "--" every word is an argument, even one that looks like an option.
    CHECK(complete({"completion", "--", ""}).values ==
          std::set<std::string>{"bash", "zsh", "fish"});
    CHECK(complete({"outbox", "retry", "--", "-"}).values.empty());
}

TEST_CASE("completion: __complete: consumer names from the database the command line points at") {
    auto seek = complete({"log", "seek", ""});
    CHECK(seek.values == consumers);
    REQUIRE(seek.lookup);
    CHECK_FALSE(seek.lookup->db);
    CHECK(seek.lookup->layout == "canonical");
    CHECK(complete({"log", "seek", "b"}).values == std::set<std::string>{"billing"});
    CHECK(complete({"log", "replay", "--consumer", ""}).values == consumers);
    CHECK(complete({"log", "replay", "--consumer=s"}).values ==
          std::set<std::string>{"--consumer=search-indexer"});

    // The line's database, layout, schema and tables, wherever and however they are given.
    auto pointed = complete({"-d", "postgresql://ops@db/shop", "--layout", "openctem", "log",
                             "--schema=events", "seek", "--consumers-table", "positions", ""});
    REQUIRE(pointed.lookup);
    CHECK(pointed.lookup->db == "postgresql://ops@db/shop");
    CHECK(pointed.lookup->layout == "openctem");
    CHECK(pointed.lookup->tables.schema == "events");
    CHECK(pointed.lookup->tables.consumers == "positions");
    auto long_form = complete({"--db=host=db dbname=shop", "log", "seek", "--log-table=ev", ""});
    REQUIRE(long_form.lookup);
    CHECK(long_form.lookup->db == "host=db dbname=shop");
    CHECK(long_form.lookup->tables.event_log == "ev");

    // Nothing else asks the database.
    CHECK_FALSE(complete({"log", "seek", "billing", ""}).lookup);
    CHECK_FALSE(complete({"outbox", "list", "--status", ""}).lookup);
    CHECK_FALSE(complete({"log", "seek", "--export", ""}).lookup);
}

TEST_CASE("completion: __complete: hidden commands and options never appear") {
    CliTree tree;
    tree.root->add_subcommand("secret", "Not for users")->group("");
    tree.root->add_flag("--secret-flag", "Not for users")->group("");
    auto* outbox = tree.root->get_subcommand("outbox");
    outbox->add_subcommand("stash", "Not for users")->group("");
    CHECK(complete_in(tree, {"s"}).values == std::set<std::string>{"schema"});
    CHECK(complete_in(tree, {"--secret"}).values.empty());
    CHECK(complete_in(tree, {"outbox", "st"}).values == std::set<std::string>{"stats"});
    CHECK(complete_in(tree, {"_"}).values.empty());
}

TEST_CASE(
    "completion: __complete: every enumerated value, FILE and consumer of the tree reaches it") {
    CliTree tree;
    int enumerated = 0;
    int files = 0;
    int consumer_options = 0;
    for (const auto& command : tree.commands) {
        for (const auto* option : command.app->get_options()) {
            if (option->get_items_expected_max() == 0 || option->get_group().empty()) {
                continue;
            }
            auto words = words_of(command.path);
            if (option->get_positional()) {
                // A command's first argument; none that comes later has values of its own.
                if (option != command.app->get_options(
                                  [](const CLI::Option* o) { return o->get_positional(); })[0]) {
                    continue;
                }
            } else {
                words.push_back(eventctl::test::typed_names(*option).front());
            }
            words.push_back("");
            INFO("eventctl " << command.path << " " << option->get_name() << " "
                             << option->get_option_text());
            CliTree fresh;
            auto asked = complete_in(fresh, words);
            auto values = checked_values(*option);
            enumerated += values.empty() ? 0 : 1;
            for (const auto& value : values) {
                INFO("the completer does not offer " << value);
                CHECK(asked.values.count(value) == 1);
            }
            auto text = option->get_option_text();
            bool file = text.find("FILE") != std::string::npos;
            files += file ? 1 : 0;
            CHECK((asked.directive == directive_files) == file);
            auto lnames = option->get_lnames();
            bool consumer = text == "CONSUMER" ||
                            std::find(lnames.begin(), lnames.end(), "consumer") != lnames.end();
            consumer_options += consumer ? 1 : 0;
            CHECK(asked.lookup.has_value() == consumer);
        }
    }
    // --output, --color, the --status filters, --by, --order, completion's SHELL; --layout,
    // --ids-from, --archive-to, --from-file, --export, layouts show; log seek, --consumer,
    // log purge --ignore-consumer.
    CHECK(enumerated >= 7);
    CHECK(files >= 8);
    CHECK(consumer_options == 3);
}

TEST_CASE("completion: __complete: the binary prints candidates, then the directive, and exits 0") {
    auto result = run_eventctl({"__complete", "outbox", "purge", "--st"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "--status\tStates to delete: completed (the default), failed, dead; never "
                        "pending or processing\n:4\n");
    CHECK(result.err.empty());
    auto files = run_eventctl({"__complete", "outbox", "purge", "--archive-to", ""});
    CHECK(files.out == ":8\n");
    // A line that would not parse is still only a line to complete.
    for (const auto& words : std::vector<std::vector<std::string>>{
             {}, {"--bogus", "--output"}, {"outbox", "purge", "--status", "nothing,"}}) {
        auto odd = words;
        odd.insert(odd.begin(), "__complete");
        auto answer = run_eventctl(odd);
        CHECK(answer.exit_code == 0);
        CHECK(answer.err.empty());
        CHECK_FALSE(answer.out.empty());
    }
}

TEST_CASE("completion: __complete: no database, no consumer names and no error") {
    // Nothing listens on port 1: the connection is refused at once.
    auto result = run_eventctl({"__complete", "log", "seek", ""},
                               {{"EVENTCTL_DB", "host=127.0.0.1 port=1 dbname=nowhere"}});
    CHECK(result.exit_code == 0);
    CHECK(result.out == ":4\n");
    CHECK(result.err.empty());
    auto bad = run_eventctl({"__complete", "--db", "not a conninfo", "log", "seek", ""});
    CHECK(bad.exit_code == 0);
    CHECK(bad.out == ":4\n");
    CHECK(bad.err.empty());
}

TEST_CASE("completion: eventctl completion prints the installed scripts, which know no command") {
    const auto dir = std::filesystem::path(EVENTCTL_SOURCE_DIR) / "completions";
    for (const auto& [shell, file] : std::vector<std::pair<std::string, std::string>>{
             {"bash", "eventctl.bash"}, {"zsh", "_eventctl"}, {"fish", "eventctl.fish"}}) {
        auto result = run_eventctl({"completion", shell});
        REQUIRE(result.exit_code == 0);
        INFO("completions/" << file);
        CHECK(result.out == read_all(dir / file));
        // A shim, not an engine: it knows no command, option or value.
        CHECK(result.out.find("outbox") == std::string::npos);
    }
}

TEST_CASE("completion: an unknown shell is a usage error") {
    auto result = run_eventctl({"completion", "powershell"});
    CHECK(result.exit_code == 64);
    CHECK(result.out.empty());
    CHECK(result.err.find("powershell") != std::string::npos);
}
