#include "doctor_steps.h"
#include "eventctl/log/binding.h"
#include "outbox/outbox_table.h"
#include "outbox/purge_kept.h"

#include <algorithm>

namespace eventctl {

namespace {

// A command an index serves, and how the index list names it (a variant, e.g. "--status").
struct Served {
    Command capability;
    const char* label;
};

std::vector<std::string> served(const std::vector<Capability>& capabilities,
                                std::initializer_list<Served> commands) {
    std::vector<std::string> labels;
    for (const auto& command : commands) {
        bool supported = std::any_of(
            capabilities.begin(), capabilities.end(), [&](const Capability& capability) {
                return capability.command == command.capability && capability.supported;
            });
        if (supported) {
            labels.emplace_back(command.label);
        }
    }
    return labels;
}

// An RFC 3339 text time is compared as its timestamptz value, an expression that is not
// immutable: no index can hold it, so those commands read the whole table.
std::optional<std::string> text_time(const std::string& column, const std::string& what) {
    return "column " + column + " holds RFC 3339 text, which " + what +
           " compares as timestamptz: no index can serve that, so it reads the whole table";
}

class NeedList {
  public:
    explicit NeedList(std::vector<Capability> capabilities)
        : m_capabilities(std::move(capabilities)) {}

    // Starts a need served by those of the commands the layout supports.
    IndexNeed need(const QualifiedName& table, std::string purpose,
                   std::initializer_list<Served> commands) const {
        IndexNeed need;
        need.table = table;
        need.purpose = std::move(purpose);
        need.commands = served(m_capabilities, commands);
        return need;
    }
    // Keeps a need that some supported command has, with its columns as what to create.
    void add(IndexNeed need) {
        if (need.commands.empty()) {
            return;
        }
        if (need.create_columns.empty()) {
            need.create_columns = need.columns;
        }
        m_needs.push_back(std::move(need));
    }
    std::vector<IndexNeed> take() { return std::move(m_needs); }

