#include "outbox_fixture.h"
#include "process.h"
#include "text_lines.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace eventctl::test;

namespace {

std::vector<std::string> run_list(const TestDatabase& db, std::vector<std::string> extra) {
    std::vector<std::string> args{"outbox", "list", "-d", db.conninfo(), "-o", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::vector<std::string> ids;
    auto page = nlohmann::json::parse(result.out);
    for (const auto& item : page["items"]) {
        ids.push_back(item["id"]);
    }
    return ids;
}

} // namespace

TEST_CASE("outbox list applies each filter alone and combined") {
    TestDatabase db;
    auto a = insert_entry(db, {"pending", "OrderPlaced", "5 days", "t1", "Order", "o-1"});
    auto b = insert_entry(
        db, {"failed", "OrderPlaced", "4 days", "t2", "Order", "o-2", "HTTP 503 from broker"});
    auto c = insert_entry(db, {"dead", "PaymentCaptured", "3 days", "t1", "Payment", "p-1",
                               "Broker TIMEOUT after 30s"});
    auto d = insert_entry(db, {"completed", "PaymentCaptured", "2 days", "t2", "Payment", "p-2"});
    auto e = insert_entry(db, {"processing", "UserCreated", "1 day", "", "User", "u-1"});

    using Ids = std::vector<std::string>;
    CHECK(run_list(db, {}) == Ids{a, b, c, d, e});
    CHECK(run_list(db, {"--status", "failed"}) == Ids{b});
    CHECK(run_list(db, {"--status", "failed,dead"}) == Ids{b, c});
    CHECK(run_list(db, {"--status", "failed", "--status", "completed"}) == Ids{b, d});
    CHECK(run_list(db, {"--event-type", "PaymentCaptured"}) == Ids{c, d});
    CHECK(run_list(db, {"--event-type", "UserCreated,OrderPlaced"}) == Ids{a, b, e});
    CHECK(run_list(db, {"--tenant", "t1"}) == Ids{a, c});
    CHECK(run_list(db, {"--aggregate-type", "Payment"}) == Ids{c, d});
    CHECK(run_list(db, {"--aggregate-id", "o-2"}) == Ids{b});
    CHECK(run_list(db, {"--created-before", "3d"}) == Ids{a, b, c});
    CHECK(run_list(db, {"--created-after", "2d12h"}) == Ids{d, e});
    CHECK(run_list(db, {"--error-contains", "timeout"}) == Ids{c});
    CHECK(run_list(db, {"--error-contains", "503"}) == Ids{b});
    CHECK(run_list(db, {"--status", "failed,dead", "--tenant", "t1"}) == Ids{c});
    CHECK(run_list(db, {"--event-type", "PaymentCaptured", "--created-after", "2d12h", "--tenant",
                        "t2", "--aggregate-type", "Payment"}) == Ids{d});
    CHECK(run_list(db, {"--tenant", "nobody"}).empty());
    CHECK(run_list(db, {"--order", "desc", "--limit", "2"}) == Ids{e, d});
}

TEST_CASE("outbox list filters by a fixed instant given as RFC 3339 or a date") {
    TestDatabase db;
    auto old_id = db.scalar("INSERT INTO outbox (event_type, payload, created_at) VALUES "
                            "('A', '{}', '2026-01-01T00:00:00Z') RETURNING id");
    auto new_id = db.scalar("INSERT INTO outbox (event_type, payload, created_at) VALUES "
                            "('A', '{}', '2026-01-02T00:00:00Z') RETURNING id");
    using Ids = std::vector<std::string>;
    CHECK(run_list(db, {"--created-after", "2026-01-02"}) == Ids{new_id});            // inclusive
    CHECK(run_list(db, {"--created-before", "2026-01-02T00:00:00Z"}) == Ids{old_id}); // exclusive
    CHECK(run_list(db, {"--created-before", "2026-01-02T01:00:00+02:00"}) == Ids{old_id});
}

TEST_CASE("outbox list keyset paging returns every row once and in order across inserts") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, created_at) SELECT 'E', '{}', "
            "timestamptz '2026-01-01' + (i / 3) * interval '1 second' "
            "FROM generate_series(1, 25) AS i"); // created_at ties broken by id
    std::vector<std::string> seen;
    std::optional<std::string> cursor;
    int pages = 0;
    do {
        std::vector<std::string> args{"outbox", "list", "-d",      db.conninfo(),
                                      "-o",     "json", "--limit", "7"};
        if (cursor) {
            args.push_back("--after");
            args.push_back(*cursor);
        }
        auto result = run_eventctl(args);
        REQUIRE(result.exit_code == 0);
        auto page = nlohmann::json::parse(result.out);
        for (const auto& item : page["items"]) {
            seen.push_back(item["id"]);
        }
        cursor = page["next_cursor"].is_null() ? std::nullopt
                                               : std::optional<std::string>(page["next_cursor"]);
        if (++pages == 2) {
            // Arrivals while paging show up on a later page, never twice.
            db.exec("INSERT INTO outbox (event_type, payload, created_at) SELECT 'Late', '{}', "
                    "timestamptz '2026-02-01' FROM generate_series(1, 3)");
        }
    } while (cursor && pages < 20);
    CHECK(pages == 4);
    auto expected = db.exec("SELECT id::text FROM outbox ORDER BY created_at, id");
    REQUIRE(seen.size() == expected.size());
    for (std::size_t i = 0; i < seen.size(); ++i) {
        CHECK(seen[i] == expected[static_cast<int>(i)][0].as<std::string>());
    }
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 28);
}

