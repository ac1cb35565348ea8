#pragma once

#include "eventctl/schema/tables.h"
#include "eventctl/sql/expressions.h"
#include "eventctl/sql/sql.h"

#include <optional>
#include <string>

namespace eventctl {

// Where consumers keep their positions, and the columns that hold them.
struct ConsumerTable {
    QualifiedName table;
    std::string name_column = "consumer";
    std::string position_column = "position";
    std::string updated_at_column = "updated_at";
    // 0 for an integer position; otherwise text, zero-padded to this many digits.
    int position_width = 0;
};

// How an event table maps onto the canonical event model (DESIGN 2.2). The canonical event_log
// has every column; a per-stream store (events keyed by stream and sequence, no global position)
// leaves seq_column, txid_column and consumers empty, and the commands that need them say so.
struct LogSource {
    std::string layout = "canonical";
    QualifiedName table;
    std::optional<std::string> seq_column; // the global position
    std::optional<std::string> stream_column;
    std::optional<std::string> stream_seq_column; // the position inside a stream
    std::optional<std::string> tenant_column;
    std::string type_column = "event_type";
    std::string payload_column = "payload";
    std::optional<std::string> metadata_column;
    std::string created_at_column = "created_at";
    // How the columns store their values; the catalog says, when a command binds the layout.
    JsonFormat payload_format = JsonFormat::jsonb;
    JsonFormat metadata_format = JsonFormat::jsonb;
    TimeFormat created_at_format = TimeFormat::timestamptz;
    std::optional<std::string> txid_column; // the writer's xid8: enables the stable horizon
    std::optional<ConsumerTable> consumers;

    // Whether events have a global position, which consumers, seek and ranges by seq_no need.
    bool has_global_position() const { return seq_column.has_value(); }
    // Whether events belong to streams with their own positions (replay --stream).
    bool has_streams() const { return stream_column && stream_seq_column; }
};

// The canonical event_log and event_consumers tables, as schema init creates them.
LogSource canonical_log_source(const TableNames& tables);

// The consumer's position column read as bigint (a zero-padded text position too).
std::string position_value(const ConsumerTable& consumers, const std::string& alias = "");

// A bigint expression written the way the position column stores positions.
std::string position_written(const ConsumerTable& consumers, const std::string& bigint);

// Throws UsageError naming the layout when it keeps no global position (what == the command).
void require_global_position(const LogSource& source, const std::string& what);

// Throws UsageError naming the layout when it keeps no consumer positions.
const ConsumerTable& require_consumers(const LogSource& source, const std::string& what);

} // namespace eventctl
