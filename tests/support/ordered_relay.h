#pragma once

// A relay for the incident tests, running in a thread of the test with a connection of its
// own: it publishes the canonical outbox in aggregate order, as a relay feeding a partitioned
// broker must. It takes a pending entry only when no earlier entry of its aggregate is
// unfinished (pending, processing, failed or dead), so a failed or dead entry holds up the
// rest of its aggregate, and it records every publication in relay_published (publication
// order, id, aggregate_id, sequence) for the test to read. Entries of the event types it is
// told to fail are failed instead (attempts + 1, last_error a message with a changing number).

#include "test_database.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>

namespace eventctl::test {

class OrderedRelay {
  public:
    // Starts publishing; fail_types are the event types whose publication fails ("*": all).
    explicit OrderedRelay(const TestDatabase& db, std::set<std::string> fail_types = {});
    ~OrderedRelay();
    OrderedRelay(const OrderedRelay&) = delete;
    OrderedRelay& operator=(const OrderedRelay&) = delete;

    // The message each failure leaves in last_error; n is a running number.
    static std::string failure_message(long n);

    // Stops the relay and waits for its thread; what it saw go wrong, if anything.
    std::string stop();

  private:
    void run(std::string conninfo);

    std::set<std::string> m_fail_types;
    std::atomic<bool> m_stop{false};
    std::string m_error;
    std::thread m_thread;
};

} // namespace eventctl::test
