#pragma once

// The tables of the systems whose outboxes and logs eventctl's built-in layouts administer, as
// DESIGN 3 describes them: what the integration tests create and fill.

namespace eventctl::test {

// Rust outbox-postgres: the enum type named status, outbox_events with its locked_until lease
// (never locked: -infinity), and the dead letters in outbox_dead_letters.
extern const char* const oxide_outbox_ddl;

// klauthed-data's SqlOutbox: TEXT ids, payload as JSON text, RFC 3339 text times, published 0/1.
extern const char* const klauthed_ddl;

// The OpenCTEM notification outbox: the five states in a VARCHAR with a CHECK, retry_count and
// max_retries, a lock taken at locked_at by locked_by.
extern const char* const openctem_ddl;

// A per-execution event store: events keyed by (execution_id, sequence), no global position.
extern const char* const execution_store_ddl;

} // namespace eventctl::test
