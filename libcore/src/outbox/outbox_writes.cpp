#include "outbox_writes.h"

#include <set>

namespace eventctl {

std::optional<LayoutAssignments> filter_assignments(const std::vector<LayoutCondition>& filter) {
    LayoutAssignments pinned;
    for (const auto& condition : filter) {
        switch (condition.kind) {
        case LayoutCondition::Kind::equals:
            pinned.emplace_back(condition.column,
                                LayoutValue{LayoutValue::Kind::constant, condition.values.front()});
            break;
        case LayoutCondition::Kind::is_null:
            pinned.emplace_back(condition.column, LayoutValue{});
            break;
        default:
            return std::nullopt;
        }
    }
    return pinned;
}

namespace {

// Columns the state conditions test: only the states' own assignments write them, or a
// canonical side effect could move the row into another state (a finishing time that means
// "completed", say).
std::set<std::string> marker_columns(const OutboxLayout& layout) {
    std::set<std::string> columns;
    for (auto status : all_statuses) {
        if (const auto* rule = layout.state(status)) {
            for (const auto& column : condition_columns(rule->when)) {
                columns.insert(column);
            }
        }
    }
    return columns;
}

using Assignments = std::vector<std::pair<std::string, std::string>>; // column, SQL value

void assign(Assignments& assignments, const std::string& column, std::string value) {
    for (const auto& [existing, unused] : assignments) {
        if (existing == column) {
            return;
        }
    }
    assignments.emplace_back(column, std::move(value));
}

ValueSource value_source(const TimeFormatOf& formats, const EntryChanges& changes,
                         const std::string& alias) {
    ValueSource source;
    source.target_formats = &formats;
    source.alias = alias;
    source.delay = changes.schedule_in.value_or(std::chrono::seconds(0));
    source.reason = changes.last_error;
    return source;
}

// A value written into a column of part, with the JSON format of that column for a reason.
std::string written(const OutboxPart& part, const std::string& column, const LayoutValue& value,
                    ValueSource source, SqlParams& params) {
    if (const auto* found = part.raw(column)) {
        source.target_json = json_format_of(found->kind);
    }
    return value_sql(column, value, source, params);
}

// The state's assignments, then the side effects, on the part written to; or, for a change
// with writes of its own, those and nothing else.
Assignments state_assignments(const OutboxTable& outbox, const OutboxPart& part, Status state,
                              const EntryChanges& changes, SqlParams& params,
                              const std::string& alias) {
    Assignments assignments;
    auto formats = part.formats();
    auto source = value_source(formats, changes, alias);
    if (changes.writes) {
        for (const auto& [column, value] : *changes.writes) {
            assign(assignments, column, written(part, column, value, source, params));
        }
        return assignments;
    }
    const auto* rule = outbox.layout().state(state);
    if (rule != nullptr && rule->set && rule->in_dead_letters == part.is_dead_letters()) {
        for (const auto& [column, value] : *rule->set) {
            assign(assignments, column, written(part, column, value, source, params));
        }
    }
    auto markers =
        part.is_dead_letters() ? std::set<std::string>{} : marker_columns(outbox.layout());
    auto side_effect = [&](OutboxField field, const std::function<std::string()>& value) {
        const auto* bound = part.field(field);
        if (bound != nullptr && markers.count(bound->name) == 0) {
            assign(assignments, bound->name, value());
        }
    };
    auto now_in = [&](OutboxField field) {
        return time_written("pg_catalog.now()", part.field(field)->time);
    };
    if (changes.reset_attempts) {
        side_effect(OutboxField::attempts, [] { return std::string("0"); });
    }
    if (changes.clear_lock) {
        side_effect(OutboxField::locked_by, [] { return std::string("NULL"); });
        side_effect(OutboxField::locked_at, [] { return std::string("NULL"); });
        side_effect(OutboxField::locked_until, [&] {
            return written(part, part.field(OutboxField::locked_until)->name,
                           outbox.layout().unlocked_until, source, params);
        });
    }
    if (changes.schedule_in) {
        side_effect(OutboxField::scheduled_at, [&] {
            return time_written("(pg_catalog.now() + " +
                                    seconds_interval(params, *changes.schedule_in) + ")",
                                part.field(OutboxField::scheduled_at)->time);
        });
    }
    if (changes.finished == EntryChanges::Finished::now) {
        side_effect(OutboxField::processed_at, [&] { return now_in(OutboxField::processed_at); });
    } else if (changes.finished == EntryChanges::Finished::clear) {
        side_effect(OutboxField::processed_at, [] { return std::string("NULL"); });
    }
    if (changes.last_error) {
        side_effect(OutboxField::last_error, [&] { return params.bind(*changes.last_error); });
    }
    side_effect(OutboxField::updated_at, [&] { return now_in(OutboxField::updated_at); });
    return assignments;
}

// A row written into a table with a row filter gets the values the filter pins, so it is one of
// the outbox's rows (capability rules refuse writes into a table whose filter pins none).
void pin_row_filter(const OutboxPart& part, Assignments& assignments, SqlParams& params) {
    auto pinned = filter_assignments(part.row_filter());
    if (!pinned) {
        return;
    }
    for (const auto& [column, value] : *pinned) {
        assign(assignments, column,
               value.kind == LayoutValue::Kind::null ? "NULL" : params.bind(value.text));
    }
}

// A field copied across tables, converted when the two store it differently.
std::string copied(const BoundColumn& from, const BoundColumn& to, OutboxField field,
                   const std::string& source) {
    if (is_time_field(field) && from.time != to.time) {
        return time_written(time_value(source, from.time), to.time);
    }
    if ((field == OutboxField::payload || field == OutboxField::metadata) && from.json != to.json) {
        return json_written(json_value(source, from.json), to.json);
    }
    return source;
}

} // namespace

namespace {

// The cast that makes a text or bigint value fit a column of this kind on INSERT ... SELECT,
// where assignment casts alone do not reach (text into uuid, say).
std::string cast_for(ColumnKind kind) {
    switch (kind) {
    case ColumnKind::uuid:
        return "::uuid";
    case ColumnKind::integer:
        return "::bigint";
    case ColumnKind::boolean:
        return "::boolean";
    case ColumnKind::text:
        return "::text";
    default:
        return "";
    }
}

} // namespace

std::string enqueue_insert(const OutboxTable& outbox, const std::string& rows,
                           const std::string& order, SqlParams& params) {
    const auto& main = outbox.main();
    auto assignments = state_assignments(outbox, main, Status::pending, {}, params, "r");
    pin_row_filter(main, assignments, params);
    auto from_row = [&](OutboxField field, const std::string& column) {
        const auto* bound = main.field(field);
        if (bound == nullptr) {
            return;
        }
        std::string value = "r." + column;
        if (is_time_field(field)) {
            value = time_written(value, bound->time);
        } else if (field == OutboxField::payload || field == OutboxField::metadata) {
            value = json_written(value, bound->json);
        } else {
            value += cast_for(bound->kind);
        }
        assign(assignments, bound->name, value);
    };
    from_row(OutboxField::tenant_id, "tenant_id");
    from_row(OutboxField::aggregate_id, "aggregate_id");
    from_row(OutboxField::sequence, "sequence");
    from_row(OutboxField::event_type, "event_type");
    from_row(OutboxField::idempotency_key, "idempotency_key");
    from_row(OutboxField::payload, "payload");
    from_row(OutboxField::metadata, "metadata");
    from_row(OutboxField::created_at, "at");
    from_row(OutboxField::scheduled_at, "at");
    const auto* id = main.field(OutboxField::id);
    const auto* id_column = main.raw(id->name);
    if (id_column != nullptr && !id_column->has_default && id->kind != ColumnKind::integer) {
        // An id the table does not make itself: a new UUID, as text where the column is text.
        assign(assignments, id->name,
               "pg_catalog.gen_random_uuid()" +
                   std::string(id->kind == ColumnKind::uuid ? "" : "::text"));
    }
    std::string columns;
    std::string values;
    for (const auto& [column, value] : assignments) {
        columns += (columns.empty() ? "" : ", ") + quote_identifier(column);
        values += (values.empty() ? "" : ", ") + value;
    }
    const auto* key = main.field(OutboxField::idempotency_key);
    return "INSERT INTO " + main.table().sql() + " (" + columns + ") SELECT " + values + " FROM " +
           rows + " AS r ORDER BY " + order + " ON CONFLICT (" + quote_identifier(key->name) +
           ") DO NOTHING RETURNING " + outbox.created_at_micros(main) + " AS created_micros";
}

std::string update_assignments(const OutboxTable& outbox, const OutboxPart& part, Status state,
                               const EntryChanges& changes, SqlParams& params,
                               const std::string& alias) {
    std::string sql;
    for (const auto& [column, value] :
         state_assignments(outbox, part, state, changes, params, alias)) {
        sql += (sql.empty() ? "" : ", ") + quote_identifier(column) + " = " + value;
    }
    return sql;
}

MovedColumns moved_row_values(const OutboxTable& outbox, const OutboxPart& from,
                              const OutboxPart& to, Status state, const EntryChanges& changes,
                              SqlParams& params, const std::string& source_alias) {
    // Values of the target's own columns refer to the moved row, which has the source's names:
    // a state's {"column": ...} copy names a column of the target table, so it is looked up in
    // the source by field where it can be.
    auto assignments = state_assignments(outbox, to, state, changes, params, source_alias);
    pin_row_filter(to, assignments, params);
    for (auto field : all_outbox_fields) {
        const auto* target = to.field(field);
        const auto* source = from.field(field);
        if (target != nullptr && source != nullptr) {
            assign(assignments, target->name,
                   copied(*source, *target, field, from.ref(source->name, source_alias)));
        }
    }
    MovedColumns moved;
    for (const auto& [column, value] : assignments) {
        moved.columns.push_back(quote_identifier(column));
        moved.values.push_back(value);
    }
    return moved;
}

} // namespace eventctl
