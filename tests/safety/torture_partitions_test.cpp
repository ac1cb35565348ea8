// The torture test on a partitioned outbox: relay workers claim, complete and fail entries in
// old and new partitions while eventctl purges with --drop-partitions (and without) in a loop
// and retry, mark-dead and unlock-stale change states under it. The ledger, which records a
// dropped partition's rows as deletes, must show no entry lost and nothing purged that the
// row-by-row purge would have kept.
//
// EVENTCTL_TORTURE_SECONDS sets how long the loops run (CI: 60); this one runs half of it.
#include "actor_processes.h"
#include "polling.h"
#include "process.h"
#include "safety_figures.h"
#include "test_database.h"
#include "torture_ledger.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

using namespace eventctl::test;

namespace {

const std::string purge_age = "2s";

// The canonical outbox by day on created_at: six days back, today and the week ahead, a DEFAULT.
void partition_daily(const TestDatabase& db) {
    db.exec("DROP TABLE public.outbox");
    db.exec("CREATE TABLE public.outbox (id uuid NOT NULL DEFAULT gen_random_uuid(), tenant_id "
            "text, aggregate_type text, aggregate_id text, sequence bigint, event_type text NOT "
            "NULL, idempotency_key text, payload jsonb NOT NULL, metadata jsonb, status text NOT "
            "NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', "
            "'failed', 'dead')), attempts integer NOT NULL DEFAULT 0, max_attempts integer NOT "
            "NULL DEFAULT 10, last_error text, scheduled_at timestamptz NOT NULL DEFAULT now(), "
            "locked_by text, locked_until timestamptz, created_at timestamptz NOT NULL DEFAULT "
            "now(), updated_at timestamptz NOT NULL DEFAULT now(), processed_at timestamptz, "
            "PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)");
    db.exec("DO $$ DECLARE d int; today timestamptz := date_trunc('day', now()); BEGIN FOR d IN "
            "1 .. 6 LOOP EXECUTE format('CREATE TABLE public.%I PARTITION OF public.outbox FOR "
            "VALUES FROM (%L) TO (%L)', 'outbox_d' || d, today - d * interval '1 day', today - "
            "(d - 1) * interval '1 day'); END LOOP; EXECUTE format('CREATE TABLE "
            "public.outbox_now PARTITION OF public.outbox FOR VALUES FROM (%L) TO (%L)', today, "
            "today + interval '8 days'); END $$");
    db.exec("CREATE TABLE public.outbox_default PARTITION OF public.outbox DEFAULT");
    db.exec("CREATE INDEX ON public.outbox (status, created_at, id) WHERE status IN "
            "('pending', 'processing', 'failed', 'dead')");
}

// 300 rows a day: two days all completed, the others with pending, dead, stale processing and
// failed entries among the completed ones, which the relays and the loops move on.
void seed_days(const TestDatabase& db) {
    db.exec("INSERT INTO public.outbox (event_type, payload, status, created_at, processed_at, "
            "attempts, locked_by, locked_until) SELECT 'Seeded', jsonb_build_object('d', d, 'i', "
            "i), s, date_trunc('day', now()) - d * interval '1 day' + i * interval '1 minute', "
            "CASE WHEN s IN ('completed', 'dead') THEN date_trunc('day', now()) - d * interval "
            "'1 day' + i * interval '1 minute' + interval '1 second' END, CASE WHEN s IN "
            "('failed', 'dead') THEN 1 ELSE 0 END, CASE WHEN s = 'processing' THEN 'crashed' END, "
            "CASE WHEN s = 'processing' THEN now() - interval '1 minute' END FROM "
            "generate_series(1, 6) d, generate_series(1, 300) i, LATERAL (SELECT CASE WHEN d <= "
            "2 OR i % 15 <> 0 THEN 'completed' WHEN d = 3 THEN 'pending' WHEN d = 4 THEN 'dead' "
            "WHEN d = 5 THEN 'processing' ELSE 'failed' END AS s) status");
}

struct Loop {
    std::string name;
    std::function<std::vector<std::string>(int)> args;
    long runs = 0;
    long changed = 0;
    std::vector<std::string> failures;
};

void run_loop(Loop& loop, const std::atomic<bool>& stop) {
    for (int round = 0; !stop; ++round) {
        auto result = run_eventctl(loop.args(round));
        ++loop.runs;
        if (result.exit_code != 0) {
            loop.failures.push_back("exit " + std::to_string(result.exit_code) + ": " + result.err);
        } else {
            loop.changed += nlohmann::json::parse(result.out)["changed"].get<long>();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string outbox_partitions(const TestDatabase& db) {
    return db.scalar(
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.outbox'::regclass");
}

} // namespace

TEST_CASE("torture: purge --drop-partitions beside live relays loses no entry") {
    const int seconds = std::max(20, env_setting("EVENTCTL_TORTURE_SECONDS", 60) / 2);
    TestDatabase db;
    partition_daily(db);
    create_torture_ledger(db);
    record_dropped_partitions(db);
    seed_days(db);
    auto partitions_before = outbox_partitions(db);

    ActorGroup actors(seconds + 120);
    for (int i = 1; i <= 3; ++i) {
        actors.start(relay_worker_binary(), db.conninfo(),
                     {"--name", "relay-" + std::to_string(i), "--seed", std::to_string(i)});
    }
    actors.start(event_producer_binary(), db.conninfo(), {"--seed", "11"});

    auto with_db = [&db](std::vector<std::string> args) {
        args.insert(args.end(), {"--yes", "-o", "json", "-d", db.conninfo()});
        return args;
    };
    std::vector<Loop> loops;
    loops.push_back({"outbox purge", [=](int round) {
                         // --force: an age of seconds is the point here, not a mistake.
                         std::vector<std::string> args{"outbox",  "purge",          "--older-than",
                                                       purge_age, "--force",        "--batch-size",
                                                       "50",      "--lock-timeout", "1s"};
                         if (round % 3 != 2) {
                             args.push_back("--drop-partitions");
                         }
                         return with_db(args);
                     }});
    loops.push_back({"outbox retry", [=](int) {
                         return with_db({"outbox", "retry", "--status", "failed,dead", "--limit",
                                         "30", "--batch-size", "10"});
                     }});
    loops.push_back({"outbox unlock-stale", [=](int) {
                         return with_db({"outbox", "unlock-stale", "--all"});
                     }});
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (auto& loop : loops) {
        threads.emplace_back(run_loop, std::ref(loop), std::cref(stop));
    }
    poll_until([&] { return actors.any_exited(); }, std::chrono::seconds(seconds),
               std::chrono::milliseconds(200));
    stop = true;
    for (auto& thread : threads) {
        thread.join();
    }
    auto summaries = actors.stop_all(std::chrono::seconds(60));
    for (const auto& loop : loops) {
        INFO(loop.name << " failed " << loop.failures.size() << " of " << loop.runs
                       << " runs; first: " << (loop.failures.empty() ? "" : loop.failures.front()));
        CHECK(loop.failures.empty());
        CHECK(loop.runs > 0);
    }
    INFO((actors.failures().empty() ? "" : actors.failures().front()));
    REQUIRE(actors.all_succeeded());

    auto violations = torture_violations(db, purge_age, "1s");
    long relay_violations = 0;
    for (const auto& summary : summaries) {
        relay_violations += summary.value("violations", 0L);
    }
    violations["relay_found_row_changed"] = relay_violations;
    violations.erase("live_consumer_moved"); // no consumer here
    violations.erase("invented_replay");
    long violated = 0;
    for (const auto& [invariant, count] : violations) {
        INFO("invariant " << invariant);
        CHECK(count == 0);
        violated += count;
    }
    // Partitions were dropped, and rows purged one by one too.
    auto partitions_after = outbox_partitions(db);
    CHECK(std::stol(partitions_after) < std::stol(partitions_before));
    auto dropped = std::stol(db.scalar("SELECT count(*) FROM public.torture_changes WHERE op = "
                                       "'DELETE' AND app = 'eventctl/outbox purge'"));
    CHECK(dropped >= 600);
    record_figures("torture-partitions", {{"seconds", seconds},
                                          {"partitions_before", std::stol(partitions_before)},
                                          {"partitions_after", std::stol(partitions_after)},
                                          {"rows_purged", dropped},
                                          {"purge_runs", loops[0].runs},
                                          {"invariant_violations", violated},
                                          {"events_lost", violations["unaccounted"]}});
}
