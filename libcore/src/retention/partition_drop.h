#pragma once

// purge --drop-partitions, for the outbox and the log alike: which partitions of a table
// partitioned by range hold only rows the row-by-row purge would delete, and dropping those,
// each in one short transaction that rechecks it under the lock it holds until the drop
// commits. The rows that disappear are exactly those the row purge would have deleted: every
// partition is decided by the purge's own eligibility condition, never by its bounds alone.

#include "eventctl/audit/audit.h"
#include "eventctl/change/change.h"
#include "eventctl/retention/partition_fate.h"
#include "eventctl/sql/catalog.h"
#include "eventctl/sql/condition.h"
#include "eventctl/sql/partitions.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace eventctl {

class ArchiveWriter;

// A column a range bound can be compared with, and the value below which a row may go.
struct RangeLimit {
    std::string column;
    ColumnKind kind = ColumnKind::timestamptz; // timestamptz, timestamp or integer
    std::string limit;                         // an RFC 3339 instant, or an integer
    std::string description;                   // "the cutoff 2026-11-01T00:00:00Z"
};

// What decides a partition's fate.
struct DropRules {
    PartitionTree tree;
    std::vector<RangeLimit> limits;
    // The rows the purge deletes, on any partition (unqualified columns).
    std::function<Condition(SqlParams&)> eligible;
    // The rows it keeps: exactly those eligible does not take in, written as comparisons an
    // index can answer, so that the check under the lock reads an index, not the partition.
    // Unset: eligible negated, which reads every row.
    std::function<Condition(SqlParams&)> kept;
    // Whether a partition holds any such row, as one boolean expression (its argument: the
    // partition's name as SQL), where kept alone would not let an index answer it. Unset:
    // EXISTS of kept.
    std::function<std::string(SqlParams&, const std::string&)> holds_kept;
    // What a row is, for the reason a partition is kept ("pending"); empty: not told.
    std::function<std::string(SqlParams&)> label;
    std::string unit = "rows"; // "rows", "events"
    // A row's id as text (unqualified columns), for the archive's manifest.
    std::string id_text;
    // The longest a drop waits for its lock: relays queue behind a waiting ACCESS EXCLUSIVE
    // request, so it is never long, whatever --lock-timeout says.
    std::chrono::milliseconds max_lock_wait{1000};
    int attempts = 3; // a partition whose lock was not had is tried again, then purged by rows
    // A pause after each drop but the last (purge --sleep): the drops' commits remove files,
    // which the relays' commits wait behind on a busy disk.
    std::chrono::milliseconds pause{0};
};

// Whether the partition holds a row meeting any of the conditions: one EXISTS each, planned
// apart, so that each comparison is answered from its own index.
std::string exists_any(const std::string& partition, const std::vector<Condition>& conditions);

// The limit the table's partitioning is compared with; throws UsageError (64) for a table that
// is not partitioned by range on one column among the limits.
const RangeLimit& require_droppable(const PartitionTree& tree,
                                    const std::vector<RangeLimit>& limits, const std::string& what);

// The fate of each partition of the table, read now; with count, rows are counted exactly.
std::vector<PartitionFate> decide_partitions(Session& session, const DropRules& rules, bool count);

// What dropping did.
struct DropOutcome {
    std::int64_t rows = 0; // in the dropped partitions
    std::int64_t dropped = 0;
    bool stopped = false; // a stop request or the time bound ended it
};

// Drops the partitions decided drop, each in its own transaction under a lock held until it
// commits, after checking again that every row is one the purge deletes (and, with an archive,
// that each row was written to it first); a partition that no longer qualifies, whose lock was
// not had after the attempts, or that cannot be dropped becomes rows, with the reason.
DropOutcome drop_partitions(Session& session, const DropRules& rules,
                            std::vector<PartitionFate>& fates, ArchiveWriter* archive,
                            AuditTrail& audit, const RunControl& control,
                            const std::function<bool()>& out_of_time);

// A leaf the row-by-row purge walks; few: its partition's range holds the purge's limit in its
// first half, so the rows old enough are few and the walk reads only the blocks that hold them.
struct LeafToPurge {
    QualifiedName table;
    bool few = false;
};

// The leaves the row-by-row purge walks: every leaf, or with fates, those of the partitions
// decided rows (a partition dropped or kept has none to purge).
std::vector<LeafToPurge> leaves_to_purge(const PartitionTree& tree,
                                         const std::vector<PartitionFate>* fates);

} // namespace eventctl
