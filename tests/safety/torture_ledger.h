#pragma once

// The torture test's ledger: side tables that eventctl never reads or writes, filled by
// triggers and by the relay workers, and the invariants checked on them at the end.

#include "test_database.h"

#include <map>
#include <string>

namespace eventctl::test {

// Creates the ledger in db: every outbox row inserted (torture_inserted), every update or
// delete with the session that made it (torture_changes), every hold a worker took
// (torture_holds, written by relay_worker), every consumer move (torture_consumer_moves) and
// each consumer's own last update (torture_consumer_activity).
void create_torture_ledger(const TestDatabase& db);

// Records, as the ledger's DELETEs, every row of a partition of public.outbox that is dropped
// (DROP TABLE fires no row trigger): an event trigger copies the rows before the drop, in its
// transaction, with the dropping session's application_name.
void record_dropped_partitions(const TestDatabase& db);

// How many times each invariant is broken (0 everywhere is a pass):
//   unaccounted       an inserted entry is neither present nor deleted exactly once
//   untracked         an entry is present that was never recorded as inserted
//   bad_purge         a delete that was not purge taking a completed entry older than older_than
//   changed_while_held eventctl changed a row while a worker held it (row lock or lease)
//   live_consumer_moved eventctl moved a consumer less than active_window after the consumer's
//                     own last update (a seek's write is eventctl's, not the consumer's)
//   invented_replay   replay enqueued an entry whose key names no event of the log
std::map<std::string, long> torture_violations(const TestDatabase& db,
                                               const std::string& older_than,
                                               const std::string& active_window);

} // namespace eventctl::test
