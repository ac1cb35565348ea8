#include "outbox_fixture.h"
#include "process.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace eventctl::test;

namespace {

struct KnownOutbox {
    std::string pending, pending_old, processing_stale, processing_live, processing_old_claim;
    std::string completed, failed_a, failed_b, dead_a, dead_b;
};

KnownOutbox insert_known(const TestDatabase& db) {
    KnownOutbox ids;
    ids.pending = insert_entry(db, {"pending", "OrderPlaced", "1 hour", "t1"});
    ids.pending_old = insert_entry(db, {"pending", "PaymentCaptured", "3 days", "t2"});
    ids.processing_stale = insert_entry(
        db, {"processing", "OrderPlaced", "2 hours", "t1", "", "", "", "-5 minutes", 1});
    ids.processing_live = insert_entry(
        db, {"processing", "OrderPlaced", "2 hours", "t1", "", "", "", "5 minutes", 1});
    ids.processing_old_claim =
        insert_entry(db, {"processing", "OrderPlaced", "2 hours", "t2", "", "", "", "1 day", 1});
    db.exec("UPDATE outbox SET updated_at = now() - interval '1 hour' WHERE id = '" +
            ids.processing_old_claim + "'");
    ids.completed = insert_entry(db, {"completed", "OrderPlaced", "2 days", "t1"});
    ids.failed_a = insert_entry(db, {"failed", "OrderPlaced", "1 day", "t1", "", "", "503", "", 3});
    ids.failed_b =
        insert_entry(db, {"failed", "PaymentCaptured", "1 day", "t2", "", "", "timeout", "", 2});
    ids.dead_a =
        insert_entry(db, {"dead", "OrderPlaced", "4 days", "t1", "", "", "gave up", "", 10});
    ids.dead_b =
        insert_entry(db, {"dead", "PaymentCaptured", "4 days", "t2", "", "", "gave up", "", 10});
    return ids;
}

nlohmann::json run_json(const TestDatabase& db, std::vector<std::string> args,
                        const std::optional<std::string>& input = std::nullopt) {
    args.insert(args.end(), {"-d", db.conninfo(), "-o", "json"});
    auto result = run_eventctl(args, {}, input);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::set<std::string> ids_of(const nlohmann::json& result) {
    return {result["ids"].begin(), result["ids"].end()};
}

std::string status_of(const TestDatabase& db, const std::string& id) {
    return db.scalar("SELECT status FROM outbox WHERE id = '" + id + "'");
}

std::string audit_count(const TestDatabase& db) {
    return db.scalar("SELECT count(*) FROM eventctl_audit");
}

} // namespace

TEST_CASE("retry sends failed and dead entries back to pending, and nothing else") {
    TestDatabase db;
    auto known = insert_known(db);
    auto result = run_json(db, {"outbox", "retry", "--status", "failed,dead", "--yes"});
    CHECK(result["command"] == "outbox retry");
    CHECK(result["dry_run"] == false);
    CHECK(result["matched"] == 4);
    CHECK(result["changed"] == 4);
    CHECK(result["skipped_locked"] == 0);
    CHECK(ids_of(result) ==
          std::set<std::string>{known.failed_a, known.failed_b, known.dead_a, known.dead_b});
    CHECK(result["selection"]["status"] == nlohmann::json{"failed", "dead"});
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts = 0 AND "
                    "locked_until IS NULL AND processed_at IS NULL AND scheduled_at <= now()") ==
          "6");
    CHECK(status_of(db, known.completed) == "completed");
    CHECK(db.scalar("SELECT last_error FROM outbox WHERE id = '" + known.dead_a + "'") ==
          "gave up");

    // Completed entries only with --include-completed: without it, refused rather than a
    // retry that matched nothing and reported success.
    auto refused =
        run_eventctl({"outbox", "retry", "--status", "completed", "--yes", "-d", db.conninfo()});
    CHECK(refused.exit_code == 64);
    CHECK_THAT(refused.err, Catch::Contains("add --include-completed"));
    CHECK(status_of(db, known.completed) == "completed");
    auto republished =
        run_json(db, {"outbox", "retry", known.completed, "--include-completed", "--delay", "1h"});
    CHECK(republished["changed"] == 1);
    CHECK(db.scalar("SELECT scheduled_at > now() + interval '59 minutes' FROM outbox WHERE id = '" +
                    known.completed + "'") == "t");
    CHECK(audit_count(db) == "2");
}

