#pragma once

#include "eventctl/log/event.h"
#include "eventctl/log/horizon.h"
#include "eventctl/log/source.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What log replay was asked. Positions are seq_no, or with stream the stream's own stream_seq.
struct ReplayOptions {
    std::optional<std::int64_t> from_seq;  // position >= this
    std::optional<std::int64_t> after_seq; // position > this
    std::optional<TimePoint> from_time;    // from the first event created at or after this
    std::optional<std::string> consumer;   // after this consumer's position
    std::optional<std::int64_t> to_seq;    // position <= this
    std::optional<TimePoint> to_time;      // up to the last event created at or before this
    std::optional<std::string> stream;     // one stream, in stream_seq order
    std::optional<std::string> tenant;
    std::vector<std::string> types; // any of these event types
    std::int64_t limit = 0;         // 0: every event in range

    // True when nothing narrows the replay: the whole log up to the head.
    bool unbounded() const;
};

// The range a replay resolved to: positions after `after` up to `through`, in one snapshot.
struct ReplayRange {
    bool by_stream = false;              // positions are stream_seq of options.stream
    std::optional<std::int64_t> after;   // empty: from the first event
    std::optional<std::int64_t> through; // empty: to the last event
    bool empty = false;                  // a time bound matched no event: nothing to replay
    std::optional<Horizon> horizon;      // read for the global log
    std::vector<std::string> warnings;   // e.g. an explicit end above the stable head
};

// What a replay ended with, once every event went to the sink.
struct ReplayResult {
    std::int64_t count = 0;
    std::optional<std::int64_t> last_position; // of the last event replayed
    bool more = false;                         // --limit stopped it before the end of the range
    ReplayRange range;
};

// Receives each event as it is read, so a replay of any size holds one page in memory.
using EventSink = std::function<void(const LogEvent&)>;

// Checks the options make sense for the source; throws UsageError otherwise (two starts, two
// ends, a negative limit, --consumer with --stream, a layout without what they need).
void validate_replay_options(const LogSource& source, const ReplayOptions& options);

// Resolves the options to a position range in the caller's snapshot (opened with its horizon
// unless the replay is of one stream): times and the consumer become positions, and without an
// end the global log stops at the stable head. Throws DataError for an unknown consumer.
ReplayRange resolve_replay_range(Session& session, LogSnapshot& snapshot, const LogSource& source,
                                 const ReplayOptions& options);

// Streams the selected events in position order through a cursor, a page read ahead, in one
// read-only snapshot.
ReplayResult replay_events(Session& session, const LogSource& source, const ReplayOptions& options,
                           const EventSink& sink);

// The selection echoed back (audit, --into-outbox result): the options as resolved.
nlohmann::json replay_selection_json(const ReplayOptions& options, const ReplayRange& range);

} // namespace eventctl
