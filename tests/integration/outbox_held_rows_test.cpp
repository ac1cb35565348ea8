// Rows a relay worker holds (SELECT ... FOR UPDATE in another session) that are candidates of a
// mutation: each mutation counts them in skipped_locked exactly, changes every other eligible
// row, leaves the held ones as they were to the byte, and does not wait for them.

#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

using namespace eventctl::test;

namespace {

std::string id_list(const std::vector<std::string>& ids) {
    std::string list;
    for (const auto& id : ids) {
        list += (list.empty() ? "'" : ", '") + id + "'";
    }
    return list;
}

// A worker's transaction holding rows with FOR UPDATE until it goes.
class HeldRows {
  public:
    HeldRows(const TestDatabase& db, std::vector<std::string> ids)
        : m_db(db), m_ids(std::move(ids)), m_connection(db.conninfo()), m_tx(m_connection) {
        auto held = m_tx.exec("SELECT id FROM public.outbox WHERE id IN (" + id_list(m_ids) +
                              ") FOR UPDATE");
        REQUIRE(held.size() == m_ids.size());
        m_before = snapshot();
    }
    ~HeldRows() { m_tx.abort(); }
    HeldRows(const HeldRows&) = delete;
    HeldRows& operator=(const HeldRows&) = delete;

    // The held rows, digested, as another session sees them.
    std::string snapshot() const {
        return table_snapshot(m_db,
                              "(SELECT * FROM public.outbox WHERE id IN (" + id_list(m_ids) + "))");
    }
    const std::string& before() const { return m_before; }
    // Whether the worker still holds every row: another session cannot lock any of them.
    bool still_held() {
        auto free_rows = m_db.scalar("SELECT count(*) FROM (SELECT id FROM public.outbox WHERE id "
                                     "IN (" +
                                     id_list(m_ids) + ") FOR UPDATE SKIP LOCKED) f");
        return free_rows == "0" && m_tx.exec("SELECT 1").size() == 1;
    }

  private:
    const TestDatabase& m_db;
    std::vector<std::string> m_ids;
    pqxx::connection m_connection;
    pqxx::work m_tx;
    std::string m_before;
};

// Runs a mutation with --yes --json while rows are held: it must finish well within the default
// 5s lock timeout (waiting on a held row would take that long and exit 75).
nlohmann::json run_beside(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.end(), {"--yes", "--json", "-d", db.conninfo()});
    auto started = std::chrono::steady_clock::now();
    auto result = run_eventctl(args);
    auto took = std::chrono::steady_clock::now() - started;
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(took < std::chrono::seconds(4));
    return nlohmann::json::parse(result.out);
}

std::set<std::string> ids_of(const nlohmann::json& result) {
    return {result["ids"].begin(), result["ids"].end()};
}

std::vector<std::string> insert_entries(const TestDatabase& db, int count, FixtureEntry entry) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        ids.push_back(insert_entry(db, entry));
    }
    return ids;
}

std::string count_where(const TestDatabase& db, const std::string& condition) {
    return db.scalar("SELECT count(*) FROM public.outbox WHERE " + condition);
}

// Old completed rows for purge, in one statement so they lie in physical order; returns the ids
// in that order.
std::vector<std::string> insert_purgeable(const TestDatabase& db, int count) {
    db.exec("INSERT INTO public.outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'E', jsonb_build_object('i', i), 'completed', now() - interval '40 days', "
            "now() - interval '39 days' FROM generate_series(1, " +
            std::to_string(count) + ") i");
    std::vector<std::string> ids;
    for (const auto& row : db.exec("SELECT id::text FROM public.outbox ORDER BY ctid")) {
        ids.push_back(row[0].as<std::string>());
    }
    return ids;
}

} // namespace

TEST_CASE("held rows: purge skips held completed rows, deletes the rest, and does not wait") {
    TestDatabase db;
    auto ids = insert_purgeable(db, 300);
    HeldRows held(db, {ids[0], ids[7], ids.back()});
    auto result = run_beside(db, {"outbox", "purge", "--older-than", "30d", "--batch-size", "50"});
    CHECK(held.still_held());
    CHECK(result["matched"] == 300);
    CHECK(result["changed"] == 297);
    CHECK(result["skipped_locked"] == 3);
    CHECK(count_where(db, "true") == "3");
    CHECK(held.snapshot() == held.before());
}

