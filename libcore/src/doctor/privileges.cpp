#include "doctor_steps.h"
#include "eventctl/session/transactions.h"

#include <algorithm>

namespace eventctl {

namespace {

// The privileges of one command, each once: USAGE on the schemas first, then the tables'.
class Needs {
  public:
    Needs(std::string command, bool writes) {
        m_result.command = std::move(command);
        m_result.writes = writes;
    }

    void on(const QualifiedName& table, std::initializer_list<const char*> privileges) {
        for (const char* privilege : privileges) {
            add("table", table, privilege);
        }
    }

    CommandPrivileges done() {
        std::vector<PrivilegeCheck> schemas;
        for (const auto& check : m_result.privileges) {
            bool known = std::any_of(schemas.begin(), schemas.end(), [&](const auto& schema) {
                return schema.object.schema == check.object.schema;
            });
            if (!known) {
                schemas.push_back({"schema", {check.object.schema, ""}, "USAGE", std::nullopt});
            }
        }
        m_result.privileges.insert(m_result.privileges.begin(), schemas.begin(), schemas.end());
        return m_result;
    }

  private:
    void add(const std::string& kind, const QualifiedName& object, const std::string& privilege) {
        bool known = std::any_of(
            m_result.privileges.begin(), m_result.privileges.end(), [&](const auto& check) {
                return check.object_kind == kind && check.object.schema == object.schema &&
                       check.object.name == object.name && check.privilege == privilege;
            });
        if (!known) {
            m_result.privileges.push_back({kind, object, privilege, std::nullopt});
        }
    }

    CommandPrivileges m_result;
};

// Where a state's rows live: the outbox, or its dead-letter table.
const QualifiedName& table_of(const OutboxLayout& outbox, Status status) {
    const auto* rule = outbox.state(status);
    return rule != nullptr && rule->in_dead_letters ? outbox.dead_letters->table : outbox.table;
}

// What the statements of each command do to each table, as PostgreSQL checks them. Every
// statement that changes rows also reads them (WHERE, RETURNING), and SELECT ... FOR UPDATE,
// which the changes lock their rows with, needs UPDATE as well.
class CommandNeeds {
  public:
    explicit CommandNeeds(const Layout& layout) : m_layout(layout) {}

    std::vector<CommandPrivileges> of(const std::string& command) const {
        if (command == "outbox stats" || command == "outbox list" || command == "outbox show") {
            Needs needs(command, false);
            read_outbox(needs);
            return {needs.done()};
        }
        if (command == "outbox retry" || command == "outbox retry --include-completed") {
            std::vector<Status> from{Status::failed, Status::dead};
            if (command != "outbox retry") {
                from.push_back(Status::completed);
            }
            return {change(command, from, Status::pending)};
        }
        if (command == "outbox mark-dead") {
            return {change(command, {Status::pending, Status::failed}, Status::dead)};
        }
        if (command == "outbox unlock-stale") {
            return {change(command, {Status::processing}, Status::pending)};
        }
        if (command == "outbox purge") {
            return {purge()};
        }
        if (command == "log consumers") {
            Needs needs(command, false);
            needs.on(log().table, {"SELECT"});
            needs.on(log().consumers->table, {"SELECT"});
            return {needs.done()};
        }
        if (command == "log seek") {
            return {seek(command, false), seek("log seek --create", true)};
        }
        if (command == "log replay") {
            Needs needs(command, false);
            needs.on(log().table, {"SELECT"});
            if (!log().consumers) {
                return {needs.done()};
            }
            Needs from_consumer("log replay --consumer", false);
            from_consumer.on(log().table, {"SELECT"});
            from_consumer.on(log().consumers->table, {"SELECT"});
            return {needs.done(), from_consumer.done()};
        }
        if (command == "log replay --stream") {
            Needs needs(command, false);
            needs.on(log().table, {"SELECT"});
            return {needs.done()};
        }
        if (command == "log replay --into-outbox") {
            Needs needs(command, true);
            needs.on(log().table, {"SELECT"});
            needs.on(outbox().table, {"SELECT", "INSERT"});
            audit_trail(needs);
            return {needs.done()};
        }
        return {};
    }

  private:
    const OutboxLayout& outbox() const { return *m_layout.outbox; }
    const LogSource& log() const { return *m_layout.log; }

    void read_outbox(Needs& needs) const {
        needs.on(outbox().table, {"SELECT"});
        if (outbox().dead_letters) {
            needs.on(outbox().dead_letters->table, {"SELECT"});
        }
    }

    // The audit record of a batched change: inserted (RETURNING id), then updated per batch.
    void audit_trail(Needs& needs) const {
        if (m_layout.audit) {
            needs.on(*m_layout.audit, {"SELECT", "INSERT", "UPDATE"});
        }
    }

    // A state change: an UPDATE of rows locked FOR UPDATE in their table, or, between the
    // outbox and its dead-letter table, a DELETE from one and an INSERT ... RETURNING into the
    // other.
    CommandPrivileges change(const std::string& command, const std::vector<Status>& from,
                             Status to) const {
        Needs needs(command, true);
        const auto& target = table_of(outbox(), to);
        for (auto status : from) {
            if (outbox().state(status) == nullptr) {
                continue;
            }
            const auto& source = table_of(outbox(), status);
            needs.on(source, {"SELECT", "UPDATE"});
            if (source.name != target.name || source.schema != target.schema) {
                needs.on(source, {"DELETE"});
                needs.on(target, {"SELECT", "INSERT"});
            }
        }
        audit_trail(needs);
        return needs.done();
    }

    // Rows locked FOR UPDATE, then deleted, in every table that holds a state purge may delete.
    CommandPrivileges purge() const {
        Needs needs("outbox purge", true);
        for (auto status : {Status::completed, Status::failed, Status::dead}) {
            if (outbox().state(status) != nullptr) {
                needs.on(table_of(outbox(), status), {"SELECT", "UPDATE", "DELETE"});
            }
        }
        audit_trail(needs);
        return needs.done();
    }

    // The consumers are locked FOR UPDATE and updated; --create inserts ON CONFLICT DO NOTHING
    // (which reads the conflict column); the audit record is one INSERT ... RETURNING id.
    CommandPrivileges seek(const std::string& command, bool create) const {
        Needs needs(command, true);
        needs.on(log().table, {"SELECT"});
        needs.on(log().consumers->table, {"SELECT", "UPDATE"});
        if (create) {
            needs.on(log().consumers->table, {"INSERT"});
        }
        if (m_layout.audit) {
            needs.on(*m_layout.audit, {"SELECT", "INSERT"});
        }
        return needs.done();
    }

    const Layout& m_layout;
};

} // namespace

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
    CommandNeeds needs(layout);
    std::vector<CommandPrivileges> commands;
    for (const auto& capability : layout_capabilities(layout)) {
        if (!capability.supported) {
            continue;
        }
        for (auto& command : needs.of(capability.command)) {
            commands.push_back(std::move(command));
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
