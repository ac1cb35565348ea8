#include "cli.h"
#include "eventctl/error.h"
#include "global_scope.h"
#include "outbox_args.h"
#include "process.h"
#include "shell_words.h"
#include "text_lines.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using namespace eventctl;
using namespace eventctl::cli;

namespace {

// Parses argv into a fresh state the way the binary does.
void parse(CliState& state, std::vector<std::string> args) {
    auto app = build_cli(state);
    args.insert(args.begin(), "eventctl");
    std::vector<const char*> argv;
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    app->parse(static_cast<int>(argv.size()), argv.data());
}

const TimePoint fixed_now = from_epoch_micros(1767225600000000); // 2026-01-01T00:00:00Z

} // namespace

TEST_CASE("cli: list options become typed filters") {
    CliState state;
    parse(state, {"outbox",
                  "list",
                  "--status",
                  "failed,dead",
                  "--event-type",
                  "A",
                  "--event-type",
                  "B",
                  "--created-after",
                  "1d",
                  "--created-before",
                  "2026-01-01",
                  "--limit",
                  "0",
                  "--order",
                  "desc",
                  "--payload",
                  "--tenant",
                  "t1",
                  "--error-contains",
                  "503"});
    auto options = to_list_options(state.list, fixed_now);
    CHECK(options.filter.statuses == std::vector<Status>{Status::failed, Status::dead});
    CHECK(options.filter.event_types == std::vector<std::string>{"A", "B"});
    CHECK(format_rfc3339(*options.filter.created_after) == "2025-12-31T00:00:00Z");
    CHECK(format_rfc3339(*options.filter.created_before) == "2026-01-01T00:00:00Z");
    CHECK(options.limit == 0);
    CHECK(options.order == SortOrder::descending);
    CHECK(options.with_payload);
    CHECK(options.filter.tenant_ids == std::vector<std::string>{"t1"});
    CHECK(options.filter.error_contains == "503");
    CHECK_FALSE(options.filter.empty());
}

TEST_CASE("cli: global options are accepted before and after the command") {
    CliState before;
    parse(before, {"-o", "csv", "--schema", "ev", "outbox", "stats"});
    CHECK(before.global.output == "csv");
    CHECK(before.global.tables.schema == "ev");
    CliState after;
    parse(after, {"outbox", "stats", "--json", "-d", "dbname=x", "--lock-timeout", "2s"});
    CHECK(after.global.json);
    CHECK(after.global.db == "dbname=x");
    CHECK(after.global.lock_timeout == "2s");
}

TEST_CASE("cli: stats options and their contradictions") {
    CliState state;
    parse(state, {"outbox", "stats", "--by", "tenant", "--estimate"});
    auto options = to_stats_options(state.stats);
    CHECK(options.by == StatsGrouping::tenant);
    CHECK(options.mode == CountMode::estimate);
    state.stats.exact = true;
    CHECK_THROWS_AS(to_stats_options(state.stats), UsageError);
}

TEST_CASE("cli: bad time values name the option") {
    CliState state;
    parse(state, {"outbox", "list", "--created-after", "yesterday"});
    CHECK_THROWS_WITH(to_list_options(state.list, fixed_now),
                      Catch::StartsWith("--created-after: invalid time \"yesterday\""));
}

