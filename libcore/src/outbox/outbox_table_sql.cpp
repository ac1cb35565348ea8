#include "error_fingerprint.h"
#include "outbox_table.h"

namespace eventctl {

const BoundColumn* OutboxPart::field(OutboxField field) const {
    auto found = m_fields.find(field);
    return found == m_fields.end() ? nullptr : &found->second;
}

bool OutboxPart::maps(OutboxField field) const {
    return this->field(field) != nullptr || m_json.count(field) > 0;
}

std::vector<const BoundColumn*> OutboxPart::died_at_columns() const {
    std::vector<const BoundColumn*> columns;
    for (auto time : {OutboxField::processed_at, OutboxField::updated_at}) {
        if (const auto* column = field(time)) {
            columns.push_back(column);
        }
    }
    return columns;
}

std::string OutboxPart::text(OutboxField field, SqlParams& params, const std::string& alias) const {
    if (auto key = m_json.find(field); key != m_json.end()) {
        return json_key_text(ref(key->second.column, alias), key->second, params);
    }
    return value(field, "text", alias) + "::text";
}

const CatalogColumn* OutboxPart::raw(const std::string& name) const {
    return m_catalog.column(name);
}

TimeFormat OutboxPart::time_format(const std::string& column) const {
    const auto* found = raw(column);
    return time_format_of(found ? found->kind : ColumnKind::timestamptz);
}

std::string OutboxPart::ref(const std::string& column, const std::string& alias) const {
    return (alias.empty() ? "" : alias + ".") + quote_identifier(column);
}

std::string OutboxPart::value(OutboxField field, const std::string& null_type,
                              const std::string& alias) const {
    const auto* bound = this->field(field);
    return bound ? ref(bound->name, alias) : "NULL::" + null_type;
}

std::vector<const OutboxPart*> OutboxTable::parts() const {
    std::vector<const OutboxPart*> all{&m_main};
    if (m_dead) {
        all.push_back(&*m_dead);
    }
    return all;
}

std::vector<const OutboxPart*> OutboxTable::parts_for(const std::vector<Status>& statuses) const {
    if (statuses.empty() || !m_dead) {
        return parts();
    }
    bool dead_wanted = false;
    bool main_wanted = false;
    for (auto status : statuses) {
        const auto* rule = m_layout.state(status);
        bool in_dead = rule != nullptr && rule->in_dead_letters;
        dead_wanted = dead_wanted || in_dead;
        main_wanted = main_wanted || !in_dead;
    }
    std::vector<const OutboxPart*> wanted;
    if (main_wanted) {
        wanted.push_back(&m_main);
    }
    if (dead_wanted) {
        wanted.push_back(&*m_dead);
    }
    return wanted;
}

const std::string* OutboxTable::simple_status_column() const {
    const std::string* column = nullptr;
    for (auto status : all_statuses) {
        const auto* rule = m_layout.state(status);
        if (rule == nullptr || rule->in_dead_letters) {
            continue;
        }
        if (rule->when.size() != 1 || rule->when[0].kind != LayoutCondition::Kind::equals) {
            return nullptr;
        }
        if (column != nullptr && *column != rule->when[0].column) {
            return nullptr;
        }
        column = &rule->when[0].column;
    }
    return column;
}

std::optional<std::string> OutboxTable::status_value(Status status) const {
    const auto* rule = m_layout.state(status);
    if (rule == nullptr || rule->in_dead_letters || rule->when.size() != 1 ||
        rule->when[0].kind != LayoutCondition::Kind::equals) {
        return std::nullopt;
    }
    return rule->when[0].values.front();
}

Condition OutboxTable::rows(const OutboxPart& part, SqlParams& params,
                            const std::string& alias) const {
    return rule_conditions(part.row_filter(), part.formats(), params, alias);
}

Condition OutboxTable::state_only(const OutboxPart& part, Status status, SqlParams& params,
                                  const std::string& alias) const {
    const auto* rule = m_layout.state(status);
    if (rule == nullptr) {
        return Condition::never();
    }
    // A dead-letter table holds the dead entries and nothing else.
    if (rule->in_dead_letters || part.is_dead_letters()) {
        return rule->in_dead_letters == part.is_dead_letters() ? Condition::always()
                                                               : Condition::never();
    }
    return rule_conditions(rule->when, part.formats(), params, alias);
}

Condition OutboxTable::state_condition(const OutboxPart& part, Status status, SqlParams& params,
                                       const std::string& alias) const {
    auto state = state_only(part, status, params, alias);
    return state.is_never() ? state : rows(part, params, alias) && state;
}

Condition OutboxTable::any_state_condition(const OutboxPart& part,
                                           const std::vector<Status>& statuses, SqlParams& params,
                                           const std::string& alias) const {
    // The common shape compares one column with a list: one index condition, not an OR.
    if (const auto* column = simple_status_column(); column != nullptr && !part.is_dead_letters()) {
        std::vector<std::string> values;
        for (auto status : statuses) {
            if (auto value = status_value(status)) {
                values.push_back(*value);
            }
        }
        if (values.empty()) {
            return Condition::never();
        }
        auto row_filter = rows(part, params, alias);
        if (values.size() == 1) {
            return row_filter &&
                   Condition(part.ref(*column, alias) + " = " + params.bind(values.front()));
        }
        return row_filter &&
               Condition(part.ref(*column, alias) + " = ANY(" + params.bind_array(values) + ")");
    }
    std::vector<Condition> conditions;
    for (auto status : statuses) {
        conditions.push_back(state_only(part, status, params, alias));
    }
    auto any = Condition::any(conditions);
    return any.is_never() ? any : rows(part, params, alias) && any;
}

Condition OutboxTable::stale_lock(const OutboxPart& part, SqlParams& params,
                                  const std::string& alias,
                                  std::optional<std::chrono::seconds> claimed_over) const {
    const auto* until = part.field(OutboxField::locked_until);
    auto claimed_before = [&](OutboxField field, std::chrono::seconds age) {
        const auto* column = part.field(field);
        if (column == nullptr) {
            return Condition::never();
        }
        return Condition(time_value(part.ref(column->name, alias), column->time) +
                         " < pg_catalog.now() - " + seconds_interval(params, age));
    };
    if (until == nullptr) {
        // A lock recorded by when it was taken is stale once older than the limit: the one
        // asked for, the layout's, or each row's own lease.
        if (claimed_over || m_layout.stale_after) {
            return claimed_before(OutboxField::locked_at,
                                  claimed_over ? *claimed_over : *m_layout.stale_after);
        }
        const auto* locked_at = part.field(OutboxField::locked_at);
        if (m_layout.stale_after_column && locked_at != nullptr) {
            return Condition(lease_end(part, alias) + " < pg_catalog.now()");
        }
        return Condition::never();
    }
    auto expired = Condition(time_comparable(part.ref(until->name, alias), until->time) + " < " +
                             now_comparable(until->time));
    if (!claimed_over) {
        return expired;
    }
    // A relay with long leases: a claim older than asked counts too, by when it was taken.
    auto claim =
        part.field(OutboxField::locked_at) ? OutboxField::locked_at : OutboxField::updated_at;
    return expired || claimed_before(claim, *claimed_over);
}

std::string OutboxTable::status_expression(const OutboxPart& part, SqlParams& params,
                                           const std::string& alias) const {
    if (part.is_dead_letters()) {
        return "'" + std::string(to_string(second_state())) + "'::text";
    }
    std::string sql = "CASE";
    for (auto status : all_statuses) {
        const auto* rule = m_layout.state(status);
        if (rule == nullptr || rule->in_dead_letters) {
            continue;
        }
        sql += " WHEN " + state_only(part, status, params, alias).sql() + " THEN '" +
               std::string(to_string(status)) + "'";
    }
    return sql + " END";
}

Condition OutboxTable::filter(const OutboxPart& part, const OutboxFilter& filter, SqlParams& params,
                              const std::string& alias) const {
    std::vector<Condition> conditions;
    auto text_of = [&](OutboxField field) { return part.text(field, params, alias); };
    auto equals = [&](const std::string& expression, const std::string& value) {
        return Condition(expression + " = " + params.bind(value));
    };
    conditions.push_back(filter.statuses.empty()
                             ? rows(part, params, alias)
                             : any_state_condition(part, filter.statuses, params, alias));
    if (!filter.event_types.empty()) {
        // A single value compares with =, so the planner can walk an index in created_at order.
        auto type = part.field(OutboxField::event_type)
                        ? part.value(OutboxField::event_type, "text", alias)
                        : text_of(OutboxField::event_type);
        conditions.push_back(
            filter.event_types.size() == 1
                ? equals(type, filter.event_types.front())
                : Condition(type + " = ANY(" + params.bind_text_array(filter.event_types) + ")"));
    }
    if (!filter.tenant_ids.empty()) {
        auto tenant = text_of(OutboxField::tenant_id);
        conditions.push_back(
            filter.tenant_ids.size() == 1
                ? equals(tenant, filter.tenant_ids.front())
                : Condition(tenant + " = ANY(" + params.bind_text_array(filter.tenant_ids) + ")"));
    }
    if (filter.aggregate_type) {
        conditions.push_back(equals(text_of(OutboxField::aggregate_type), *filter.aggregate_type));
    }
    if (filter.aggregate_id) {
        conditions.push_back(equals(text_of(OutboxField::aggregate_id), *filter.aggregate_id));
    }
    const auto* created = part.field(OutboxField::created_at);
    auto created_compared = [&](const char* op, TimePoint instant) {
        return Condition(time_comparable(part.ref(created->name, alias), created->time) + op +
                         time_operand(params.bind(format_rfc3339(instant)), created->time));
    };
    if (filter.created_before) {
        conditions.push_back(created_compared(" < ", *filter.created_before));
    }
    if (filter.created_after) {
        conditions.push_back(created_compared(" >= ", *filter.created_after));
    }
    if (filter.error_contains) {
        // strpos, not LIKE: the user's text is a plain substring, % and _ included.
        conditions.push_back(Condition("pg_catalog.strpos(pg_catalog.lower(" +
                                       text_of(OutboxField::last_error) + "), pg_catalog.lower(" +
                                       params.bind(*filter.error_contains) + ")) > 0"));
    }
    if (filter.error_group) {
        // Computed on the server, in the same expression outbox errors groups by.
        conditions.push_back(
            Condition(error_fingerprint(error_pattern(text_of(OutboxField::last_error), params)) +
                      " = " + params.bind(*filter.error_group)));
    }
    if (filter.payload_contains) {
        const auto* payload = part.field(OutboxField::payload);
        conditions.push_back(
            payload == nullptr
                ? Condition::never()
                : Condition(json_value(part.ref(payload->name, alias), payload->json) + " @> " +
                            params.bind(*filter.payload_contains) + "::jsonb"));
    }
    return Condition::all(conditions);
}

namespace {

std::string id_array_cast(const std::string& id_type) {
    if (id_type == "uuid") {
        return "::uuid[]";
    }
    return id_type == "bigint" ? "::bigint[]" : "";
}

} // namespace

Condition OutboxTable::id_in(const OutboxPart& part, const std::vector<std::string>& ids,
                             SqlParams& params, const std::string& alias) const {
    return Condition(part.value(OutboxField::id, "text", alias) + " = ANY(" +
                     params.bind_text_array(ids) + id_array_cast(m_layout.id_type) + ")");
}

Condition OutboxTable::id_equals(const OutboxPart& part, const std::string& id, SqlParams& params,
                                 const std::string& alias) const {
    return Condition(part.value(OutboxField::id, "text", alias) + " = " + params.bind(id));
}

std::string OutboxTable::created_at(const OutboxPart& part, const std::string& alias) const {
    const auto* created = part.field(OutboxField::created_at);
    if (created == nullptr) {
        return "'epoch'::timestamptz";
    }
    return time_value(part.ref(created->name, alias), created->time);
}

std::string OutboxTable::created_at_micros(const OutboxPart& part, const std::string& alias) const {
    const auto* created = part.field(OutboxField::created_at);
    if (created == nullptr) {
        return "0::bigint";
    }
    return time_epoch_micros(part.ref(created->name, alias), created->time);
}

Condition OutboxTable::after_cursor(const OutboxPart& part, const ListCursor& cursor,
                                    SqlParams& params, const std::string& alias) const {
    auto direction = cursor.order == SortOrder::ascending ? " > " : " < ";
    const auto* created = part.field(OutboxField::created_at);
    if (created == nullptr) {
        return Condition(part.value(OutboxField::id, "text", alias) + direction +
                         params.bind(cursor.id));
    }
    // A row comparison walks the (created_at, id) index exactly where the last page ended.
    auto instant = format_rfc3339(from_epoch_micros(cursor.created_at_micros));
    return Condition("(" + time_comparable(part.ref(created->name, alias), created->time) + ", " +
                     part.value(OutboxField::id, "text", alias) + ")" + direction + "(" +
                     time_operand(params.bind(instant), created->time) + ", " +
                     params.bind(cursor.id) + ")");
}

std::string OutboxTable::keyset_order(const OutboxPart& part, SortOrder order,
                                      const std::string& alias) const {
    const auto* created = part.field(OutboxField::created_at);
    auto direction = order == SortOrder::ascending ? "" : " DESC";
    auto id = part.value(OutboxField::id, "text", alias) + direction;
    if (created == nullptr) {
        return id;
    }
    return time_comparable(part.ref(created->name, alias), created->time) + direction + ", " + id;
}

namespace {

std::string time_or_null(const OutboxPart& part, OutboxField field, const std::string& alias) {
    const auto* bound = part.field(field);
    return bound ? time_epoch_micros(part.ref(bound->name, alias), bound->time) : "NULL::bigint";
}

} // namespace

std::string OutboxTable::lease_end(const OutboxPart& part, const std::string& alias) const {
    const auto* locked_at = part.field(OutboxField::locked_at);
    return "(" + time_value(part.ref(locked_at->name, alias), locked_at->time) + " + " +
           part.ref(*m_layout.stale_after_column, alias) + " * interval '1 second')";
}

std::string OutboxTable::locked_until_micros(const OutboxPart& part, SqlParams& params,
                                             const std::string& alias) const {
    const auto* until = part.field(OutboxField::locked_until);
    const auto* locked_at = part.field(OutboxField::locked_at);
    if (until != nullptr) {
        auto micros = time_or_null(part, OutboxField::locked_until, alias);
        // The value a free lease holds is no lease: null, as for a NULL column.
        const auto& free = m_layout.unlocked_until;
        if (free.kind != LayoutValue::Kind::constant) {
            return micros;
        }
        return "(CASE WHEN " + part.ref(until->name, alias) + " = " + params.bind(free.text) +
               " THEN NULL ELSE " + micros + " END)";
    }
    if (locked_at == nullptr) {
        return "NULL::bigint";
    }
    // A lock recorded by when it was taken ends, for the output, its lease later.
    if (m_layout.stale_after) {
        return epoch_micros(time_value(part.ref(locked_at->name, alias), locked_at->time) + " + " +
                            seconds_interval(params, *m_layout.stale_after));
    }
    if (m_layout.stale_after_column && part.raw(*m_layout.stale_after_column) != nullptr) {
        return epoch_micros(lease_end(part, alias));
    }
    return "NULL::bigint";
}

std::string OutboxTable::entry_select_list(const OutboxPart& part, bool with_payload,
                                           SqlParams& params, const std::string& alias,
                                           bool with_row) const {
    auto text = [&](OutboxField field) { return part.text(field, params, alias); };
    auto number = [&](OutboxField field) {
        return part.value(field, "bigint", alias) + "::bigint";
    };
    auto created = part.field(OutboxField::created_at) ? created_at_micros(part, alias)
                                                       : std::string("NULL::bigint");
    std::string list =
        text(OutboxField::id) + ", " + text(OutboxField::event_type) + ", " +
        status_expression(part, params, alias) + ", " + created + ", " +
        text(OutboxField::tenant_id) + ", " + text(OutboxField::aggregate_type) + ", " +
        text(OutboxField::aggregate_id) + ", " + number(OutboxField::attempts) + ", " +
        number(OutboxField::max_attempts) + ", " + text(OutboxField::last_error) + ", " +
        time_or_null(part, OutboxField::scheduled_at, alias) + ", " + text(OutboxField::locked_by) +
        ", " + locked_until_micros(part, params, alias) + ", " +
        time_or_null(part, OutboxField::processed_at, alias);
    if (with_payload) {
        auto json = [&](OutboxField field) {
            const auto* bound = part.field(field);
            return bound ? json_text_of(part.ref(bound->name, alias), bound->json)
                         : std::string("NULL::text");
        };
        list += ", " + json(OutboxField::payload) + ", " + json(OutboxField::metadata);
    }
    if (with_row) {
        // Every column, mapped or not, as jsonb prints it: one line, valid JSON.
        list += ", pg_catalog.to_jsonb(" + alias + ")::text";
    }
    return list;
}

std::optional<std::string> OutboxTable::age_reference(const OutboxPart& part, Status status,
                                                      const std::string& alias) const {
    const auto* rule = m_layout.state(status);
    if (rule != nullptr && rule->age_column) {
        const auto& column = *rule->age_column;
        return time_value(part.ref(column, alias), part.time_format(column));
    }
    const auto* processed = part.field(OutboxField::processed_at);
    const auto* created = part.field(OutboxField::created_at);
    if (processed == nullptr) {
        return created ? std::optional<std::string>(created_at(part, alias)) : std::nullopt;
    }
    auto finished = time_value(part.ref(processed->name, alias), processed->time);
    if (created == nullptr) {
        return finished;
    }
    return "COALESCE(" + finished + ", " + created_at(part, alias) + ")";
}

std::string OutboxTable::age_description(Status status) const {
    const auto* rule = m_layout.state(status);
    if (rule != nullptr && rule->age_column) {
        return *rule->age_column;
    }
    const auto& part = rule != nullptr && rule->in_dead_letters && m_dead ? *m_dead : m_main;
    const auto* processed = part.field(OutboxField::processed_at);
    const auto* created = part.field(OutboxField::created_at);
    if (processed == nullptr) {
        return created ? created->name + " (the layout records no finishing time)"
                       : std::string("nothing: the layout records no time for it");
    }
    return created ? processed->name + ", else " + created->name : processed->name;
}

bool OutboxTable::payload_is_text(const OutboxPart& part) const {
    const auto* payload = part.field(OutboxField::payload);
    return payload != nullptr && payload->json == JsonFormat::text;
}

bool OutboxTable::metadata_is_text(const OutboxPart& part) const {
    const auto* metadata = part.field(OutboxField::metadata);
    return metadata != nullptr && metadata->json == JsonFormat::text;
}

} // namespace eventctl
