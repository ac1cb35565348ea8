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

// What an applied change did, for the line that says so when its result cannot be printed:
// "outbox retry changed 12 entries of public.outbox".
std::string applied_text(const ChangeSummary& summary, std::int64_t changed);

// Previews the change, confirms it when it needs confirming (a prompt on a terminal, else
// --yes; exit 3 with nothing changed without either, however few it would change, so a cron
// job fails alike on a quiet day and a busy one) and applies exactly the preview confirmed.
// A dry run is the preview. At a prompt, a preview that finds nothing is the result: nothing to
// ask, nothing to run. With --yes there is nothing to ask, so nothing is counted first.
template <typename Change>
auto run_change(Context& context, const Change& change, const ChangeFlags& flags) {
    auto session = context.open_session(change.command());
    bool ask = change.needs_confirmation() && !flags.yes && !flags.dry_run;
    auto preview = change.preview(session, ask || flags.dry_run);
    auto result = shown(preview);
    if (flags.dry_run) {
        return result;
    }
    if (ask) {
        auto summary = change.summary(preview);
        if (summary.count == 0 && context.can_prompt()) {
            result.dry_run = false;
            return result;
        }
        context.confirm(confirmation_question(summary, session.target()), false);
    }
    StopSignals stop;
    ProgressDisplay progress(context);
    result = change.apply(session, preview, {progress.sink(), stop.request()});
    progress.finish();
    context.applied_change = applied_text(change.summary(preview), result.changed);
    return result;
}

} // namespace eventctl::cli
