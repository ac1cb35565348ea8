#pragma once

#include "eventctl/schema/tables.h"
#include "eventctl/session/session.h"

#include <string>
#include <vector>

namespace eventctl {

// The canonical DDL (outbox, event log, consumers, audit, their indexes), idempotent,
// for the given names; identifiers quoted, no user value inside.
std::string canonical_schema_sql(const TableNames& tables);

// The canonical tables and indexes alone, for a schema that already exists.
std::string canonical_tables_sql(const TableNames& tables);

// One canonical relation and whether schema init had to create it.
struct SchemaObject {
    std::string kind; // "table" or "index"
    std::string name; // schema-qualified, for people
    bool created = false;
};

// What schema init found and made.
struct SchemaInitResult {
    std::string schema;
    std::vector<SchemaObject> objects;
};

// Creates whatever part of the canonical schema is missing, in one transaction; running it
// again changes nothing.
SchemaInitResult init_schema(Session& session, const TableNames& tables);

} // namespace eventctl
