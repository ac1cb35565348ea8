#pragma once

#include "eventctl/change/change.h"
#include "eventctl/layout/layout.h"
#include "eventctl/log/replay.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

// How replay --into-outbox runs.
struct IntoOutboxOptions {
    std::string label = "replay";   // part of every idempotency key: a new label replays anew
    bool all = false;               // the whole log may be enqueued, unnarrowed
    std::int64_t batch_size = 1000; // events per transaction
    std::string command_line;       // for the audit record, secrets already masked
};

// What replay --into-outbox did (or, dry, would do); the mutations' JSON shape.
struct IntoOutboxResult {
    bool dry_run = false;
    std::string label;
    std::int64_t matched = 0; // events selected
    std::int64_t changed = 0; // entries enqueued (dry: that would be)
    std::int64_t batches = 0;
    nlohmann::json selection = nlohmann::json::object();
    std::vector<std::string> warnings;
    RunRecord run;
};

// What a replay into the outbox would do: its range resolved to positions (applying it enqueues
// no event outside them) and, when counted, how many events it would enqueue.
struct IntoOutboxPreview {
    IntoOutboxResult result; // dry_run: what would be enqueued
    ReplayRange range;
    bool counted = false;
};

// A planned replay into the outbox, in the shape every change has (change.h).
class IntoOutboxChange {
  public:
    IntoOutboxChange(Layout layout, ReplayOptions options, IntoOutboxOptions into);

    Command command() const { return Command::log_replay_into_outbox; }
    // Enqueueing is always confirmed.
    bool needs_confirmation() const { return true; }

    // Resolves the range in one snapshot and, with count, counts what would be enqueued.
    IntoOutboxPreview preview(Session& session, bool count) const;
    // What a person confirming the preview is shown.
    ChangeSummary summary(const IntoOutboxPreview& preview) const;
    // Enqueues the preview's events as pending entries of the outbox, in position order, in
    // batches of their own transactions; an event already enqueued under the label is left
    // alone (INSERT ... ON CONFLICT (idempotency_key) DO NOTHING), so a rerun enqueues nothing
    // new. One audit record, written first and advanced in each batch's transaction.
    IntoOutboxResult apply(Session& session, const IntoOutboxPreview& preview,
                           const RunControl& control) const;

  private:
    Layout m_layout;
    ReplayOptions m_options;
    IntoOutboxOptions m_into;
};

// The outbox idempotency key of an event of the log replayed under a label:
// "eventctl-replay:SCHEMA.TABLE:LABEL:SEQ_NO".
std::string replay_idempotency_key(const LogSource& source, const std::string& label,
                                   std::int64_t seq_no);

// Checks a label can make keys (not empty, no control characters); throws UsageError otherwise.
void validate_replay_label(const std::string& label);

// Plans replaying events of the layout's log into its outbox; throws UsageError for what the
// layout cannot do, a bad label or range, or a replay of the whole log without --all.
IntoOutboxChange plan_replay_into_outbox(const Layout& layout, ReplayOptions options,
                                         IntoOutboxOptions into);

} // namespace eventctl
