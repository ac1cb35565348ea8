// Redrives: a canary that passes and lets the rest go, one that fails again and stops with
// nothing else retried, and a redrive interrupted twice (SIGTERM, then kill -9) and resumed,
// every entry retried exactly once. A relay runs throughout, publishing or failing again.

#include "ordered_relay.h"
#include "polling.h"
#include "process.h"
#include "table_snapshot.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

// n dead entries, a minute apart, and a log of every retry (failed or dead to pending).
void insert_dead(const TestDatabase& db, int n) {
    db.exec("INSERT INTO public.outbox (event_type, payload, status, attempts, last_error, "
            "created_at, processed_at) SELECT 'OrderPlaced', jsonb_build_object('n', i), 'dead', "
            "10, 'HTTP 503 from partner', now() - i * interval '1 minute', now() FROM "
            "generate_series(1, " +
            std::to_string(n) + ") AS i");
    db.exec(R"(CREATE TABLE public.retries (id uuid, at timestamptz DEFAULT clock_timestamp());
CREATE FUNCTION public.log_retry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.retries (id) VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER log_retry AFTER UPDATE ON public.outbox FOR EACH ROW
WHEN (OLD.status IN ('failed', 'dead') AND NEW.status = 'pending')
EXECUTE FUNCTION public.log_retry())");
}

long count_of(const TestDatabase& db, const std::string& sql) {
    return std::stol(db.scalar(sql));
}

std::string last_audit_id(const TestDatabase& db) {
    return db.scalar("SELECT max(id) FROM eventctl_audit");
}

} // namespace