TEST_CASE("retry by ids reads them from stdin and narrows them by filters") {
    TestDatabase db;
    auto known = insert_known(db);
    auto input = known.dead_a + "\n\n  " + known.failed_b + "  \n" + known.pending + "\n";
    auto result = run_json(db, {"outbox", "retry", "--ids-from", "-"}, input);
    CHECK(ids_of(result) == std::set<std::string>{known.dead_a, known.failed_b});
    CHECK(status_of(db, known.pending) == "pending");

    auto narrowed =
        run_json(db, {"outbox", "retry", known.dead_b, known.failed_a, "--tenant", "t2", "--yes"});
    CHECK(ids_of(narrowed) == std::set<std::string>{known.dead_b});
    CHECK(status_of(db, known.failed_a) == "failed");
}

TEST_CASE("retry --payload-contains and --limit select a measured part") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) SELECT 'E', "
            "jsonb_build_object('shard', i % 3), 'dead', now() - i * interval '1 minute' "
            "FROM generate_series(1, 30) i");
    auto shard = run_json(db, {"outbox", "retry", "--all", "--payload-contains", "{\"shard\": 1}",
                               "--yes", "--batch-size", "4"});
    CHECK(shard["changed"] == 10);
    CHECK(shard["batches"] == 3);
    CHECK(db.scalar(
              "SELECT count(*) FROM outbox WHERE status = 'pending' AND payload->>'shard' = '1'") ==
          "10");
    auto limited =
        run_json(db, {"outbox", "retry", "--all", "--limit", "7", "--rate", "1000/s", "--yes"});
    CHECK(limited["changed"] == 7);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'dead'") == "13");
    auto bad = run_eventctl(
        {"outbox", "retry", "--all", "--payload-contains", "{oops", "--yes", "-d", db.conninfo()});
    CHECK(bad.exit_code == 64);
}

TEST_CASE("mark-dead moves pending and failed entries to dead with the reason") {
    TestDatabase db;
    auto known = insert_known(db);
    auto result = run_json(
        db, {"outbox", "mark-dead", "--tenant", "t2", "--reason", "poison, INC-7", "--yes"});
    CHECK(ids_of(result) == std::set<std::string>{known.pending_old, known.failed_b});
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'dead' AND last_error = 'poison, "
                    "INC-7' AND processed_at IS NOT NULL") == "2");
    CHECK(status_of(db, known.processing_old_claim) == "processing");
    auto missing_reason = run_eventctl({"outbox", "mark-dead", known.pending, "-d", db.conninfo()});
    CHECK(missing_reason.exit_code == 64);
    CHECK(status_of(db, known.pending) == "pending");
}

TEST_CASE("unlock-stale frees expired locks, and with --older-than old claims") {
    TestDatabase db;
    auto known = insert_known(db);
    auto expired = run_json(db, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(ids_of(expired) == std::set<std::string>{known.processing_stale});
    CHECK(db.scalar("SELECT status || coalesce(locked_until::text, '-') FROM outbox WHERE id = '" +
                    known.processing_stale + "'") == "pending-");
    auto old_claims =
        run_json(db, {"outbox", "unlock-stale", "--all", "--older-than", "30m", "--yes"});
    CHECK(ids_of(old_claims) == std::set<std::string>{known.processing_old_claim});
    CHECK(status_of(db, known.processing_live) == "processing");
}

TEST_CASE("dry runs report the same selection and changes nothing, without an audit record") {
    TestDatabase db;
    auto known = insert_known(db);
    auto before = table_snapshot(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"outbox", "retry", "--status", "dead", "--dry-run"},
             {"outbox", "mark-dead", "--all", "--reason", "x", "--dry-run"},
             {"outbox", "unlock-stale", "--all", "--dry-run"},
             {"outbox", "purge", "--older-than", "1d", "--status", "completed,dead",
              "--dry-run"}}) {
        auto result = run_json(db, args);
        CHECK(result["dry_run"] == true);
        CHECK(result["changed"].get<int>() > 0);
    }
    auto retry = run_json(db, {"outbox", "retry", "--status", "dead", "--dry-run"});
    CHECK(ids_of(retry) == std::set<std::string>{known.dead_a, known.dead_b});
    CHECK(table_snapshot(db) == before);
    CHECK(audit_count(db) == "0");
}

