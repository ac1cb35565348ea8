#pragma once

// What the parts of the layout reader share: the format version being read, values and
// conditions, and the outbox and log halves (layout_reader.cpp puts them together).

#include "eventctl/layout/layout.h"
#include "json_node.h"

#include <string>
#include <vector>

namespace eventctl::reading {

// Where a value is read, which decides what it may be: the operator's --reason only where
// mark-dead writes, retry's --delay only where retry writes.
struct ValueContext {
    int version = 1;
    bool reason = false;
    bool delay = false;
};

// Fails unless the document is format 2: what names the feature.
void require_version_2(const JsonNode& node, int version, const std::string& what);

// A value to write (eventctl-layout(5), VALUES).
LayoutValue read_value(const JsonNode& node, const ValueContext& context);

// Column assignments: {"column": VALUE, ...}.
LayoutAssignments read_assignments(const JsonNode& node, const ValueContext& context);

// One condition, and a list of them (empty only where allow_empty).
LayoutCondition read_condition(const JsonNode& node, int version);
std::vector<LayoutCondition> read_conditions(const JsonNode& node, int version, bool allow_empty);

// A field read from a JSON key: {"json": COLUMN, "key": KEY} or {"json": COLUMN, "path": [...]}.
JsonKey read_json_key(const JsonNode& node, int version);

// The table of an object with a "table" key, in the schema.
QualifiedName table_name(const JsonNode& node, const std::string& schema);

// The halves of a layout.
OutboxLayout read_outbox(const JsonNode& node, const std::string& schema, int version);
LogSource read_log(const JsonNode& node, const std::string& schema, const std::string& name,
                   int version);

} // namespace eventctl::reading
