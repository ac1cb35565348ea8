#include "sql/catalog_checker.h"

namespace eventctl {

bool CatalogChecker::table(const CatalogTable& table, const std::string& role) {
    if (!table.exists) {
        problem("relation \"" + table.name.display() + "\" does not exist (" + role + ")");
    }
    return table.exists;
}

const CatalogColumn* CatalogChecker::column(const CatalogTable& table, const std::string& name,
                                            const std::string& role) {
    const auto* found = table.column(name);
    if (found == nullptr) {
        problem("table " + table.name.display() + " has no column \"" + name + "\" (" + role + ")");
    }
    return found;
}

void CatalogChecker::expect(const CatalogTable& table, const CatalogColumn* column, bool fits,
                            const std::string& role, const std::string& expected) {
    if (column != nullptr && !fits) {
        problem("column " + table.name.display() + "." + column->name + " (" + role + ") is " +
                column->type + "; expected " + expected);
    }
}

} // namespace eventctl
