#include "doctor_steps.h"
#include "eventctl/error.h"
#include "retention/partition_drop.h"
#include "retention/partman.h"

#include <algorithm>
#include <array>

namespace eventctl::doctor {

namespace {

// The states a purge may delete: finished ones.
constexpr std::array<Status, 3> purgeable_statuses = {Status::completed, Status::failed,
                                                      Status::dead};

// Whether a purge deletes from the main table: not when every state it can delete lives in a
// table of its own (pgmq keeps its finished messages in the archive alone).
bool purges_main_table(const OutboxLayout& outbox) {
    return std::any_of(purgeable_statuses.begin(), purgeable_statuses.end(), [&](Status status) {
        const auto* rule = outbox.state(status);
        return rule != nullptr && !rule->in_dead_letters;
    });
}

// The columns a purge's partition drop can compare a range with, for a table's role.
std::vector<RangeLimit> purge_limits(const Layout& layout, const std::string& role,
                                     const CatalogTable& table) {
    std::vector<std::string> columns;
    if (role == "outbox" && !purges_main_table(*layout.outbox)) {
        return {};
    }
    if (role == "outbox" || role == "dead_letters" || role == "archive") {
        const auto& fields =
            role == "outbox" ? layout.outbox->columns : layout.outbox->dead_letters->columns;
        for (auto field : {OutboxField::processed_at, OutboxField::created_at}) {
            if (auto found = fields.find(field); found != fields.end()) {
                columns.push_back(found->second);
            }
        }
    } else if (role == "event_log") {
        if (layout.log->seq_column) {
            columns.push_back(*layout.log->seq_column);
        }
        columns.push_back(layout.log->created_at_column);
    }
    std::vector<RangeLimit> limits;
    for (const auto& name : columns) {
        const auto* column = table.column(name);
        limits.push_back({name, column ? column->kind : ColumnKind::other, "", "its cutoff"});
    }
    return limits;
}

std::string purge_command(const std::string& role) {
    return role == "event_log" ? "log purge" : "outbox purge";
}

} // namespace

std::vector<PartitionReport> check_partitions(Session& session, pqxx::transaction_base& tx,
                                              const Layout& layout,
                                              const std::vector<CatalogTable>& catalog) {
    std::vector<PartitionReport> reports;
    for (const auto& [role, name] : layout_tables(layout)) {
        const auto& table = find_table(catalog, name);
        if (!table.exists) {
            continue;
        }
        auto tree = read_partition_tree(session, tx, name);
        if (!tree.partitioned()) {
            continue;
        }
        PartitionReport report;
        report.role = role;
        report.table = name;
        report.key = tree.root().key->describe();
        report.leaves = static_cast<std::int64_t>(tree.leaves().size());
        report.depth = tree.depth();
        for (const auto& member : tree.members) {
            report.has_default = report.has_default || (member.level == 1 && member.is_default);
        }
        auto limits = purge_limits(layout, role, table);
        if (limits.empty()) {
            report.drop_note = "no purge drops partitions of the " + role + " table";
        } else {
            try {
                const auto& limit = require_droppable(tree, limits, "--drop-partitions");
                report.drop_partitions = true;
                report.drop_note = purge_command(role) + " --drop-partitions drops partitions " +
                                   "by their range on " + limit.column +
                                   " (each checked again under its lock)";
                if (report.has_default) {
                    report.drop_note += "; the DEFAULT partition is purged row by row";
                }
            } catch (const UsageError& refusal) {
                report.drop_note = purge_command(role) + " " + refusal.what() +
                                   ": it purges every partition row by row";
            }
        }
        if (auto partman = read_partman_config(session, tx, name)) {
            report.partman = "pg_partman manages it (interval " + partman->interval +
                             (partman->retention ? ", retention " + *partman->retention : "") + ")";
            report.partman_warning = partman->retention_warning(name);
        }
        reports.push_back(std::move(report));
    }
    return reports;
}

} // namespace eventctl::doctor
