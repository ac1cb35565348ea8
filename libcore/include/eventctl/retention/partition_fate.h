#pragma once

// What a purge with --drop-partitions decided for each partition of a partitioned table, as
// its preview showed and its result reports: dropped whole, purged row by row, or kept.

#include "eventctl/sql/sql.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

enum class PartitionDecision {
    drop, // every row is one the purge deletes: detached, then dropped
    rows, // purged row by row, like a table that is not partitioned
    keep, // nothing in it is old enough: left alone
};

std::string_view to_string(PartitionDecision decision);

// One partition (a direct partition of the table: its own partitions go with it).
struct PartitionFate {
    QualifiedName table;
    std::string bounds;               // as the server prints them: "FROM (...) TO (...)", "DEFAULT"
    std::optional<std::int64_t> rows; // counted, or the planner's estimate
    bool rows_estimated = false;
    PartitionDecision decision = PartitionDecision::rows;
    std::string reason;
    // Purged by rows because the purge's limit falls in the first half of its range: the rows
    // old enough are few, and the row purge reads only the blocks that hold them.
    bool limit_early = false;
    // Set for a table an earlier purge detached from this one and was stopped before dropping:
    // no partition any more, but still the table's to finish.
    std::optional<QualifiedName> detached_from;
};

// The partitions as the JSON contract spells them: partition, bounds, rows, decision, reason.
nlohmann::json partition_fates_json(const std::vector<PartitionFate>& fates);

} // namespace eventctl