TEST_CASE("filter-selected changes need --yes without a terminal, and no filter needs --all") {
    TestDatabase db;
    auto known = insert_known(db);
    auto before = table_snapshot(db);
    auto no_yes = run_eventctl({"outbox", "retry", "--status", "dead", "-d", db.conninfo()});
    CHECK(no_yes.exit_code == 3);
    CHECK(no_yes.err.find("Retry 2 entries") != std::string::npos);
    CHECK(no_yes.err.find("--yes") != std::string::npos);
    auto no_filter =
        run_eventctl({"outbox", "mark-dead", "--reason", "x", "--yes", "-d", db.conninfo()});
    CHECK(no_filter.exit_code == 3);
    CHECK(no_filter.err.find("--all") != std::string::npos);
    auto purge = run_eventctl({"outbox", "purge", "--older-than", "1d", "-d", db.conninfo()});
    CHECK(purge.exit_code == 3);
    CHECK(table_snapshot(db) == before);
    CHECK(audit_count(db) == "0");
    // By explicit ids, no confirmation is needed.
    CHECK(run_eventctl({"outbox", "retry", known.dead_a, "-d", db.conninfo()}).exit_code == 0);
}

TEST_CASE("without a terminal, --yes is needed even when the filter matches nothing") {
    // Cron must see the same outcome on a quiet day as on a busy one: refused without --yes.
    TestDatabase db;
    insert_entry(db, {"pending"});
    auto before = table_snapshot(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"outbox", "retry", "--status", "failed"},
             {"outbox", "mark-dead", "--event-type", "NoSuchType", "--reason", "x"},
             {"outbox", "unlock-stale", "--all"},
             {"outbox", "purge", "--older-than", "30d"}}) {
        for (const char* format : {"table", "json"}) {
            auto with_db = args;
            with_db.insert(with_db.end(), {"-d", db.conninfo(), "-o", format});
            auto result = run_eventctl(with_db);
            INFO(args[1] << " -o " << format << ": " << result.err);
            CHECK(result.exit_code == 3);
            CHECK(result.err.find(" 0 entries of public.outbox on ") != std::string::npos);
            CHECK(result.err.find("without --yes") != std::string::npos);
            // Under -o json the refusal is also the one document on stdout.
            if (std::string(format) == "json") {
                CHECK(nlohmann::json::parse(result.out)["exit_code"] == 3);
            } else {
                CHECK(result.out.empty());
            }
        }
    }
    CHECK(table_snapshot(db) == before);
    CHECK(audit_count(db) == "0");
    // With --yes the same run succeeds, changes nothing, and is audited.
    auto yes = run_json(db, {"outbox", "retry", "--status", "failed", "--yes"});
    CHECK(yes["changed"] == 0);
    CHECK(audit_count(db) == "1");
}

TEST_CASE("a change under --strict exits 3 when nothing matches, after printing the result") {
    TestDatabase db;
    auto known = insert_known(db);
    auto before = table_snapshot(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"outbox", "retry", "--event-type", "NoSuchType", "--yes"},
             {"outbox", "retry", known.pending}, // named, but not retryable
             {"outbox", "mark-dead", "--status", "failed", "--tenant", "t9", "--reason", "x",
              "--yes"},
             {"outbox", "unlock-stale", "--all", "--tenant", "t9", "--yes"},
             {"outbox", "unlock-stale", "--all", "--tenant", "t9", "--dry-run"}}) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"--strict", "-d", db.conninfo(), "-o", "json"});
        auto result = run_eventctl(with_db);
        INFO(args[1] << ": " << result.err);
        CHECK(result.exit_code == 3);
        CHECK(result.err.find("nothing matched the selection (--strict)") != std::string::npos);
        CHECK(nlohmann::json::parse(result.out)["matched"] == 0);
    }
    CHECK(table_snapshot(db) == before);

    // A match is a success, also when the only match is a dry run's.
    auto dry = run_eventctl(
        {"outbox", "retry", "--status", "dead", "--dry-run", "--strict", "-d", db.conninfo()});
    INFO(dry.err);
    CHECK(dry.exit_code == 0);
    auto retried = run_json(db, {"outbox", "retry", known.dead_a, known.pending, "--strict"});
    CHECK(retried["changed"] == 1);
    CHECK(status_of(db, known.dead_a) == "pending");
}

TEST_CASE("ids are looked up a batch at a time, in any order, and only eligible ones change") {
    TestDatabase db;
    auto known = insert_known(db);
    // Out of keyset order, ineligible ones between, spanning several batches of two.
    auto result =
        run_json(db, {"outbox", "retry", known.dead_b, known.pending, known.failed_a,
                      known.completed, known.dead_a, known.failed_b, "--batch-size", "2"});
    CHECK(result["matched"] == 4);
    CHECK(result["changed"] == 4);
    CHECK(ids_of(result) ==
          std::set<std::string>{known.failed_a, known.failed_b, known.dead_a, known.dead_b});
    CHECK(status_of(db, known.completed) == "completed");
    auto limited = run_json(db, {"outbox", "mark-dead", known.pending_old, known.pending,
                                 known.dead_a, "--reason", "x", "--limit", "1"});
    CHECK(limited["changed"] == 1);
}

