#include "eventctl/outbox/status_change.h"

#include "aggregate_queue.h"
#include "eventctl/session/transactions.h"
#include "mutation_audit.h"
#include "redrive.h"
#include "sql/statement.h"
#include "transition.h"
#include "unmatched_ids.h"

#include <algorithm>
#include <unordered_set>

namespace eventctl {

namespace {

// Eligibility on one part: the states the change starts from that live there, plus its own
// condition. It is evaluated twice, once to find candidates and again on the locked rows, so a
// row that moved on is left alone.
Condition eligible(const OutboxTable& outbox, const OutboxPart& part, const Transition& transition,
                   SqlParams& params, const std::string& alias) {
    auto condition = outbox.any_state_condition(part, transition.from, params, alias);
    if (transition.condition) {
        condition = condition && transition.condition(outbox, part, params, alias);
    }
    return condition;
}

std::string candidates_query(const OutboxTable& outbox, const OutboxPart& part,
                             const OutboxSelection& selection, const std::vector<std::string>& ids,
                             const Transition& transition, const std::optional<ListCursor>& after,
                             std::int64_t rows, SqlParams& params) {
    auto where = Condition::all({
        outbox.filter(part, selection.filter, params),
        eligible(outbox, part, transition, params, ""),
        ids.empty() ? Condition::always() : outbox.id_in(part, ids, params),
        after ? outbox.after_cursor(part, *after, params) : Condition::always(),
    });
    return fmt::format(R"(SELECT {id}::text, {created_micros}
FROM {table}
WHERE {where}
ORDER BY {order}
LIMIT {rows}::bigint)",
                       "id"_a = part.value(OutboxField::id, "text"),
                       "created_micros"_a = outbox.created_at_micros(part),
                       "table"_a = part.table().sql(), "where"_a = where,
                       "order"_a = outbox.keyset_order(part, SortOrder::ascending),
                       "rows"_a = params.bind(std::to_string(rows)));
}

// The rows among ids that are still eligible and that no worker holds.
std::string locked_cte(const OutboxTable& outbox, const OutboxPart& part,
                       const Transition& transition, const std::vector<std::string>& ids,
                       SqlParams& params) {
    return fmt::format(R"(locked AS (
    SELECT {id} AS id FROM {table}
    WHERE {where}
    FOR UPDATE SKIP LOCKED))",
                       "id"_a = part.value(OutboxField::id, "text"), "table"_a = part.table().sql(),
                       "where"_a = outbox.id_in(part, ids, params) &&
                                   eligible(outbox, part, transition, params, ""));
}

// The writes of an UPDATE where the rows are: the change's own, or, for a retry of dead letters
// the layout updates in place, what it writes there.
EntryChanges changes_on(const OutboxPart& part, const Transition& transition) {
    if (!part.is_dead_letters() || !transition.changes.in_place) {
        return transition.changes;
    }
    auto changes = transition.changes;
    changes.writes = transition.changes.in_place;
    return changes;
}

std::string update_query(const OutboxTable& outbox, const OutboxPart& part,
                         const Transition& transition, const std::vector<std::string>& ids,
                         SqlParams& params) {
    auto target_id = part.value(OutboxField::id, "text", "target");
    auto locked = locked_cte(outbox, part, transition, ids, params);
    auto assignments = update_assignments(outbox, part, transition.to, changes_on(part, transition),
                                          params, "target");
    return fmt::format(R"(WITH {locked}
UPDATE {table} AS target SET {assignments}
FROM locked
WHERE {target_id} = locked.id AND {eligible}
RETURNING {target_id}::text)",
                       "locked"_a = locked, "table"_a = part.table().sql(),
                       "assignments"_a = assignments, "target_id"_a = target_id,
                       "eligible"_a = eligible(outbox, part, transition, params, "target"));
}

