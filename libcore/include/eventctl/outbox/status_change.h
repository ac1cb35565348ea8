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
struct Redrive;
struct RedriveStart;

// What a status change would do: counted (the ids it found are frozen, and applying it changes
// no others), or, when nobody is asked to confirm, only resolved.
struct StatusChangePreview {
    MutationResult result; // dry_run: what would change
    bool counted = false;
    // A redrive's start, read from the database: a resumed redrive's record, the order of the
    // entries to take. Empty for other changes.
    std::shared_ptr<const RedriveStart> redrive;
};

// A planned status change, not yet connected.
class StatusChange {
  public:
    StatusChange(Layout layout, OutboxSelection selection, std::shared_ptr<const Transition> change,
                 MutationOptions options, std::shared_ptr<const Redrive> redrive = nullptr);

    Command command() const;
    // Selected by filters rather than by ids alone (or resumed from a record, which selected
    // how it did): a person confirms it, or --yes does.
    bool needs_confirmation() const;

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
    std::shared_ptr<const Redrive> m_redrive; // retry only
};

// retry --canary: a few entries first, watched until the relay has published or failed them
// again (or the wait ends), before the rest.
struct CanaryOptions {
    std::int64_t entries = 0;
    std::chrono::seconds wait{0};
    std::int64_t max_failed_again = 0; // more than this stops the redrive (exit 3)
};

// outbox retry: failed and dead (and, when asked, completed) entries back to pending.
struct RetryOptions {
    bool include_completed = false;
    std::optional<std::chrono::seconds> delay; // scheduled_at = now + delay; given, even 0s
    // Takes, for every selected entry, the earlier failed and dead entries of its aggregate,
    // so an ordered relay publishes the aggregate in order.
    bool in_order = false;
    // With in_order: refuses (RefusedError, nothing changed) naming those entries instead.
    bool strict_order = false;
    std::optional<CanaryOptions> canary;
    // Continues the interrupted redrive of this audit record, with its selection and options.
    std::optional<std::int64_t> resume;
};

// Plans a retry: failed/dead (and optionally completed) entries to pending, attempts reset,
// lock cleared, scheduled now or after the delay; in aggregate order, after a canary, or
// resumed, as asked. Throws UsageError for what the layout cannot do or options that do not go
// together, DataError for an id that is not the layout's id type, RefusedError for a selection
// of everything without --all. A resumed retry takes no selection: the record has it.
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
