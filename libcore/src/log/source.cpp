#include "eventctl/log/source.h"

#include "eventctl/error.h"

namespace eventctl {

std::vector<std::string> ConsumerTable::key() const {
    std::vector<std::string> columns{name_column};
    columns.insert(columns.end(), key_columns.begin(), key_columns.end());
    return columns;
}

LogSource canonical_log_source(const TableNames& tables) {
    LogSource source;
    source.layout = "canonical";
    source.table = tables.event_log_table();
    source.seq_column = "seq_no";
    source.stream_column = "stream_id";
    source.stream_seq_column = "stream_seq";
    source.tenant_column = "tenant_id";
    source.metadata_column = "metadata";
    source.txid_column = "txid";
    source.consumers.emplace();
    source.consumers->table = tables.consumers_table();
    return source;
}

std::string position_value(const ConsumerTable& consumers, const std::string& alias) {
    auto column = (alias.empty() ? "" : alias + ".") + quote_identifier(consumers.position_column);
    auto value = consumers.position_width > 0 ? "(" + column + ")::bigint" : column;
    // A position never written (NULL) is nothing acknowledged: 0.
    return consumers.position_nullable ? "COALESCE(" + value + ", 0)" : value;
}

std::string position_written(const ConsumerTable& consumers, const std::string& bigint) {
    if (consumers.position_width == 0) {
        return bigint;
    }
    return "pg_catalog.lpad((" + bigint + ")::text, " + std::to_string(consumers.position_width) +
           ", '0')";
}

void require_global_position(const LogSource& source, const std::string& what) {
    if (!source.has_global_position()) {
        throw UsageError("layout " + source.layout + " keeps no global position (seq_no), which " +
                             what + " needs",
                         "replay one stream with --stream ID --after-seq N");
    }
}

const ConsumerTable& require_consumers(const LogSource& source, const std::string& what) {
    if (!source.consumers || !source.has_global_position()) {
        throw UsageError("layout " + source.layout + " has no consumers, which " + what + " needs");
    }
    return *source.consumers;
}

} // namespace eventctl