TEST_CASE("cli: the binary prints help and version on stdout and exits 0") {
    auto help = test::run_eventctl({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("outbox") != std::string::npos);
    CHECK(help.err.empty());
    for (const auto& command :
         std::vector<std::vector<std::string>>{{"outbox", "--help"},
                                               {"outbox", "list", "--help"},
                                               {"outbox", "stats", "--help"},
                                               {"outbox", "show", "--help"},
                                               {"schema", "init", "--help"},
                                               {"schema", "print", "--help"}}) {
        auto result = test::run_eventctl(command);
        CHECK(result.exit_code == 0);
        CHECK(result.out.find("Usage:") != std::string::npos);
    }
    auto list_help = test::run_eventctl({"outbox", "list", "--help"});
    CHECK(list_help.out.find("Examples:") != std::string::npos);
    auto version = test::run_eventctl({"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.rfind("eventctl ", 0) == 0);
}

namespace {

// The path of every command that runs, as typed after "eventctl": the leaves of the tree.
void leaf_commands(const CLI::App& command, std::vector<std::string> path,
                   std::vector<std::vector<std::string>>& leaves) {
    auto subcommands = command.get_subcommands({});
    if (subcommands.empty() && !path.empty()) {
        leaves.push_back(path);
    }
    for (const auto* sub : subcommands) {
        if (sub->get_name().rfind("__", 0) == 0) {
            continue; // the hidden completion helper the shells call
        }
        auto longer = path;
        longer.push_back(sub->get_name());
        leaf_commands(*sub, longer, leaves);
    }
}

} // namespace

// That they also run against a database is tests/integration/help_examples_run_test.cpp's.
TEST_CASE("cli: every command's help shows examples that parse") {
    std::vector<std::vector<std::string>> helps = {{}, {"outbox"}, {"log"}, {"schema"}, {"audit"}};
    {
        CliState state;
        auto root = build_cli(state);
        leaf_commands(*root, {}, helps);
    }
    for (auto path : helps) {
        path.push_back("--help");
        auto help = test::run_eventctl(path);
        INFO("eventctl " << path[0] << "\n" << help.out);
        CHECK(help.exit_code == 0);
        auto examples = help.out.find("\nExamples:\n");
        REQUIRE(examples != std::string::npos);
        std::istringstream lines(help.out.substr(examples + 11));
        int count = 0;
        for (std::string line; std::getline(lines, line) && line.rfind("  ", 0) == 0;) {
            for (auto& shown : test::eventctl_commands(line)) {
                INFO(shown.text);
                CliState state;
                std::vector<const char*> argv = {"eventctl"};
                for (const auto& word : shown.words) {
                    argv.push_back(word.c_str());
                }
                auto app = build_cli(state);
                CHECK_NOTHROW(app->parse(static_cast<int>(argv.size()), argv.data()));
                CHECK_NOTHROW(refuse_unhonoured_globals(*app));
                CHECK(state.action);
                ++count;
            }
        }
        CHECK(count >= 1);
    }
}

TEST_CASE("cli: usage errors exit 64 with one line and a hint naming the command's own help") {
    for (const auto& [args, command] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--no-such-option"}, "eventctl"},
             {{}, "eventctl"},
             {{"outbox"}, "eventctl outbox"},
             {{"outbox", "explode"}, "eventctl outbox"},
             {{"outbox", "stats", "--by", "colour"}, "eventctl outbox stats"},
             {{"outbox", "list", "-o", "xml"}, "eventctl outbox list"},
             {{"outbox", "show"}, "eventctl outbox show"},
             {{"outbox", "stats", "--color", "sometimes"}, "eventctl outbox stats"}}) {
        auto result = test::run_eventctl(args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        // A bare group prints its help first; the error is the last two lines either way.
        auto lines = test::lines_of(result.err);
        REQUIRE(lines.size() >= 2);
        CHECK(lines[lines.size() - 2].rfind("eventctl: ", 0) == 0);
        CHECK(lines.back().rfind("HINT: run '" + command + " --help' for ", 0) == 0);
    }
    // An unknown option or command is named, and the one probably meant with it, also where a
    // command is still missing.
    for (const auto& [args, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--bogus"}, "unknown option --bogus for 'eventctl'"},
             {{"bogus"}, "unknown command 'eventctl bogus'"},
             {{"outbox", "--bogus"}, "unknown option --bogus for 'eventctl outbox'"},
             {{"log", "--bogus"}, "unknown option --bogus for 'eventctl log'"},
             {{"--bogus", "outbox", "stats"}, "unknown option --bogus for 'eventctl outbox stats'"},
             {{"outbox", "stats", "--bogus"}, "unknown option --bogus for 'eventctl outbox stats'"},
             {{"outbox", "list", "--stauts", "failed"},
              "unknown option --stauts for 'eventctl outbox list'; did you mean --status?"},
             {{"outbox", "list", "--stat=failed"},
              "unknown option --stat for 'eventctl outbox list'; did you mean --status?"},
             {{"outbox", "lsit"},
              "unknown command 'eventctl outbox lsit'; did you mean 'eventctl outbox list'?"},
             {{"outbx", "stats"},
              "unknown command 'eventctl outbx'; did you mean 'eventctl outbox'?"},
             {{"outbox", "stats", "--by", "event_type"},
              "--by: \"event_type\" is not event-type, tenant or aggregate-type; did you mean "
              "event-type?"},
             {{"outbox", "list", "--status", "faild"},
              "--status: \"faild\" is not pending, processing, completed, failed or dead; did you "
              "mean failed?"}}) {
        auto result = test::run_eventctl(args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.rfind("eventctl: " + message + "\n", 0) == 0);
    }
    auto bare = test::run_eventctl({"outbox"});
    CHECK(bare.err.rfind("Inspect and administer the transactional outbox\nUsage: eventctl outbox ",
                         0) == 0);
    CHECK(bare.err.find("eventctl: eventctl outbox needs a command: stats, list, show, errors, "
                        "blocked, retry, mark-dead, unlock-stale, purge\n") != std::string::npos);
    auto timeout = test::run_eventctl({"outbox", "stats", "--statement-timeout", "soon"});
    CHECK(timeout.exit_code == 64);
    CHECK(timeout.err.rfind("eventctl: --statement-timeout: invalid duration \"soon\"", 0) == 0);
}

TEST_CASE("cli: eventctl help COMMAND prints the command's help and exits 0") {
    auto help = test::run_eventctl({"help", "outbox", "purge"});
    CHECK(help.exit_code == 0);
    CHECK(help.err.empty());
    CHECK(help.out == test::run_eventctl({"outbox", "purge", "--help"}).out);
    CHECK(test::run_eventctl({"help"}).out == test::run_eventctl({"--help"}).out);
    auto unknown = test::run_eventctl({"help", "outbox", "prge"});
    CHECK(unknown.exit_code == 64);
    CHECK(unknown.out.empty());
    CHECK(unknown.err ==
          "eventctl: unknown command 'eventctl outbox prge'; did you mean 'eventctl outbox "
          "purge'?\nHINT: run 'eventctl outbox --help' for its commands\n");
}

TEST_CASE("cli: every command's help lists the global options it honours and its formats") {
    auto purge = test::run_eventctl({"outbox", "purge", "--help"}).out;
    CHECK(purge.find("Global options it honours") != std::string::npos);
    CHECK(purge.find("-d/--db URL") != std::string::npos);
    CHECK(purge.find("--audit-table NAME") != std::string::npos);
    CHECK(purge.find("--log-table") == std::string::npos);
    CHECK(purge.find("Output formats (-o FORMAT, --json): table (the default), wide, json, "
                     "ndjson, csv") != std::string::npos);
    auto replay = test::run_eventctl({"log", "replay", "--help"}).out;
    CHECK(replay.find("Output formats (-o FORMAT, --json): ndjson (the default)") !=
          std::string::npos);
    // One that prints one fixed form says so, and refuses a format rather than ignore it.
    auto print = test::run_eventctl({"schema", "print", "--help"}).out;
    CHECK(print.find("Output formats (-o FORMAT, --json): none") != std::string::npos);
    auto refused = test::run_eventctl({"schema", "print", "--json"});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.rfind("eventctl: 'eventctl schema print' prints one fixed form: --json "
                            "would have no effect on it\n",
                            0) == 0);
}

TEST_CASE("cli: an option the command would ignore is refused before it connects") {
    std::filesystem::path empty_list =
        std::filesystem::temp_directory_path() / ("eventctl-empty-ids-" + std::to_string(getpid()));
    std::ofstream(empty_list).close();
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    // No server answers at host=/nonexistent: a command that got as far as connecting exits 69.
    std::vector<Case> cases = {
        {{"outbox", "retry", "--resume", "4", "--delay", "0s"},
         "retry --resume continues a redrive with the selection and options its audit record "
         "kept; it takes no --delay"},
        {{"outbox", "retry", "--resume", "4", "--limit", "0"},
         "retry --resume continues a redrive with the selection and options its audit record "
         "kept; it takes no --limit"},
        {{"outbox", "retry", "--resume", "4", "--ids-from", empty_list.string()},
         "retry --resume continues a redrive with the selection and options its audit record "
         "kept; it takes no ids"},
        {{"outbox", "retry", "--status", "completed", "--yes"},
         "outbox retry changes failed and dead entries: --status completed would select none"},
        {{"outbox", "retry", "--status", "dead", "--include-completed", "--yes"},
         "--include-completed adds completed entries, which --status leaves out"},
        {{"outbox", "mark-dead", "--status", "processing", "--reason", "x", "--yes"},
         "outbox mark-dead changes pending and failed entries: --status processing would "
         "select none"},
        {{"outbox", "unlock-stale", "--status", "pending", "--yes"},
         "outbox unlock-stale changes processing entries: --status pending would select none"},
        {{"outbox", "unlock-stale", "--all", "--force", "--yes"},
         "--force lets through an --older-than under 1m, and none is given"},
        {{"outbox", "purge", "--older-than", "30d", "--force", "--yes"},
         "--force lets through an --older-than under 1m or --status failed, and this purge has "
         "neither"},
        {{"log", "purge", "--older-than", "30d", "--no-consumers", "--stalled-after", "1h",
          "--yes"},
         "--stalled-after judges consumers, and --no-consumers purges a log that has none"},
        {{"log", "seek", "billing", "--to-end", "--force", "--active-window", "1h", "--yes"},
         "--force moves consumers however recently they moved: --active-window would be ignored"},
        {{"log", "consumers", "-o", "csv", "--no-headers"},
         "--no-headers is for tables (-o table or wide): -o csv keeps its header line"},
        {{"outbox", "stats", "-o", "prometheus", "--no-headers"},
         "--no-headers is for tables (-o table or wide): -o prometheus has no heading to leave "
         "out"},
        {{"outbox", "stats", "-o", "csv", "--json"}, ""},
        {{"metrics", "-o", "prometheus", "--json"}, ""},
    };
    for (const auto& [args, message] : cases) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"-d", "host=/nonexistent"});
        auto result = test::run_eventctl(with_db);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        if (!message.empty()) {
            CHECK(result.out.empty());
            CHECK(result.err.rfind("eventctl: " + message + "\n", 0) == 0);
        } else {
            // Asked for JSON, the refusal is a JSON document.
            CHECK(nlohmann::json::parse(result.out)["error"] ==
                  "--json is -o json, and -o asks for " + args[args.size() - 2] +
                      ": one of them would be ignored");
        }
    }
    std::filesystem::remove(empty_list);
}