// A change between the outbox and its dead-letter table: the row is deleted from one and
// inserted into the other in one statement, so it is never in both or in neither.
std::string move_query(const OutboxTable& outbox, const OutboxPart& from, const OutboxPart& to,
                       const Transition& transition, const std::vector<std::string>& ids,
                       SqlParams& params) {
    auto locked = locked_cte(outbox, from, transition, ids, params);
    auto source_id = from.value(OutboxField::id, "text", "source");
    auto still_eligible = eligible(outbox, from, transition, params, "source");
    auto moved =
        moved_row_values(outbox, from, to, transition.to, transition.changes, params, "moved");
    return fmt::format(R"(WITH {locked},
moved AS (
    DELETE FROM {source} AS source USING locked
    WHERE {source_id} = locked.id AND {still_eligible}
    RETURNING source.*)
INSERT INTO {target} ({columns})
SELECT {values} FROM moved
RETURNING {target_id}::text)",
                       "locked"_a = locked, "source"_a = from.table().sql(),
                       "source_id"_a = source_id, "still_eligible"_a = still_eligible,
                       "target"_a = to.table().sql(), "columns"_a = fmt::join(moved.columns, ", "),
                       "values"_a = fmt::join(moved.values, ", "),
                       "target_id"_a = to.value(OutboxField::id, "text"));
}

// The ids of a selection, a window of them at a time; one empty window when it names none.
class IdWindows {
  public:
    IdWindows(const std::vector<std::string>& ids, std::size_t size) : m_all(ids), m_size(size) {
        fill();
    }
    const std::vector<std::string>& ids() const { return m_window; }
    // Moves to the next window, its keyset from the start; false after the last.
    bool next(std::optional<ListCursor>& after) {
        m_start += m_size;
        after.reset();
        fill();
        return m_start < m_all.size();
    }

  private:
    void fill() {
        auto end = std::min(m_all.size(), m_start + m_size);
        m_window.assign(m_all.begin() + static_cast<std::ptrdiff_t>(std::min(m_start, end)),
                        m_all.begin() + static_cast<std::ptrdiff_t>(end));
    }

    const std::vector<std::string>& m_all;
    std::size_t m_size;
    std::size_t m_start = 0;
    std::vector<std::string> m_window;
};

// Holds --rate: before the next batch, waits until the entries so far fit the allowed rate;
// false when the operator asked to stop meanwhile.
bool pace(double rate, std::int64_t done, std::chrono::steady_clock::time_point started,
          const StopRequest& stop) {
    auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                             std::chrono::duration<double>(static_cast<double>(done) / rate));
    return stop.wait_until(due);
}

// The part rows of the target state are written to.
const OutboxPart& target_part(const OutboxTable& outbox, Status to) {
    const auto* rule = outbox.layout().state(to);
    if (rule != nullptr && rule->in_dead_letters && outbox.dead_letters() != nullptr) {
        return *outbox.dead_letters();
    }
    return outbox.main();
}

} // namespace

namespace {

// Where a part stands in a redrive's walk: 0 the outbox, 1 its dead-letter table.
int part_place(const OutboxPart& part) {
    return part.is_dead_letters() ? 1 : 0;
}

// The audit trail of a change about to run for real; a redrive's record keeps its plan and
// the ids it was given, holds the redrive's lock and marks the record it resumes.
AuditTrail open_trail(Session& session, const Layout& layout, const MutationResult& result,
                      const MutationOptions& options, const RedriveRun* redrive) {
    if (redrive == nullptr) {
        return open_audit(session, layout, result, options.command_line);
    }
    AuditRecord record;
    record.command = result.command;
    record.command_line = options.command_line;
    record.selection = redrive->audit_selection;
    record.result = {{"redrive", redrive->plan}};
    AuditTrail trail(session, layout.audit, record);
    if (auto id = trail.id()) {
        hold_redrive_lock(session, *id);
        if (redrive->resumed_from) {
            WriteTransaction tx(session.connection());
            mark_resumed(session, tx, *layout.audit, *redrive->resumed_from, *id);
            tx.commit();
        }
    }
    return trail;
}

// A redrive's canary, watched: the verdict goes into the result and the audit record.
bool canary_passes(Session& session, const OutboxTable& outbox, const std::vector<std::string>& ids,
                   const CanaryOptions& canary, nlohmann::json& plan, AuditTrail& audit,
                   MutationResult& result, const RunControl& control) {
    plan["canary"]["ids"] = ids;
    plan["canary"]["state"] = "waiting";
    {
        WriteTransaction tx(session.connection());
        audit.keep(tx, {{"redrive", plan}});
        tx.commit();
    }
    auto report = watch_canary(session, outbox, ids, canary, control, result.progress());
    result.canary = report;
    if (auto stop = control.stop.reason(); stop && report.passed() && report.unsettled > 0) {
        result.run.stop(*stop); // interrupted while waiting: resume watches it again
        return false;
    }
    plan["canary"]["state"] = report.passed() ? "passed" : "failed";
    WriteTransaction tx(session.connection());
    audit.keep(tx, {{"redrive", plan}});
    tx.commit();
    if (!report.passed()) {
        result.run.stop("canary");
    }
    return report.passed();
}

} // namespace

