// The parts of retention that need no server: partition bounds as the server prints them, the
// index DDL for partitioned tables, and the one line that says why space is not back yet.

#include "eventctl/doctor/doctor.h"
#include "eventctl/retention/vacuum_horizon.h"
#include "eventctl/sql/partitions.h"

#include <catch2/catch.hpp>

using namespace eventctl;

TEST_CASE("partitions: range bounds are read as the server prints them") {
    auto time = parse_range_bound("FOR VALUES FROM ('2026-01-05 00:00:00+00') TO "
                                  "('2026-01-12 00:00:00+00')");
    REQUIRE(time);
    CHECK(time->from == "2026-01-05 00:00:00+00");
    CHECK(time->to == "2026-01-12 00:00:00+00");
    auto numbers = parse_range_bound("FOR VALUES FROM ('1') TO ('1001')");
    REQUIRE(numbers);
    CHECK(numbers->to == "1001");
    auto bare = parse_range_bound("FOR VALUES FROM (1) TO (1001)");
    REQUIRE(bare);
    CHECK(bare->from == "1");
    auto open = parse_range_bound("FOR VALUES FROM (MINVALUE) TO ('x''y')");
    REQUIRE(open);
    CHECK_FALSE(open->from);
    CHECK(open->to == "x'y");
    CHECK_FALSE(parse_range_bound("FOR VALUES FROM ('a') TO (MAXVALUE)")->to);
    // Anything else is not a one-column range.
    CHECK_FALSE(parse_range_bound("DEFAULT"));
    CHECK_FALSE(parse_range_bound("FOR VALUES IN ('completed', 'dead')"));
    CHECK_FALSE(parse_range_bound("FOR VALUES WITH (modulus 4, remainder 1)"));
    CHECK_FALSE(parse_range_bound("FOR VALUES FROM ('a', 1) TO ('b', 2)"));
    CHECK_FALSE(parse_range_bound(""));
}

TEST_CASE("partitions: a tree knows its leaves at any depth and sums their estimates") {
    PartitionTree tree;
    PartitionMember root;
    root.table = {"public", "outbox"};
    root.leaf = false;
    root.key = PartitionKey{"list", {std::string("status")}};
    PartitionMember hot{{"public", "outbox_hot"}, root.table, 1, true, false, "", {}, 10, 1};
    PartitionMember done{{"public", "outbox_done"}, root.table, 1, false, false, "", {}, {}, 0};
    done.key = PartitionKey{"hash", {std::string("id")}};
    PartitionMember done0{{"public", "outbox_done_0"}, done.table, 2, true, false, "", {}, 5, 1};
    PartitionMember done1{{"public", "outbox_done_1"}, done.table, 2, true, false, "", {}, {}, 0};
    tree.members = {root, hot, done, done0, done1};
    CHECK(tree.partitioned());
    CHECK(tree.leaves().size() == 3);
    CHECK(tree.leaves_under(done.table).size() == 2);
    CHECK(tree.planner_rows() == 15); // a leaf never analyzed counts for nothing
    CHECK(tree.depth() == 2);
    CHECK(root.key->describe() == "list (status)");
}

TEST_CASE("doctor: on a partitioned table, ON ONLY, each leaf CONCURRENTLY, then ATTACH") {
    PartitionTree tree;
    PartitionMember root;
    root.table = {"public", "outbox"};
    root.leaf = false;
    root.key = PartitionKey{"range", {std::string("created_at")}};
    PartitionMember week{{"public", "outbox_w1"}, root.table, 1, true, false, "", {}, {}, 0};
    tree.members = {root, week};
    IndexNeed need;
    need.table = root.table;
    need.create_columns = {"created_at", "id"};
    need.name_suffix = "created_at_idx";
    CHECK(create_partitioned_index_statements(need, "outbox_created_at_idx", tree) ==
          "CREATE INDEX \"outbox_created_at_idx\" ON ONLY \"public\".\"outbox\" (\"created_at\", "
          "\"id\");\n"
          "CREATE INDEX CONCURRENTLY \"outbox_w1_created_at_idx\" ON \"public\".\"outbox_w1\" "
          "(\"created_at\", \"id\");\n"
          "ALTER INDEX \"public\".\"outbox_created_at_idx\" ATTACH PARTITION "
          "\"public\".\"outbox_w1_created_at_idx\";");
}

TEST_CASE("vacuum: the first holder of rows says why space is not back") {
    VacuumHorizon horizon;
    horizon.table = {"public", "outbox"};
    CHECK_FALSE(horizon.reclaim_note());
    HorizonHolder slot;
    slot.kind = "replication slot";
    slot.name = "decoder";
    slot.catalog_xmin_age = 12;
    slot.holds_rows = false; // catalog rows only
    horizon.holders.push_back(slot);
    CHECK_FALSE(horizon.reclaim_note());
    HorizonHolder session;
    session.kind = "session";
    session.name = "4242";
    session.application = "psql";
    session.state = "idle in transaction";
    session.age_seconds = 3 * 3600 + 60;
    horizon.holders.push_back(session);
    CHECK(horizon.reclaim_note() ==
          "space not reclaimable until pid 4242 (psql) ends: idle in transaction for 3h1m");
    CHECK(short_age(45) == "45s");
    CHECK(short_age(2 * 86400 + 4 * 3600 + 13) == "2d4h");
    CHECK(short_age(0) == "0s");
}