TEST_CASE("cli: a database or a table named to a command that does not use it is refused") {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    // Each refused before anything connects: the databases named here do not exist.
    std::vector<Case> cases = {
        {{"--db", "host=/nonexistent", "layouts"},
         "'eventctl layouts' does not connect to a database: --db would be ignored"},
        {{"outbox", "retry", "--status", "failed", "--yes", "-d", "host=/nonexistent", "--read-db",
          "host=/nonexistent"},
         "'eventctl outbox retry' runs on --db (the primary): --read-db is for the read-only "
         "commands"},
        {{"--layout", "pgmq", "schema", "print"},
         "'eventctl schema print' works on eventctl's own tables: --layout would be ignored"},
        {{"outbox", "stats", "-d", "host=/nonexistent", "--log-table", "events"},
         "'eventctl outbox stats' does not use --log-table: it would be ignored"},
        {{"doctor", "-d", "host=/nonexistent", "--read-db", "host=/nonexistent"},
         "'eventctl doctor' runs on --db (the primary): --read-db is for the read-only commands"},
    };
    for (const auto& [args, message] : cases) {
        auto result = test::run_eventctl(args);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK(result.err.rfind("eventctl: " + message + "\n", 0) == 0);
    }
    // What a shell sets for every command is not a request to this one.
    auto printed = test::run_eventctl(
        {"schema", "print"}, {{"EVENTCTL_READ_DB", "host=/x"}, {"EVENTCTL_DB", "host=/x"}});
    CHECK(printed.exit_code == 0);
}