// Runs a purge beside the held rows and checks its counts and what is left of the table.
void check_purge(const TestDatabase& db, HeldRows& held, const std::string& max_rows, int changed,
                 int skipped, const std::string& left) {
    INFO("--max-rows " << max_rows);
    auto result = run_beside(db, {"outbox", "purge", "--older-than", "30d", "--batch-size", "50",
                                  "--max-rows", max_rows});
    CHECK(held.still_held());
    CHECK(result["changed"] == changed);
    CHECK(result["skipped_locked"] == skipped);
    CHECK(count_where(db, "true") == left);
    CHECK(held.snapshot() == held.before());
}

TEST_CASE("held rows: purge --max-rows counts held rows, not rows the cap left out") {
    TestDatabase db;
    auto ids = insert_purgeable(db, 300);
    // Two in the first batch, which the cap ends; the last row is never reached.
    HeldRows held(db, {ids[0], ids[7], ids.back()});
    check_purge(db, held, "20", 20, 2, "280");
    // A cap the batches reach only after several of them, as in a nightly --max-rows run.
    check_purge(db, held, "100", 100, 2, "180");
}

TEST_CASE("held rows: retry skips a held failed and a held dead entry and retries the others") {
    TestDatabase db;
    auto failed = insert_entries(db, 3, {"failed", "OrderPlaced", "1 day", "", "", "", "503"});
    auto dead = insert_entries(db, 3, {"dead", "OrderPlaced", "2 days", "", "", "", "gave up"});
    HeldRows held(db, {failed[1], dead[0]});
    auto result = run_beside(db, {"outbox", "retry", "--status", "failed,dead"});
    CHECK(held.still_held());
    CHECK(result["matched"] == 6);
    CHECK(result["changed"] == 4);
    CHECK(result["skipped_locked"] == 2);
    CHECK(ids_of(result) == std::set<std::string>{failed[0], failed[2], dead[1], dead[2]});
    CHECK(count_where(db, "status = 'pending'") == "4");
    CHECK(held.snapshot() == held.before());
}

TEST_CASE("held rows: mark-dead skips held pending and failed entries and marks the others") {
    TestDatabase db;
    auto pending = insert_entries(db, 2, {"pending"});
    auto failed = insert_entries(db, 2, {"failed", "OrderPlaced", "1 day", "", "", "", "503"});
    HeldRows held(db, {pending[0], failed[1]});
    auto result =
        run_beside(db, {"outbox", "mark-dead", "--status", "pending,failed", "--reason", "INC-7"});
    CHECK(held.still_held());
    CHECK(result["matched"] == 4);
    CHECK(result["changed"] == 2);
    CHECK(result["skipped_locked"] == 2);
    CHECK(ids_of(result) == std::set<std::string>{pending[1], failed[0]});
    CHECK(count_where(db, "status = 'dead' AND last_error = 'INC-7'") == "2");
    CHECK(held.snapshot() == held.before());
}

TEST_CASE("held rows: unlock-stale skips a held stale claim and frees the others") {
    TestDatabase db;
    FixtureEntry stale{"processing", "OrderPlaced", "2 hours"};
    stale.locked_until_from_now = "-5 minutes";
    stale.attempts = 1;
    auto claims = insert_entries(db, 3, stale);
    HeldRows held(db, {claims[2]});
    auto result = run_beside(db, {"outbox", "unlock-stale", "--all", "--batch-size", "2"});
    CHECK(held.still_held());
    CHECK(result["matched"] == 3);
    CHECK(result["changed"] == 2);
    CHECK(result["skipped_locked"] == 1);
    CHECK(ids_of(result) == std::set<std::string>{claims[0], claims[1]});
    CHECK(count_where(db, "status = 'processing'") == "1");
    CHECK(held.snapshot() == held.before());
}