MutationResult run_transition(Session& session, const Layout& layout,
                              const OutboxSelection& selection, const Transition& transition,
                              const MutationOptions& options, bool dry_run,
                              const RunControl& control, const RedriveRun* redrive) {
    auto outbox = OutboxTable::open(session, layout);
    MutationResult result;
    result.command = transition.command;
    result.dry_run = dry_run;
    result.run = start_record(session.target());
    result.selection = selection_json(selection);
    result.selection.update(transition.selection_extra);
    result.ids.emplace();
    // A list of ids that turned out empty selects nothing: without this, no id condition would
    // mean every eligible entry.
    if (selection.names_ids() && selection.ids.empty()) {
        result.unmatched.emplace();
        finish_record(result.run);
        return result;
    }
    std::optional<AuditTrail> audit;
    nlohmann::json plan;
    if (redrive != nullptr) {
        result.selection = redrive->echo;
        result.resumed_from = redrive->resumed_from;
        result.expected = redrive->expected;
        plan = redrive->plan;
    }
    if (!dry_run) {
        audit.emplace(open_trail(session, layout, result, options, redrive));
        if (redrive != nullptr) {
            result.audit_id = audit->id();
        }
    }
    // The ids found, so that the named ones left over can be told apart afterwards.
    std::unordered_set<std::string> matched;

    auto batch = options.batch_size;
    if (options.rate) {
        // Small batches keep a throttled redrive smooth instead of bursty.
        batch = std::clamp<std::int64_t>(static_cast<std::int64_t>(*options.rate), 1, batch);
    }
    // A canary is watched once its entries are retried, before anything else is; one left
    // unwatched by the redrive this one resumes is watched first.
    std::optional<CanaryOptions> canary;
    if (redrive != nullptr && !dry_run) {
        canary = redrive->canary;
        if (!redrive->unwatched_canary.empty() &&
            !canary_passes(session, outbox, redrive->unwatched_canary, *redrive->canary, plan,
                           *audit, result, control)) {
            canary.reset();
            finish_record(result.run);
            audit->finish(audit_result(result), result.run);
            return result;
        }
        if (!redrive->unwatched_canary.empty()) {
            canary.reset();
        }
    }
    // --rate paces the entries after the canary, from when it was watched.
    auto started = std::chrono::steady_clock::now();
    std::int64_t paced_from = 0;
    const auto& to = target_part(outbox, transition.to);
    bool more = true;
    try {
        for (const auto* from : outbox.parts_for(transition.from)) {
            // A resumed redrive starts after its position; every window of ids starts there too,
            // since the ids are in the same order.
            std::optional<ListCursor> floor;
            if (redrive != nullptr && redrive->start) {
                if (part_place(*from) < redrive->start->part) {
                    continue;
                }
                if (part_place(*from) == redrive->start->part) {
                    floor = redrive->start->after;
                }
            }
            // Ids are looked up a batch's worth at a time: binding every id to every batch's query
            // would cost ids x batches on a large selection (a confirmed preview of every dead
            // entry).
            IdWindows windows(selection.ids, static_cast<std::size_t>(batch));
            std::optional<ListCursor> after = floor;
            auto next_window = [&] {
                bool next = windows.next(after);
                after = floor;
                return next;
            };
            auto limit = options.limit.value_or(0);
            while (more && (limit == 0 || result.matched < limit)) {
                if (auto stop = control.stop.reason(); stop && !dry_run) {
                    result.run.stop(*stop);
                    more = false;
                    break;
                }
                auto wanted = limit == 0 ? batch : std::min(batch, limit - result.matched);
                if (canary) {
                    wanted = std::min(wanted, canary->entries - result.changed);
                }
                std::optional<WriteTransaction> tx(std::in_place, session.connection());
                SqlParams params;
                auto rows = session.exec(*tx,
                                         candidates_query(outbox, *from, selection, windows.ids(),
                                                          transition, after, wanted, params),
                                         params);
                if (rows.empty()) {
                    tx->commit();
                    if (next_window()) {
                        continue;
                    }
                    break;
                }
                // --rate waits before a batch only once there is one: after the last, nothing is
                // left to pace. The wait happens outside any transaction; the write checks each
                // row's eligibility again anyway. A canary is not paced: it is watched instead.
                if (options.rate && result.batches > 0 && !dry_run && !canary) {
                    tx->commit();
                    if (!pace(*options.rate, result.matched - paced_from, started, control.stop)) {
                        result.run.stop(*control.stop.reason());
                        more = false;
                        break;
                    }
                    tx.emplace(session.connection());
                }
                std::vector<std::string> ids;
                for (const auto& row : rows) {
                    ids.push_back(row[0].as<std::string>());
                }
                after = ListCursor{
                    SortOrder::ascending, rows.back()[1].as<std::int64_t>(), ids.back(), {}};
                result.matched += static_cast<std::int64_t>(ids.size());
                if (selection.names_ids()) {
                    matched.insert(ids.begin(), ids.end());
                }
                if (dry_run) {
                    result.changed += static_cast<std::int64_t>(ids.size());
                    result.ids->insert(result.ids->end(), ids.begin(), ids.end());
                } else {
                    SqlParams write_params;
                    bool in_place = from->is_dead_letters() && transition.changes.in_place;
                    auto sql = from == &to || in_place
                                   ? update_query(outbox, *from, transition, ids, write_params)
                                   : move_query(outbox, *from, to, transition, ids, write_params);
                    auto changed = session.exec(*tx, sql, write_params);
                    for (const auto& row : changed) {
                        result.ids->push_back(row[0].as<std::string>());
                    }
                    result.changed += static_cast<std::int64_t>(changed.size());
                    result.skipped_locked += static_cast<std::int64_t>(ids.size()) -
                                             static_cast<std::int64_t>(changed.size());
                    audit->add(*tx, static_cast<std::int64_t>(ids.size()),
                               static_cast<std::int64_t>(changed.size()));
                    if (redrive != nullptr) {
                        // Everything up to here is done, in the same transaction as the change.
                        plan["position"] = position_json({part_place(*from), *after});
                        audit->keep(*tx, {{"redrive", plan}});
                    }
                }
                tx->commit();
                ++result.batches;
                control.report(result.progress());
                bool exhausted = static_cast<std::int64_t>(rows.size()) < wanted && !next_window();
                if (canary && (result.changed >= canary->entries || exhausted)) {
                    more = canary_passes(session, outbox, *result.ids, *canary, plan, *audit,
                                         result, control);
                    canary.reset();
                    started = std::chrono::steady_clock::now();
                    paced_from = result.matched;
                }
                if (exhausted) {
                    break;
                }
            }
        }
    } catch (...) {
        if (audit) {
            audit->fail(audit_result(result), std::current_exception());
        }
        throw;
    }
    if (canary && result.changed > 0) {
        // Fewer entries than the canary asked for: they are the canary.
        canary_passes(session, outbox, *result.ids, *canary, plan, *audit, result, control);
    }
    if (selection.names_ids()) {
        result.unmatched = count_unmatched(session, outbox, transition, selection.ids, matched);
    }
    finish_record(result.run);
    if (audit) {
        audit->finish(audit_result(result), result.run);
    }
    return result;
}

