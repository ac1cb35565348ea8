#include "fault_scenarios.h"

#include "eventctl_sessions.h"

#include <pqxx/pqxx>

namespace eventctl::test {

namespace {

void reset_tables(const TestDatabase& db) {
    db.exec("TRUNCATE public.outbox, public.event_log, public.event_consumers, "
            "public.eventctl_audit RESTART IDENTITY");
}

long number(const TestDatabase& db, const std::string& sql) {
    return std::stol(db.scalar(sql));
}

// The rows the audit records say this command changed; each batch advances its record in the
// batch's own transaction, so this always equals what was committed.
long audited(const TestDatabase& db, const std::string& command) {
    return number(db, "SELECT coalesce(sum(changed), 0) FROM public.eventctl_audit WHERE command "
                      "= '" +
                          command + "'");
}

std::string mismatch(const std::string& what, long expected, long actual) {
    return what + ": expected " + std::to_string(expected) + ", found " + std::to_string(actual);
}

// 2000 old completed entries among others that must survive: pending, dead, recent completed.
// Purged 10 at a time with a pause of 2 ms between batches: the work lasts long enough that the
// kill points drawn after it began land inside it on any machine, however fast its DELETEs.
class PurgeScenario : public FaultScenario {
  public:
    std::string command() const override { return "outbox purge"; }
    void setup(const TestDatabase& db) override {
        reset_tables(db);
        db.exec("INSERT INTO public.outbox (event_type, payload, status, created_at, "
                "processed_at) SELECT 'E', jsonb_build_object('i', i), CASE WHEN i <= 2000 THEN "
                "'completed' WHEN i <= 2050 THEN 'pending' WHEN i <= 2100 THEN 'dead' ELSE "
                "'completed' END, now() - interval '40 days', CASE WHEN i <= 2000 OR i > 2050 "
                "THEN now() - CASE WHEN i <= 2100 THEN interval '39 days' ELSE interval '1 day' "
                "END END FROM generate_series(1, 2150) i");
    }
    std::vector<std::string> args(const TestDatabase& db, bool paced) const override {
        std::vector<std::string> args{
            "outbox",      "purge",        "--older-than",     "30d", "--yes", "-o", "json", "-d",
            db.conninfo(), "--batch-size", paced ? "20" : "10"};
        args.insert(args.end(), {"--sleep", paced ? "1s" : "2ms"});
        return args;
    }
    bool midway(const TestDatabase& db) const override { return audited(db, command()) > 0; }
    std::string inconsistency(const TestDatabase& db) const override {
        if (auto kept = survivors(db); kept != 150) {
            return mismatch("pending, dead and recent entries kept", 150, kept);
        }
        long deleted = 2000 - old_completed(db);
        if (auto recorded = audited(db, command()); recorded != deleted) {
            return mismatch("rows the audit records say were purged", deleted, recorded);
        }
        return {};
    }
    std::string incompleteness(const TestDatabase& db) const override {
        if (auto left = old_completed(db); left != 0) {
            return mismatch("old completed entries left", 0, left);
        }
        return inconsistency(db);
    }

