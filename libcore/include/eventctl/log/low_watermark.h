#pragma once

// The log's low watermark: the lowest seq_no it still holds. After log purge, events below it
// are gone; reading or seeking there is refused (exit 65) instead of silently starting later.
// One read, shared by log consumers, seek, replay and whatever judges a consumer behind it.

#include "eventctl/log/source.h"
#include "eventctl/session/session.h"

#include <cstdint>
#include <optional>
#include <string>

namespace eventctl {

struct LowWatermark {
    // The lowest seq_no present; for a log emptied by purges, one past the last seq_no its
    // sequence handed out. Empty for a log that never held an event.
    std::optional<std::int64_t> lowest;
    // The first seq_no the log could ever hold: its sequence's start (1 without a sequence).
    std::int64_t first_possible = 1;

    // Whether the event at seq is gone: it could have existed, and lies below the lowest.
    bool purged(std::int64_t seq) const { return lowest && seq >= first_possible && seq < *lowest; }
};

// Reads the watermark in the caller's transaction (one step of the seq_no index, and the
// catalog of the column's sequence).
LowWatermark read_low_watermark(Session& session, pqxx::transaction_base& tx,
                                const LogSource& source);

// Throws DataError (exit 65) when the events from seq on are partly purged; what names the
// option ("--from-seq 12").
void refuse_below_watermark(const LowWatermark& watermark, std::int64_t seq,
                            const std::string& what);

} // namespace eventctl