namespace {

// mark-dead: the entries an ordered relay now cannot publish, behind the dead ones.
void count_waiting_behind(Session& session, const Layout& layout, MutationResult& result) {
    if (result.command != Command::outbox_mark_dead || !result.ids || result.ids->empty() ||
        !layout.outbox->has(OutboxField::aggregate_id)) {
        return;
    }
    auto outbox = OutboxTable::open(session, layout);
    ReadTransaction tx(session.connection());
    result.waiting_behind = waiting_behind(session, tx, outbox, *result.ids);
    tx.commit();
}

} // namespace

StatusChange::StatusChange(Layout layout, OutboxSelection selection,
                           std::shared_ptr<const Transition> change, MutationOptions options,
                           std::shared_ptr<const Redrive> redrive)
    : m_layout(std::move(layout)), m_selection(std::move(selection)), m_change(std::move(change)),
      m_options(std::move(options)), m_redrive(std::move(redrive)) {}

Command StatusChange::command() const {
    return m_change->command;
}

bool StatusChange::needs_confirmation() const {
    if (m_redrive != nullptr && m_redrive->retry.resume) {
        return true;
    }
    return !m_selection.by_ids_only();
}

StatusChangePreview StatusChange::preview(Session& session, bool count) const {
    if (m_redrive != nullptr) {
        return preview_redrive(session, m_layout, *m_redrive, m_options, count);
    }
    StatusChangePreview preview;
    preview.counted = count;
    if (count) {
        preview.result =
            run_transition(session, m_layout, m_selection, *m_change, m_options, true, {});
        count_waiting_behind(session, m_layout, preview.result);
    } else {
        preview.result.command = m_change->command;
        preview.result.dry_run = true;
        preview.result.selection = selection_json(m_selection);
        preview.result.selection.update(m_change->selection_extra);
        preview.result.run = start_record(session.target());
    }
    return preview;
}

