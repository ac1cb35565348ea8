#pragma once

// eventctl doctor (DESIGN 4): what the server is, whether the layout fits the live tables, which
// commands the layout supports, the indexes those commands need and the privileges the current
// role has for them. Everything is read in one READ ONLY transaction, so a read-only role can
// run it; nothing is ever changed, and the CREATE INDEX statements it suggests are only printed.

#include "eventctl/exit_code.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout.h"
#include "eventctl/retention/vacuum_horizon.h"
#include "eventctl/session/session.h"
#include "eventctl/sql/catalog.h"
#include "eventctl/sql/partitions.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What doctor does beyond reading the catalog.
struct DoctorOptions {
    // Also count how the outbox's rows fall into the layout's states: reads every row.
    bool count_states = false;
};

// The server and the session, as the connection sees them.
struct ConnectionFacts {
    std::string server_version; // server_version, e.g. "15.4 (Debian 15.4-1)"
    int server_version_num = 0; // e.g. 150004
    std::string database;
    std::string user;
    bool superuser = false;
    // default_transaction_read_only is on, or the server is a standby: nothing can be written.
    bool read_only = false;
    bool in_recovery = false; // a standby
    std::string application_name;
};

// One table the layout names, and whether the catalog has it.
struct DoctorTable {
    std::string role; // outbox, dead_letters, event_log, consumers or audit
    QualifiedName table;
    bool exists = false;
};

// A column the outbox's states are told apart by, as the catalog has it.
struct StateColumn {
    QualifiedName table;
    std::string column;
    std::string type;                     // format_type(), e.g. "text", "public.status"
    bool is_enum = false;                 // an enum type: the layout's values must be its labels
    std::vector<std::string> enum_labels; // in the enum's order
};

// Two states whose conditions some rows meet at once.
struct StateOverlap {
    Status first = Status::pending;
    Status second = Status::pending;
    std::int64_t rows = 0;
};

// How the rows of the outbox table fall into the layout's states (--count).
struct StateCounts {
    QualifiedName table;
    std::int64_t rows = 0;
    std::array<std::optional<std::int64_t>, 5> by_state; // by Status; empty: not in this table
    std::int64_t in_several_states = 0;                  // rows that meet two states or more
    std::int64_t in_no_state = 0;                        // rows that meet none
    std::vector<StateOverlap> overlaps;                  // the pairs with rows, lifecycle order
    std::optional<std::int64_t> dead_letter_rows;        // rows of the dead-letter table, if any
};

// The layout against the catalog.
struct LayoutCheck {
    std::string name;
    std::string origin; // "built-in" or the file it was read from
    std::string description;
    std::vector<DoctorTable> tables;
    // Everything that keeps the layout from fitting, as the commands would refuse it.
    std::vector<std::string> problems;
    std::vector<StateColumn> state_columns;
    std::optional<StateCounts> state_counts;  // with --count, when the outbox fits
    std::optional<std::string> count_skipped; // why --count counted nothing

    bool fits() const { return problems.empty(); }
};

// An index that commands need to meet their bars (DESIGN 6), derived from the layout.
struct IndexNeed {
    QualifiedName table;
    std::string purpose;               // e.g. "keyset paging in creation order"
    std::vector<std::string> commands; // the supported commands it serves
    // The key columns an index must lead with, in order; for a unique need, exactly these.
    std::vector<std::string> columns;
    bool unique = false;     // unique, on exactly these columns, not partial (ON CONFLICT)
    bool partial_ok = false; // a partial index serves it too
    bool required = false;   // the command fails without it, rather than being slow
    // What to create when none serves: the name's suffix after the table's, the columns
    // (columns first) and, for a partial index, the predicate as SQL text.
    std::string name_suffix;
    std::vector<std::string> create_columns;
    std::optional<std::string> predicate;
    // Why no index can serve the need, when none can (a time kept as RFC 3339 text).
    std::optional<std::string> unindexable;
};

// An index as pg_index has it.
struct ExistingIndex {
    std::string name;                             // unqualified; it lives in its table's schema
    std::vector<std::optional<std::string>> keys; // key columns in order; empty for expressions
    bool unique = false;
    bool partial = false;
    bool valid = true; // false after a failed CREATE INDEX CONCURRENTLY
    bool btree = true;
    bool immediate = true;  // not deferrable: ON CONFLICT can use it
    std::string definition; // pg_get_indexdef()
};

