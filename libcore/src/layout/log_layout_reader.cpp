#include "eventctl/error.h"
#include "layout_reading.h"

namespace eventctl::reading {

namespace {

std::optional<std::string> optional_column(const JsonNode& columns, const char* key) {
    if (!columns.json().contains(key)) {
        return std::nullopt;
    }
    return columns.at(key).string();
}

void read_consumer_key(const JsonNode& node, int version, ConsumerTable& table) {
    if (!node.json().is_array()) {
        table.name_column = node.string();
        return;
    }
    require_version_2(node, version, "a consumer keyed by several columns");
    for (std::size_t i = 0; i < node.array_size(); ++i) {
        auto column = node.item(i).string();
        if (i == 0) {
            table.name_column = column;
        } else {
            table.key_columns.push_back(column);
        }
    }
    if (table.key_columns.empty()) {
        node.fail("give two or more key columns, or the one as a string");
    }
}

ConsumerTable read_consumers(const JsonNode& consumers, const std::string& schema, int version) {
    consumers.require_object();
    consumers.allow_keys({"table", "columns", "position_width", "key_separator", "live_when",
                          "live_elsewhere", "reset_on_seek", "filter"});
    ConsumerTable table;
    table.table = table_name(consumers, schema);
    auto columns = consumers.at("columns");
    columns.require_object();
    columns.allow_keys({"consumer", "position", "updated_at", "heartbeat"});
    read_consumer_key(columns.at("consumer"), version, table);
    table.position_column = columns.at("position").string();
    if (version < 2) {
        table.updated_at_column = columns.at("updated_at").string();
    } else {
        table.updated_at_column = optional_column(columns, "updated_at");
        table.heartbeat_column = optional_column(columns, "heartbeat");
    }
    if (columns.json().contains("heartbeat")) {
        require_version_2(columns.at("heartbeat"), version, "a heartbeat column");
    }
    if (consumers.json().contains("position_width")) {
        auto width = consumers.at("position_width").integer();
        if (width < 1 || width > 40) {
            consumers.at("position_width")
                .fail("expected the digits of a zero-padded text position, 1 to 40");
        }
        table.position_width = static_cast<int>(width);
    }
    if (consumers.json().contains("key_separator")) {
        require_version_2(consumers.at("key_separator"), version, "key_separator");
        if (table.key_columns.empty()) {
            consumers.at("key_separator").fail("a separator joins several key columns");
        }
        table.key_separator = consumers.at("key_separator").string();
    }
    if (consumers.json().contains("live_when")) {
        require_version_2(consumers.at("live_when"), version, "live_when");
        table.live_when = read_conditions(consumers.at("live_when"), version, false);
    }
    if (consumers.json().contains("live_elsewhere")) {
        require_version_2(consumers.at("live_elsewhere"), version, "live_elsewhere");
        table.live_elsewhere = consumers.at("live_elsewhere").string();
    }
    if (consumers.json().contains("reset_on_seek")) {
        require_version_2(consumers.at("reset_on_seek"), version, "reset_on_seek");
        table.reset_on_seek = read_assignments(consumers.at("reset_on_seek"), {version});
        for (const auto& [column, value] : table.reset_on_seek) {
            for (const auto& key : table.key()) {
                if (column == key || column == table.position_column) {
                    consumers.at("reset_on_seek")
                        .fail("column " + column +
                              " is the consumer's key or position, which a "
                              "seek writes itself");
                }
            }
            if (table.heartbeat_column && column == *table.heartbeat_column) {
                consumers.at("reset_on_seek")
                    .fail("the heartbeat is the consumer's own: a seek never writes it");
            }
        }
    }
    if (consumers.json().contains("filter")) {
        require_version_2(consumers.at("filter"), version, "a row filter");
        table.filter = read_conditions(consumers.at("filter"), version, false);
    }
    return table;
}

} // namespace

LogSource read_log(const JsonNode& node, const std::string& schema, const std::string& name,
                   int version) {
    node.require_object();
    node.allow_keys({"table", "columns", "consumers", "filter"});
    LogSource source;
    source.layout = name;
    source.table = table_name(node, schema);
    auto columns = node.at("columns");
    columns.require_object();
    columns.allow_keys({"seq_no", "stream_id", "stream_seq", "tenant_id", "event_type", "payload",
                        "metadata", "created_at", "txid"});
    source.seq_column = optional_column(columns, "seq_no");
    source.stream_column = optional_column(columns, "stream_id");
    source.stream_seq_column = optional_column(columns, "stream_seq");
    if (columns.json().contains("tenant_id") && columns.json()["tenant_id"].is_object()) {
        source.tenant_key = read_json_key(columns.at("tenant_id"), version);
    } else {
        source.tenant_column = optional_column(columns, "tenant_id");
    }
    source.type_column = columns.at("event_type").string();
    source.payload_column = columns.at("payload").string();
    source.metadata_column = optional_column(columns, "metadata");
    source.created_at_column = columns.at("created_at").string();
    source.txid_column = optional_column(columns, "txid");
    if (!source.seq_column && !source.has_streams()) {
        columns.fail("a log needs seq_no (a global position), or stream_id and stream_seq");
    }
    if (source.stream_column.has_value() != source.stream_seq_column.has_value()) {
        columns.fail("stream_id and stream_seq go together");
    }
    if (source.txid_column && !source.seq_column) {
        columns.fail("txid guards the global position: it needs seq_no");
    }
    if (node.json().contains("filter")) {
        require_version_2(node.at("filter"), version, "a row filter");
        source.filter = read_conditions(node.at("filter"), version, false);
    }
    if (node.json().contains("consumers")) {
        if (!source.seq_column) {
            node.at("consumers").fail("consumers keep global positions: the log needs seq_no");
        }
        source.consumers = read_consumers(node.at("consumers"), schema, version);
    }
    return source;
}

} // namespace eventctl::reading
