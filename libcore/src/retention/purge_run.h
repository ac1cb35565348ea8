#pragma once

// What outbox purge and log purge do alike around their batches: one purge of a table at a time,
// what the result says beside its counts (another retention mechanism on the table, what holds
// the freed space back) and what the archive's manifest records of the run.

#include "eventctl/archive/archive.h"
#include "eventctl/command.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/session/session.h"
#include "eventctl/sql/sql.h"

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>

namespace eventctl {

// One purge per table at a time, across machines: a session-level advisory lock keyed by the
// command and the table's name. The second purge gives up at once (exit 75) rather than queueing
// behind the first.
void lock_out_other_purges(Session& session, Command command, const QualifiedName& table);

// Adds the warning that pg_partman's own retention also drops the table's partitions, when it
// is configured.
void add_partman_warning(Session& session, const QualifiedName& table, MutationResult& result);

// Reads what holds back the space the run freed; holders younger than the run are its own
// neighbours (the relays' short transactions), not what it waits for.
void add_vacuum_horizon(Session& session, const QualifiedName& table,
                        std::chrono::steady_clock::time_point started, MutationResult& result);

// The facts a purge's manifest records beside its rows and bytes, with the bounds it deleted
// below (an object: "cutoff", "below_seq").
nlohmann::json manifest_facts(const MutationResult& result, const QualifiedName& table,
                              const nlohmann::json& bounds);

// After a purge failed part-way: the batches before the failure are archived and deleted, and
// the manifest says so and why it stopped. A manifest that cannot be written then is not the
// failure to report.
void write_failed_manifest(ArchiveWriter& archive, MutationResult& result,
                           const QualifiedName& table, const nlohmann::json& bounds,
                           const std::exception& failure, const Session& session);

} // namespace eventctl
