#pragma once

#include "eventctl/sql/sql.h"

#include <string>

namespace eventctl {

// Where the canonical tables live; each name can be overridden from the command line.
struct TableNames {
    std::string schema = "public";
    std::string outbox = "outbox";
    std::string event_log = "event_log";
    std::string consumers = "event_consumers";
    std::string audit = "eventctl_audit";

    // The outbox table, schema-qualified.
    QualifiedName outbox_table() const { return {schema, outbox}; }
    // The event log table, schema-qualified.
    QualifiedName event_log_table() const { return {schema, event_log}; }
    // The consumer positions table, schema-qualified.
    QualifiedName consumers_table() const { return {schema, consumers}; }
    // The audit table, schema-qualified.
    QualifiedName audit_table() const { return {schema, audit}; }
};

} // namespace eventctl