TEST_CASE("a canary that the relay publishes lets the rest of the redrive go") {
    TestDatabase db;
    insert_dead(db, 12);
    OrderedRelay relay(db);
    auto result =
        run_eventctl({"outbox", "retry", "--status", "dead", "--canary", "3", "--canary-wait",
                      "30s", "--batch-size", "4", "--yes", "-d", db.conninfo(), "-o", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 12);
    CHECK(json["complete"] == true);
    const auto& canary = json["canary"];
    CHECK(canary["passed"] == true);
    CHECK(canary["entries"] == 3);
    CHECK(canary["completed"] == 3);
    CHECK(canary["failed_again"] == 0);
    CHECK(json["selection"]["canary"] ==
          nlohmann::json{{"entries", 3}, {"wait", "30s"}, {"max_failed_again", 0}});
    // The canary was published before anything else was retried.
    std::string canary_ids = "'" + canary["ids"][0].get<std::string>() + "', '" +
                             canary["ids"][1].get<std::string>() + "', '" +
                             canary["ids"][2].get<std::string>() + "'";
    CHECK(db.scalar("SELECT (SELECT max(at) FROM relay_published WHERE id IN (" + canary_ids +
                    ")) < (SELECT min(at) FROM retries WHERE id NOT IN (" + canary_ids + "))") ==
          "t");
    REQUIRE(poll_until([&] { return count_of(db, "SELECT count(*) FROM relay_published") == 12; },
                       std::chrono::seconds(30)));
    CHECK(relay.stop().empty());
}

TEST_CASE("a canary nobody publishes goes on when its wait ends, and says it was not checked") {
    TestDatabase db;
    insert_dead(db, 5);
    auto result = run_eventctl({"outbox", "retry", "--status", "dead", "--canary", "2",
                                "--canary-wait", "1s", "--yes", "-d", db.conninfo(), "-o", "json"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 5);
    CHECK(json["canary"]["passed"] == true);
    CHECK(json["canary"]["unsettled"] == 2);
    CHECK(json["canary"]["waited_seconds"].get<double>() >= 1.0);
    CHECK(result.err.find("2 of 2 canary entries neither published nor failed again") !=
          std::string::npos);
}

TEST_CASE("a canary that fails again stops the redrive with its failures, nothing else retried") {
    TestDatabase db;
    insert_dead(db, 10);
    OrderedRelay relay(db, {"*"});
    auto result = run_eventctl({"outbox", "retry", "--status", "dead", "--canary", "3",
                                "--canary-wait", "30s", "--max-refail", "1", "--rate", "100/s",
                                "--yes", "-d", db.conninfo(), "-o", "json"});
    CHECK(result.exit_code == 3);
    auto json = nlohmann::json::parse(result.out);
    CHECK(json["changed"] == 3);
    CHECK(json["stopped_by"] == "canary");
    const auto& canary = json["canary"];
    CHECK(canary["passed"] == false);
    CHECK(canary["failed_again"].get<int>() >= 2);
    REQUIRE(canary["failed_again_groups"].size() == 1);
    const auto& group = canary["failed_again_groups"][0];
    CHECK(group["pattern"] == "HTTP 503 from https://partner.example.com/events (request <n>)");
    CHECK(result.err.find(group["fingerprint"].get<std::string>()) != std::string::npos);
    CHECK(result.err.find("nothing else was retried") != std::string::npos);
    CHECK(relay.stop().empty());
    CHECK(count_of(db, "SELECT count(*) FROM retries") == 3);
    CHECK(count_of(db, "SELECT count(*) FROM outbox WHERE status = 'dead'") == 7);

    auto audit =
        run_eventctl({"audit", "show", last_audit_id(db), "-d", db.conninfo(), "-o", "json"});
    REQUIRE(audit.exit_code == 0);
    CHECK(nlohmann::json::parse(audit.out)["outcome"] == "stopped by canary");
    auto resume = run_eventctl(
        {"outbox", "retry", "--resume", last_audit_id(db), "--yes", "-d", db.conninfo()});
    CHECK(resume.exit_code == 64);
    CHECK(resume.err.find("canary failed again") != std::string::npos);
}

TEST_CASE("a redrive stopped, then killed, and resumed retries every entry exactly once") {
    TestDatabase db;
    insert_dead(db, 30);
    // Every retried entry fails again, so it matches the selection again: only the record of
    // where the redrive got to keeps a resumed one from retrying it twice.
    OrderedRelay relay(db, {"*"});
    auto retried = [&] { return count_of(db, "SELECT count(*) FROM retries"); };

    BackgroundProcess first({"outbox", "retry", "--status", "failed,dead", "--rate", "10/s",
                             "--batch-size", "2", "--yes", "-d", db.conninfo(), "-o", "json"});
    REQUIRE(poll_until([&] { return retried() >= 6; }, std::chrono::seconds(30)));
    auto first_id = last_audit_id(db);
    // While it runs, it cannot be resumed.
    auto too_early =
        run_eventctl({"outbox", "retry", "--resume", first_id, "--yes", "-d", db.conninfo()});
    CHECK(too_early.exit_code == 3);
    CHECK(too_early.err.find("still running") != std::string::npos);
    first.kill(SIGTERM);
    auto stopped = first.wait_for(std::chrono::seconds(30));
    // Stopped after a whole batch: its result printed, exit 75 for "run it again to finish".
    REQUIRE(stopped.exit_code == 75);
    auto first_json = nlohmann::json::parse(stopped.out);
    CHECK(first_json["stopped_by"] == "SIGTERM");
    CHECK(std::to_string(first_json["audit_id"].get<long>()) == first_id);
    CHECK(stopped.err.find("--resume " + first_id) != std::string::npos);

    BackgroundProcess second({"outbox", "retry", "--resume", first_id, "--rate", "10/s",
                              "--batch-size", "2", "--yes", "-d", db.conninfo()});
    auto at_second = retried();
    REQUIRE(poll_until([&] { return retried() >= at_second + 6; }, std::chrono::seconds(30)));
    second.kill(SIGKILL);
    second.wait_for(std::chrono::seconds(30));
    auto second_id = last_audit_id(db);
    REQUIRE(second_id != first_id);
    auto listed = run_eventctl(
        {"audit", "list", "--command", "outbox retry", "-d", db.conninfo(), "-o", "json"});
    auto records = nlohmann::json::parse(listed.out)["records"];
    REQUIRE(records.size() == 2);
    CHECK(records[0]["outcome"] == "unfinished");
    CHECK(records[1]["outcome"] == "stopped by SIGTERM");
    CHECK(retried() < 30);

    auto again =
        run_eventctl({"outbox", "retry", "--resume", first_id, "--yes", "-d", db.conninfo()});
    CHECK(again.exit_code == 64);
    CHECK(again.err.find("resumed already, by audit record " + second_id) != std::string::npos);
    auto last = run_eventctl(
        {"outbox", "retry", "--resume", second_id, "--yes", "-d", db.conninfo(), "-o", "json"});
    INFO(last.err);
    REQUIRE(last.exit_code == 0);
    CHECK(nlohmann::json::parse(last.out)["resumed_from"].dump() == second_id);
    CHECK(relay.stop().empty());

    CHECK(retried() == 30);
    CHECK(count_of(db, "SELECT count(DISTINCT id) FROM retries") == 30);
    CHECK(count_of(db, "SELECT count(*) FROM outbox WHERE status = 'dead'") == 0);
}

TEST_CASE("retry --resume refuses what it cannot honour before it changes anything") {
    TestDatabase db;
    insert_dead(db, 3);
    auto before = table_snapshot(db);
    struct Refusal {
        std::vector<std::string> args;
        int exit_code;
    };
    for (const auto& refusal : std::vector<Refusal>{
             {{"outbox", "retry", "--resume", "999", "--yes"}, 65},
             {{"outbox", "retry", "--resume", "1", "--status", "dead", "--yes"}, 64},
             {{"outbox", "retry", "--resume", "1", "--canary", "2", "--canary-wait", "1m"}, 64},
             {{"outbox", "retry", "--status", "dead", "--canary", "2", "--yes"}, 64},
             {{"outbox", "retry", "--status", "dead", "--canary-wait", "1m", "--yes"}, 64},
             {{"outbox", "retry", "--status", "dead", "--max-refail", "1", "--yes"}, 64},
             {{"--layout", "oxide-outbox", "outbox", "retry", "--resume", "1", "--yes"}, 64}}) {
        auto args = refusal.args;
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_eventctl(args);
        INFO(result.err);
        CHECK(result.exit_code == refusal.exit_code);
    }
    CHECK(table_snapshot(db) == before);
    // A finished redrive has nothing left to resume.
    REQUIRE(run_eventctl({"outbox", "retry", "--status", "dead", "--yes", "-d", db.conninfo()})
                .exit_code == 0);
    auto done = run_eventctl(
        {"outbox", "retry", "--resume", last_audit_id(db), "--yes", "-d", db.conninfo()});
    CHECK(done.exit_code == 64);
    CHECK(done.err.find("ran to its end") != std::string::npos);
}
