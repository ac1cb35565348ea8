#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/log/replay.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

// How replay --into-outbox runs.
struct IntoOutboxOptions {
    std::string label = "replay"; // part of every idempotency key: a new label replays anew
    bool dry_run = false;
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
};

// The outbox idempotency key of an event of the log replayed under a label:
// "eventctl-replay:SCHEMA.TABLE:LABEL:SEQ_NO".
std::string replay_idempotency_key(const LogSource& source, const std::string& label,
                                   std::int64_t seq_no);

// Checks a label can make keys (not empty, no control characters); throws UsageError otherwise.
void validate_replay_label(const std::string& label);

// Enqueues the selected events of the layout's log as pending entries of its outbox, in
// position order, in batches of their own transactions; an event already enqueued under the
// label is left alone (INSERT ... ON CONFLICT (idempotency_key) DO NOTHING), so a rerun enqueues
// nothing new. One audit record, written first and advanced in each batch's transaction. With
// dry_run, counts what would be enqueued and writes nothing.
IntoOutboxResult replay_into_outbox(Session& session, const Layout& layout,
                                    const ReplayOptions& options, const IntoOutboxOptions& into);

} // namespace eventctl
