#pragma once

// The SQL of a layout's rules: its conditions as WHERE clauses and its values as what an UPDATE
// or INSERT writes, for any table the catalog described. Column names are quoted, constants and
// JSON keys bound; nothing of the layout is spliced as SQL text.

#include "eventctl/layout/rules.h"
#include "eventctl/sql/catalog.h"
#include "eventctl/sql/condition.h"
#include "eventctl/sql/expressions.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// How a column of the table a rule reads stores times (timestamptz for one that is not a time).
using TimeFormatOf = std::function<TimeFormat(const std::string& column)>;

// The time formats of a catalog table's columns.
TimeFormatOf time_formats_of(const CatalogTable& table);

// A column reference: alias.column, quoted.
std::string column_ref(const std::string& column, const std::string& alias = "");

// One condition on the row named alias.
Condition rule_condition(const LayoutCondition& condition, const TimeFormatOf& formats,
                         SqlParams& params, const std::string& alias = "");

// Every condition (always, for none).
Condition rule_conditions(const std::vector<LayoutCondition>& conditions,
                          const TimeFormatOf& formats, SqlParams& params,
                          const std::string& alias = "");

// The text at a JSON key (or path) of a jsonb or json column; NULL where the key is missing.
std::string json_key_text(const std::string& column, const JsonKey& key, SqlParams& params);

// What a value is written with.
struct ValueSource {
    const TimeFormatOf* target_formats = nullptr; // the written table's columns
    JsonFormat target_json = JsonFormat::jsonb;   // how the written column holds JSON (reason)
    std::string alias; // the row whose columns values copy ("" for the updated row itself)
    std::chrono::seconds delay{0};     // retry --delay
    std::optional<std::string> reason; // mark-dead --reason
};

// The SQL of a value written into column (of the target table).
std::string value_sql(const std::string& column, const LayoutValue& value,
                      const ValueSource& source, SqlParams& params);

} // namespace eventctl
