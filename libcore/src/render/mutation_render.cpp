#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/mutation.h"
#include "eventctl/render/run_record.h"

#include <algorithm>
#include <cmath>

namespace eventctl {

namespace {

// Rows deleted one by one: those whose space waits for vacuum (a dropped partition's comes
// back at once).
std::int64_t deleted_by_rows(const MutationResult& result) {
    auto rows = result.changed;
    if (result.partitions) {
        for (const auto& fate : *result.partitions) {
            if (fate.decision == PartitionDecision::drop) {
                rows -= fate.rows.value_or(0);
            }
        }
    }
    return result.dry_run ? 0 : rows;
}

} // namespace

nlohmann::json mutation_json(const MutationResult& result) {
    nlohmann::json json = {
        {"command", invoked_name(result.command)},
        {"dry_run", result.dry_run},
        {"matched", result.matched},
        {"changed", result.changed},
        {"skipped_locked", result.skipped_locked},
        {"selection", result.selection},
        {"batches", result.batches},
    };
    if (result.ids) {
        json["ids"] = *result.ids;
    }
    if (result.archived) {
        json["archived"] = *result.archived;
    }
    if (result.unmatched) {
        json["unmatched"] = {{"not_found", result.unmatched->not_found},
                             {"already_done", result.unmatched->already_done},
                             {"wrong_state", result.unmatched->wrong_state},
                             {"left_out", result.unmatched->left_out}};
    }
    if (result.partitions) {
        json["partitions"] = partition_fates_json(*result.partitions);
    }
    if (result.vacuum) {
        json["vacuum"] = vacuum_horizon_json(*result.vacuum);
        if (deleted_by_rows(result) <= 0) {
            json["vacuum"]["space_note"] = nullptr;
        }
    }
    if (result.vacuum || !result.warnings.empty()) {
        json["warnings"] = result.warnings;
    }
    add_run_record(json, result.run);
    return json;
}

namespace {

void render_partitions_text(std::ostream& out, const std::vector<PartitionFate>& fates) {
    out << "  partitions:      " << fates.size() << '\n';
    std::vector<std::vector<std::string>> rows;
    for (const auto& fate : fates) {
        auto count = fate.rows ? (fate.rows_estimated ? "~" : "") + std::to_string(*fate.rows)
                               : std::string("?");
        rows.push_back({fate.table.display(), fate.bounds, count,
                        std::string(to_string(fate.decision)), fate.reason});
    }
    std::vector<std::size_t> widths(4, 0);
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    for (const auto& row : rows) {
        out << "    ";
        for (std::size_t i = 0; i < widths.size(); ++i) {
            out << row[i] << std::string(widths[i] - row[i].size() + 2, ' ');
        }
        out << row[4] << '\n';
    }
}

void render_vacuum_text(std::ostream& out, const VacuumHorizon& vacuum, bool deleted_rows) {
    auto when = [](const std::optional<TimePoint>& time) {
        return time ? format_rfc3339(*time) : std::string("never");
    };
    out << "  dead tuples:     " << vacuum.dead_tuples << " (last vacuum "
        << when(vacuum.last_vacuum) << ", last autovacuum " << when(vacuum.last_autovacuum)
        << ")\n";
    if (auto note = vacuum.reclaim_note(); note && deleted_rows) {
        out << "  note:            " << *note << '\n';
    }
}

void render_mutation_text(std::ostream& out, const MutationResult& result) {
    out << invoked_name(result.command) << (result.dry_run ? " (dry run: nothing changed)" : "")
        << '\n';
    out << "  matched:         " << result.matched << '\n';
    out << "  " << (result.dry_run ? "would change:    " : "changed:         ") << result.changed
        << '\n';
    out << "  skipped, locked: " << result.skipped_locked << '\n';
    if (result.archived) {
        out << "  archived:        " << *result.archived << '\n';
    }
    out << "  batches:         " << result.batches << '\n';
    if (const auto& ids = result.unmatched) {
        out << "  ids not matched: " << ids->not_found << " not found, " << ids->already_done
            << " already done, " << ids->wrong_state << " in another state, " << ids->left_out
            << " left out\n";
    }
    out << "  selection:       " << json_text(result.selection, false) << '\n';
    if (result.partitions) {
        render_partitions_text(out, *result.partitions);
    }
    if (result.vacuum) {
        render_vacuum_text(out, *result.vacuum, deleted_by_rows(result) > 0);
    }
    for (const auto& warning : result.warnings) {
        out << "  warning:         " << warning << '\n';
    }
}

} // namespace

void render_mutation(std::ostream& out, const MutationResult& result, OutputFormat format) {
    switch (format) {
    case OutputFormat::table:
        render_mutation_text(out, result);
        break;
    case OutputFormat::json:
        out << json_text(mutation_json(result), true) << '\n';
        break;
    case OutputFormat::ndjson:
        out << json_text(mutation_json(result), false) << '\n';
        break;
    case OutputFormat::csv:
        write_csv_record(out, {"command", "dry_run", "matched", "changed", "skipped_locked",
                               "batches", "archived", "selection"});
        write_csv_record(
            out, {std::string(invoked_name(result.command)), result.dry_run ? "true" : "false",
                  std::to_string(result.matched), std::to_string(result.changed),
                  std::to_string(result.skipped_locked), std::to_string(result.batches),
                  result.archived ? std::optional<std::string>(std::to_string(*result.archived))
                                  : std::nullopt,
                  json_text(result.selection, false)});
        break;
    }
}

std::string progress_line(const ChangeProgress& progress, int width) {
    std::string counts = std::to_string(progress.changed) + " changed, " +
                         std::to_string(progress.skipped) + " skipped, batch " +
                         std::to_string(progress.batches);
    if (!progress.fraction) {
        return counts;
    }
    auto fraction = std::clamp(*progress.fraction, 0.0, 1.0);
    int bar = std::max(10, std::min(40, width - static_cast<int>(counts.size()) - 10));
    auto filled = static_cast<int>(std::lround(fraction * bar));
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(bar - filled), ' ') + "] " +
           std::to_string(static_cast<int>(fraction * 100)) + "% " + counts;
}

} // namespace eventctl