TEST_CASE("outbox list pages backwards with --order desc") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, created_at) SELECT 'E', '{}', "
            "timestamptz '2026-01-01' + i * interval '1 minute' FROM generate_series(1, 5) i");
    auto first = run_eventctl(
        {"outbox", "list", "-d", db.conninfo(), "--json", "--order", "desc", "--limit", "3"});
    REQUIRE(first.exit_code == 0);
    auto page = nlohmann::json::parse(first.out);
    REQUIRE(page["items"].size() == 3);
    CHECK(page["items"][0]["created_at"] == "2026-01-01T00:05:00Z");
    auto second = run_eventctl({"outbox", "list", "-d", db.conninfo(), "--json", "--order", "desc",
                                "--after", page["next_cursor"]});
    REQUIRE(second.exit_code == 0);
    auto rest = nlohmann::json::parse(second.out);
    REQUIRE(rest["items"].size() == 2);
    CHECK(rest["items"][1]["created_at"] == "2026-01-01T00:01:00Z");
    CHECK(rest["next_cursor"].is_null());

    auto mismatch = run_eventctl(
        {"outbox", "list", "-d", db.conninfo(), "--order", "asc", "--after", page["next_cursor"]});
    CHECK(mismatch.exit_code == 64);
}

TEST_CASE("outbox list ndjson is one entry per line with the cursor on stderr") {
    TestDatabase db;
    for (int i = 0; i < 3; ++i) {
        insert_entry(db, {"dead", "OrderPlaced", std::to_string(3 - i) + " hours"});
    }
    auto result = run_eventctl(
        {"outbox", "list", "-d", db.conninfo(), "-o", "ndjson", "--limit", "2", "--payload"});
    REQUIRE(result.exit_code == 0);
    auto lines = lines_of(result.out);
    REQUIRE(lines.size() == 2);
    for (const auto& line : lines) {
        auto entry = nlohmann::json::parse(line);
        for (const char* field :
             {"id", "event_type", "status", "created_at", "tenant_id", "aggregate_type",
              "aggregate_id", "attempts", "max_attempts", "last_error", "scheduled_at", "locked_by",
              "locked_until", "processed_at", "payload", "metadata"}) {
            CHECK(entry.contains(field));
        }
        CHECK(entry["payload"]["n"] == 1);
        CHECK(entry["status"] == "dead");
    }
    CHECK(result.err.rfind("next_cursor: ", 0) == 0);

    auto without_payload = run_eventctl({"outbox", "list", "-d", db.conninfo(), "-o", "ndjson"});
    CHECK_FALSE(nlohmann::json::parse(lines_of(without_payload.out)[0]).contains("payload"));
}

namespace {

// Reads from fd into text until it holds `lines` line ends, the end of the output, or the
// deadline; returns whether the output ended.
bool read_lines(int fd, std::string& text, std::size_t lines,
                std::chrono::steady_clock::time_point deadline) {
    while (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) < lines) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd ready{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        char chunk[65536];
        auto n = read(fd, chunk, sizeof chunk);
        if (n <= 0) {
            return true;
        }
        text.append(chunk, static_cast<std::size_t>(n));
    }
    return false;
}

} // namespace

TEST_CASE("outbox list ndjson: every line read is in the pipe, whole, before eventctl waits") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) SELECT 'OrderPlaced', "
            "jsonb_build_object('i', i), 'pending', now() - interval '1 day' + i * interval "
            "'1 second' FROM generate_series(1, 2000) i");
    // The second page (from entry 1001) stops at entry 1500 while the test holds the gate.
    db.exec("CREATE FUNCTION public.gated(t text, i int) RETURNS text LANGUAGE plpgsql STABLE "
            "COST 100000 AS $$ BEGIN IF i = 1500 THEN PERFORM pg_advisory_lock_shared(4242); "
            "PERFORM pg_advisory_unlock_shared(4242); END IF; RETURN t; END $$");
    db.exec("CREATE VIEW public.gated_outbox AS SELECT id, public.gated(event_type, "
            "(payload->>'i')::int) AS event_type, payload, metadata, status, tenant_id, "
            "aggregate_type, aggregate_id, sequence, idempotency_key, attempts, max_attempts, "
            "last_error, scheduled_at, locked_by, locked_until, created_at, updated_at, "
            "processed_at FROM public.outbox");
    pqxx::connection gate(db.conninfo());
    pqxx::nontransaction hold(gate);
    hold.exec("SELECT pg_advisory_lock(4242)");

    auto command = std::string(EVENTCTL_BINARY) +
                   " outbox list -o ndjson --limit 0 --lock-timeout 60s " +
                   "--outbox-table gated_outbox -d \"" + db.conninfo() + "\" 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    bool ended = read_lines(fileno(pipe), text, 1000,
                            std::chrono::steady_clock::now() + std::chrono::seconds(20));
    // The whole first page arrived while eventctl waits for the second, and not one line less.
    CHECK_FALSE(ended);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1000);
    CHECK((!text.empty() && text.back() == '\n'));
    hold.exec("SELECT pg_advisory_unlock(4242)");
    read_lines(fileno(pipe), text, 2001,
               std::chrono::steady_clock::now() + std::chrono::seconds(60));
    int status = pclose(pipe);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    auto lines = lines_of(text);
    REQUIRE(lines.size() == 2000);
    CHECK(nlohmann::json::parse(lines.back())["id"].is_string());
}

