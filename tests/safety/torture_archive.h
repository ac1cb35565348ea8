#pragma once

// The torture test's purge loop: every purge archives (--archive-to), and every other run is
// killed with SIGKILL at a random moment. What it proves: the archive holds every row any purge
// deleted, and beyond them only rows of the one batch each kill caught between its flush and
// its commit (those rows are still in the table, and the last lines that run wrote).

#include "test_database.h"

#include <atomic>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace eventctl::test {

class ArchivedPurgeLoop {
  public:
    // Purges db's outbox with --older-than older_than into archive; seed picks the kill times.
    ArchivedPurgeLoop(const TestDatabase& db, std::string archive, std::string older_than,
                      unsigned seed);

    // The loop itself, until stop; records, never asserts (Catch2 is not thread-safe).
    void run(const std::atomic<bool>& stop);

    // Once the run is over: every row a purge deleted (the ledger's DELETEs) must be in the
    // archive; each failure is one line.
    std::vector<std::string> check_against_ledger() const;

    const std::vector<std::string>& failures() const { return m_failures; }
    long runs() const { return m_runs; }
    long changed() const { return m_changed; }
    nlohmann::json figures() const;

  private:
    // One run, killed after kill_after unless it ends first.
    void run_once(int round, std::chrono::milliseconds kill_after);
    // Cuts a batch a kill left half written, as the refusal's hint tells an operator to.
    void cut_partial_batch();
    // Waits until no purge session is left on the server, so the killed run's changes are
    // final (its advisory lock goes with its session).
    void wait_for_purge_sessions_to_end();

    const TestDatabase& m_db;
    std::string m_archive;
    std::string m_older_than;
    std::mt19937 m_random;
    std::vector<std::string> m_failures;
    long m_runs = 0;
    long m_changed = 0;
    long m_killed = 0;
    long m_killed_mid_batch = 0;
    long m_partial_batches_cut = 0;
    long m_archived_not_deleted = 0;
    long m_largest_tail = 0; // the most rows one kill left archived but not deleted
    std::map<int, long> m_exits;
};

} // namespace eventctl::test
