// Every statement each built-in layout sends for each command it supports, compared with the
// files in tests/golden/LAYOUT/COMMAND.sql: a reviewer sees all SQL that can reach a server, and
// any change to it shows in the diff. EVENTCTL_UPDATE_GOLDEN=1 (scripts/update-golden-sql.sh)
// rewrites the files from what the binary sends.

#include "eventctl/command.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/log/horizon.h"
#include "process.h"
#include "test_database.h"
#include "text_lines.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

using namespace eventctl;
using namespace eventctl::test;

namespace {

const std::filesystem::path golden_dir =
    std::filesystem::path(EVENTCTL_SOURCE_DIR) / "tests" / "golden";

// One run of a command, as the golden file of its name records it. "{ID}" is an entry's id,
// "{STREAM}" the first event's stream.
struct Invocation {
    Command command;
    std::string file;
    std::vector<std::string> args;
};

const std::vector<Invocation> invocations = {
    {Command::outbox_stats, "outbox-stats", {"outbox", "stats"}},
    {Command::outbox_list, "outbox-list", {"outbox", "list"}},
    {Command::outbox_show, "outbox-show", {"outbox", "show", "{ID}"}},
    {Command::outbox_errors, "outbox-errors", {"outbox", "errors"}},
    {Command::outbox_blocked, "outbox-blocked", {"outbox", "blocked"}},
    {Command::outbox_retry, "outbox-retry", {"outbox", "retry", "--all", "--yes"}},
    {Command::outbox_retry_completed,
     "outbox-retry-include-completed",
     {"outbox", "retry", "--include-completed", "--all", "--yes"}},
    {Command::outbox_mark_dead,
     "outbox-mark-dead",
     {"outbox", "mark-dead", "--all", "--reason", "golden", "--yes"}},
    {Command::outbox_unlock_stale,
     "outbox-unlock-stale",
     {"outbox", "unlock-stale", "--all", "--yes"}},
    {Command::outbox_purge, "outbox-purge", {"outbox", "purge", "--older-than", "30d", "--yes"}},
    {Command::log_consumers, "log-consumers", {"log", "consumers"}},
    {Command::log_seek, "log-seek", {"log", "seek", "golden", "--to-end", "--force"}},
    {Command::log_seek_create,
     "log-seek-create",
     {"log", "seek", "newcomer", "--create", "--to-beginning"}},
    {Command::log_replay, "log-replay", {"log", "replay", "--from-seq", "1"}},
    {Command::log_replay_consumer,
     "log-replay-consumer",
     {"log", "replay", "--consumer", "golden"}},
    {Command::log_replay_stream, "log-replay-stream", {"log", "replay", "--stream", "{STREAM}"}},
    {Command::log_replay_into_outbox,
     "log-replay-into-outbox",
     {"log", "replay", "--from-seq", "1", "--into-outbox", "--yes"}},
    {Command::log_purge, "log-purge", {"log", "purge", "--before-seq", "3", "--yes"}},
    {Command::audit_list, "audit-list", {"audit", "list"}},
    {Command::audit_show, "audit-show", {"audit", "show", "1"}},
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The statements of a --verbose log, each without its bound values, and with placeholders
// numbered in the order they appear: the order the values were bound in may differ from one
// compiler to the next. A log horizon read that the log says is read again counts once: whether
// it is depends on other transactions of the cluster ending in that moment.
std::vector<std::string> statements(const std::string& verbose_log) {
    static const std::string read_again = std::string("eventctl: ") + horizon_read_again;
    std::vector<std::string> found;
    std::optional<std::string> current;
    for (const auto& line : lines_of(verbose_log)) {
        bool logged = line.rfind("eventctl: ", 0) == 0;
        if (current && !logged) {
            *current += "\n" + line;
            continue;
        }
        if (current) {
            found.push_back(*current);
            current.reset();
        }
        if (line.rfind(read_again, 0) == 0 && !found.empty()) {
            found.pop_back();
        }
        if (line.rfind("eventctl: SQL: ", 0) == 0) {
            current = line.substr(std::string("eventctl: SQL: ").size());
        }
    }
    if (current) {
        found.push_back(*current);
    }
    static const std::regex placeholder(R"(\$(\d+))");
    for (auto& statement : found) {
        if (auto values = statement.rfind("  [$"); values != std::string::npos) {
            statement.erase(values);
        }
        std::map<std::string, int> numbers;
        std::string renumbered;
        auto last = statement.cbegin();
        for (std::sregex_iterator it(statement.begin(), statement.end(), placeholder), end;
             it != end; ++it) {
            auto [known, inserted] = numbers.emplace((*it)[1].str(), numbers.size() + 1);
            renumbered.append(last, (*it)[0].first);
            renumbered += "$" + std::to_string(known->second);
            last = (*it)[0].second;
        }
        renumbered.append(last, statement.cend());
        statement = renumbered;
    }
    return found;
}

std::string golden_text(const std::vector<std::string>& sent) {
    std::string text;
    for (const auto& statement : sent) {
        text += statement + ";\n\n";
    }
    return text;
}

// Where the recorded statements and the sent ones part, in three lines: a CI log keeps only the
// head of a long failure, and the whole of both files is long.
std::string first_difference(const std::string& recorded, const std::string& sent) {
    auto split = [](const std::string& text) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t end; (end = text.find(";\n\n", start)) != std::string::npos;
             start = end + 3) {
            parts.push_back(text.substr(start, end - start));
        }
        if (start < text.size()) {
            parts.push_back(text.substr(start));
        }
        return parts;
    };
    auto expected = split(recorded);
    auto actual = split(sent);
    std::size_t same = 0;
    while (same < expected.size() && same < actual.size() && expected[same] == actual[same]) {
        ++same;
    }
    auto first_line = [same](const std::vector<std::string>& parts) {
        return same < parts.size() ? parts[same].substr(0, parts[same].find('\n')).substr(0, 100)
                                   : std::string("(none)");
    };
    return "statement " + std::to_string(same + 1) + " differs (" +
           std::to_string(expected.size()) + " recorded, " + std::to_string(actual.size()) +
           " sent)\n  recorded: " + first_line(expected) + "\n  sent:     " + first_line(actual);
}

