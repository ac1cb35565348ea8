#pragma once

// What the live catalog says of the tables a layout names: whether they exist and their
// columns' types. Every command that uses a layout reads it first, so a layout that does not
// fit its table is refused before anything runs (DESIGN 3), and the SQL reads each column the
// way it is stored.

#include "eventctl/session/session.h"
#include "eventctl/sql/expressions.h"
#include "eventctl/sql/sql.h"

#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// The kinds of column types eventctl reads and writes differently.
enum class ColumnKind {
    timestamptz,
    timestamp,
    date,
    text, // text, varchar, char
    jsonb,
    json,
    uuid,
    integer, // smallint, integer, bigint, numeric
    boolean,
    enumeration,
    xid8,
    other,
};

// Whether a column of the kind can hold a time (text as RFC 3339) / a JSON document (text too).
bool stores_time(ColumnKind kind);
bool stores_json(ColumnKind kind);

// How a column of the kind stores a time / a document (timestamptz / jsonb for other kinds).
TimeFormat time_format_of(ColumnKind kind);
JsonFormat json_format_of(ColumnKind kind);

// One column as the catalog has it.
struct CatalogColumn {
    std::string name;
    std::string type; // format_type(), e.g. "timestamp with time zone", "public.status"
    ColumnKind kind = ColumnKind::other;
    bool not_null = false;
    bool has_default = false;
    std::vector<std::string> enum_labels; // for enumeration
};

// Where else a missing table might be: read with it, for a message that says what is wrong
// instead of inviting schema init to create an empty table beside the real one.
struct MissingTableClues {
    bool schema_exists = true;
    std::vector<std::string> schemas_holding_name; // schemas with a table of the same name
    std::vector<std::string> tables_in_schema;     // for a mistyped table name
    std::vector<std::string> schemas;              // every schema, when the one named is missing
};

// One table as the catalog has it; exists is false when there is no such table.
struct CatalogTable {
    QualifiedName name;
    bool exists = false;
    std::vector<CatalogColumn> columns;
    MissingTableClues clues; // filled when the table does not exist

    // The column of that name, if the table has it.
    const CatalogColumn* column(const std::string& name) const;
};

// Reads the tables' columns in one round trip, in the order asked.
std::vector<CatalogTable> read_catalog(Session& session, pqxx::transaction_base& tx,
                                       const std::vector<QualifiedName>& tables);

// Throws UsageError (exit 64) for a layout that does not fit its tables. A missing table is
// told by what is missing: a schema that does not exist, with the schemas that do hold such a
// table ("did you mean --schema public?"); a table that exists in another schema, or under a
// name close to the one given; and only when the schema exists and no such table exists
// anywhere, for the canonical layout, schema init. Any other mismatch by its first problem,
// pointing at doctor for the rest.
[[noreturn]] void refuse_mismatch(const std::string& layout,
                                  const std::vector<std::string>& problems,
                                  const std::vector<CatalogTable>& catalog);

} // namespace eventctl
