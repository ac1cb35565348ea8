#pragma once

#include "eventctl/log/source.h"
#include "eventctl/session/session.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace eventctl {

// The ends of the log as one snapshot sees them (DESIGN 2.4).
struct Horizon {
    // The stable head: the highest seq_no written by a transaction older than every transaction
    // still in flight that wrote to the log, so no event can still appear at or below it (see
    // eventctl-log(1), STABLE HORIZON, for exactly what that guarantees). 0 when there is none.
    std::int64_t head = 0;
    // The highest seq_no visible; above head while younger transactions have committed.
    std::int64_t latest = 0;
    // The lowest seq_no visible; empty for an empty log.
    std::optional<std::int64_t> first;
    // Whether the log records writing transactions; without, head is latest, unprotected.
    bool stable = false;
    // The transaction id rows must be older than to count (text): the oldest transaction in
    // flight that wrote to the log, or the snapshot's xmax when none is.
    std::optional<std::string> bound;
    // False when the bound is a transaction that ended between the snapshot and the read of the
    // lock table: the head is safe but may be lower than a fresh snapshot would find.
    bool settled = true;

    // The position before the first event: where --to-beginning puts a consumer. Never above
    // head, so an event still in flight below the first visible one is not skipped.
    std::int64_t beginning() const;
};

// Reads the horizon in the caller's transaction, which must not have written anything yet: once
// it holds a transaction id, that id is the oldest in flight and holds the head back.
Horizon read_horizon(Session& session, pqxx::transaction_base& tx, const LogSource& source);

// What the --verbose log says before LogSnapshot reads an unsettled horizon again, sending the
// same statement once more.
inline constexpr const char* horizon_read_again =
    "the log's horizon was unsettled (a transaction ended while it was read): reading it again";

// A read-only snapshot whose first statement read the horizon (DESIGN 2.4), taken again while
// that read came out unsettled, a few times at most; statements after it see the same state.
class LogSnapshot {
  public:
    // Opens the snapshot; without with_horizon (a per-stream replay) it reads no horizon.
    LogSnapshot(Session& session, const LogSource& source, bool with_horizon = true);
    ~LogSnapshot();

    // The transaction to run the command's statements in.
    ReadTransaction& tx() { return *m_tx; }
    // The horizon read first, when asked for.
    const std::optional<Horizon>& horizon() const { return m_horizon; }
    // Ends the snapshot.
    void commit();

  private:
    std::unique_ptr<ReadTransaction> m_tx;
    std::optional<Horizon> m_horizon;
};

// How far a position is behind the head, in positions; 0 for a consumer at or past it.
std::int64_t consumer_lag(std::int64_t head, std::int64_t position);

} // namespace eventctl
