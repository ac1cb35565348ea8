#pragma once

#include "eventctl/change/change.h"
#include "eventctl/layout/layout.h"
#include "eventctl/log/horizon.h"
#include "eventctl/log/source.h"
#include "eventctl/schema/tables.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// Where seek moves a consumer (DESIGN 2.2: a position is the last acknowledged seq_no).
enum class SeekTargetKind {
    beginning, // before the first event
    end,       // the stable head
    seq,       // the next event delivered is value: position value - 1
    time,      // the next event delivered is the first created at or after time
    shift,     // the current position plus value (negative: back)
    position,  // exactly this stored position (a saved plan)
};

// One seek target; value and time as the kind needs them.
struct SeekTarget {
    SeekTargetKind kind = SeekTargetKind::end;
    std::int64_t value = 0;
    TimePoint time;
};

// One line of a saved plan (--export / --from-file): consumer, from, to.
struct SavedMove {
    std::string consumer;
    std::optional<std::int64_t> from; // empty: the consumer did not exist
    std::int64_t to = 0;
};

// What log seek was asked.
struct SeekOptions {
    std::vector<std::string> consumers;             // named consumers, or
    bool all = false;                               // every consumer, or
    std::optional<std::vector<SavedMove>> saved;    // a saved plan, each consumer to its own "to"
    SeekTarget target;                              // unless saved
    bool create = false;                            // make consumers that do not exist yet
    bool force = false;                             // move live consumers too
    std::chrono::milliseconds active_window{30000}; // updated within this long ago: live
    // Where seeks are audited (none: the record goes to the --verbose log). A consumer whose
    // last update is a seek recorded there (and that has not moved since) is not live, since
    // that update was eventctl's, not the consumer's.
    std::optional<QualifiedName> audit_table;
    std::string command_line; // for the audit record, secrets already masked
};

// One consumer's move.
struct SeekMove {
    std::string consumer;
    std::optional<std::int64_t> from; // empty: the consumer is created
    std::int64_t to = 0;
    std::optional<TimePoint> updated_at;     // as planned, to recheck under the row lock
    std::optional<std::int64_t> age_seconds; // since updated_at, by the server's clock
};

// What a seek will do (or, dry, would do), and what it found on the way.
struct SeekPlan {
    bool dry_run = false;
    Horizon horizon;
    std::vector<SeekMove> moves;               // by consumer name
    std::vector<std::string> live;             // consumers updated within the active window
    std::vector<std::string> warnings;         // clamped targets, plans that went stale
    std::optional<std::int64_t> first_at_time; // --to-time: the first seq_no at or after it
    std::int64_t changed = 0;                  // consumers whose position changed (or would)
    RunRecord run;
};

// The seq range a target may land in: from the beginning to the stable head.
struct SeekBounds {
    std::int64_t beginning = 0;
    std::int64_t head = 0;
};

// A target resolved for one consumer, with the warning when it had to be clamped.
struct ResolvedTarget {
    std::int64_t position = 0;
    std::optional<std::string> warning;
};

// Resolves a target for one consumer at current (empty for a new one): the arithmetic of DESIGN
// 2.2 and the clamping to the bounds. first_at_time is the first seq_no created at or after a
// time target (empty: none). Throws UsageError for a shift of a consumer without a position.
ResolvedTarget resolve_target(const SeekTarget& target, const std::string& consumer,
                              std::optional<std::int64_t> current, const SeekBounds& bounds,
                              std::optional<std::int64_t> first_at_time);

// Checks the options are complete and consistent; throws UsageError otherwise.
void validate_seek_options(const SeekOptions& options);

// Reads what a seek would do in one read-only snapshot: the horizon, each consumer's current
// position, the targets; throws DataError for a consumer that does not exist without create.
// Live consumers (updated within the active window by anything but an audited seek, and not
// already where the seek would put them) are listed, not refused: apply_seek refuses them.
SeekPlan preview_seek(Session& session, const LogSource& source, const SeekOptions& options);

// Applies a previewed plan in one transaction: refuses (RefusedError) live consumers unless
// force, locks the rows (SELECT ... FOR UPDATE), refuses a consumer that moved since it was
// previewed unless force (then replans it from where it is now), writes the positions and one
// audit record (to options.audit_table). Moves that change nothing are left out; a plan of only
// those writes nothing at all.
SeekPlan apply_seek(Session& session, const LogSource& source, const SeekOptions& options,
                    SeekPlan plan);

// A planned seek, in the shape every change has (change.h); not yet connected.
class SeekChange {
  public:
    SeekChange(LogSource source, SeekOptions options);

    Command command() const;
    // Moving every consumer is confirmed; a named one is not.
    bool needs_confirmation() const { return m_options.all; }

    // The plan: where each consumer is and where it would go (always counted: it is cheap).
    SeekPlan preview(Session& session, bool count) const;
    // What a person confirming the plan is shown.
    ChangeSummary summary(const SeekPlan& plan) const;
    // Moves the consumers as the plan says (apply_seek).
    SeekPlan apply(Session& session, const SeekPlan& plan, const RunControl& control) const;

    const SeekOptions& options() const { return m_options; }

  private:
    LogSource m_source;
    SeekOptions m_options;
};

// Plans a seek: the layout keeps consumers, the options are complete and consistent; throws
// UsageError otherwise. The layout's audit table becomes the options'.
SeekChange plan_seek(const Layout& layout, SeekOptions options);

// The selection echoed in the audit record: consumers, target, instants in UTC.
nlohmann::json seek_selection_json(const SeekOptions& options);

} // namespace eventctl
