#pragma once

// How a table is partitioned, as the catalog says (pg_partitioned_table, pg_inherits through
// pg_partition_tree, the partition bounds). A partitioned table's own size and statistics are
// those of an empty relation: whatever sizes, batches or estimates reads its leaves.

#include "eventctl/session/session.h"
#include "eventctl/sql/sql.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// How a partitioned table splits its rows.
struct PartitionKey {
    std::string strategy; // "range", "list" or "hash"
    // The key's columns in order; empty for an expression.
    std::vector<std::optional<std::string>> columns;

    // "range (created_at)", for people.
    std::string describe() const;
    // The one column of a single-column key, if it is one.
    std::optional<std::string> single_column() const;
};

// One relation of a partition tree: the table itself, a partition, or a partition of one.
struct PartitionMember {
    QualifiedName table;
    std::optional<QualifiedName> parent; // empty for the root
    int level = 0;                       // 0: the root, 1: its partitions, ...
    bool leaf = true;                    // holds rows (a partitioned one holds none)
    bool is_default = false;             // the DEFAULT partition of its parent
    std::string bound;                   // "FOR VALUES FROM (...) TO (...)", "DEFAULT"; "" root
    std::optional<PartitionKey> key;     // how it is itself partitioned, when it is
    std::optional<std::int64_t> planner_rows; // reltuples; empty before the first ANALYZE
    std::int64_t pages = 0;                   // its size now, in blocks
};

// A table and everything under it; a table that is not partitioned is its own only leaf.
struct PartitionTree {
    std::vector<PartitionMember> members; // the root first, then by level and name

    const PartitionMember& root() const { return members.front(); }
    bool partitioned() const { return root().key.has_value(); }
    // The relations that hold rows, in order.
    std::vector<const PartitionMember*> leaves() const;
    // The partitions of a member (one level down).
    std::vector<const PartitionMember*> children(const QualifiedName& parent) const;
    // The leaves under a member (itself, for a leaf).
    std::vector<const PartitionMember*> leaves_under(const QualifiedName& table) const;
    // The planner's row count summed over the leaves; empty when no leaf was ever analyzed.
    std::optional<std::int64_t> planner_rows() const;
    // How deep the tree goes below the root (0: not partitioned).
    int depth() const;
};

// Reads the tree of a table (which must exist) in the caller's transaction.
PartitionTree read_partition_tree(Session& session, pqxx::transaction_base& tx,
                                  const QualifiedName& table);
// The same in a read transaction of its own.
PartitionTree read_partition_tree(Session& session, const QualifiedName& table);

// The two ends of a range partition's bound, as the server prints their values: text of a
// quoted literal unquoted, a number as it is; empty for MINVALUE / MAXVALUE.
struct RangeBound {
    std::optional<std::string> from;
    std::optional<std::string> to;
};

// Reads "FOR VALUES FROM (x) TO (y)" for a single-column range; empty for anything else
// (DEFAULT, list and hash bounds, several columns).
std::optional<RangeBound> parse_range_bound(const std::string& bound);

} // namespace eventctl
