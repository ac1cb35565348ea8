#include "eventctl/render/csv.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/mutation.h"
#include "eventctl/render/run_record.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

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

nlohmann::json canary_json(const CanaryReport& canary) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& group : canary.failed_again_groups) {
        groups.push_back({{"fingerprint", group.fingerprint},
                          {"pattern", group.pattern},
                          {"entries", group.entries}});
    }
    return {{"passed", canary.passed()},
            {"entries", canary.ids.size()},
            {"completed", canary.completed},
            {"failed_again", canary.failed_again},
            {"unsettled", canary.unsettled},
            {"max_failed_again", canary.max_failed_again},
            {"waited_seconds", std::round(canary.waited_seconds * 1000) / 1000},
            {"failed_again_groups", groups},
            {"ids", canary.ids}};
}

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
    if (result.taken_in_order) {
        json["taken_in_order"] = *result.taken_in_order;
    }
    if (result.waiting_behind) {
        json["waiting_behind"] = {{"aggregates", result.waiting_behind->aggregates},
                                  {"entries", result.waiting_behind->entries}};
    }
    if (result.canary) {
        json["canary"] = canary_json(*result.canary);
    }
    if (result.audit_id) {
        json["audit_id"] = *result.audit_id;
    }
    if (result.resumed_from) {
        json["resumed_from"] = *result.resumed_from;
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
        out << "  " << (result.dry_run ? "would archive:   " : "archived:        ")
            << *result.archived << '\n';
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
    if (result.taken_in_order) {
        out << "  taken in order:  " << result.taken_in_order->size()
            << " earlier entries of the same aggregates\n";
    }
    if (result.waiting_behind) {
        out << "  waiting behind:  " << result.waiting_behind->entries << " entries of "
            << result.waiting_behind->aggregates << " aggregates\n";
    }
    if (result.canary) {
        const auto& canary = *result.canary;
        out << "  canary:          " << (canary.passed() ? "passed" : "FAILED AGAIN") << ": "
            << canary.ids.size() << " entries, " << canary.completed << " completed, "
            << canary.failed_again << " failed again (at most " << canary.max_failed_again
            << " allowed), " << canary.unsettled << " still waiting\n";
        for (const auto& group : canary.failed_again_groups) {
            out << "    " << group.fingerprint << "  " << group.entries << "  " << group.pattern
                << '\n';
        }
    }
    if (!result.run.complete) {
        out << "  stopped by:      " << *result.run.stopped_by << '\n';
    }
    if (result.audit_id) {
        out << "  audit record:    " << *result.audit_id
            << (result.run.complete ? ""
                                    : " (continue with: eventctl outbox retry --resume " +
                                          std::to_string(*result.audit_id) + ")")
            << '\n';
    }
    if (result.resumed_from) {
        out << "  resumed from:    audit record " << *result.resumed_from << '\n';
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
    case OutputFormat::prometheus:
        refuse_format(format, "outbox retry, mark-dead, unlock-stale and purge");
    }
}

std::string progress_line(const ChangeProgress& progress, int width, const ProgressPace& pace) {
    // The preview's count, or the one a change learns as it goes (a redrive's canary).
    auto total = pace.total ? pace.total : progress.total;
    std::string counts = grouped(progress.changed) +
                         (total ? " of " + grouped(*total) : std::string()) + " changed, " +
                         grouped(progress.skipped) + " skipped, batch " + grouped(progress.batches);
    auto fraction_done = progress.fraction;
    if (!fraction_done && total && *total > 0) {
        fraction_done =
            static_cast<double>(progress.changed + progress.skipped) / static_cast<double>(*total);
    }
    if (pace.elapsed_seconds >= 1) {
        auto rate = static_cast<double>(progress.changed) / pace.elapsed_seconds;
        counts += ", " + grouped(std::llround(rate)) + "/s";
        if (fraction_done && *fraction_done > 0 && *fraction_done < 1) {
            auto left = pace.elapsed_seconds * (1 - *fraction_done) / *fraction_done;
            counts += ", ETA " + short_age(std::chrono::seconds(std::llround(left)));
        }
    }
    if (!progress.note.empty()) {
        counts += " | " + progress.note;
    }
    // The bar is for what knows its own fraction (a purge walking its blocks); a count of the
    // total says the rest in words.
    if (!progress.fraction) {
        return counts;
    }
    auto done_part = std::clamp(*progress.fraction, 0.0, 1.0);
    int bar = std::max(10, std::min(40, width - static_cast<int>(counts.size()) - 10));
    auto filled = static_cast<int>(std::lround(done_part * bar));
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(bar - filled), ' ') + "] " +
           std::to_string(static_cast<int>(done_part * 100)) + "% " + counts;
}

} // namespace eventctl