TEST_CASE("outbox list csv quotes commas, quotes and newlines per RFC 4180") {
    TestDatabase db;
    auto id = insert_entry(db, {"failed", "OrderPlaced", "1 hour", "t,1", "", "",
                                "broker said \"no\",\nthen hung up", "", 1});
    auto result = run_eventctl({"outbox", "list", "-d", db.conninfo(), "-o", "csv"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.rfind("id,event_type,status,created_at,tenant_id,aggregate_type,"
                           "aggregate_id,attempts,max_attempts,last_error,scheduled_at,locked_by,"
                           "locked_until,processed_at\r\n",
                           0) == 0);
    CHECK(result.out.find(id + ",OrderPlaced,failed,") != std::string::npos);
    CHECK(result.out.find(",\"t,1\",,,1,10,\"broker said \"\"no\"\",\nthen hung up\",") !=
          std::string::npos);
}

TEST_CASE("outbox list table output has aligned columns and a count footer") {
    TestDatabase db;
    insert_entry(db, {"pending", "OrderPlaced"});
    insert_entry(db, {"failed", "A", "2 hours", "", "", "", "boom", "", 3});
    auto result = run_eventctl({"outbox", "list", "-d", db.conninfo()});
    REQUIRE(result.exit_code == 0);
    auto lines = lines_of(result.out);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].rfind("ID", 0) == 0);
    CHECK(lines[0].find("STATUS") == lines[1].find("failed"));
    CHECK(lines[1].find("3/10") != std::string::npos);
    // The footer names the table and the database the rows came from.
    auto target = "public.outbox on " + db.scalar("SELECT current_database()") + "@";
    CHECK(lines[4].rfind("2 entries of " + target, 0) == 0);

    TestDatabase empty;
    auto none = run_eventctl({"outbox", "list", "-d", empty.conninfo()});
    CHECK(none.exit_code == 0);
    CHECK(none.out.rfind("no matching entries in public.outbox on " +
                             empty.scalar("SELECT current_database()") + "@",
                         0) == 0);

    // --no-headers: the rows alone, no heading and no footer.
    auto bare = run_eventctl({"outbox", "list", "--no-headers", "-d", db.conninfo()});
    REQUIRE(bare.exit_code == 0);
    auto rows = lines_of(bare.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].find("failed") != std::string::npos);
    CHECK(rows[1].find("pending") != std::string::npos);
}

TEST_CASE("outbox list --limit 0 streams every row in flat memory") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, created_at) SELECT 'E', "
            "jsonb_build_object('body', repeat('x', 200)), now() - i * interval '1 second' "
            "FROM generate_series(1, 1000) i");
    auto small = run_eventctl(
        {"outbox", "list", "-d", db.conninfo(), "-o", "ndjson", "--limit", "0", "--payload"});
    REQUIRE(small.exit_code == 0);
    CHECK(lines_of(small.out).size() == 1000);

    db.exec("INSERT INTO outbox (event_type, payload, created_at) SELECT 'E', "
            "jsonb_build_object('body', repeat('x', 200)), now() - i * interval '1 second' "
            "FROM generate_series(1001, 100000) i");
    auto large = run_eventctl(
        {"outbox", "list", "-d", db.conninfo(), "-o", "ndjson", "--limit", "0", "--payload"});
    REQUIRE(large.exit_code == 0);
    CHECK(lines_of(large.out).size() == 100000);
    // 100 times the rows (about 30 MB of output) may not cost more than a few MB of memory.
    INFO("peak RSS: 1,000 rows " << small.max_rss_kb << " kB, 100,000 rows " << large.max_rss_kb
                                 << " kB");
    CHECK(large.max_rss_kb < small.max_rss_kb + 8 * 1024);
}

TEST_CASE("outbox list rejects bad input with exit 64 before touching the database") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--created-after", "12x"},
                                               {"--created-before", "2026-02-30"},
                                               {"--status", "lost"},
                                               {"--after", "not-a-cursor!"},
                                               {"--limit", "-1"},
                                               {"--order", "sideways"}}) {
        std::vector<std::string> argv{"outbox", "list", "-d", "host=/nonexistent"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto result = run_eventctl(argv);
        INFO(args[0] << " " << args[1] << ": " << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK(result.err.rfind("eventctl: ", 0) == 0);
    }
}
