// The services writing while eventctl works: new pending outbox entries and new log events, a
// few at a time, each batch its own transaction, as an application commits them.
#include "actor.h"

#include <pqxx/pqxx>

using namespace eventctl::torture;

namespace {

void produce(const ActorArgs& args) {
    std::mt19937 random(static_cast<unsigned>(args.number("seed", 1)));
    StopCondition stop(args);
    pqxx::connection connection(args.conninfo());
    pqxx::nontransaction(connection).exec("SET application_name = 'torture/producer'");
    long entries = 0;
    long events = 0;
    while (!stop.reached()) {
        int count = std::uniform_int_distribution<int>(1, 5)(random);
        pqxx::work tx(connection);
        tx.exec_params("INSERT INTO public.outbox (event_type, tenant_id, aggregate_type, "
                       "aggregate_id, payload) SELECT (ARRAY['OrderPlaced', 'OrderPaid', "
                       "'OrderShipped'])[1 + i % 3], 't' || (i % 4), 'order', 'o-' || i, "
                       "jsonb_build_object('i', i) FROM generate_series(1, $1) i",
                       count);
        // One stream per order, each order's first event: (stream_id, stream_seq) is unique.
        tx.exec_params("INSERT INTO public.event_log (stream_id, stream_seq, event_type, "
                       "payload) SELECT 'order-' || ($2 + i), 1, 'OrderPlaced', "
                       "jsonb_build_object('i', $2 + i) FROM generate_series(1, $1) i",
                       count, events);
        tx.commit();
        entries += count;
        events += count;
        pause_between(random, 10, 40);
    }
    print_summary({{"outbox_entries", entries}, {"log_events", events}});
}

} // namespace

int main(int argc, char** argv) {
    return run_actor("event_producer", argc, argv, produce);
}
