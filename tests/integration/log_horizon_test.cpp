#include "eventctl/log/horizon.h"
#include "eventctl/session/transactions.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

using namespace eventctl;
using namespace eventctl::test;

namespace {

using Seqs = std::vector<std::int64_t>;

const std::string insert_event =
    "INSERT INTO event_log (event_type, payload) VALUES ('E', '{}') RETURNING seq_no";

std::int64_t head(const TestDatabase& db) {
    auto result = run_eventctl({"log", "consumers", "-d", db.conninfo(), "--json"});
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out)["head"].get<std::int64_t>();
}

Seqs replayed(const TestDatabase& db, std::vector<std::string> args, std::string* err = nullptr) {
    args.insert(args.begin(), {"log", "replay", "-d", db.conninfo()});
    auto result = run_eventctl(args);
    REQUIRE(result.exit_code == 0);
    if (err != nullptr) {
        *err = result.err;
    }
    Seqs seqs;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        seqs.push_back(nlohmann::json::parse(line)["seq_no"].get<std::int64_t>());
    }
    return seqs;
}

std::string position(const TestDatabase& db) {
    return db.scalar("SELECT position FROM event_consumers WHERE consumer = 'billing'");
}

} // namespace

TEST_CASE("log horizon: an event still in flight is not skipped by --to-end, head or replay") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 9)");
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) "
            "VALUES ('billing', 5, now() - interval '1 hour')");

    // A writer takes seq_no 10 and keeps its transaction open...
    pqxx::connection writer(db.conninfo());
    pqxx::work in_flight(writer);
    REQUIRE(in_flight.exec(insert_event)[0][0].as<std::int64_t>() == 10);
    // ...while a younger one commits 11.
    REQUIRE(db.scalar(insert_event) == "11");

    CHECK(head(db) == 9);
    std::string warning;
    CHECK(replayed(db, {}, &warning) == Seqs{1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK_THAT(warning, Catch::Contains("replay stops at the stable head, seq_no 9"));
    // An explicit end past the head is honoured, with a warning that 10 may be missing.
    CHECK(replayed(db, {"--from-seq", "9", "--to-seq", "11"}, &warning) == Seqs{9, 11});
    CHECK_THAT(warning, Catch::Contains("past the stable head"));

    auto seek = run_eventctl({"log", "seek", "billing", "--to-end", "-d", db.conninfo()});
    REQUIRE(seek.exit_code == 0);
    CHECK(position(db) == "9");

    // The library reads the same horizon; a log without txid could not tell.
    auto session = db.session();
    auto source = canonical_log_source(TableNames{});
    {
        ReadTransaction tx(session.connection());
        auto horizon = read_horizon(session, tx, source);
        CHECK(horizon.head == 9);
        CHECK(horizon.latest == 11);
        CHECK(horizon.first == 1);
        CHECK(horizon.stable);
        CHECK(horizon.bound.has_value());
        source.txid_column.reset();
        auto unprotected = read_horizon(session, tx, source);
        CHECK(unprotected.head == 11);
        CHECK_FALSE(unprotected.stable);
    }

    in_flight.commit();
    CHECK(head(db) == 11);
    // Event 10 is still ahead of the consumer that was moved to the end while it was in flight.
    CHECK(replayed(db, {"--consumer", "billing"}) == Seqs{10, 11});
    REQUIRE(run_eventctl({"log", "seek", "billing", "--to-end", "--force", "-d", db.conninfo()})
                .exit_code == 0);
    CHECK(position(db) == "11");
}

TEST_CASE("log horizon: an open transaction holds the head back once it wrote to the log") {
    TestDatabase db;
    TestDatabase elsewhere;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 3)");
    pqxx::connection other(db.conninfo());
    pqxx::work holding(other);
    holding.exec("SELECT pg_current_xact_id()"); // an id, but nothing written to the log yet
    pqxx::connection unrelated(elsewhere.conninfo());
    pqxx::work busy(unrelated);
    busy.exec("INSERT INTO event_log (event_type, payload) VALUES ('E', '{}')"); // another database
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 2)");
    // Neither can hide a seq_no below 5: whatever they append from now on lands above it.
    CHECK(head(db) == 5);

    // Now the older transaction appends: it draws 6, but it took its id before 4 and 5 were
    // written, so the head stays below them (see STABLE HORIZON in eventctl-log(1)).
    REQUIRE(holding.exec(insert_event)[0][0].as<std::int64_t>() == 6);
    CHECK(head(db) == 3);
    holding.abort();
    CHECK(head(db) == 5);
    busy.abort();
}

TEST_CASE("log horizon: a bound that ended after the snapshot is unsettled until read afresh") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 3)");
    pqxx::connection other(db.conninfo());
    pqxx::work elsewhere(other);
    elsewhere.exec("SELECT pg_current_xact_id()"); // in flight, older than what follows
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 2)");

    auto session = db.session();
    auto source = canonical_log_source(TableNames{});
    {
        ReadTransaction tx(session.connection());
        tx.exec("SELECT 1"); // the snapshot, with the other transaction in flight
        elsewhere.commit();  // it ends before the lock table is read
        auto horizon = read_horizon(session, tx, source);
        CHECK_FALSE(horizon.settled);
        // Held back: safe, but lower than it need be (lower still if another test's transaction
        // in the cluster ended in the same moment).
        CHECK(horizon.head <= 3);
    }
    LogSnapshot snapshot(session, source);
    REQUIRE(snapshot.horizon().has_value());
    CHECK(snapshot.horizon()->settled);
    CHECK(snapshot.horizon()->head == 5);
    snapshot.commit();
}

TEST_CASE("log horizon: an empty log has head 0 and every target lands on 0") {
    TestDatabase db;
    CHECK(head(db) == 0);
    auto created = run_eventctl(
        {"log", "seek", "fresh", "--create", "--to-end", "-d", db.conninfo(), "--json"});
    REQUIRE(created.exit_code == 0);
    CHECK(nlohmann::json::parse(created.out)["plan"][0]["to"] == 0);
    CHECK(replayed(db, {}).empty());
}
