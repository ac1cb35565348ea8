#include "process.h"
#include "test_database.h"
#include "text_lines.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace eventctl::test;

namespace {

using Seqs = std::vector<std::int64_t>;

// Events 1..8, event i created at 2026-01-01T00:0i:00Z. Stream a's positions are not in seq_no
// order: its stream_seq 3 was written before its stream_seq 2.
void insert_events(const TestDatabase& db) {
    db.exec("INSERT INTO event_log (stream_id, stream_seq, tenant_id, event_type, payload, "
            "metadata, created_at) SELECT e.stream, e.pos, e.tenant, e.type, "
            "jsonb_build_object('n', e.i), jsonb_build_object('i', e.i), "
            "timestamptz '2026-01-01T00:00:00Z' + e.i * interval '1 minute' FROM (VALUES "
            "(1, 'a', 1, 't1', 'OrderPlaced'), (2, 'b', 1, 't2', 'OrderPlaced'), "
            "(3, 'a', 3, 't1', 'OrderPaid'), (4, 'a', 2, 't1', 'OrderPaid'), "
            "(5, 'b', 2, 't2', 'OrderShipped'), (6, NULL, NULL, 't1', 'Ping'), "
            "(7, 'a', 4, 't2', 'OrderShipped'), (8, 'b', 3, 't1', 'OrderPaid')) "
            "AS e(i, stream, pos, tenant, type) ORDER BY e.i");
}

ProcessResult replay(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"log", "replay", "-d", db.conninfo()});
    return run_eventctl(args);
}

// The seq_no of each NDJSON line replay printed, in order.
Seqs replayed(const TestDatabase& db, const std::vector<std::string>& args) {
    auto result = replay(db, args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    Seqs seqs;
    for (const auto& line : lines_of(result.out)) {
        seqs.push_back(nlohmann::json::parse(line)["seq_no"].get<std::int64_t>());
    }
    return seqs;
}

} // namespace

TEST_CASE("log replay returns exactly the events of each range and filter, in order") {
    TestDatabase db;
    insert_events(db);
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('billing', 4)");
    struct Case {
        std::vector<std::string> args;
        Seqs expected;
    };
    for (const auto& [args, expected] : std::vector<Case>{
             {{}, {1, 2, 3, 4, 5, 6, 7, 8}},
             {{"--from-seq", "3"}, {3, 4, 5, 6, 7, 8}},
             {{"--after-seq", "3"}, {4, 5, 6, 7, 8}},
             {{"--to-seq", "5"}, {1, 2, 3, 4, 5}},
             {{"--from-seq", "3", "--to-seq", "5"}, {3, 4, 5}},
             {{"--after-seq", "3", "--to-seq", "3"}, {}},
             {{"--from-seq", "100"}, {}},
             {{"--from-time", "2026-01-01T00:04:30Z"}, {5, 6, 7, 8}},
             {{"--from-time", "2026-01-01T00:04:00Z"}, {4, 5, 6, 7, 8}},
             {{"--to-time", "2026-01-01T00:05:00Z"}, {1, 2, 3, 4, 5}},
             {{"--to-time", "2026-01-01T00:04:59Z"}, {1, 2, 3, 4}},
             {{"--from-time", "2026-01-01T00:02:00Z", "--to-time", "2026-01-01T00:05:00Z"},
              {2, 3, 4, 5}},
             {{"--from-time", "2026-01-01T00:09:00Z"}, {}},
             {{"--to-time", "2025-12-31"}, {}},
             {{"--from-seq", "2", "--to-time", "2026-01-01T00:01:30Z"}, {}},
             {{"--consumer", "billing"}, {5, 6, 7, 8}},
             {{"--consumer", "billing", "--to-seq", "6"}, {5, 6}},
             {{"--tenant", "t1"}, {1, 3, 4, 6, 8}},
             {{"--type", "OrderPaid"}, {3, 4, 8}},
             {{"--type", "OrderPaid,OrderShipped"}, {3, 4, 5, 7, 8}},
             {{"--type", "OrderPaid", "--type", "Ping"}, {3, 4, 6, 8}},
             {{"--tenant", "t1", "--type", "OrderPaid", "--from-seq", "4"}, {4, 8}},
             {{"--tenant", "t2", "--from-time", "2026-01-01T00:03:00Z", "--to-seq", "7"}, {5, 7}},
             {{"--tenant", "nobody"}, {}},
             {{"--limit", "3"}, {1, 2, 3}},
             {{"--limit", "3", "--after-seq", "3"}, {4, 5, 6}},
             {{"--limit", "2", "--type", "OrderPaid"}, {3, 4}},
             {{"--limit", "0", "--from-seq", "7"}, {7, 8}},
             // One stream, in its own order: positions are stream_seq.
             {{"--stream", "a"}, {1, 4, 3, 7}},
             {{"--stream", "a", "--after-seq", "2"}, {3, 7}},
             {{"--stream", "a", "--from-seq", "2", "--to-seq", "3"}, {4, 3}},
             {{"--stream", "a", "--type", "OrderPaid"}, {4, 3}},
             // Times resolve to positions: from the first at or after the time, in order.
             {{"--stream", "a", "--from-time", "2026-01-01T00:03:30Z"}, {4, 3, 7}},
             {{"--stream", "b", "--to-time", "2026-01-01T00:05:00Z"}, {2, 5}},
             {{"--stream", "a", "--limit", "2", "--after-seq", "1"}, {4, 3}},
             {{"--stream", "zzz"}, {}},
         }) {
        INFO("replay " << nlohmann::json(args).dump());
        CHECK(replayed(db, args) == expected);
    }
}

