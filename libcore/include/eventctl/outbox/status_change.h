#pragma once

// outbox retry, mark-dead and unlock-stale: a change of state of selected entries, in the shape
// every change has (change.h). A plan_* function checks everything it can before connecting; the
// StatusChange it returns previews and applies.

#include "eventctl/change/change.h"
#include "eventctl/layout/layout.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/outbox/selection.h"
#include "eventctl/session/session.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace eventctl {

struct Transition;

// What a status change would do: counted (the ids it found are frozen, and applying it changes
// no others), or, when nobody is asked to confirm, only resolved.
struct StatusChangePreview {
    MutationResult result; // dry_run: what would change
    bool counted = false;
};

// A planned status change, not yet connected.
class StatusChange {
  public:
    StatusChange(Layout layout, OutboxSelection selection, std::shared_ptr<const Transition> change,
                 MutationOptions options);

    Command command() const;
    // Selected by filters rather than by ids alone: a person confirms it, or --yes does.
    bool needs_confirmation() const { return !m_selection.by_ids_only(); }

    // Reads what the change would do; with count, finds every entry (a dry run does that).
    StatusChangePreview preview(Session& session, bool count) const;
    // What a person confirming the preview is shown.
    ChangeSummary summary(const StatusChangePreview& preview) const;
    // Changes the entries: the preview's ids when it counted them, else the selection's; rows
    // a worker holds are skipped, and each batch is a transaction of its own.
    MutationResult apply(Session& session, const StatusChangePreview& preview,
                         const RunControl& control) const;

  private:
    Layout m_layout;
    OutboxSelection m_selection;
    std::shared_ptr<const Transition> m_change;
    MutationOptions m_options;
};

// outbox retry: failed and dead (and, when asked, completed) entries back to pending.
struct RetryOptions {
    bool include_completed = false;
    std::chrono::seconds delay{0}; // scheduled_at = now + delay
};

// Plans a retry: failed/dead (and optionally completed) entries to pending, attempts reset,
// lock cleared, scheduled now or after the delay. Throws UsageError for what the layout cannot
// do, DataError for an id that is not the layout's id type, RefusedError for a selection of
// everything without --all.
StatusChange plan_retry(const Layout& layout, OutboxSelection selection, const RetryOptions& retry,
                        const MutationOptions& options);

// Plans marking pending and failed entries dead, with the reason in last_error.
StatusChange plan_mark_dead(const Layout& layout, OutboxSelection selection,
                            const std::string& reason, const MutationOptions& options);

// Plans sending processing entries back to pending when their lock expired, or, with
// older_than, when they were claimed longer ago than that.
StatusChange plan_unlock_stale(const Layout& layout, OutboxSelection selection,
                               std::optional<std::chrono::seconds> older_than,
                               const MutationOptions& options);

} // namespace eventctl
