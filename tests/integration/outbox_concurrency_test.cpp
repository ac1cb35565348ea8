#include "process.h"
#include "test_database.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

using namespace eventctl::test;

namespace {

// A relay worker: claims pending entries with FOR UPDATE SKIP LOCKED and, still holding them,
// completes most and fails some. Finishing a held row must always find it as claimed: if
// anyone changed a row while it was held, the UPDATE would miss it and count a violation.
void relay_worker(const std::string& conninfo, int number, const std::atomic<bool>& stop,
                  std::atomic<int>& processed, std::atomic<int>& violations) {
    pqxx::connection connection(conninfo);
    int round = 0;
    while (!stop) {
        pqxx::work tx(connection);
        auto claimed = tx.exec("SELECT id::text, attempts FROM public.outbox WHERE status = "
                               "'pending' ORDER BY created_at LIMIT 10 FOR UPDATE SKIP LOCKED");
        for (const auto& row : claimed) {
            auto id = tx.quote(row[0].as<std::string>());
            auto attempts = row[1].as<std::string>();
            bool fail = (++round + number) % 5 == 0;
            // Completed rows get an old processed_at, so a concurrent purge may take them.
            auto outcome = fail ? "status = 'failed', attempts = attempts + 1, last_error = 'boom'"
                                : "status = 'completed', processed_at = now() - interval '40 days'";
            auto updated = tx.exec("UPDATE public.outbox SET " + std::string(outcome) +
                                   ", updated_at = now() WHERE id = " + id +
                                   " AND status = 'pending' AND attempts = " + attempts);
            if (updated.affected_rows() != 1) {
                ++violations;
            }
        }
        tx.commit();
        processed += static_cast<int>(claimed.size());
    }
}

int run_json_changed(const std::vector<std::string>& args) {
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out)["changed"].get<int>();
}

} // namespace

TEST_CASE("mutations running beside live relay workers lose nothing and touch no held row") {
    TestDatabase db;
    db.exec("CREATE TABLE public.deleted_rows AS SELECT id, status, processed_at, created_at "
            "FROM public.outbox WITH NO DATA");
    db.exec("CREATE FUNCTION public.log_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO public.deleted_rows VALUES (OLD.id, OLD.status, OLD.processed_at, "
            "OLD.created_at); RETURN OLD; END $$");
    db.exec("CREATE TRIGGER log_delete BEFORE DELETE ON public.outbox FOR EACH ROW EXECUTE "
            "FUNCTION public.log_delete()");
    db.exec("INSERT INTO public.outbox (event_type, payload, status, created_at, processed_at, "
            "attempts, locked_until) SELECT 'E', jsonb_build_object('i', i), s, now() - "
            "interval '45 days' + i * interval '1 second', CASE WHEN s IN ('completed', 'dead') "
            "THEN now() - interval '40 days' END, 0, CASE WHEN s = 'processing' THEN now() - "
            "interval '1 minute' END FROM generate_series(1, 3000) i, LATERAL (SELECT (ARRAY["
            "'pending', 'pending', 'pending', 'failed', 'dead', 'completed', 'processing'])"
            "[1 + i % 7] AS s) status");
    db.exec("CREATE TABLE public.inserted AS SELECT id FROM public.outbox");

    std::atomic<bool> stop{false};
    std::atomic<int> processed{0};
    std::atomic<int> violations{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < 3; ++i) {
        workers.emplace_back(relay_worker, db.conninfo(), i, std::cref(stop), std::ref(processed),
                             std::ref(violations));
    }
    int changed = 0;
    for (int round = 0; round < 3; ++round) {
        changed += run_json_changed({"outbox", "retry", "--status", "failed,dead", "--batch-size",
                                     "50", "--yes", "--json", "-d", db.conninfo()});
        changed +=
            run_json_changed({"outbox", "mark-dead", "--status", "failed", "--limit", "30",
                              "--reason", "torture", "--yes", "--json", "-d", db.conninfo()});
        changed += run_json_changed(
            {"outbox", "unlock-stale", "--all", "--yes", "--json", "-d", db.conninfo()});
        changed += run_json_changed({"outbox", "purge", "--older-than", "30d", "--status",
                                     "completed,dead", "--batch-size", "100", "--yes", "--json",
                                     "-d", db.conninfo()});
    }
    stop = true;
    for (auto& worker : workers) {
        worker.join();
    }
    INFO("relay processed " << processed << " entries; eventctl changed " << changed);
    CHECK(processed > 0);
    CHECK(changed > 0);
    CHECK(violations == 0);
    // Nothing unfinished or young was deleted.
    CHECK(db.scalar("SELECT count(*) FROM public.deleted_rows WHERE status NOT IN ('completed', "
                    "'dead') OR coalesce(processed_at, created_at) > now() - interval '30 days'") ==
          "0");
    CHECK(db.scalar("SELECT count(*) FROM public.deleted_rows") != "0");
    // Every entry ever inserted is still there or was purged, exactly once.
    CHECK(db.scalar("SELECT count(*) FROM public.inserted i WHERE (SELECT count(*) FROM "
                    "public.outbox o WHERE o.id = i.id) + (SELECT count(*) FROM "
                    "public.deleted_rows d WHERE d.id = i.id) <> 1") == "0");
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "12");
}