  private:
    std::vector<Capability> m_capabilities;
    std::vector<IndexNeed> m_needs;
};

// The values a simple status column holds in the states that are not done: the entries
// stats counts and the mutations select, usually few among many completed ones.
std::vector<std::string> unfinished_values(const OutboxTable& outbox) {
    std::vector<std::string> values;
    for (auto status : {Status::pending, Status::processing, Status::failed, Status::dead}) {
        if (auto value = outbox.status_value(status)) {
            values.push_back(*value);
        }
    }
    return values;
}

std::string in_list(const std::string& column, const std::vector<std::string>& values) {
    if (values.size() == 1) {
        return quote_identifier(column) + " = " + doctor::quote_literal(values.front());
    }
    std::string list;
    for (const auto& value : values) {
        list += (list.empty() ? "" : ", ") + doctor::quote_literal(value);
    }
    return quote_identifier(column) + " IN (" + list + ")";
}

void outbox_part_needs(const OutboxTable& outbox, const OutboxPart& part, bool droppable,
                       NeedList& needs) {
    const auto& id = part.field(OutboxField::id)->name;
    const auto* created = part.field(OutboxField::created_at);

    // The changes lock their candidates by id; in a dead-letter table only retry starts there.
    auto by_id = part.is_dead_letters()
                     ? needs.need(part.table(), "finding entries by id",
                                  {{Command::outbox_show, "outbox show"},
                                   {Command::outbox_retry, "outbox retry"}})
                     : needs.need(part.table(), "finding entries by id",
                                  {{Command::outbox_show, "outbox show"},
                                   {Command::outbox_retry, "outbox retry"},
                                   {Command::outbox_mark_dead, "outbox mark-dead"},
                                   {Command::outbox_unlock_stale, "outbox unlock-stale"}});
    by_id.columns = {id};
    by_id.name_suffix = id + "_idx";
    needs.add(by_id);

    // Without a creation time, entries are listed in id order: the id index serves.
    if (created != nullptr) {
        auto paging = needs.need(part.table(), "keyset paging in creation order",
                                 {{Command::outbox_list, "outbox list"}});
        paging.columns = {created->name, id};
        paging.name_suffix = created->name + "_idx";
        if (created->kind == ColumnKind::text) {
            paging.unindexable = text_time(created->name, "the listing");
        }
        needs.add(paging);
    }

    if (part.is_dead_letters()) {
        return;
    }
    if (const auto* status = outbox.simple_status_column()) {
        auto by_status = needs.need(part.table(), "counts and selections by state",
                                    {{Command::outbox_stats, "outbox stats"},
                                     {Command::outbox_list, "outbox list --status"},
                                     {Command::outbox_retry, "outbox retry"},
                                     {Command::outbox_mark_dead, "outbox mark-dead"},
                                     {Command::outbox_unlock_stale, "outbox unlock-stale"}});
        by_status.columns = {*status};
        by_status.partial_ok = true;
        by_status.name_suffix = "actionable_idx";
        // Ideally (status, created_at, id) over the unfinished states only, as schema init
        // makes it: the completed majority stays out of the index.
        by_status.create_columns = {*status};
        if (created != nullptr && created->kind != ColumnKind::text) {
            by_status.create_columns.push_back(created->name);
            by_status.create_columns.push_back(id);
        }
        auto unfinished = unfinished_values(outbox);
        if (outbox.status_value(Status::completed) && !unfinished.empty()) {
            by_status.predicate = in_list(*status, unfinished);
        }
        needs.add(by_status);

        // check --new-dead reads when each dead entry died; kept in an index over the dead
        // entries alone, that is an index-only scan instead of a heap fetch per dead entry.
        auto died_at = part.died_at_columns();
        if (auto dead = outbox.status_value(Status::dead); dead && !died_at.empty()) {
            auto by_death = needs.need(part.table(), "dead entries by when they died",
                                       {{Command::check, "check --new-dead"}});
            for (const auto* column : died_at) {
                by_death.columns.push_back(column->name);
                if (column->kind == ColumnKind::text) {
                    by_death.unindexable = text_time(column->name, "check --new-dead");
                }
            }
            by_death.partial_ok = true;
            by_death.name_suffix = "dead_idx";
            by_death.predicate = in_list(*status, {*dead});
            needs.add(by_death);
        }

        // Whether a partition holds only rows the purge deletes is asked under a lock the
        // relays wait behind: from this index it is a few descents (the states outside the
        // purged ones, and a purged state's entries at or after the cutoff), not a read of
        // every row.
        auto ages = age_columns(outbox, part, Status::completed);
        if (droppable && !ages.empty()) {
            auto by_age = needs.need(part.table(), "deciding a partition's fate from an index",
                                     {{Command::outbox_purge, "outbox purge --drop-partitions"}});
            by_age.columns = {*status, ages.front()};
            by_age.name_suffix = "purge_idx";
            if (const auto* column = part.raw(ages.front());
                column != nullptr && column->kind == ColumnKind::text) {
                by_age.unindexable = text_time(ages.front(), "purge --drop-partitions");
            }
            needs.add(by_age);
        }
    }
    if (const auto* key = part.field(OutboxField::idempotency_key)) {
        auto idempotent =
            needs.need(part.table(), "enqueueing each event once (ON CONFLICT)",
                       {{Command::log_replay_into_outbox, "log replay --into-outbox"}});
        idempotent.columns = {key->name};
        idempotent.unique = true;
        idempotent.required = true;
        idempotent.name_suffix = key->name + "_key";
        needs.add(idempotent);
    }
}

void log_needs(const LogSource& source, const CatalogTable& table, NeedList& needs) {
    if (source.seq_column) {
        auto position = needs.need(source.table, "the global position: head, ranges, positions",
                                   {{Command::log_consumers, "log consumers"},
                                    {Command::log_seek, "log seek"},
                                    {Command::log_replay, "log replay"}});
        position.columns = {*source.seq_column};
        position.unique = true;
        position.name_suffix = *source.seq_column + "_key";
        needs.add(position);
    }

    auto by_time = needs.need(source.table, "finding the first event at or after a time",
                              {{Command::log_seek, "log seek --to-time"},
                               {Command::log_replay, "log replay --from-time"}});
    by_time.columns = {source.created_at_column};
    by_time.name_suffix = source.created_at_column + "_idx";
    if (const auto* created = table.column(source.created_at_column);
        created != nullptr && created->kind == ColumnKind::text) {
        by_time.unindexable = text_time(source.created_at_column, "a time range");
    }
    needs.add(by_time);

    if (source.has_streams()) {
        auto stream = needs.need(source.table, "reading one stream in order",
                                 {{Command::log_replay_stream, "log replay --stream"}});
        stream.columns = {*source.stream_column, *source.stream_seq_column};
        stream.partial_ok = true; // e.g. WHERE stream_id IS NOT NULL, as schema init makes it
        stream.name_suffix = "stream_idx";
        needs.add(stream);
    }

    if (source.consumers) {
        const auto& consumers = *source.consumers;
        auto by_name = needs.need(
            consumers.table, "one row per consumer (ON CONFLICT)",
            {{Command::log_seek, "log seek"}, {Command::log_seek_create, "log seek --create"}});
        by_name.columns = {consumers.name_column};
        by_name.unique = true;
        by_name.required = true; // seek --create inserts ON CONFLICT (consumer) DO NOTHING
        by_name.name_suffix = consumers.name_column + "_key";
        needs.add(by_name);
    }
}

} // namespace

std::vector<IndexNeed> index_needs(const Layout& layout, const std::vector<CatalogTable>& catalog,
                                   const std::vector<QualifiedName>& droppable) {
    NeedList needs(layout_capabilities(layout));
    if (layout.outbox) {
        auto tables = doctor::tables_of(catalog, OutboxTable::catalog_tables(layout));
        // Only a table that fits: the needs name its columns.
        if (OutboxTable::problems(layout, tables).empty()) {
            OutboxTable outbox(layout, tables);
            for (const auto* part : outbox.parts()) {
                bool drops = std::any_of(droppable.begin(), droppable.end(), [&](const auto& t) {
                    return t.sql() == part->table().sql();
                });
                outbox_part_needs(outbox, *part, drops, needs);
            }
        }
    }
    if (layout.log) {
        auto tables = doctor::tables_of(catalog, log_catalog_tables(*layout.log));
        if (log_problems(*layout.log, tables).empty()) {
            log_needs(*layout.log, tables.front(), needs);
        }
    }
    return needs.take();
}

} // namespace eventctl
