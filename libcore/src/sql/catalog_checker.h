#pragma once

// One checker of a layout against the live catalog, for the outbox and the log alike: it
// collects every problem instead of stopping at the first, so doctor lists exactly what the
// commands would refuse, in the same words.

#include "eventctl/sql/catalog.h"

#include <string>
#include <vector>

namespace eventctl {

class CatalogChecker {
  public:
    // Whether the table exists; a problem naming its role ("the outbox") when it does not.
    bool table(const CatalogTable& table, const std::string& role);
    // The column, or a problem saying the table has none of that name (role: what it is for).
    const CatalogColumn* column(const CatalogTable& table, const std::string& name,
                                const std::string& role);
    // A problem when the column is there and fits is false: "... is TYPE; expected EXPECTED".
    void expect(const CatalogTable& table, const CatalogColumn* column, bool fits,
                const std::string& role, const std::string& expected);
    // A problem said otherwise.
    void problem(std::string text) { m_problems.push_back(std::move(text)); }

    const std::vector<std::string>& problems() const { return m_problems; }

  private:
    std::vector<std::string> m_problems;
};

} // namespace eventctl
