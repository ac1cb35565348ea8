#include "ordered_relay.h"

#include <chrono>
#include <pqxx/pqxx>

namespace eventctl::test {

namespace {

// The heads of their aggregates: pending entries with nothing unfinished before them.
const char* claim_heads = R"(SELECT o.id::text, o.event_type
FROM public.outbox AS o
WHERE o.status = 'pending' AND o.scheduled_at <= now()
AND NOT EXISTS (
    SELECT FROM public.outbox AS e
    WHERE e.aggregate_id = o.aggregate_id AND e.status <> 'completed'
    AND (COALESCE(e.sequence, 9223372036854775807), e.created_at, e.id)
        < (COALESCE(o.sequence, 9223372036854775807), o.created_at, o.id))
ORDER BY o.created_at, o.id
LIMIT 5
FOR UPDATE OF o SKIP LOCKED)";

} // namespace

OrderedRelay::OrderedRelay(const TestDatabase& db, std::set<std::string> fail_types)
    : m_fail_types(std::move(fail_types)) {
    db.exec("CREATE TABLE IF NOT EXISTS public.relay_published (published bigserial PRIMARY KEY, "
            "id uuid NOT NULL, aggregate_id text, sequence bigint, "
            "at timestamptz NOT NULL DEFAULT clock_timestamp())");
    m_thread = std::thread([this, conninfo = db.conninfo()] { run(conninfo); });
}

OrderedRelay::~OrderedRelay() {
    stop();
}

std::string OrderedRelay::failure_message(long n) {
    return "HTTP 503 from https://partner.example.com/events (request " + std::to_string(n) + ")";
}

std::string OrderedRelay::stop() {
    m_stop = true;
    if (m_thread.joinable()) {
        m_thread.join();
    }
    return m_error;
}

void OrderedRelay::run(std::string conninfo) {
    try {
        pqxx::connection connection(conninfo);
        long failures = 0;
        while (!m_stop) {
            pqxx::work tx(connection);
            auto heads = tx.exec(claim_heads);
            for (const auto& head : heads) {
                auto id = head[0].as<std::string>();
                bool fail = m_fail_types.count("*") != 0 ||
                            m_fail_types.count(head[1].as<std::string>()) != 0;
                if (fail) {
                    tx.exec_params("UPDATE public.outbox SET status = 'failed', attempts = "
                                   "attempts + 1, last_error = $2, updated_at = now() "
                                   "WHERE id = $1::uuid",
                                   id, failure_message(++failures));
                    continue;
                }
                tx.exec_params("INSERT INTO public.relay_published (id, aggregate_id, sequence) "
                               "SELECT id, aggregate_id, sequence FROM public.outbox "
                               "WHERE id = $1::uuid",
                               id);
                tx.exec_params("UPDATE public.outbox SET status = 'completed', processed_at = "
                               "now(), updated_at = now() WHERE id = $1::uuid",
                               id);
            }
            tx.commit();
            if (heads.empty()) {
                // The relay's own pace between polls of an idle outbox, not a wait for a test.
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
    } catch (const std::exception& e) {
        m_error = e.what();
    }
}

} // namespace eventctl::test