  private:
    static long old_completed(const TestDatabase& db) {
        return number(db, "SELECT count(*) FROM public.outbox WHERE status = 'completed' AND "
                          "processed_at < now() - interval '30 days'");
    }
    static long survivors(const TestDatabase& db) {
        return number(db, "SELECT count(*) FROM public.outbox WHERE status <> 'completed' OR "
                          "processed_at > now() - interval '30 days'");
    }
};

// 1500 failed entries to retry (150 batches of 10), 50 dead and 50 completed that must stay
// as they are.
class RetryScenario : public FaultScenario {
  public:
    std::string command() const override { return "outbox retry"; }
    void setup(const TestDatabase& db) override {
        reset_tables(db);
        db.exec("INSERT INTO public.outbox (event_type, payload, status, attempts, last_error, "
                "processed_at) SELECT 'E', jsonb_build_object('i', i), CASE WHEN i <= 1500 THEN "
                "'failed' WHEN i <= 1550 THEN 'dead' ELSE 'completed' END, 3, 'broker down', "
                "CASE WHEN i > 1500 THEN now() END FROM generate_series(1, 1600) i");
    }
    std::vector<std::string> args(const TestDatabase& db, bool paced) const override {
        return {"outbox",
                "retry",
                "--status",
                "failed",
                "--yes",
                "-o",
                "json",
                "-d",
                db.conninfo(),
                "--batch-size",
                paced ? "5" : "10",
                "--rate",
                paced ? "20/s" : "100000/s"};
    }
    bool midway(const TestDatabase& db) const override { return retried(db) > 0; }
    std::string inconsistency(const TestDatabase& db) const override {
        auto untouched = number(db, "SELECT count(*) FROM public.outbox WHERE status = 'failed' "
                                    "AND attempts = 3");
        auto done = retried(db);
        if (untouched + done != 1500) {
            return mismatch("failed entries either untouched or retried", 1500, untouched + done);
        }
        if (auto others = number(db, "SELECT count(*) FROM public.outbox WHERE status IN "
                                     "('dead', 'completed') AND attempts = 3");
            others != 100) {
            return mismatch("dead and completed entries left alone", 100, others);
        }
        if (auto recorded = audited(db, command()); recorded != done) {
            return mismatch("rows the audit records say were retried", done, recorded);
        }
        return {};
    }
    std::string incompleteness(const TestDatabase& db) const override {
        if (auto done = retried(db); done != 1500) {
            return mismatch("entries retried", 1500, done);
        }
        return inconsistency(db);
    }

  private:
    static long retried(const TestDatabase& db) {
        return number(db, "SELECT count(*) FROM public.outbox WHERE status = 'pending' AND "
                          "attempts = 0");
    }
};

// 40 idle consumers moved to the beginning in one transaction: all or none.
class SeekScenario : public FaultScenario {
  public:
    std::string command() const override { return "log seek"; }
    void setup(const TestDatabase& db) override {
        reset_tables(db);
        db.exec("INSERT INTO public.event_log (event_type, payload) SELECT 'E', '{}' FROM "
                "generate_series(1, 100)");
        db.exec("INSERT INTO public.event_consumers (consumer, position, updated_at) SELECT "
                "'c-' || i, 50 + i, now() - interval '1 hour' FROM generate_series(1, 40) i");
    }
    std::vector<std::string> args(const TestDatabase& db, bool) const override {
        return {"log",  "seek", "--all",       "--to-beginning", "--yes", "-o",
                "json", "-d",   db.conninfo(), "--lock-timeout", "60s"};
    }
    void block_midway(const TestDatabase& db) override {
        m_holder = std::make_unique<pqxx::connection>(db.conninfo());
        m_lock = std::make_unique<pqxx::work>(*m_holder);
        m_lock->exec("SELECT * FROM public.event_consumers WHERE consumer = 'c-20' FOR UPDATE");
    }
    bool midway(const TestDatabase& db) const override {
        return eventctl_sessions(db, "log seek", "wait_event_type = 'Lock'") > 0;
    }
    void unblock() override {
        try {
            m_lock.reset();
            m_holder.reset();
        } catch (const std::exception&) {
            // cut along with eventctl's session: nothing left to let go of
        }
    }
    std::string inconsistency(const TestDatabase& db) const override {
        auto moved = number(db, "SELECT count(*) FROM public.event_consumers WHERE position = 0");
        auto kept = number(db, "SELECT count(*) FROM public.event_consumers WHERE position = 50 + "
                               "substr(consumer, 3)::int");
        auto audits = number(db, "SELECT count(*) FROM public.eventctl_audit");
        if (!((moved == 0 && kept == 40 && audits == 0) || (moved == 40 && audits == 1))) {
            return "a seek of 40 consumers is all or nothing: " + std::to_string(moved) +
                   " moved, " + std::to_string(kept) + " kept, " + std::to_string(audits) +
                   " audit records";
        }
        return {};
    }
    std::string incompleteness(const TestDatabase& db) const override {
        if (auto left = number(db, "SELECT count(*) FROM public.event_consumers WHERE position "
                                   "<> 0");
            left != 0) {
            return mismatch("consumers not at the beginning", 0, left);
        }
        return {};
    }

