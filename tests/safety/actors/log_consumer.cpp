// A log consumer for the torture test: reads the events after its position and acknowledges
// them, each acknowledgement one short transaction holding its consumer row. A "live" consumer
// acknowledges all the time; an "intermittent" one works for a while, then pauses for longer
// than the seek guard's --active-window, so eventctl may move it only during its pauses.
#include "actor.h"

#include <pqxx/pqxx>

using namespace eventctl::torture;

namespace {

// Acknowledges up to 20 events past the position; returns how many.
long acknowledge(pqxx::connection& connection, const std::string& name) {
    pqxx::work tx(connection);
    auto position = tx.exec_params("SELECT position FROM public.event_consumers WHERE consumer = "
                                   "$1 FOR UPDATE",
                                   name)[0][0]
                        .as<long>();
    auto next = tx.exec_params("SELECT max(seq_no), count(*) FROM (SELECT seq_no FROM "
                               "public.event_log WHERE seq_no > $1 ORDER BY seq_no LIMIT 20) e",
                               position)[0];
    if (next[0].is_null()) {
        tx.commit();
        return 0;
    }
    tx.exec_params("UPDATE public.event_consumers SET position = $2, updated_at = now() WHERE "
                   "consumer = $1",
                   name, next[0].as<long>());
    tx.commit();
    return next[1].as<long>();
}

void consume(const ActorArgs& args) {
    auto name = args.text("name", "consumer");
    bool intermittent = args.text("mode", "live") == "intermittent";
    int work_ms = args.number("work-ms", 1500);
    int pause_ms = args.number("pause-ms", 3500);
    std::mt19937 random(static_cast<unsigned>(args.number("seed", 1)));
    StopCondition stop(args);
    pqxx::connection connection(args.conninfo());
    pqxx::nontransaction(connection).exec("SET application_name = 'torture/" + name + "'");
    pqxx::nontransaction(connection)
        .exec_params("INSERT INTO public.event_consumers (consumer) VALUES ($1) ON CONFLICT DO "
                     "NOTHING",
                     name);
    long acks = 0;
    long events = 0;
    long pauses = 0;
    auto phase_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(work_ms);
    while (!stop.reached()) {
        if (intermittent && std::chrono::steady_clock::now() >= phase_end) {
            ++pauses;
            pause_between(random, pause_ms, pause_ms + 500);
            phase_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(work_ms);
            continue;
        }
        auto acknowledged = acknowledge(connection, name);
        acks += acknowledged > 0 ? 1 : 0;
        events += acknowledged;
        pause_between(random, 30, 120);
    }
    print_summary({{"consumer", name}, {"acks", acks}, {"events", events}, {"pauses", pauses}});
}

} // namespace

int main(int argc, char** argv) {
    return run_actor("log_consumer", argc, argv, consume);
}
