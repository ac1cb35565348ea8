#include "redrive.h"

#include "aggregate_queue.h"
#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "transition.h"

#include <algorithm>

namespace eventctl {

namespace {

// The options of the run: a resumed redrive has what its --limit left.
MutationOptions run_options(const RedriveStart& start, MutationOptions options) {
    if (start.limit) {
        options.limit = std::max<std::int64_t>(*start.limit - start.resumed_matched, 1);
    }
    return options;
}

// The selection a redrive echoes: as given (or as its record kept it), with how it redrives.
nlohmann::json echo_of(const RedriveStart& start) {
    auto echo = selection_json(start.selection);
    echo.update(start.transition->selection_extra);
    if (start.retry.in_order) {
        echo["in_order"] = true;
    }
    if (start.retry.canary) {
        echo["canary"] = {{"entries", start.retry.canary->entries},
                          {"wait", format_duration(start.retry.canary->wait)},
                          {"max_failed_again", start.retry.canary->max_failed_again}};
    }
    if (start.resumed_from) {
        echo["resumed_from"] = *start.resumed_from;
    }
    return echo;
}

// A few of the ids, for a message.
std::string some_of(const std::vector<std::string>& ids) {
    std::string text;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i) {
        text += (i == 0 ? "" : ", ") + ids[i];
    }
    if (ids.size() > 5) {
        text += " and " + std::to_string(ids.size() - 5) + " more";
    }
    return text;
}

std::optional<RedriveFloor> floor_of(const RedriveStart& start) {
    if (!start.position) {
        return std::nullopt;
    }
    return RedriveFloor{start.position->part, start.position->after.created_at_micros,
                        start.position->after.id};
}

// retry --in-order: the entries counted, with the earlier ones of their aggregates taken along
// (or, strictly, refused).
void take_earlier_entries(Session& session, const Layout& layout, const RedriveStart& start,
                          MutationResult& result) {
    auto outbox = OutboxTable::open(session, layout);
    ReadTransaction tx(session.connection());
    auto queued = with_earlier_entries(session, tx, outbox, *result.ids, start.transition->from,
                                       floor_of(start));
    tx.commit();
    std::vector<std::string> ids;
    std::vector<std::string> taken;
    for (const auto& entry : queued) {
        ids.push_back(entry.id);
        if (entry.taken_along) {
            taken.push_back(entry.id);
        }
    }
    if (start.retry.strict_order && !taken.empty()) {
        throw RefusedError(
            "retry --in-order --strict: " + std::to_string(taken.size()) +
                " failed or dead entries come before the selected ones in their aggregates and "
                "are not selected: " +
                some_of(taken) + "; nothing was changed",
            "select them too, or drop --strict to take them along");
    }
    auto added = static_cast<std::int64_t>(taken.size());
    result.matched += added;
    result.changed += added;
    result.ids = ids;
    result.taken_in_order = taken;
}

} // namespace

StatusChangePreview preview_redrive(Session& session, const Layout& layout, const Redrive& redrive,
                                    const MutationOptions& options, bool count) {
    auto start = std::make_shared<RedriveStart>();
    if (redrive.retry.resume) {
        *start = load_redrive(session, *layout.audit, *redrive.retry.resume);
        start->retry.strict_order = redrive.retry.strict_order;
    } else {
        start->selection = redrive.selection;
        start->retry = redrive.retry;
    }
    start->transition = std::make_shared<const Transition>(retry_transition(layout, start->retry));
    if (!start->selection.ids.empty()) {
        auto outbox = OutboxTable::open(session, layout);
        start->selection.ids = in_walk_order(session, outbox, start->selection.ids);
        start->no_entries = start->selection.ids.empty();
    }

    StatusChangePreview preview;
    preview.counted = count || start->retry.in_order;
    auto& result = preview.result;
    result.command = start->transition->command;
    result.dry_run = true;
    result.selection = echo_of(*start);
    result.run = start_record(session.target());
    result.ids.emplace();
    result.resumed_from = start->resumed_from;
    if (preview.counted && !start->no_entries) {
        RedriveRun run;
        run.start = start->position;
        run.echo = result.selection;
        run.resumed_from = start->resumed_from;
        result = run_transition(session, layout, start->selection, *start->transition,
                                run_options(*start, options), true, {}, &run);
        if (start->retry.in_order) {
            take_earlier_entries(session, layout, *start, result);
        }
    }
    preview.redrive = start;
    return preview;
}

MutationResult apply_redrive(Session& session, const Layout& layout, const MutationOptions& options,
                             const StatusChangePreview& preview, const RunControl& control) {
    const auto& start = *preview.redrive;
    if (start.no_entries || (preview.counted && preview.result.ids->empty())) {
        auto nothing = preview.result;
        nothing.dry_run = false;
        nothing.ids.emplace();
        return nothing;
    }
    // A confirmed preview: the entries it showed and no others. The entries taken along in
    // order match no filter of the selection; each is checked eligible again as it changes.
    auto selection = start.selection;
    if (preview.counted) {
        selection.ids = *preview.result.ids;
        if (start.retry.in_order) {
            selection.filter = OutboxFilter{};
        }
    }
    RedriveRun run;
    run.start = start.position;
    run.canary = start.retry.canary;
    run.unwatched_canary = start.unwatched_canary;
    run.plan = redrive_plan_json(start, options);
    run.echo = preview.result.selection;
    run.audit_selection = run.echo;
    if (!start.selection.ids.empty()) {
        run.audit_selection["id_list"] = start.selection.ids;
    }
    run.resumed_from = start.resumed_from;
    if (preview.counted) {
        run.expected = static_cast<std::int64_t>(preview.result.ids->size());
    }
    auto result = run_transition(session, layout, selection, *start.transition,
                                 run_options(start, options), false, control, &run);
    result.taken_in_order = preview.result.taken_in_order;
    return result;
}

} // namespace eventctl
