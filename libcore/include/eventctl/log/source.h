#pragma once

#include "eventctl/layout/rules.h"
#include "eventctl/schema/tables.h"
#include "eventctl/sql/expressions.h"
#include "eventctl/sql/sql.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// Where consumers keep their positions, and the columns that hold them.
struct ConsumerTable {
    QualifiedName table;
    std::string name_column = "consumer";
    // More key columns (format 2): a consumer is then named by the values of name_column and
    // these, joined by key_separator ("orders/3/v2").
    std::vector<std::string> key_columns;
    std::string key_separator = "/";
    std::string position_column = "position";
    // Written by a seek and read for liveness; a table without one leaves it out (format 2).
    std::optional<std::string> updated_at_column = std::string("updated_at");
    // 0 for an integer position; otherwise text, zero-padded to this many digits.
    int position_width = 0;
    // A time the consumer refreshes while it runs (a lock, a heartbeat): live within the active
    // window. A seek never writes it.
    std::optional<std::string> heartbeat_column;
    // Conditions under which a consumer is live whatever its times say (an owner, a status).
    std::vector<LayoutCondition> live_when;
    // Where the library keeps liveness eventctl cannot read; a seek then needs --force.
    std::optional<std::string> live_elsewhere;
    // Columns a seek writes besides the position (a checkpoint that belongs to it).
    LayoutAssignments reset_on_seek;
    // Constant conditions every consumer row eventctl reads or writes meets.
    std::vector<LayoutCondition> filter;
    // Bound from the catalog: a NULL position reads as 0 (nothing acknowledged).
    bool position_nullable = false;
    // Bound from the catalog: how the table's time columns store times.
    std::map<std::string, TimeFormat> time_formats;

    // Every key column, name_column first.
    std::vector<std::string> key() const;
    // Whether eventctl can tell a live consumer from the table.
    bool tells_liveness() const {
        return !live_elsewhere && (updated_at_column || heartbeat_column || !live_when.empty());
    }
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
    std::optional<JsonKey> tenant_key; // tenant read from a JSON key instead (format 2)
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
    // Constant conditions every event eventctl reads meets: one logical log of a shared table.
    std::vector<LayoutCondition> filter;
    // Bound from the catalog: how the log's time columns store times.
    std::map<std::string, TimeFormat> time_formats;

    // Whether events carry a tenant, in a column or a JSON key.
    bool has_tenants() const { return tenant_column || tenant_key; }
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
