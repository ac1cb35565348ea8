#pragma once

// The catalog checks of a layout's rules, for any table: the columns conditions and values name
// exist, an enum holds the labels given, a time test reads a time, a NOT NULL column is not
// written NULL. Problems are collected, as CatalogChecker does.

#include "eventctl/layout/rules.h"
#include "sql/catalog_checker.h"

#include <string>
#include <vector>

namespace eventctl {

class RuleChecker : public CatalogChecker {
  public:
    // Checks a condition on the table; where says whose it is ("state dead").
    void check_condition(const CatalogTable& table, const LayoutCondition& condition,
                         const std::string& where);
    void check_conditions(const CatalogTable& table, const std::vector<LayoutCondition>& conditions,
                          const std::string& where);
    // Checks a value written into column of target; columns the value copies are read from
    // source (the same table for an UPDATE, the other one for a move).
    void check_value(const CatalogTable& target, const std::string& column,
                     const LayoutValue& value, const std::string& where,
                     const CatalogTable& source);
    void check_assignments(const CatalogTable& target, const LayoutAssignments& assignments,
                           const std::string& where, const CatalogTable& source);
    // A problem unless the enum column (if it is one) has the label.
    void check_label(const CatalogTable& table, const CatalogColumn& column,
                     const std::string& value, const std::string& where);
    // A problem unless the column is a JSON column a key can be read from.
    void check_json_key(const CatalogTable& table, const JsonKey& key, const std::string& where);
};

} // namespace eventctl
