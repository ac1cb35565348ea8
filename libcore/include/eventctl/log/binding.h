#pragma once

// A log layout checked against the live catalog and told how its columns store values: every
// log command binds its source first, so a layout that does not fit its tables is refused
// before anything runs (DESIGN 3).

#include "eventctl/log/source.h"
#include "eventctl/session/session.h"
#include "eventctl/sql/catalog.h"

#include <string>
#include <vector>

namespace eventctl {

// The tables to read from the catalog for a log source: the log, then the consumers if any.
std::vector<QualifiedName> log_catalog_tables(const LogSource& source);

// Everything that keeps the source from fitting the catalog, for doctor; empty when it fits.
std::vector<std::string> log_problems(const LogSource& source,
                                      const std::vector<CatalogTable>& catalog);

// The source with the formats of its columns; throws UsageError (exit 64) naming the first
// mismatch.
LogSource bind_log_source(const LogSource& source, const std::vector<CatalogTable>& catalog);

// Reads the catalog in its own read-only transaction and binds.
LogSource open_log_source(Session& session, const LogSource& source);

} // namespace eventctl
