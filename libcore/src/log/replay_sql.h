#pragma once

// The SQL a replay selects with, shared by the stream to stdout and --into-outbox.

#include "eventctl/log/replay.h"
#include "eventctl/sql/sql.h"

#include <optional>
#include <string>

namespace eventctl {

// The column positions are compared on: seq_no, or stream_seq when replaying one stream.
std::string replay_position_column(const LogSource& source, const ReplayRange& range);

// The WHERE conditions of a resolved replay: its stream, range and filters, and with
// after_position the keyset step past the previous page. Values are bound.
std::string replay_conditions(const LogSource& source, const ReplayOptions& options,
                              const ReplayRange& range,
                              const std::optional<std::int64_t>& after_position, SqlParams& params);

} // namespace eventctl