// A database of the layout's tables, one entry (or event) in each state it has.
std::unique_ptr<TestDatabase> layout_database(const std::string& layout) {
    auto db = std::make_unique<TestDatabase>(layout == "canonical");
    db->exec(read_file(golden_dir / layout / "setup.sql"));
    return db;
}

std::vector<std::string> with_layout(const TestDatabase& db, const std::string& layout,
                                     std::vector<std::string> args) {
    for (const auto& global :
         {"--layout", layout.c_str(), "-d", db.conninfo().c_str(), "-o", "json"}) {
        args.emplace_back(global);
    }
    // A layout whose tables are named per queue reads the queue "golden" of its setup.
    auto loaded = load_layout(layout);
    if (loaded.outbox && loaded.outbox->table_prefix) {
        args.insert(args.end(), {"--outbox-table", *loaded.outbox->table_prefix + "golden"});
    }
    return args;
}

} // namespace

TEST_CASE("golden SQL: a log horizon read that the log says is read again is recorded once") {
    auto horizon_read = std::string("eventctl: SQL: WITH locks AS MATERIALIZED (\n"
                                    "    SELECT $1)  [$1='public.event_log']\n"
                                    "eventctl: -> 1 rows in 0.4 ms\n");
    auto log = "eventctl: SQL: SELECT 1\neventctl: -> 1 rows in 0.1 ms\n" + horizon_read +
               "eventctl: " + horizon_read_again + " (attempt 2 of 8)\n" + horizon_read +
               "eventctl: SQL: SELECT 2\neventctl: -> 1 rows in 0.1 ms\n";
    CHECK(statements(log) ==
          std::vector<std::string>{"SELECT 1", "WITH locks AS MATERIALIZED (\n    SELECT $1)",
                                   "SELECT 2"});
}

TEST_CASE("golden SQL: every statement each layout sends for each command it supports") {
    bool update = std::getenv("EVENTCTL_UPDATE_GOLDEN") != nullptr;
    for (const auto& layout_name : preset_names()) {
        INFO("layout " << layout_name);
        REQUIRE(std::filesystem::exists(golden_dir / layout_name / "setup.sql"));
        auto layout = load_layout(layout_name);
        std::map<Command, bool> supported;
        for (const auto& capability : layout_capabilities(layout)) {
            supported[capability.command] = capability.supported;
        }
        for (const auto& invocation : invocations) {
            auto path = golden_dir / layout_name / (invocation.file + ".sql");
            INFO(path.string());
            if (!supported[invocation.command]) {
                CHECK_FALSE(std::filesystem::exists(path));
                continue;
            }
            auto db = layout_database(layout_name);
            auto args = invocation.args;
            for (auto& arg : args) {
                if (arg == "{ID}") {
                    auto listed = run_eventctl(with_layout(*db, layout_name, {"outbox", "list"}));
                    REQUIRE(listed.exit_code == 0);
                    arg = nlohmann::json::parse(listed.out)["items"].at(0)["id"];
                }
                if (arg == "{STREAM}") {
                    // The first stream of the setup, as its column spells it.
                    const auto& column = *layout.log->stream_column;
                    arg = db->scalar("SELECT min(" + quote_identifier(column) + "::text) FROM " +
                                     layout.log->table.sql());
                }
            }
            const auto& outbox = layout.outbox;
            if (invocation.command == Command::outbox_unlock_stale && outbox &&
                !outbox->column(OutboxField::locked_until) && !outbox->stale_after &&
                !outbox->stale_after_column) {
                // A claim time without a lease: only --older-than says what is stale.
                args.insert(args.end(), {"--older-than", "1h"});
            }
            if (invocation.command == Command::outbox_purge && outbox &&
                !outbox->state(Status::completed)) {
                // Without a completed state (Wolverine), purge is asked for the dead entries.
                args.insert(args.end(),
                            {"--status", outbox->state(Status::failed) ? "failed" : "dead"});
            }
            const auto& log = layout.log;
            if (invocation.command == Command::log_seek_create && log && log->consumers &&
                !log->consumers->tells_liveness()) {
                // A table that cannot tell a live consumer seeks only with --force.
                args.emplace_back("--force");
            }
            args = with_layout(*db, layout_name, args);
            args.emplace_back("-v");
            auto result = run_eventctl(args);
            if (result.exit_code != 0) {
                FAIL("exit " << result.exit_code << ": " << result.err);
            }
            auto sent = golden_text(statements(result.err));
            if (update) {
                std::ofstream(path, std::ios::binary) << sent;
            }
            if (auto recorded = read_file(path); recorded != sent) {
                FAIL_CHECK(first_difference(recorded, sent));
            }
        }
    }
}