TEST_CASE("log replay prints each EVENT of the contract, in every format") {
    TestDatabase db;
    insert_events(db);
    auto ndjson = replay(db, {"--from-seq", "6", "--to-seq", "7"});
    REQUIRE(ndjson.exit_code == 0);
    auto lines = lines_of(ndjson.out);
    REQUIRE(lines.size() == 2);
    CHECK(nlohmann::json::parse(lines[0]) == nlohmann::json::parse(R"({"seq_no": 6,
        "stream_id": null, "stream_seq": null, "event_type": "Ping", "tenant_id": "t1",
        "created_at": "2026-01-01T00:06:00Z", "payload": {"n": 6}, "metadata": {"i": 6}})"));
    CHECK(nlohmann::json::parse(lines[1])["stream_id"] == "a");

    auto json = replay(db, {"--to-seq", "3", "-o", "json"});
    REQUIRE(json.exit_code == 0);
    auto items = nlohmann::json::parse(json.out)["items"];
    REQUIRE(items.size() == 3);
    CHECK(items[2]["payload"]["n"] == 3);

    auto csv = replay(db, {"--to-seq", "1", "-o", "csv"});
    CHECK(csv.out == "seq_no,stream_id,stream_seq,event_type,tenant_id,created_at,payload,metadata"
                     "\r\n1,a,1,OrderPlaced,t1,2026-01-01T00:01:00Z,\"{\"\"n\"\": 1}\","
                     "\"{\"\"i\"\": 1}\"\r\n");

    auto table = replay(db, {"--to-seq", "2", "-o", "table"});
    CHECK_THAT(table.out, Catch::StartsWith("SEQ_NO") && Catch::EndsWith("\n2 events\n"));
    auto none = replay(db, {"--tenant", "nobody", "-o", "table"});
    CHECK(none.out == "no matching events\n");
    CHECK(replay(db, {"--tenant", "nobody", "--json"}).out == "{\"items\": []}\n");
}

TEST_CASE("log replay --limit says where to continue") {
    TestDatabase db;
    insert_events(db);
    auto cut = replay(db, {"--limit", "3"});
    CHECK(cut.err == "more events follow: continue with --after-seq 3\n");
    auto whole = replay(db, {"--limit", "8"});
    CHECK(whole.err.empty());
    auto stream = replay(db, {"--stream", "a", "--limit", "1"});
    CHECK(stream.err == "more events follow: continue with --after-seq 1\n");
}

TEST_CASE("log replay refuses bad input before reading") {
    TestDatabase db;
    insert_events(db);
    auto unknown = replay(db, {"--consumer", "nobody"});
    CHECK(unknown.exit_code == 65);
    CHECK(unknown.out.empty());
    CHECK_THAT(unknown.err, Catch::StartsWith("eventctl: no consumer named \"nobody\""));
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--from-seq", "1", "--consumer", "x"},
                                               {"--to-seq", "1", "--to-time", "1h"},
                                               {"--stream", "a", "--consumer", "x"},
                                               {"--from-time", "yesterday"},
                                               {"--limit", "many"}}) {
        auto result = replay(db, args);
        INFO(args[0] << ": " << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK(lines_of(result.err).size() <= 2); // one line, and a HINT at most
    }
}

TEST_CASE("log replay streams any range in flat memory") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (stream_id, stream_seq, event_type, payload) SELECT "
            "'s' || i, 1, 'E', jsonb_build_object('body', repeat('x', 200)) "
            "FROM generate_series(1, 1000) i");
    auto small = replay(db, {});
    REQUIRE(small.exit_code == 0);
    CHECK(lines_of(small.out).size() == 1000);

    db.exec("INSERT INTO event_log (stream_id, stream_seq, event_type, payload) SELECT "
            "'s' || i, 1, 'E', jsonb_build_object('body', repeat('x', 200)) "
            "FROM generate_series(1001, 100000) i");
    auto large = replay(db, {});
    REQUIRE(large.exit_code == 0);
    CHECK(lines_of(large.out).size() == 100000);
    // 100 times the events (about 30 MB of output) may not cost more than a few MB of memory.
    INFO("peak RSS: 1,000 events " << small.max_rss_kb << " kB, 100,000 events " << large.max_rss_kb
                                   << " kB");
    CHECK(large.max_rss_kb < small.max_rss_kb + 8 * 1024);
}
