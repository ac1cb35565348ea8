#pragma once

// The steps of eventctl doctor, each in its own file, all run in the caller's read-only
// transaction.

#include "eventctl/doctor/doctor.h"
#include "eventctl/session/transactions.h"

#include <string>
#include <utility>
#include <vector>

namespace eventctl::doctor {

// The server and the session.
ConnectionFacts read_connection_facts(Session& session, pqxx::transaction_base& tx);

// Every table the layout names, with its role, in the order doctor reports them.
std::vector<std::pair<std::string, QualifiedName>> layout_tables(const Layout& layout);

// The table of that name among the catalog's (an empty, missing one when it is not there).
const CatalogTable& find_table(const std::vector<CatalogTable>& catalog, const QualifiedName& name);

// The catalog's tables, in the order asked, for the layout code's checks.
std::vector<CatalogTable> tables_of(const std::vector<CatalogTable>& catalog,
                                    const std::vector<QualifiedName>& names);

// The layout against the catalog: tables, problems and the columns the states test.
LayoutCheck check_layout(const Layout& layout, const std::vector<CatalogTable>& catalog);

// How the outbox's rows fall into the states; the layout's outbox must fit the catalog.
StateCounts count_states(Session& session, pqxx::transaction_base& tx, const Layout& layout,
                         const std::vector<CatalogTable>& catalog);

// Each need against the indexes of its table, with a statement (and a free name) when unmet.
std::vector<IndexCheck> check_indexes(Session& session, pqxx::transaction_base& tx,
                                      const std::vector<IndexNeed>& needs);

// How each table of the layout that exists is partitioned, and whether purge can drop its
// partitions.
std::vector<PartitionReport> check_partitions(Session& session, pqxx::transaction_base& tx,
                                              const Layout& layout,
                                              const std::vector<CatalogTable>& catalog);

// Fills in which privileges the current role has; read_only marks the writing commands.
void check_privileges(Session& session, pqxx::transaction_base& tx,
                      std::vector<CommandPrivileges>& commands, bool read_only);

// A value as an SQL literal, for statements that are printed rather than run: quotes doubled,
// and E'' with doubled backslashes when it holds one, as PostgreSQL's quote_literal does.
std::string quote_literal(const std::string& value);

// Index names as PostgreSQL keeps them: at most 63 bytes, cut at a character boundary.
std::string index_name(const std::string& table, const std::string& suffix);

} // namespace eventctl::doctor
