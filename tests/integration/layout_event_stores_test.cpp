// The marten and eventuous presets against the tables those libraries create (the golden setups
// tests/golden/marten/setup.sql and eventuous/setup.sql are the same DDL): events read by global
// position and by stream, the consumers' positions, seeks that need --force because neither
// library records a running consumer in a table, and what an event store without an outbox
// refuses.

#include "layout_run.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace eventctl::test;

namespace {

// The setup of a preset's golden SQL: its library's tables with a few events.
std::string golden_setup(const std::string& layout) {
    std::ifstream in(std::filesystem::path(EVENTCTL_SOURCE_DIR) / "tests" / "golden" / layout /
                     "setup.sql");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("marten: shards are consumers, the high-water mark is not, and seek needs --force") {
    TestDatabase db(false);
    db.exec(golden_setup("marten"));
    db.exec("INSERT INTO mt_event_progression (name, last_seq_id) VALUES "
            "('HighWaterMark:tenant-a', 3), ('Orders:All', 2)");
    const std::string layout = "marten";

    auto consumers = json_with_layout(db, layout, {"log", "consumers"});
    std::set<std::string> names;
    for (const auto& consumer : consumers["consumers"]) {
        names.insert(consumer["consumer"].get<std::string>());
    }
    CHECK(names == std::set<std::string>{"Orders:All", "golden"});
    CHECK(consumers["head"] == 3);

    auto stream = lines_with_layout(db, layout, {"log", "replay", "--stream", "s-1"});
    CHECK(positions(stream, "stream_seq") == std::vector<std::int64_t>{1, 2});
    auto after = lines_with_layout(db, layout, {"log", "replay", "--consumer", "Orders:All"});
    CHECK(positions(after, "seq_no") == std::vector<std::int64_t>{3});
    CHECK(after[0]["event_type"] == "order_placed");

    // The daemon's lock cannot be read: a seek without --force is refused, nothing moves.
    auto before = table_snapshot(db, "public.mt_event_progression");
    auto refused = run_with_layout(db, layout, {"log", "seek", "Orders:All", "--to-beginning"});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("advisory lock per shard") != std::string::npos);
    CHECK(table_snapshot(db, "public.mt_event_progression") == before);
    // A new shard is the daemon's to create: the filter pins no name.
    auto create = run_with_layout(
        db, layout, {"log", "seek", "Invoices:All", "--create", "--to-beginning", "--force"});
    CHECK(create.exit_code == 64);
    CHECK(table_snapshot(db, "public.mt_event_progression") == before);

    json_with_layout(db, layout, {"log", "seek", "Orders:All", "--to-seq", "1", "--force"});
    CHECK(db.scalar("SELECT last_seq_id || ' ' || (last_updated > now() - interval '1 minute') "
                    "FROM mt_event_progression WHERE name = 'Orders:All'") == "0 true");
    CHECK(db.scalar("SELECT string_agg(last_seq_id::text, ',' ORDER BY name) FROM "
                    "mt_event_progression WHERE name LIKE 'HighWaterMark%'") == "3,3");

    for (const auto& command :
         std::vector<std::vector<std::string>>{{"outbox", "stats"}, {"outbox", "list"}}) {
        auto result = run_with_layout(db, layout, command);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("layout marten lacks an outbox table") != std::string::npos);
    }
}

TEST_CASE("marten: log purge holds the shards' floor, and with both bounds deletes what both "
          "reach") {
    TestDatabase db(false);
    db.exec(golden_setup("marten"));
    db.exec("INSERT INTO mt_event_progression (name, last_seq_id) VALUES ('Orders:All', 3)");
    // Events 1, 2 and 3, written 2 h, 1 h and a moment ago. The shard at 3 lets 1 and 2 go,
    // --before-seq 4 reaches all three, and the age only event 1.
    auto purged = json_with_layout(db, "marten",
                                   {"log", "purge", "--older-than", "90m", "--before-seq", "4",
                                    "--ignore-consumer", "golden", "--yes"});
    CHECK(purged["changed"] == 1);
    CHECK(purged["selection"]["floor_consumer"] == "Orders:All");
    CHECK(db.scalar("SELECT string_agg(seq_id::text, ',' ORDER BY seq_id) FROM mt_events") ==
          "2,3");
}

TEST_CASE("eventuous: checkpoints with NULL positions, seek --create, --force always") {
    TestDatabase db(false);
    db.exec(golden_setup("eventuous"));
    db.exec("INSERT INTO eventuous.checkpoints VALUES ('fresh', NULL)");
    const std::string layout = "eventuous";

    auto consumers = json_with_layout(db, layout, {"log", "consumers"});
    CHECK(consumers["head"] == 3);
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& consumer : consumers["consumers"]) {
        by_name[consumer["consumer"].get<std::string>()] = consumer;
    }
    REQUIRE(by_name.size() == 2);
    CHECK(by_name["golden"]["position"] == 1);
    CHECK(by_name["fresh"]["position"] == 0); // NULL: nothing processed

    auto replayed = lines_with_layout(db, layout, {"log", "replay", "--consumer", "fresh"});
    CHECK(positions(replayed, "seq_no") == std::vector<std::int64_t>{1, 2, 3});
    auto stream = lines_with_layout(db, layout, {"log", "replay", "--stream", "1"});
    CHECK(positions(stream, "stream_seq") == std::vector<std::int64_t>{0, 1});

    auto refused = run_with_layout(db, layout, {"log", "seek", "golden", "--to-end"});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("records nothing while a subscription runs") != std::string::npos);
    CHECK(db.scalar("SELECT position FROM eventuous.checkpoints WHERE id = 'golden'") == "1");

    json_with_layout(db, layout, {"log", "seek", "golden", "--to-end", "--force"});
    CHECK(db.scalar("SELECT position FROM eventuous.checkpoints WHERE id = 'golden'") == "3");
    json_with_layout(db, layout,
                     {"log", "seek", "projector", "--create", "--to-beginning", "--force"});
    CHECK(db.scalar("SELECT position FROM eventuous.checkpoints WHERE id = 'projector'") == "0");

    auto tenant = run_with_layout(db, layout, {"log", "replay", "--tenant", "t1"});
    CHECK(tenant.exit_code == 64);
    auto outbox = run_with_layout(db, layout, {"outbox", "stats"});
    CHECK(outbox.exit_code == 64);
}
