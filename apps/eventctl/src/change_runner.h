#pragma once

// The run half every state-changing command shares (DESIGN 7): preview, confirm with one
// routine, apply exactly what was confirmed.

#include "context.h"
#include "eventctl/log/log_purge.h"
#include "eventctl/log/replay_outbox.h"
#include "eventctl/log/seek.h"
#include "eventctl/outbox/purge.h"
#include "eventctl/outbox/status_change.h"
#include "progress_display.h"
#include "stop_signals.h"

namespace eventctl::cli {

// How a change runs, as the command line asked.
struct ChangeFlags {
    bool dry_run = false;
    bool yes = false;
};

// The result a preview stands for: what the change would do.
inline MutationResult shown(const StatusChangePreview& preview) {
    return preview.result;
}
inline MutationResult shown(const PurgePreview& preview) {
    return preview.result;
}
inline MutationResult shown(const LogPurgePreview& preview) {
    return preview.result;
}
inline IntoOutboxResult shown(const IntoOutboxPreview& preview) {
    return preview.result;
}
inline SeekPlan shown(const SeekPlan& plan) {
    return plan;
}

// The question a person confirms a change with: what it does, how many, where, selected how.
std::string confirmation_question(const ChangeSummary& summary, const std::string& database);

// The line told on stderr when a signal stopped a change: what was committed, and that running
// the same command again finishes it. Empty for a change that ran to its end, or that a bound
// (--max-rows, --max-duration) stopped as asked.
std::optional<std::string> interruption_note(const MutationResult& result);
std::optional<std::string> interruption_note(const IntoOutboxResult& result);
// A seek is one transaction: it is never cut short.
inline std::optional<std::string> interruption_note(const SeekPlan&) {
    return std::nullopt;
}

// Warns, before a change runs, that the layout has no audit table to record it in.
void warn_unaudited(const Context& context);

// Warns, before a purge runs, that its archive is a pipe: what is written into it is deleted
// before anything can say its reader kept it.
void warn_pipe_archive(const Context& context, const std::optional<ArchiveTarget>& archive);

// Tells a change a signal stopped (interruption_note) and makes the command exit 75: what is
// left is worth running again.
template <typename Result> void tell_interruption(Context& context, const Result& result) {
    if (auto note = interruption_note(result)) {
        context.err << "eventctl: " << *note << '\n';
        context.exit_code = to_int(ExitCode::temp_failure);
    }
}

// What an applied change did, for the line that says so when its result cannot be printed:
// "outbox retry changed 12 entries of public.outbox".
std::string applied_text(const ChangeSummary& summary, std::int64_t changed);

// Previews the change, confirms it when it needs confirming (a prompt on a terminal, else
// --yes; exit 3 with nothing changed without either, however few it would change, so a cron
// job fails alike on a quiet day and a busy one) and applies exactly the preview confirmed.
// A dry run is the preview. At a prompt, a preview that finds nothing is the result: nothing to
// ask, nothing to run. With --yes there is nothing to ask, so nothing is counted first. A change
// a signal stopped is told on stderr and exits 75 once its result is printed.
template <typename Change>
auto run_change(Context& context, const Change& change, const ChangeFlags& flags) {
    auto session = context.open_session(change.command());
    bool ask = change.needs_confirmation() && !flags.yes && !flags.dry_run;
    auto preview = change.preview(session, ask || flags.dry_run);
    auto result = shown(preview);
    if (flags.dry_run) {
        return result;
    }
    session.require_writable(change.command());
    std::optional<std::int64_t> total;
    if (ask) {
        auto summary = change.summary(preview);
        total = summary.count;
        if (summary.count == 0 && context.can_prompt()) {
            result.dry_run = false;
            return result;
        }
        context.confirm(confirmation_question(summary, session.target()), false);
    }
    warn_unaudited(context);
    StopSignals stop;
    ProgressDisplay progress(context);
    if (total) {
        progress.set_total(*total);
    }
    result = change.apply(session, preview, {progress.sink(), stop.request()});
    progress.finish();
    tell_interruption(context, result);
    context.applied_change = applied_text(change.summary(preview), result.changed);
    return result;
}

} // namespace eventctl::cli