TEST_CASE("bad ids exit 65 and change nothing") {
    TestDatabase db;
    auto known = insert_known(db);
    auto before = table_snapshot(db);
    auto bad = run_eventctl({"outbox", "retry", known.dead_a, "not-a-uuid", "-d", db.conninfo()});
    CHECK(bad.exit_code == 65);
    CHECK(bad.err.find("invalid id \"not-a-uuid\"") != std::string::npos);
    auto bad_stdin = run_eventctl(
        {"outbox", "mark-dead", "--ids-from", "-", "--reason", "x", "-d", db.conninfo()}, {},
        known.pending + "\n'; DROP TABLE outbox; --\n");
    CHECK(bad_stdin.exit_code == 65);
    CHECK(bad_stdin.err.find("--ids-from -: line 2: invalid id") != std::string::npos);
    CHECK(table_snapshot(db) == before);
}

TEST_CASE("rows held by a worker are skipped, reported and left untouched") {
    TestDatabase db;
    auto known = insert_known(db);
    pqxx::connection worker(db.conninfo());
    pqxx::work claim(worker);
    claim.exec("SELECT id FROM outbox WHERE id IN ('" + known.dead_a + "', '" + known.failed_a +
               "', '" + known.processing_stale + "') FOR UPDATE");
    auto held_before =
        db.scalar("SELECT string_agg(t::text, '|' ORDER BY id) FROM outbox t WHERE id IN ('" +
                  known.dead_a + "', '" + known.failed_a + "', '" + known.processing_stale + "')");
    auto retry = run_json(db, {"outbox", "retry", "--status", "failed,dead", "--yes"});
    CHECK(retry["matched"] == 4);
    CHECK(retry["changed"] == 2);
    CHECK(retry["skipped_locked"] == 2);
    auto unlock = run_json(db, {"outbox", "unlock-stale", "--all", "--yes"});
    CHECK(unlock["skipped_locked"] == 1);
    CHECK(unlock["changed"] == 0);
    CHECK(db.scalar("SELECT string_agg(t::text, '|' ORDER BY id) FROM outbox t WHERE id IN ('" +
                    known.dead_a + "', '" + known.failed_a + "', '" + known.processing_stale +
                    "')") == held_before);
    claim.abort();
}

TEST_CASE("the audit record holds the whole selection and is written before anything changes") {
    TestDatabase db;
    auto known = insert_known(db);
    run_json(db, {"outbox", "mark-dead", known.pending, "--reason", "INC-9"});
    run_json(db,
             {"outbox", "retry", "--payload-contains", "{\"n\": 1}", "--tenant", "t2", "--yes"});
    auto audit = db.exec("SELECT command, selection::text, matched, changed, db_user, os_user, "
                         "command_line, dry_run FROM eventctl_audit ORDER BY id");
    REQUIRE(audit.size() == 2);
    CHECK(audit[0][0].as<std::string>() == "outbox mark-dead");
    CHECK(nlohmann::json::parse(audit[0][1].as<std::string>())["reason"] == "INC-9");
    CHECK(audit[0][3].as<int>() == 1);
    CHECK(audit[0][4].as<std::string>() == "postgres");
    CHECK_FALSE(audit[0][5].as<std::string>().empty());
    CHECK(audit[0][6].as<std::string>().find("mark-dead " + known.pending) != std::string::npos);
    CHECK(audit[0][7].as<std::string>() == "f");
    auto retry_selection = nlohmann::json::parse(audit[1][1].as<std::string>());
    CHECK(retry_selection["payload_contains"] == nlohmann::json{{"n", 1}});
    CHECK(retry_selection["tenant_id"] == "t2");
    CHECK(audit[1][3].as<int>() == 2); // failed_b and dead_b: the tenant t2 entries retry takes
}

TEST_CASE("a role that cannot write the audit record changes nothing and exits 77") {
    TestDatabase db;
    auto known = insert_known(db);
    db.exec("CREATE ROLE eventctl_operator LOGIN; GRANT SELECT, UPDATE ON public.outbox TO "
            "eventctl_operator; GRANT SELECT ON public.eventctl_audit TO eventctl_operator");
    auto before = table_snapshot(db);
    auto result = run_eventctl({"outbox", "retry", known.dead_a, known.dead_b, "-d",
                                db.conninfo() + " user=eventctl_operator"});
    db.exec("DROP OWNED BY eventctl_operator; DROP ROLE eventctl_operator");
    CHECK(result.exit_code == 77);
    CHECK(result.err.find("permission denied for table eventctl_audit") != std::string::npos);
    CHECK(table_snapshot(db) == before);
}