TEST_CASE("cli: no command's help leaves out the global options it honours") {
    CliState state;
    auto app = build_cli(state);
    std::vector<std::vector<std::string>> leaves;
    leaf_commands(*app, {}, leaves);
    REQUIRE(leaves.size() > 20);
    for (auto args : leaves) {
        auto path = args[0] + (args.size() > 1 ? " " + args[1] : "");
        args.emplace_back("--help");
        auto help = test::run_eventctl(args);
        INFO(path);
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("Global options it honours") != std::string::npos);
        CHECK(help.out.find("Output formats (-o FORMAT, --json): ") != std::string::npos);
    }
}

TEST_CASE("cli: under -o json or ndjson a refused command line is a JSON object on stdout too") {
    for (const auto& format : {"json", "ndjson"}) {
        auto result = test::run_eventctl({"outbox", "list", "-o", format, "--stauts", "failed"});
        INFO(result.out << result.err);
        CHECK(result.exit_code == 64);
        REQUIRE(result.out.find('\n') == result.out.size() - 1);
        auto error = nlohmann::json::parse(result.out);
        CHECK(error["exit_code"] == 64);
        CHECK(error["error"] ==
              "unknown option --stauts for 'eventctl outbox list'; did you mean --status?");
        CHECK(error["hint"] == "run 'eventctl outbox list --help' for its options");
        CHECK(result.err.rfind("eventctl: unknown option --stauts", 0) == 0);
    }
    auto plain = test::run_eventctl({"outbox", "list", "--stauts", "failed"});
    CHECK(plain.out.empty());
}
