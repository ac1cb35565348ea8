// A relay worker for the torture test, as real relays work: it claims pending entries with
// FOR UPDATE SKIP LOCKED, holds them a moment as if publishing, fails some (status failed,
// attempts + 1) and completes the rest. It alternates the two ways relays hold a row:
//   row-lock: the claiming transaction stays open and finishes the rows itself;
//   lease:    the claim commits status processing with locked_by/locked_until, and a second
//             transaction finishes the rows; now and then the worker "crashes" and abandons a
//             lease, which then expires for unlock-stale to find.
// Every hold goes into torture_holds (which row, by whom, from when to when), so the test can
// prove eventctl changed no row while it was held. Finishing a held row must find it exactly as
// claimed; when it does not, someone changed it under the worker: a violation.
#include "actor.h"

#include <pqxx/pqxx>

using namespace eventctl::torture;

namespace {

struct Counts {
    long claimed = 0;
    long completed = 0;
    long failed = 0;
    long abandoned = 0;
    long violations = 0;
    long rounds = 0;
};

std::string uuid_array(const pqxx::result& rows) {
    std::string array = "{";
    for (const auto& row : rows) {
        array += (array.size() > 1 ? "," : "") + row[0].as<std::string>();
    }
    return array + "}";
}

pqxx::result claim(pqxx::work& tx, int batch) {
    return tx.exec_params("SELECT id::text, attempts FROM public.outbox WHERE status = 'pending' "
                          "AND scheduled_at <= now() ORDER BY created_at, id LIMIT $1 "
                          "FOR UPDATE SKIP LOCKED",
                          batch);
}

// Publishes one held row: fails about one in five, completes the rest. expected_status is what
// the row must still be; anything else means it was changed while held.
void finish(pqxx::work& tx, const pqxx::row& row, const std::string& expected_status,
            const std::string& worker, std::mt19937& random, Counts& counts) {
    bool fail = std::uniform_int_distribution<int>(0, 4)(random) == 0;
    auto outcome = fail ? "status = 'failed', attempts = attempts + 1, last_error = "
                          "'publish failed (torture)'"
                        : "status = 'completed', processed_at = now()";
    auto updated = tx.exec_params(
        std::string("UPDATE public.outbox SET ") + outcome +
            ", locked_by = NULL, locked_until = NULL, updated_at = now() WHERE id = $1::uuid AND "
            "status = $2 AND attempts = $3 AND ($2 = 'pending' OR locked_by = $4)",
        row[0].as<std::string>(), expected_status, row[1].as<int>(), worker);
    if (updated.affected_rows() != 1) {
        ++counts.violations;
        return;
    }
    ++(fail ? counts.failed : counts.completed);
}

// Ends this round's holds. An abandoned lease of the same row by the same worker, from an
// earlier round, stays as it was: it ended when its lease ran out.
void release(pqxx::work& tx, const std::string& worker, const std::string& ids) {
    tx.exec_params("UPDATE torture_holds SET released_at = clock_timestamp() WHERE worker = $1 "
                   "AND id = ANY($2::uuid[]) AND released_at IS NULL AND style <> 'abandoned'",
                   worker, ids);
}

void hold_with_row_lock(pqxx::connection& connection, const std::string& worker, int batch,
                        std::mt19937& random, Counts& counts) {
    pqxx::work tx(connection);
    auto rows = claim(tx, batch);
    if (rows.empty()) {
        tx.commit();
        pause_between(random, 10, 30);
        return;
    }
    auto ids = uuid_array(rows);
    tx.exec_params("INSERT INTO torture_holds (id, worker, style, claimed_at) SELECT "
                   "unnest($1::uuid[]), $2, 'row-lock', clock_timestamp()",
                   ids, worker);
    counts.claimed += static_cast<long>(rows.size());
    pause_between(random, 5, 40);
    for (const auto& row : rows) {
        finish(tx, row, "pending", worker, random, counts);
    }
    release(tx, worker, ids);
    tx.commit();
}

void hold_with_lease(pqxx::connection& connection, const std::string& worker, int batch,
                     bool abandon, std::mt19937& random, Counts& counts) {
    pqxx::result rows;
    std::string ids;
    {
        pqxx::work tx(connection);
        rows = claim(tx, batch);
        if (rows.empty()) {
            tx.commit();
            pause_between(random, 10, 30);
            return;
        }
        ids = uuid_array(rows);
        // An abandoned lease is short, so it expires during the run.
        auto lease = abandon ? "interval '300 milliseconds'" : "interval '30 seconds'";
        tx.exec_params(std::string("UPDATE public.outbox SET status = 'processing', locked_by = "
                                   "$1, locked_until = now() + ") +
                           lease + ", updated_at = now() WHERE id = ANY($2::uuid[])",
                       worker, ids);
        tx.exec_params(std::string("INSERT INTO torture_holds (id, worker, style, claimed_at, "
                                   "lease_until) SELECT unnest($1::uuid[]), $2, $3, "
                                   "clock_timestamp(), now() + ") +
                           lease,
                       ids, worker, abandon ? "abandoned" : "lease");
        tx.commit();
    }
    counts.claimed += static_cast<long>(rows.size());
    if (abandon) {
        counts.abandoned += static_cast<long>(rows.size());
        return;
    }
    pause_between(random, 5, 40);
    pqxx::work tx(connection);
    for (const auto& row : rows) {
        finish(tx, row, "processing", worker, random, counts);
    }
    release(tx, worker, ids);
    tx.commit();
}

void relay(const ActorArgs& args) {
    auto worker = args.text("name", "relay");
    int batch = args.number("batch", 5);
    std::mt19937 random(static_cast<unsigned>(args.number("seed", 1)));
    StopCondition stop(args);
    pqxx::connection connection(args.conninfo());
    pqxx::nontransaction(connection).exec("SET application_name = 'torture/" + worker + "'");
    Counts counts;
    while (!stop.reached()) {
        ++counts.rounds;
        int pick = std::uniform_int_distribution<int>(0, 19)(random);
        if (pick < 9) {
            hold_with_row_lock(connection, worker, batch, random, counts);
        } else {
            hold_with_lease(connection, worker, batch, pick == 19, random, counts);
        }
    }
    print_summary({{"worker", worker},
                   {"claimed", counts.claimed},
                   {"completed", counts.completed},
                   {"failed", counts.failed},
                   {"abandoned", counts.abandoned},
                   {"violations", counts.violations},
                   {"rounds", counts.rounds}});
}

} // namespace

int main(int argc, char** argv) {
    return run_actor("relay_worker", argc, argv, relay);
}
