#include "eventctl/error.h"
#include "eventctl/time.h"
#include "layout_reading.h"

namespace eventctl::reading {

namespace {

// What puts a row in a state when the layout does not say: each condition that names one
// value for its column writes that value. A condition that a write cannot satisfy (a lease in
// the future, a strict comparison, one of several groups) leaves the state without a way in.
std::optional<LayoutAssignments> derived_assignments(const std::vector<LayoutCondition>& when,
                                                     const LayoutValue& unlocked,
                                                     const std::string& locked_until) {
    using Kind = LayoutCondition::Kind;
    using Op = LayoutCondition::Op;
    LayoutAssignments set;
    for (const auto& condition : when) {
        LayoutValue value;
        switch (condition.kind) {
        case Kind::equals:
        case Kind::one_of:
            value = {LayoutValue::Kind::constant, condition.values.front()};
            break;
        case Kind::is_null:
            break;
        case Kind::is_not_null:
            value.kind = LayoutValue::Kind::now;
            break;
        case Kind::not_in_future:
            if (condition.column == locked_until) {
                value = unlocked;
            }
            break;
        case Kind::compare:
            // Reaching a bound (>=, <=, =) is met by writing the bound itself.
            if (condition.op != Op::ge && condition.op != Op::le && condition.op != Op::eq) {
                return std::nullopt;
            }
            value = condition.other_column.empty()
                        ? LayoutValue{LayoutValue::Kind::constant, condition.values.front()}
                        : LayoutValue{LayoutValue::Kind::column, condition.other_column};
            break;
        case Kind::in_future:
        case Kind::starts_with:
        case Kind::any:
            return std::nullopt;
        }
        set.emplace_back(condition.column, value);
    }
    return set;
}

struct StateContext {
    int version = 1;
    std::optional<std::string> status_column;
    std::optional<Status> second_holds; // the state the second table holds, if there is one
    LayoutValue unlocked;
    std::string locked_until;
};

StateRule read_state(const JsonNode& node, Status status, const StateContext& context) {
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
    node.allow_keys({"when", "set", "in_dead_letters", "in_archive", "age_from"});
    ValueContext values{context.version, status == Status::dead, status == Status::pending};
    if (node.json().contains("age_from")) {
        require_version_2(node.at("age_from"), context.version, "age_from");
        if (status == Status::pending || status == Status::processing) {
            node.at("age_from")
                .fail("purge never deletes " + std::string(to_string(status)) +
                      " entries: age_from is for completed, failed and dead");
        }
        rule.age_column = node.at("age_from").string();
    }
    auto separate = node.json().contains("in_archive") ? "in_archive" : "in_dead_letters";
    if (node.json().contains(separate)) {
        bool archive = std::string(separate) == "in_archive";
        if (archive) {
            require_version_2(node.at(separate), context.version, "an archive table");
        }
        if (node.json().contains("when") || !node.at(separate).boolean() ||
            (context.version < 2 && node.json().size() != 1)) {
            node.fail(context.version < 2 ? "{\"in_dead_letters\": true} stands alone"
                                          : "{\"in_dead_letters\": true} takes only a \"set\" "
                                            "and an \"age_from\"");
        }
        if (!context.second_holds && !archive) {
            node.fail("in_dead_letters needs a \"dead_letters\" table in the outbox");
        }
        if (archive ? context.second_holds != Status::completed || status != Status::completed
                    : context.second_holds != Status::dead || status != Status::dead) {
            node.fail(archive ? "in_archive is the completed state's, with an \"archive\" table"
                              : "in_dead_letters is the dead state's, with a \"dead_letters\" "
                                "table");
        }
        rule.in_dead_letters = true;
        if (node.json().contains("set")) {
            rule.set = read_assignments(node.at("set"), values);
        }
        return rule;
    }
    rule.when = read_conditions(node.at("when"), context.version, context.version >= 2);
    if (node.json().contains("set")) {
        rule.set = read_assignments(node.at("set"), values);
    } else {
        rule.set = derived_assignments(rule.when, context.unlocked, context.locked_until);
    }
    return rule;
}

const char* const field_list = "id, event_type, payload, created_at, tenant_id, aggregate_type, "
                               "aggregate_id, sequence, idempotency_key, metadata, attempts, "
                               "max_attempts, last_error, scheduled_at, locked_by, locked_until, "
                               "locked_at, processed_at, updated_at";

void read_outbox_columns(const JsonNode& node, int version,
                         std::map<OutboxField, std::string>& columns,
                         std::map<OutboxField, JsonKey>& json_fields) {
    for (const auto& key : node.object_keys()) {
        auto field = parse_outbox_field(key);
        auto value = node.at(key);
        if (!field) {
            value.fail(std::string("not a canonical outbox field; the fields are ") + field_list);
        }
        if (value.json().is_object()) {
            if (!may_read_from_json(*field)) {
                value.fail(key + " cannot be read from JSON: only event_type, tenant_id, "
                                 "aggregate_type, aggregate_id, last_error and locked_by can");
            }
            json_fields[*field] = read_json_key(value, version);
        } else {
            columns[*field] = value.string();
        }
    }
    auto required = version < 2 ? std::vector<OutboxField>{OutboxField::id, OutboxField::event_type,
                                                           OutboxField::created_at}
                                : std::vector<OutboxField>{OutboxField::id};
    for (auto field : required) {
        if (columns.count(field) == 0 && json_fields.count(field) == 0) {
            node.fail("the " + std::string(to_string(field)) + " column is required");
        }
    }
}

void read_stale_after(const JsonNode& node, int version, OutboxLayout& outbox) {
    if (node.json().is_object()) {
        require_version_2(node, version, "a lease per row");
        node.allow_keys({"column"});
        outbox.stale_after_column = node.at("column").string();
        return;
    }
    try {
        outbox.stale_after = parse_duration(node.string());
    } catch (const UsageError& e) {
        node.fail(e.what());
    }
}

TransitionWrites read_transition(const JsonNode& node, OutboxTransition transition,
                                 const OutboxLayout& outbox, int version) {
    node.allow_keys({"set", "in_place", "refused"});
    TransitionWrites writes;
    if (node.json().contains("refused")) {
        if (node.json().size() != 1) {
            node.fail("\"refused\" stands alone: it says why eventctl must not make the change");
        }
        writes.refused = node.at("refused").string();
        return writes;
    }
    ValueContext values{version, transition == OutboxTransition::mark_dead,
                        transition == OutboxTransition::retry};
    if (node.json().contains("set")) {
        writes.set = read_assignments(node.at("set"), values);
    }
    if (node.json().contains("in_place")) {
        const auto* dead = outbox.state(Status::dead);
        if (transition != OutboxTransition::retry || dead == nullptr || !dead->in_dead_letters) {
            node.at("in_place").fail("in_place is for retry from a dead-letter table");
        }
        writes.in_place = read_assignments(node.at("in_place"), values);
        if (writes.in_place->empty()) {
            node.at("in_place").fail("expected at least one column to write");
        }
    }
    if (!writes.set && !writes.in_place) {
        node.fail("give \"set\" (and for retry \"in_place\"), or \"refused\"");
    }
    return writes;
}

void read_transitions(const JsonNode& node, int version, OutboxLayout& outbox) {
    require_version_2(node, version, "\"transitions\"");
    node.allow_keys({"retry", "mark_dead", "unlock_stale"});
    for (auto transition : all_transitions) {
        std::string key(to_string(transition));
        if (node.json().contains(key)) {
            outbox.transitions[static_cast<std::size_t>(transition)] =
                read_transition(node.at(key), transition, outbox, version);
        }
    }
}

// "table": NAME, or (format 2) {"prefix": P} for a table named per queue, whose name the
// operator gives: the placeholder until then is the prefix alone.
QualifiedName table_or_prefix(const JsonNode& node, const std::string& schema, int version,
                              std::optional<std::string>& prefix) {
    auto table = node.at("table");
    if (!table.json().is_object()) {
        return table_name(node, schema);
    }
    require_version_2(table, version, "a table named per queue");
    table.allow_keys({"prefix"});
    prefix = table.at("prefix").string();
    return {schema, *prefix};
}

DeadLetterTable read_dead_letters(const JsonNode& node, const std::string& schema, int version) {
    node.require_object();
    node.allow_keys({"table", "columns", "filter"});
    DeadLetterTable table;
    table.table = table_or_prefix(node, schema, version, table.table_prefix);
    read_outbox_columns(node.at("columns"), version, table.columns, table.json_fields);
    if (node.json().contains("filter")) {
        require_version_2(node.at("filter"), version, "a row filter");
        table.filter = read_conditions(node.at("filter"), version, false);
    }
    return table;
}

} // namespace

OutboxLayout read_outbox(const JsonNode& node, const std::string& schema, int version) {
    node.require_object();
    node.allow_keys({"table", "id_type", "columns", "status_column", "states", "dead_letters",
                     "archive", "unlocked_until", "stale_after", "filter", "transitions"});
    OutboxLayout outbox;
    outbox.table = table_or_prefix(node, schema, version, outbox.table_prefix);
    if (node.json().contains("id_type")) {
        outbox.id_type = node.at("id_type").string();
        if (outbox.id_type != "uuid" && outbox.id_type != "text" && outbox.id_type != "bigint") {
            node.at("id_type").fail("expected uuid, text or bigint");
        }
    }
    read_outbox_columns(node.at("columns"), version, outbox.columns, outbox.json_fields);
    if (node.json().contains("filter")) {
        require_version_2(node.at("filter"), version, "a row filter");
        outbox.filter = read_conditions(node.at("filter"), version, false);
    }
    if (node.json().contains("dead_letters") && node.json().contains("archive")) {
        node.fail("give \"dead_letters\" or \"archive\": eventctl reads one second table");
    }
    auto second_key = node.json().contains("archive") ? "archive" : "dead_letters";
    if (node.json().contains(second_key)) {
        if (std::string(second_key) == "archive") {
            require_version_2(node.at("archive"), version, "an archive table");
        }
        outbox.dead_letters = read_dead_letters(node.at(second_key), schema, version);
        if (std::string(second_key) == "archive") {
            outbox.dead_letters->holds = Status::completed;
        }
        if (outbox.dead_letters->table_prefix && !outbox.table_prefix) {
            node.at(second_key)
                .at("table")
                .fail("a second table is named per queue only when the outbox is: give the "
                      "outbox's \"table\" a \"prefix\" too");
        }
        bool main_time = outbox.has(OutboxField::created_at);
        bool dead_time = outbox.dead_letters->columns.count(OutboxField::created_at) > 0;
        if (main_time != dead_time) {
            node.at(second_key)
                .fail("created_at is mapped in both tables or in neither: entries of both are "
                      "listed in one order");
        }
    }
    if (node.json().contains("unlocked_until")) {
        outbox.unlocked_until = read_value(node.at("unlocked_until"), {version});
    }
    if (node.json().contains("stale_after")) {
        read_stale_after(node.at("stale_after"), version, outbox);
    }
    StateContext context;
    context.version = version;
    if (node.json().contains("status_column")) {
        context.status_column = node.at("status_column").string();
    }
    if (outbox.dead_letters) {
        context.second_holds = outbox.dead_letters->holds;
    }
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
        outbox.states[static_cast<std::size_t>(status)] =
            read_state(states.at(key), status, context);
    }
    if (version < 2 && !outbox.state(Status::pending)) {
        states.fail("the pending state is required");
    }
    if (states.object_keys().empty()) {
        states.fail("expected at least one state");
    }
    if (outbox.dead_letters) {
        auto holds = outbox.dead_letters->holds;
        const auto* rule = outbox.state(holds);
        if (rule == nullptr || !rule->in_dead_letters) {
            node.at(second_key)
                .fail(holds == Status::dead ? "a dead-letter table is for the dead state: give "
                                              "\"dead\": {\"in_dead_letters\": true}"
                                            : "an archive is for the completed state: give "
                                              "\"completed\": {\"in_archive\": true}");
        }
    }
    if (node.json().contains("transitions")) {
        read_transitions(node.at("transitions"), version, outbox);
    }
    return outbox;
}

} // namespace eventctl::reading