ChangeSummary StatusChange::summary(const StatusChangePreview& preview) const {
    return {preview.result.command, preview.result.changed, "entries", m_layout.outbox->table,
            preview.result.selection};
}

MutationResult StatusChange::apply(Session& session, const StatusChangePreview& preview,
                                   const RunControl& control) const {
    if (m_redrive != nullptr) {
        return apply_redrive(session, m_layout, m_options, preview, control);
    }
    if (!preview.counted) {
        auto result =
            run_transition(session, m_layout, m_selection, *m_change, m_options, false, control);
        count_waiting_behind(session, m_layout, result);
        return result;
    }
    // A confirmed preview: the entries it showed and no others (the filters still apply, and
    // the UPDATE checks each is still eligible), so an entry that came to match while the prompt
    // waited is not changed unasked.
    if (preview.result.ids->empty()) {
        auto nothing = preview.result;
        nothing.dry_run = false;
        nothing.ids.emplace();
        return nothing;
    }
    auto confirmed = m_selection;
    confirmed.ids = *preview.result.ids;
    auto result =
        run_transition(session, m_layout, confirmed, *m_change, m_options, false, control);
    count_waiting_behind(session, m_layout, result);
    // The ids named at first: those the preview left out, and those of its ids that changed
    // state while the prompt waited.
    if (m_selection.names_ids() && preview.result.unmatched && result.unmatched) {
        auto& total = *result.unmatched;
        const auto& before = *preview.result.unmatched;
        total.not_found += before.not_found;
        total.already_done += before.already_done;
        total.wrong_state += before.wrong_state;
        total.left_out += before.left_out;
    } else if (!m_selection.names_ids()) {
        result.unmatched.reset();
    }
    return result;
}

} // namespace eventctl
