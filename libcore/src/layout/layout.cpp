#include "eventctl/layout/layout.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"

namespace eventctl {

namespace {

struct FieldName {
    OutboxField field;
    std::string_view name;
};

constexpr FieldName field_names[] = {
    {OutboxField::id, "id"},
    {OutboxField::event_type, "event_type"},
    {OutboxField::payload, "payload"},
    {OutboxField::created_at, "created_at"},
    {OutboxField::tenant_id, "tenant_id"},
    {OutboxField::aggregate_type, "aggregate_type"},
    {OutboxField::aggregate_id, "aggregate_id"},
    {OutboxField::sequence, "sequence"},
    {OutboxField::idempotency_key, "idempotency_key"},
    {OutboxField::metadata, "metadata"},
    {OutboxField::attempts, "attempts"},
    {OutboxField::max_attempts, "max_attempts"},
    {OutboxField::last_error, "last_error"},
    {OutboxField::scheduled_at, "scheduled_at"},
    {OutboxField::locked_by, "locked_by"},
    {OutboxField::locked_until, "locked_until"},
    {OutboxField::locked_at, "locked_at"},
    {OutboxField::processed_at, "processed_at"},
    {OutboxField::updated_at, "updated_at"},
};

} // namespace

const std::vector<OutboxField> all_outbox_fields = [] {
    std::vector<OutboxField> fields;
    for (const auto& entry : field_names) {
        fields.push_back(entry.field);
    }
    return fields;
}();

std::string_view to_string(OutboxField field) {
    for (const auto& entry : field_names) {
        if (entry.field == field) {
            return entry.name;
        }
    }
    return "unknown";
}

std::optional<OutboxField> parse_outbox_field(std::string_view name) {
    for (const auto& entry : field_names) {
        if (entry.name == name) {
            return entry.field;
        }
    }
    return std::nullopt;
}

bool is_time_field(OutboxField field) {
    switch (field) {
    case OutboxField::created_at:
    case OutboxField::scheduled_at:
    case OutboxField::locked_until:
    case OutboxField::locked_at:
    case OutboxField::processed_at:
    case OutboxField::updated_at:
        return true;
    default:
        return false;
    }
}

bool may_read_from_json(OutboxField field) {
    switch (field) {
    case OutboxField::event_type:
    case OutboxField::tenant_id:
    case OutboxField::aggregate_type:
    case OutboxField::aggregate_id:
    case OutboxField::last_error:
    case OutboxField::locked_by:
        return true;
    default:
        return false;
    }
}

std::string_view to_string(OutboxTransition transition) {
    switch (transition) {
    case OutboxTransition::retry:
        return "retry";
    case OutboxTransition::mark_dead:
        return "mark_dead";
    case OutboxTransition::unlock_stale:
        return "unlock_stale";
    }
    return "unknown";
}

const std::string* OutboxLayout::column(OutboxField field) const {
    auto found = columns.find(field);
    return found == columns.end() ? nullptr : &found->second;
}

const JsonKey* OutboxLayout::json_field(OutboxField field) const {
    auto found = json_fields.find(field);
    return found == json_fields.end() ? nullptr : &found->second;
}

const TransitionWrites* OutboxLayout::transition(OutboxTransition transition) const {
    const auto& writes = transitions[static_cast<std::size_t>(transition)];
    return writes ? &*writes : nullptr;
}

const StateRule* OutboxLayout::state(Status status) const {
    const auto& rule = states[static_cast<std::size_t>(status)];
    return rule ? &*rule : nullptr;
}

bool OutboxLayout::can_enter(Status status) const {
    const auto* rule = state(status);
    if (rule == nullptr) {
        return false;
    }
    return rule->in_dead_letters || rule->set.has_value();
}

namespace {

// A table option for a table the layout does not have would be silently ignored: refuse it.
void refuse_unused(const Layout& layout, bool has_table, const std::optional<std::string>& name,
                   const char* option, const char* table) {
    if (name && !has_table) {
        throw UsageError("layout " + layout.name + " has no " + table + ", which " + option +
                             " would rename",
                         "leave " + std::string(option) + " out, or pick another --layout");
    }
}

// A layout whose outbox is named per queue takes the queue's table from --outbox-table, which
// must name one, and names its second table after the same queue unless that is given too.
void name_queue_tables(const Layout& layout, OutboxLayout& outbox,
                       const TableOverrides& overrides) {
    const auto& prefix = *outbox.table_prefix;
    auto hint = "give the queue's table, such as --outbox-table " + prefix + "orders";
    if (!overrides.outbox) {
        throw UsageError("layout " + layout.name + " names its tables by queue (" + prefix +
                             "QUEUE), and no --outbox-table says which queue",
                         hint);
    }
    const auto& name = *overrides.outbox;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) {
        throw UsageError("--outbox-table " + in_quotes(name) +
                             " is not a queue's table of layout " + layout.name +
                             ": its names start with " + in_quotes(prefix),
                         hint);
    }
    auto& second = outbox.dead_letters;
    if (second && second->table_prefix && !overrides.dead_letters) {
        second->table.name = *second->table_prefix + name.substr(prefix.size());
    }
}

} // namespace

Layout apply_overrides(Layout layout, const TableOverrides& overrides) {
    refuse_unused(layout, layout.outbox.has_value(), overrides.outbox, "--outbox-table",
                  "outbox table");
    refuse_unused(layout, layout.outbox && layout.outbox->dead_letters, overrides.dead_letters,
                  "--dead-letter-table", "dead-letter table");
    refuse_unused(layout, layout.log.has_value(), overrides.event_log, "--log-table",
                  "event log table");
    refuse_unused(layout, layout.log && layout.log->consumers, overrides.consumers,
                  "--consumers-table", "consumers table");
    auto rename = [&overrides](QualifiedName& table, const std::optional<std::string>& name) {
        if (overrides.schema) {
            table.schema = *overrides.schema;
        }
        if (name) {
            table.name = *name;
        }
    };
    if (overrides.schema) {
        layout.schema = *overrides.schema;
    }
    if (layout.outbox) {
        if (layout.outbox->table_prefix) {
            name_queue_tables(layout, *layout.outbox, overrides);
        }
        rename(layout.outbox->table, overrides.outbox);
        if (layout.outbox->dead_letters) {
            rename(layout.outbox->dead_letters->table, overrides.dead_letters);
        }
    }
    if (layout.log) {
        rename(layout.log->table, overrides.event_log);
        if (layout.log->consumers) {
            rename(layout.log->consumers->table, overrides.consumers);
        }
    }
    if (layout.audit) {
        rename(*layout.audit, overrides.audit);
    } else if (overrides.audit) {
        layout.audit = QualifiedName{layout.schema, *overrides.audit};
    }
    return layout;
}

} // namespace eventctl
