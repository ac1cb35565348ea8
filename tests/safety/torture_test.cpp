// The concurrency torture test: real relay workers, consumers and a producer (separate
// processes, tests/safety/actors/) run against the test server while the real eventctl binary
// runs every mutation in loops. At the end the ledger (torture_ledger.h) must show that nothing
// was lost, no held row was touched, nothing young or unfinished was purged and no live
// consumer was moved.
//
// EVENTCTL_TORTURE_SECONDS sets how long the loops run (CI: 60; try 600 locally).
#include "actor_processes.h"
#include "polling.h"
#include "process.h"
#include "safety_figures.h"
#include "test_database.h"
#include "torture_archive.h"
#include "torture_ledger.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>
#include <unistd.h>

using namespace eventctl::test;

namespace {

const std::string purge_age = "2s";
const std::string active_window = "2s";

// One eventctl command run over and over; exit codes outside `expected` are failures.
struct CommandLoop {
    std::string name;
    std::function<std::vector<std::string>(int round)> args;
    std::set<int> expected;
    long runs = 0;
    long changed = 0;
    std::map<int, long> exits;
    std::vector<std::string> failures;
};

long changed_by(const CommandLoop& loop, const std::string& out) {
    auto json = nlohmann::json::parse(out);
    if (loop.name != "log seek") {
        return json["changed"].get<long>();
    }
    long moved = 0;
    for (const auto& move : json["plan"]) {
        moved += move["from"] != move["to"] ? 1 : 0;
    }
    return moved;
}

// Catch2's assertions are not thread-safe: a loop only records, the test thread asserts.
void run_loop(CommandLoop& loop, const std::atomic<bool>& stop) {
    for (int round = 0; !stop; ++round) {
        auto result = run_eventctl(loop.args(round));
        ++loop.runs;
        ++loop.exits[result.exit_code];
        if (loop.expected.count(result.exit_code) == 0) {
            loop.failures.push_back("exit " + std::to_string(result.exit_code) + ": " + result.err);
        } else if (result.exit_code == 0) {
            loop.changed += changed_by(loop, result.out);
        }
        // Pacing, so six loops leave the two cores to the relays too; nothing is waited for.
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
}

// The starting state: every status, stale locks among the processing rows, and a log with 600
// events for replay to re-enqueue; all recorded by the ledger's triggers.
void seed_tables(const TestDatabase& db) {
    db.exec("INSERT INTO public.outbox (event_type, tenant_id, payload, status, created_at, "
            "processed_at, attempts, locked_by, locked_until) SELECT 'Seeded', 't' || i % 4, "
            "jsonb_build_object('i', i), s, now() - interval '1 hour', CASE WHEN s IN "
            "('completed', 'dead') THEN now() - interval '50 minutes' END, CASE WHEN s IN "
            "('failed', 'dead') THEN 1 ELSE 0 END, CASE WHEN s = 'processing' THEN 'crashed' END, "
            "CASE WHEN s = 'processing' THEN now() - interval '1 minute' END FROM "
            "generate_series(1, 2000) i, LATERAL (SELECT (ARRAY['pending', 'pending', 'failed', "
            "'dead', 'completed', 'processing'])[1 + i % 6] AS s) status");
    db.exec("INSERT INTO public.event_log (stream_id, stream_seq, event_type, payload) SELECT "
            "'seed-' || i, 1, 'Seeded', jsonb_build_object('i', i) FROM generate_series(1, 600) i");
}

struct ReplayLabel {
    std::string label;
    int from;
    int to;
};

const std::vector<ReplayLabel> replay_labels = {
    {"torture-a", 1, 150}, {"torture-b", 100, 300}, {"torture-c", 250, 400}};

std::vector<CommandLoop> command_loops(const TestDatabase& db,
                                       const std::vector<std::string>& consumers) {
    auto with_db = [&db](std::vector<std::string> args) {
        args.insert(args.end(), {"--yes", "-o", "json", "-d", db.conninfo()});
        return args;
    };
    std::vector<CommandLoop> loops;
    loops.push_back({"outbox retry",
                     [=](int) {
                         return with_db({"outbox", "retry", "--status", "failed,dead", "--limit",
                                         "40", "--batch-size", "20"});
                     },
                     {0}});
    loops.push_back({"outbox mark-dead",
                     [=](int round) {
                         // Pending rows too: the relays hold some of them by row lock.
                         return with_db({"outbox", "mark-dead", "--status",
                                         round % 2 ? "pending,failed" : "failed", "--limit", "15",
                                         "--batch-size", "5", "--reason", "torture"});
                     },
                     {0}});
    loops.push_back({"outbox unlock-stale",
                     [=](int) {
                         return with_db({"outbox", "unlock-stale", "--all"});
                     },
                     {0}});
    // outbox purge runs in its own loop, archiving and killed now and then (torture_archive.h).
    // 3: a live consumer refused, which is the guard at work.
    loops.push_back({"log seek",
                     [=](int round) {
                         auto consumer =
                             consumers[static_cast<std::size_t>(round) % consumers.size()];
                         std::vector<std::string> target =
                             round % 3 == 0   ? std::vector<std::string>{"--to-seq", "100"}
                             : round % 3 == 1 ? std::vector<std::string>{"--shift-by", "-25"}
                                              : std::vector<std::string>{"--to-end"};
                         std::vector<std::string> args{"log", "seek", consumer, "--active-window",
                                                       active_window};
                         args.insert(args.end(), target.begin(), target.end());
                         return with_db(args);
                     },
                     {0, 3}});
    loops.push_back({"log replay --into-outbox",
                     [=](int round) {
                         const auto& label =
                             replay_labels[static_cast<std::size_t>(round) % replay_labels.size()];
                         return with_db({"log", "replay", "--from-seq", std::to_string(label.from),
                                         "--to-seq", std::to_string(label.to), "--into-outbox",
                                         "--label", label.label});
                     },
                     {0}});
    return loops;
}

long sum_of(const std::vector<nlohmann::json>& summaries, const char* field) {
    long total = 0;
    for (const auto& summary : summaries) {
        total += summary.value(field, 0L);
    }
    return total;
}

} // namespace

TEST_CASE("torture: relays, consumers and every eventctl mutation at once lose nothing") {
    const int seconds = env_setting("EVENTCTL_TORTURE_SECONDS", 60);
    TestDatabase db;
    create_torture_ledger(db);
    seed_tables(db);
    const std::vector<std::string> consumers{"live-1", "live-2", "paused-1", "paused-2"};

    ActorGroup actors(seconds + 120); // their own time limit, should this test die
    for (int i = 1; i <= 4; ++i) {
        actors.start(relay_worker_binary(), db.conninfo(),
                     {"--name", "relay-" + std::to_string(i), "--seed", std::to_string(i)});
    }
    for (const auto& name : consumers) {
        bool paused = name.rfind("paused", 0) == 0;
        actors.start(log_consumer_binary(), db.conninfo(),
                     {"--name", name, "--mode", paused ? "intermittent" : "live", "--seed",
                      std::to_string(name.size())});
    }
    actors.start(event_producer_binary(), db.conninfo(), {"--seed", "7"});
    // The consumers must exist before seek runs against them.
    REQUIRE(
        poll_until([&] { return db.scalar("SELECT count(*) FROM public.event_consumers") == "4"; },
                   std::chrono::seconds(30)));

    auto loops = command_loops(db, consumers);
    auto archive = "/tmp/eventctl-torture-" + std::to_string(getpid()) + ".ndjson";
    auto seed = std::random_device{}();
    INFO("archived purge loop seed " << seed);
    ArchivedPurgeLoop purge(db, archive, purge_age, seed);
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (auto& loop : loops) {
        threads.emplace_back(run_loop, std::ref(loop), std::cref(stop));
    }
    threads.emplace_back([&purge, &stop] { purge.run(stop); });
    auto started = std::chrono::steady_clock::now();
    // The test thread's job during the run is the clock: it waits for the run to be over.
    poll_until([&] { return actors.any_exited(); }, std::chrono::seconds(seconds),
               std::chrono::milliseconds(200));
    stop = true;
    for (auto& thread : threads) {
        thread.join();
    }
    auto summaries = actors.stop_all(std::chrono::seconds(60));
    auto ran_for =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();

    for (const auto& loop : loops) {
        INFO(loop.name << " failed " << loop.failures.size() << " of " << loop.runs
                       << " runs; first: " << (loop.failures.empty() ? "" : loop.failures.front()));
        CHECK(loop.failures.empty());
        CHECK(loop.runs > 0);
    }
    {
        INFO("outbox purge --archive-to failed "
             << purge.failures().size() << " of " << purge.runs()
             << " runs; first: " << (purge.failures().empty() ? "" : purge.failures().front()));
        CHECK(purge.failures().empty());
        CHECK(purge.runs() > 0);
        CHECK(purge.changed() > 0);
    }
    INFO((actors.failures().empty() ? "" : actors.failures().front()));
    REQUIRE(actors.all_succeeded());

    // Abandoned leases expire within a second; then unlock-stale hands every one back, and no
    // entry is left stuck in processing.
    auto unlock_all = [&] {
        auto result = run_eventctl(
            {"outbox", "unlock-stale", "--all", "--yes", "-o", "json", "-d", db.conninfo()});
        return result.exit_code == 0 &&
               db.scalar("SELECT count(*) FROM public.outbox WHERE status = 'processing'") == "0";
    };
    CHECK(poll_until(unlock_all, std::chrono::seconds(30), std::chrono::milliseconds(200)));

    // A last replay of each label enqueues exactly the events of its range that are missing
    // now (purged since), and afterwards every event of the range is in the outbox once.
    for (const auto& label : replay_labels) {
        auto key = "'eventctl-replay:public.event_log:" + label.label + ":' || s";
        auto missing = db.scalar("SELECT count(*) FROM generate_series(" +
                                 std::to_string(label.from) + ", " + std::to_string(label.to) +
                                 ") s WHERE NOT EXISTS (SELECT 1 FROM public.outbox WHERE "
                                 "idempotency_key = " +
                                 key + ")");
        auto result =
            run_eventctl({"log", "replay", "--from-seq", std::to_string(label.from), "--to-seq",
                          std::to_string(label.to), "--into-outbox", "--label", label.label,
                          "--yes", "-o", "json", "-d", db.conninfo()});
        INFO(label.label << ": " << result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(std::to_string(nlohmann::json::parse(result.out)["changed"].get<long>()) == missing);
        CHECK(db.scalar("SELECT count(*) FROM public.outbox WHERE idempotency_key LIKE "
                        "'eventctl-replay:public.event_log:" +
                        label.label + ":%'") == std::to_string(label.to - label.from + 1));
    }

    auto violations = torture_violations(db, purge_age, active_window);
    violations["relay_found_row_changed"] = sum_of(summaries, "violations");
    // Every row a purge deleted is in the archive; the loop checked, run by run, that the rows
    // it holds beyond them are the one batch each kill caught.
    auto unarchived = purge.check_against_ledger();
    for (const auto& failure : unarchived) {
        INFO(failure);
    }
    violations["deleted_not_archived"] = static_cast<long>(unarchived.size());
    auto figures = purge.figures();
    std::remove(archive.c_str());
    std::remove((archive + ".manifest").c_str());
    long violated = 0;
    for (const auto& [invariant, count] : violations) {
        INFO("invariant " << invariant);
        CHECK(count == 0);
        violated += count;
    }

    // The run did what it set out to: rows were held, changed, purged; consumers were moved and
    // refused; otherwise the invariants above would hold trivially.
    auto figure = [&](const std::string& sql) { return std::stol(db.scalar(sql)); };
    long held = figure("SELECT count(*) FROM public.torture_holds");
    long purged = figure("SELECT count(*) FROM public.torture_changes WHERE op = 'DELETE'");
    long seek_moves = figure(
        "SELECT count(*) FROM public.torture_consumer_moves WHERE app = 'eventctl/log seek'");
    CHECK(held > 0);
    CHECK(purged > 0);
    CHECK(seek_moves > 0);
    nlohmann::json operations;
    long operations_run = 0;
    long refused_live = 0;
    operations["outbox purge"] = {{"runs", purge.runs()}, {"changed", purge.changed()}};
    operations_run += purge.runs();
    for (const auto& loop : loops) {
        operations[loop.name] = {{"runs", loop.runs}, {"changed", loop.changed}};
        operations_run += loop.runs;
        if (loop.name == "log seek") {
            refused_live = loop.exits.count(3) ? loop.exits.at(3) : 0;
            CHECK(refused_live > 0);
            CHECK(loop.changed > 0);
        } else if (loop.name != "outbox unlock-stale") {
            CHECK(loop.changed > 0);
        }
    }
    figures.update(nlohmann::json{
        {"seconds", ran_for},
        {"events_inserted", figure("SELECT count(*) FROM "
                                   "public.torture_inserted")},
        {"log_events", figure("SELECT count(*) FROM public.event_log")},
        {"relay_claims", sum_of(summaries, "claimed")},
        {"relay_completed", sum_of(summaries, "completed")},
        {"relay_failed", sum_of(summaries, "failed")},
        {"relay_abandoned", sum_of(summaries, "abandoned")},
        {"holds_recorded", held},
        {"row_changes_recorded", figure("SELECT count(*) FROM public.torture_changes")},
        {"events_purged", purged},
        {"consumer_acks", sum_of(summaries, "acks")},
        {"consumer_moves_by_seek", seek_moves},
        {"seeks_refused_live", refused_live},
        {"eventctl_operations", operations_run},
        {"operations", operations},
        {"invariants_checked", violations.size()},
        {"invariant_violations", violated},
        {"events_lost", violations["unaccounted"]}});
    record_figures("torture", figures);
}

TEST_CASE("torture: the ledger catches a held row changed, a young row purged, a live consumer "
          "moved") {
    // The invariants above would pass vacuously if the ledger never saw a violation; here each
    // is planted on purpose, from sessions named as eventctl's.
    TestDatabase db;
    create_torture_ledger(db);
    auto held = db.scalar("INSERT INTO public.outbox (event_type, payload) VALUES ('E', '{}') "
                          "RETURNING id");
    auto young = db.scalar("INSERT INTO public.outbox (event_type, payload, status, "
                           "processed_at) VALUES ('E', '{}', 'completed', now()) RETURNING id");
    db.exec("INSERT INTO public.torture_holds (id, worker, style, claimed_at, lease_until) VALUES "
            "('" +
            held + "', 'relay-1', 'lease', clock_timestamp(), now() + interval '1 hour')");
    db.exec("INSERT INTO public.event_consumers (consumer, position) VALUES ('live', 0)");
    CHECK(torture_violations(db, purge_age, active_window) ==
          std::map<std::string, long>{{"bad_purge", 0},
                                      {"changed_while_held", 0},
                                      {"invented_replay", 0},
                                      {"live_consumer_moved", 0},
                                      {"unaccounted", 0},
                                      {"untracked", 0}});

    pqxx::connection as_eventctl(db.conninfo() + " application_name=eventctl/outbox");
    pqxx::work tx(as_eventctl);
    tx.exec("UPDATE public.outbox SET status = 'pending' WHERE id = '" + held + "'");
    tx.exec("DELETE FROM public.outbox WHERE id = '" + young + "'");
    tx.exec("UPDATE public.event_consumers SET position = 5");
    tx.exec("INSERT INTO public.outbox (event_type, payload, idempotency_key) VALUES ('E', '{}', "
            "'eventctl-replay:public.event_log:x:999')");
    tx.exec("SET LOCAL application_name = 'eventctl/log replay'");
    tx.exec("INSERT INTO public.outbox (event_type, payload, idempotency_key) VALUES ('E', '{}', "
            "'eventctl-replay:public.event_log:x:998')");
    tx.commit();
    db.exec("ALTER TABLE public.outbox DISABLE TRIGGER torture_record_outbox");
    db.exec("INSERT INTO public.outbox (event_type, payload) VALUES ('E', '{}')");
    auto violations = torture_violations(db, purge_age, active_window);
    CHECK(violations["changed_while_held"] == 1);
    CHECK(violations["bad_purge"] == 1);
    CHECK(violations["live_consumer_moved"] == 1);
    CHECK(violations["invented_replay"] == 1);
    CHECK(violations["untracked"] == 1);
    db.exec("DELETE FROM public.torture_changes WHERE op = 'DELETE'");
    CHECK(torture_violations(db, purge_age, active_window)["unaccounted"] == 1);
}
