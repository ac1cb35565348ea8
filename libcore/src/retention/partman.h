#pragma once

// pg_partman, when it manages a table: its own retention drops old partitions too, and two
// retention mechanisms on one table are something an operator wants to know of.

#include "eventctl/session/session.h"
#include "eventctl/sql/sql.h"

#include <optional>
#include <string>

namespace eventctl {

// What pg_partman is configured to do with the table, when the extension is installed and
// manages it: "pg_partman manages public.outbox (weekly partitions) with retention 30 days".
struct PartmanConfig {
    std::string interval;
    std::optional<std::string> retention; // empty: partman keeps every partition
    bool keep_table = true;               // retention detaches without dropping

    // The warning a purge and doctor give when partman's retention is configured.
    std::optional<std::string> retention_warning(const QualifiedName& table) const;
};

// Reads partman's configuration of the table in the caller's transaction; empty when the
// extension is not installed or does not manage it.
std::optional<PartmanConfig> read_partman_config(Session& session, pqxx::transaction_base& tx,
                                                 const QualifiedName& table);

} // namespace eventctl
