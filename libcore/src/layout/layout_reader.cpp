#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/time.h"
#include "json_node.h"

#include <algorithm>
#include <set>

namespace eventctl {

namespace {

LayoutValue read_value(const JsonNode& node) {
    const auto& json = node.json();
    LayoutValue value;
    if (json.is_null()) {
        return value;
    }
    if (json.is_object()) {
        node.allow_keys({"now", "column"});
        if (json.size() != 1) {
            node.fail("give one of {\"now\": true} or {\"column\": NAME}");
        }
        if (json.contains("now")) {
            if (!node.at("now").json().is_boolean() || !json["now"].get<bool>()) {
                node.at("now").fail("expected true");
            }
            value.kind = LayoutValue::Kind::now;
            return value;
        }
        value.kind = LayoutValue::Kind::column;
        value.text = node.at("column").string();
        return value;
    }
    value.kind = LayoutValue::Kind::constant;
    value.text = node.scalar_text();
    return value;
}

LayoutAssignments read_assignments(const JsonNode& node) {
    LayoutAssignments assignments;
    for (const auto& key : node.object_keys()) {
        if (key.empty()) {
            node.fail("a column name cannot be empty");
        }
        assignments.emplace_back(key, read_value(node.at(key)));
    }
    return assignments;
}

LayoutCondition read_condition(const JsonNode& node) {
    node.require_object();
    node.allow_keys(
        {"column", "equals", "in", "is_null", "in_future", "at_least_column", "below_column"});
    LayoutCondition condition;
    condition.column = node.at("column").string();
    const auto& json = node.json();
    int tests = 0;
    for (const char* key :
         {"equals", "in", "is_null", "in_future", "at_least_column", "below_column"}) {
        tests += json.contains(key) ? 1 : 0;
    }
    if (tests != 1) {
        node.fail("give the column and exactly one test: equals, in, is_null, in_future, "
                  "at_least_column or below_column");
    }
    if (json.contains("equals")) {
        condition.kind = LayoutCondition::Kind::equals;
        condition.values.push_back(node.at("equals").scalar_text());
    } else if (json.contains("in")) {
        condition.kind = LayoutCondition::Kind::one_of;
        auto values = node.at("in");
        for (std::size_t i = 0; i < values.array_size(); ++i) {
            condition.values.push_back(values.item(i).scalar_text());
        }
        if (condition.values.empty()) {
            values.fail("expected at least one value");
        }
    } else if (json.contains("is_null")) {
        condition.kind = node.at("is_null").boolean() ? LayoutCondition::Kind::is_null
                                                      : LayoutCondition::Kind::is_not_null;
    } else if (json.contains("in_future")) {
        condition.kind = node.at("in_future").boolean() ? LayoutCondition::Kind::in_future
                                                        : LayoutCondition::Kind::not_in_future;
    } else if (json.contains("at_least_column")) {
        condition.kind = LayoutCondition::Kind::at_least_column;
        condition.other_column = node.at("at_least_column").string();
    } else {
        condition.kind = LayoutCondition::Kind::below_column;
        condition.other_column = node.at("below_column").string();
    }
    return condition;
}

// What puts a row in a state when the layout does not say: each condition that names one
// value for its column writes that value. A condition that a write cannot satisfy (a lease in
// the future, a comparison of two columns) leaves the state without a way in.
std::optional<LayoutAssignments> derived_assignments(const std::vector<LayoutCondition>& when,
                                                     const LayoutValue& unlocked,
                                                     const std::string& locked_until) {
    LayoutAssignments set;
    for (const auto& condition : when) {
        LayoutValue value;
        switch (condition.kind) {
        case LayoutCondition::Kind::equals:
        case LayoutCondition::Kind::one_of:
            value = {LayoutValue::Kind::constant, condition.values.front()};
            break;
        case LayoutCondition::Kind::is_null:
            break;
        case LayoutCondition::Kind::is_not_null:
            value.kind = LayoutValue::Kind::now;
            break;
        case LayoutCondition::Kind::not_in_future:
            if (condition.column == locked_until) {
                value = unlocked;
            }
            break;
        case LayoutCondition::Kind::at_least_column:
            value = {LayoutValue::Kind::column, condition.other_column};
            break;
        case LayoutCondition::Kind::in_future:
        case LayoutCondition::Kind::below_column:
            return std::nullopt;
        }
        set.emplace_back(condition.column, value);
    }
    return set;
}

struct StateContext {
    std::optional<std::string> status_column;
    bool has_dead_letters = false;
    LayoutValue unlocked;
    std::string locked_until;
};

StateRule read_state(const JsonNode& node, const StateContext& context) {
    StateRule rule;
    if (node.json().is_string() || node.json().is_number() || node.json().is_boolean()) {
        // The shorthand: the status column holds this value.
        if (!context.status_column) {
            node.fail("a value alone needs \"status_column\" in the outbox; otherwise give "
                      "{\"when\": [...]}");
        }
        LayoutCondition condition;
        condition.column = *context.status_column;
        condition.values.push_back(node.scalar_text());
        rule.when.push_back(condition);
        rule.set = LayoutAssignments{
            {condition.column, {LayoutValue::Kind::constant, condition.values.front()}}};
        return rule;
    }
    node.require_object();
    node.allow_keys({"when", "set", "in_dead_letters"});
    if (node.json().contains("in_dead_letters")) {
        if (node.json().size() != 1 || !node.at("in_dead_letters").boolean()) {
            node.fail("{\"in_dead_letters\": true} stands alone");
        }
        if (!context.has_dead_letters) {
            node.fail("in_dead_letters needs a \"dead_letters\" table in the outbox");
        }
        rule.in_dead_letters = true;
        return rule;
    }
    auto when = node.at("when");
    for (std::size_t i = 0; i < when.array_size(); ++i) {
        rule.when.push_back(read_condition(when.item(i)));
    }
    if (rule.when.empty()) {
        when.fail("a state needs at least one condition");
    }
    if (node.json().contains("set")) {
        rule.set = read_assignments(node.at("set"));
    } else {
        rule.set = derived_assignments(rule.when, context.unlocked, context.locked_until);
    }
    return rule;
}

std::map<OutboxField, std::string> read_outbox_columns(const JsonNode& node) {
    std::map<OutboxField, std::string> columns;
    for (const auto& key : node.object_keys()) {
        auto field = parse_outbox_field(key);
        if (!field) {
            node.at(key).fail("not a canonical outbox field; the fields are id, event_type, "
                              "payload, created_at, tenant_id, aggregate_type, aggregate_id, "
                              "sequence, idempotency_key, metadata, attempts, max_attempts, "
                              "last_error, scheduled_at, locked_by, locked_until, locked_at, "
                              "processed_at, updated_at");
        }
        columns[*field] = node.at(key).string();
    }
    for (auto required : {OutboxField::id, OutboxField::event_type, OutboxField::created_at}) {
        if (columns.count(required) == 0) {
            node.fail("the " + std::string(to_string(required)) + " column is required");
        }
    }
    return columns;
}

QualifiedName table_name(const JsonNode& node, const std::string& schema) {
    return {schema, node.at("table").string()};
}

OutboxLayout read_outbox(const JsonNode& node, const std::string& schema) {
    node.require_object();
    node.allow_keys({"table", "id_type", "columns", "status_column", "states", "dead_letters",
                     "unlocked_until", "stale_after"});
    OutboxLayout outbox;
    outbox.table = table_name(node, schema);
    if (node.json().contains("id_type")) {
        outbox.id_type = node.at("id_type").string();
        if (outbox.id_type != "uuid" && outbox.id_type != "text" && outbox.id_type != "bigint") {
            node.at("id_type").fail("expected uuid, text or bigint");
        }
    }
    outbox.columns = read_outbox_columns(node.at("columns"));
    if (node.json().contains("dead_letters")) {
        auto dead = node.at("dead_letters");
        dead.require_object();
        dead.allow_keys({"table", "columns"});
        DeadLetterTable table;
        table.table = table_name(dead, schema);
        table.columns = read_outbox_columns(dead.at("columns"));
        outbox.dead_letters = table;
    }
    if (node.json().contains("unlocked_until")) {
        outbox.unlocked_until = read_value(node.at("unlocked_until"));
    }
    if (node.json().contains("stale_after")) {
        auto text = node.at("stale_after").string();
        try {
            outbox.stale_after = parse_duration(text);
        } catch (const UsageError& e) {
            node.at("stale_after").fail(e.what());
        }
    }
    StateContext context;
    if (node.json().contains("status_column")) {
        context.status_column = node.at("status_column").string();
    }
    context.has_dead_letters = outbox.dead_letters.has_value();
    context.unlocked = outbox.unlocked_until;
    if (const auto* locked_until = outbox.column(OutboxField::locked_until)) {
        context.locked_until = *locked_until;
    }
    auto states = node.at("states");
    for (const auto& key : states.object_keys()) {
        Status status;
        try {
            status = parse_status(key);
        } catch (const UsageError&) {
            states.at(key).fail("not a canonical state; the states are pending, processing, "
                                "completed, failed and dead");
        }
        outbox.states[static_cast<std::size_t>(status)] = read_state(states.at(key), context);
    }
    if (!outbox.state(Status::pending)) {
        states.fail("the pending state is required");
    }
    if (outbox.dead_letters &&
        !(outbox.state(Status::dead) && outbox.state(Status::dead)->in_dead_letters)) {
        node.at("dead_letters")
            .fail("a dead-letter table is for the dead state: give "
                  "\"dead\": {\"in_dead_letters\": true}");
    }
    return outbox;
}

std::optional<std::string> optional_column(const JsonNode& columns, const char* key) {
    if (!columns.json().contains(key)) {
        return std::nullopt;
    }
    return columns.at(key).string();
}

LogSource read_log(const JsonNode& node, const std::string& schema, const std::string& name) {
    node.require_object();
    node.allow_keys({"table", "columns", "consumers"});
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
    source.tenant_column = optional_column(columns, "tenant_id");
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
    if (node.json().contains("consumers")) {
        auto consumers = node.at("consumers");
        consumers.require_object();
        consumers.allow_keys({"table", "columns", "position_width"});
        if (!source.seq_column) {
            consumers.fail("consumers keep global positions: the log needs seq_no");
        }
        ConsumerTable table;
        table.table = table_name(consumers, schema);
        auto consumer_columns = consumers.at("columns");
        consumer_columns.require_object();
        consumer_columns.allow_keys({"consumer", "position", "updated_at"});
        table.name_column = consumer_columns.at("consumer").string();
        table.position_column = consumer_columns.at("position").string();
        table.updated_at_column = consumer_columns.at("updated_at").string();
        if (consumers.json().contains("position_width")) {
            auto width = consumers.at("position_width").integer();
            if (width < 1 || width > 40) {
                consumers.at("position_width")
                    .fail("expected the digits of a zero-padded text "
                          "position, 1 to 40");
            }
            table.position_width = static_cast<int>(width);
        }
        source.consumers = table;
    }
    return source;
}

// The JSON library's message without its own parts ("[json.exception.parse_error.101] parse
// error at line 3, column 5: ... ; last read: '...'"): what is wrong, and where, in the file's
// own lines and columns.
std::string json_syntax_problem(const nlohmann::json::exception& error, const std::string& text) {
    std::string message = error.what();
    if (auto bracket = message.find("] ");
        message.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) {
        message.erase(0, bracket + 2);
    }
    if (auto last_read = message.find("; last read: '"); last_read != std::string::npos) {
        auto end = message.find("'; ", last_read + 14);
        message.erase(last_read,
                      end == std::string::npos ? std::string::npos : end + 1 - last_read);
    }
    const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error);
    if (parse == nullptr) {
        return message;
    }
    if (auto colon = message.find(": ");
        message.rfind("parse error", 0) == 0 && colon != std::string::npos) {
        message.erase(0, colon + 2);
    }
    // byte counts from 1; the line and column of the character the parser stopped at.
    auto stop = std::min<std::size_t>(parse->byte == 0 ? 0 : parse->byte - 1, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < stop; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

} // namespace

Layout parse_layout(const std::string& text, const std::string& origin) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw UsageError("layout " + origin + " is not JSON: " + json_syntax_problem(e, text),
                         "see eventctl-layout(5) for the format");
    }
    JsonNode root(document, origin);
    root.require_object();
    root.allow_keys({"name", "description", "schema", "outbox", "log", "audit"});
    Layout layout;
    layout.origin = origin;
    layout.name = root.at("name").string();
    if (document.contains("description")) {
        layout.description = root.at("description").string();
    }
    if (document.contains("schema")) {
        layout.schema = root.at("schema").string();
    }
    if (document.contains("outbox")) {
        layout.outbox = read_outbox(root.at("outbox"), layout.schema);
    }
    if (document.contains("log")) {
        layout.log = read_log(root.at("log"), layout.schema, layout.name);
    }
    if (document.contains("audit")) {
        auto audit = root.at("audit");
        audit.require_object();
        audit.allow_keys({"table"});
        layout.audit = table_name(audit, layout.schema);
    }
    if (!layout.outbox && !layout.log) {
        root.fail("a layout describes an \"outbox\", a \"log\" or both");
    }
    return layout;
}

} // namespace eventctl