  private:
    std::unique_ptr<pqxx::connection> m_holder;
    std::unique_ptr<pqxx::work> m_lock;
};

// 4000 events re-enqueued in batches of 1000: whole batches, each event once.
class ReplayScenario : public FaultScenario {
  public:
    std::string command() const override { return "log replay"; }
    void setup(const TestDatabase& db) override {
        reset_tables(db);
        db.exec("INSERT INTO public.event_log (stream_id, stream_seq, event_type, payload) "
                "SELECT 's' || i, 1, 'E', jsonb_build_object('i', i) FROM "
                "generate_series(1, 4000) i");
    }
    std::vector<std::string> args(const TestDatabase& db, bool) const override {
        return {"log",  "replay",        "--from-seq", "1",           "--to-seq",
                "4000", "--into-outbox", "--label",    "fault",       "--yes",
                "-o",   "json",          "-d",         db.conninfo(), "--lock-timeout",
                "60s"};
    }
    // An uncommitted entry with the key of event 2500: the third batch waits for it.
    void block_midway(const TestDatabase& db) override {
        m_holder = std::make_unique<pqxx::connection>(db.conninfo());
        m_lock = std::make_unique<pqxx::work>(*m_holder);
        m_lock->exec("INSERT INTO public.outbox (event_type, payload, idempotency_key) VALUES "
                     "('E', '{}', 'eventctl-replay:public.event_log:fault:2500')");
    }
    bool midway(const TestDatabase& db) const override {
        return enqueued(db) > 0 ||
               eventctl_sessions(db, "log replay", "wait_event_type = 'Lock'") > 0;
    }
    void unblock() override {
        try {
            m_lock.reset();
            m_holder.reset();
        } catch (const std::exception&) {
            // cut along with eventctl's session
        }
    }
    std::string inconsistency(const TestDatabase& db) const override {
        auto count = enqueued(db);
        if (count % 1000 != 0) {
            return "replay commits whole batches of 1000, but " + std::to_string(count) +
                   " events are enqueued";
        }
        if (auto recorded = audited(db, "log replay --into-outbox"); recorded != count) {
            return mismatch("events the audit records say were enqueued", count, recorded);
        }
        if (auto foreign =
                number(db, "SELECT count(*) FROM public.outbox WHERE idempotency_key "
                           "IS DISTINCT FROM 'eventctl-replay:public.event_log:fault:' || "
                           "(payload->>'i')");
            foreign != 0) {
            return mismatch("entries not matching their event", 0, foreign);
        }
        return {};
    }
    std::string incompleteness(const TestDatabase& db) const override {
        if (auto count = enqueued(db); count != 4000) {
            return mismatch("events enqueued", 4000, count);
        }
        return inconsistency(db);
    }

  private:
    static long enqueued(const TestDatabase& db) {
        return number(db, "SELECT count(*) FROM public.outbox");
    }
    std::unique_ptr<pqxx::connection> m_holder;
    std::unique_ptr<pqxx::work> m_lock;
};

} // namespace

std::vector<std::unique_ptr<FaultScenario>> fault_scenarios() {
    std::vector<std::unique_ptr<FaultScenario>> scenarios;
    scenarios.push_back(std::make_unique<PurgeScenario>());
    scenarios.push_back(std::make_unique<RetryScenario>());
    scenarios.push_back(std::make_unique<SeekScenario>());
    scenarios.push_back(std::make_unique<ReplayScenario>());
    return scenarios;
}

} // namespace eventctl::test
