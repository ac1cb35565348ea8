#include "command/command_table.h"
#include "doctor_steps.h"
#include "eventctl/session/transactions.h"

#include <algorithm>

namespace eventctl {

std::vector<std::string> CommandPrivileges::missing() const {
    std::vector<std::string> missing;
    for (const auto& check : privileges) {
        if (check.granted == false) {
            missing.push_back(check.privilege + " on " + check.object_kind + " " +
                              check.object_display());
        }
    }
    return missing;
}

std::vector<CommandPrivileges> privilege_needs(const Layout& layout) {
    std::vector<CommandPrivileges> commands;
    for (const auto& capability : layout_capabilities(layout)) {
        const auto& row = command_row(capability.command);
        if (capability.supported && row.privileges != nullptr) {
            commands.push_back(row.privileges(layout, capability.command));
        }
    }
    return commands;
}

namespace doctor {

void check_privileges(Session& session, pqxx::transaction_base& tx,
                      std::vector<CommandPrivileges>& commands, bool read_only) {
    std::vector<std::string> kinds;
    std::vector<std::string> names;
    std::vector<std::string> privileges;
    for (const auto& command : commands) {
        for (const auto& check : command.privileges) {
            kinds.push_back(check.object_kind);
            names.push_back(check.object_kind == "schema" ? check.object.schema
                                                          : check.object.sql());
            privileges.push_back(check.privilege);
        }
    }
    if (!kinds.empty()) {
        // NULL for an object that does not exist: the layout check reports that already.
        SqlParams params;
        auto sql = "SELECT t.ord, CASE WHEN t.kind = 'schema' THEN (SELECT "
                   "pg_catalog.has_schema_privilege(n.oid, t.privilege) FROM "
                   "pg_catalog.pg_namespace n WHERE n.nspname = t.name) ELSE "
                   "pg_catalog.has_table_privilege(pg_catalog.to_regclass(t.name), t.privilege) "
                   "END FROM ROWS FROM (pg_catalog.unnest(" +
                   params.bind_text_array(kinds) + "), pg_catalog.unnest(" +
                   params.bind_text_array(names) + "), pg_catalog.unnest(" +
                   params.bind_text_array(privileges) +
                   ")) WITH ORDINALITY AS t(kind, name, privilege, ord) ORDER BY t.ord";
        auto rows = session.exec(tx, sql, params);
        std::size_t at = 0;
        for (auto& command : commands) {
            for (auto& check : command.privileges) {
                const auto& granted = rows[static_cast<pqxx::result::size_type>(at++)][1];
                if (!granted.is_null()) {
                    check.granted = granted.as<bool>();
                }
            }
        }
    }
    for (auto& command : commands) {
        command.blocked_by_read_only = read_only && command.writes;
    }
}

} // namespace doctor

} // namespace eventctl