// One need, and what the catalog has for it.
struct IndexCheck {
    IndexNeed need;
    std::optional<ExistingIndex> index;   // the index that serves it
    std::optional<std::string> statement; // CREATE INDEX CONCURRENTLY to run when none does
    std::string note;                     // e.g. an invalid index in the way; empty if none

    bool satisfied() const { return index.has_value(); }
};

// One privilege a command needs: on a table (SELECT, INSERT, UPDATE, DELETE) or a schema
// (USAGE), and whether the role has it (empty when the object does not exist).
struct PrivilegeCheck {
    std::string object_kind; // "table" or "schema"
    QualifiedName object;    // for a schema, only its schema
    std::string privilege;
    std::optional<bool> granted;

    // The object for people: schema.table, or the schema.
    std::string object_display() const {
        return object_kind == "schema" ? object.schema : object.display();
    }
};

// The privileges one supported command needs, against the role's.
struct CommandPrivileges {
    Command command = Command::outbox_stats;
    bool writes = false;
    std::vector<PrivilegeCheck> privileges;
    bool blocked_by_read_only = false; // it writes, and the session cannot

    // "DELETE on table public.outbox", for each privilege the role lacks.
    std::vector<std::string> missing() const;
    // Whether the role can run the command.
    bool ok() const { return missing().empty() && !blocked_by_read_only; }
};

// A table of the layout that is partitioned, and what that means for the commands.
struct PartitionReport {
    std::string role; // outbox, dead_letters, event_log, consumers or audit
    QualifiedName table;
    std::string key;         // how: "range (created_at)"
    std::int64_t leaves = 0; // relations that hold rows
    int depth = 1;           // levels of partitions below the table
    bool has_default = false;
    bool drop_partitions = false;               // purge --drop-partitions can act on it
    std::string drop_note;                      // why it can or cannot
    std::optional<std::string> partman;         // pg_partman manages it: "weekly partitions, ..."
    std::optional<std::string> partman_warning; // partman's own retention is configured too
};

// Everything doctor found.
struct DoctorReport {
    ConnectionFacts connection;
    LayoutCheck layout;
    std::vector<Capability> commands;
    std::vector<IndexCheck> indexes;
    std::vector<CommandPrivileges> privileges;
    std::vector<PartitionReport> partitions;
    // What holds back the space purges free, for the outbox and the log.
    std::vector<VacuumHorizon> vacuum;

    // Missing indexes, overlapping states, --count skipped: worth fixing, yet exit 0.
    std::vector<std::string> warnings() const;
    // The commands whose privileges the role lacks.
    std::vector<std::string> commands_lacking_privileges() const;
    // 64 when the layout does not fit, else 77 when privileges are missing, else 0.
    ExitCode exit_code() const;
    // One sentence: whether the layout fits, the privileges are there, and the warnings.
    std::string summary() const;
};

// Connects nothing itself: reads everything through the session, in one read-only snapshot.
DoctorReport run_doctor(Session& session, const Layout& layout, const DoctorOptions& options);

// What a need no index serves means, and the statement to run; empty when one serves it.
std::vector<std::string> index_warnings(const IndexCheck& check);

// Rows in two states at once, or in none, as --count found them.
std::vector<std::string> state_warnings(const StateCounts& counts);

// The indexes the supported commands of a layout need, for the tables of the catalog that fit
// the layout (catalog: read_catalog of every table the layout names); droppable: the tables
// purge --drop-partitions can act on, whose partitions it decides from an index.
std::vector<IndexNeed> index_needs(const Layout& layout, const std::vector<CatalogTable>& catalog,
                                   const std::vector<QualifiedName>& droppable = {});

// The index among these that serves the need, if any: a valid btree index whose key columns
// lead with the need's (exactly them, unique and not partial, for a unique need), partial only
// where the need allows it.
const ExistingIndex* serving_index(const IndexNeed& need, const std::vector<ExistingIndex>& found);

// The CREATE [UNIQUE] INDEX CONCURRENTLY statement for a need, with this index name; quoted.
std::string create_index_statement(const IndexNeed& need, const std::string& name);

// For a partitioned table, what PostgreSQL accepts instead: the index ON ONLY the table, each
// leaf's CONCURRENTLY, each attached to its parent's (ALTER INDEX ... ATTACH PARTITION), one
// statement a line.
std::string create_partitioned_index_statements(const IndexNeed& need, const std::string& name,
                                                const PartitionTree& tree);

// The privileges each supported command of the layout needs; granted is left empty.
std::vector<CommandPrivileges> privilege_needs(const Layout& layout);

} // namespace eventctl
