#pragma once

// A retry as a redrive: the selection taken in aggregate order when asked, a canary watched
// before the rest, and a record in the audit table of where it got to, so an interrupted one
// can be resumed without retrying any entry twice (eventctl-outbox(1), REDRIVES).
//
// A redrive walks its entries in one order only, each part of the outbox (the table, then its
// dead-letter table) in keyset order (created_at, id): explicit ids are put in that order
// before it starts. So "done" is everything up to a position, which the audit record keeps in
// each batch's transaction, and a resumed redrive starts after it.

#include "eventctl/audit/audit.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/outbox/selection.h"
#include "eventctl/outbox/status_change.h"
#include "outbox_table.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// A planned retry's redrive: what was asked, before anything is read.
struct Redrive {
    RetryOptions retry;
    OutboxSelection selection; // as given (a resumed redrive's comes from its record)
};

// Where a redrive got to: the part it was changing (0 the outbox, 1 its dead-letter table) and
// the keyset of the last entry it took there.
struct RedrivePosition {
    int part = 0;
    ListCursor after;
};

struct Transition;

// What a redrive starts from, once the database was read.
struct RedriveStart {
    std::shared_ptr<const Transition> transition; // for the retry options below
    OutboxSelection selection;                    // the record's when resumed, else the planned one
    RetryOptions retry;                           // likewise
    std::optional<RedrivePosition> position;
    std::optional<std::int64_t> resumed_from;
    std::int64_t resumed_matched = 0; // what the redrives before took, for --limit
    std::optional<std::int64_t> limit;
    // A canary retried by the redrive resumed, never watched to its end.
    std::vector<std::string> unwatched_canary;
    // Ids were given, and the outbox holds none of them: nothing to do.
    bool no_entries = false;
};

// What a redrive adds to the batches of its transition.
struct RedriveRun {
    std::optional<RedrivePosition> start;      // what comes before it is done: skipped
    std::optional<CanaryOptions> canary;       // watched after the first entries
    std::vector<std::string> unwatched_canary; // watched before anything else
    nlohmann::json plan;                       // kept in the audit record, under "redrive"
    nlohmann::json audit_selection;            // the record's selection (with the ids given)
    nlohmann::json echo;                       // the selection the result echoes
    std::optional<std::int64_t> resumed_from;
    std::optional<std::int64_t> expected; // entries expected, for the progress display
};

// The document the audit record keeps under "redrive": how to start the redrive again.
nlohmann::json redrive_plan_json(const RedriveStart& start, const MutationOptions& options);

// A position as the plan document keeps it.
nlohmann::json position_json(const RedrivePosition& position);

// Reads the redrive an audit record left unfinished, checking it can be resumed: a retry, not
// resumed already, not still running (its lock free), its canary not failed. Throws UsageError
// (exit 64) saying why not. Takes the record's lock for the session, so no other eventctl
// resumes it meanwhile.
RedriveStart load_redrive(Session& session, const QualifiedName& audit_table,
                          std::int64_t audit_id);

// Marks the record resumed by the one that continues it, in the caller's transaction.
void mark_resumed(Session& session, pqxx::transaction_base& tx, const QualifiedName& audit_table,
                  std::int64_t resumed, std::int64_t by);

// Holds the lock that says a redrive's record is in use, for the rest of the session.
void hold_redrive_lock(Session& session, std::int64_t audit_id);

// Puts explicit ids in the order a redrive walks them: by part, then keyset; ids the outbox
// does not hold are left out.
std::vector<std::string> in_walk_order(Session& session, const OutboxTable& outbox,
                                       const std::vector<std::string>& ids);

// A redrive's preview: the record it resumes read, the ids it was given put in walk order, and,
// when it counts (or in_order, which always does), the entries found, with those taken along.
StatusChangePreview preview_redrive(Session& session, const Layout& layout, const Redrive& redrive,
                                    const MutationOptions& options, bool count);

// Applies a redrive's preview: the ids it counted, else its selection, from its start.
MutationResult apply_redrive(Session& session, const Layout& layout, const MutationOptions& options,
                             const StatusChangePreview& preview, const RunControl& control);

// Watches a canary until every entry is completed or failed again, the wait ends or stop says
// so (then the report says what it saw so far); progress is told what it waits for.
CanaryReport watch_canary(Session& session, const OutboxTable& outbox,
                          const std::vector<std::string>& ids, const CanaryOptions& canary,
                          const RunControl& control, ChangeProgress progress);

} // namespace eventctl
