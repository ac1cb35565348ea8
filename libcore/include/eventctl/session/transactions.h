#pragma once

// The transactions commands run their statements in. Only code that runs SQL includes this
// header, and with it libpqxx; everything else knows these classes by name (session.h).

#include <pqxx/pqxx>

namespace eventctl {

// Snapshot-consistent, read-only: what every read command runs in, so a read-only role works
// and a paged listing sees one state of the table.
class ReadTransaction : public pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> {
  public:
    // namedclass is a virtual base of libpqxx's transactions: the most derived class names it.
    explicit ReadTransaction(pqxx::connection_base& connection)
        : namedclass("transaction<REPEATABLE READ,READ ONLY>"), transaction(connection) {}
};

// A read-write transaction at the server's default isolation (read committed).
class WriteTransaction : public pqxx::work {
  public:
    explicit WriteTransaction(pqxx::connection_base& connection)
        : namedclass("transaction<READ COMMITTED>"), transaction(connection) {}
};

} // namespace eventctl
