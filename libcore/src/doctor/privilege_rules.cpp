#include "doctor/privilege_rules.h"

#include <algorithm>

namespace eventctl {

namespace {

// The privileges of one command, each once: USAGE on the schemas first, then the tables'.
class Needs {
  public:
    explicit Needs(Command command) {
        m_result.command = command;
        m_result.writes = command_writes(command);
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

// The audit record of a batched change: inserted (RETURNING id), then updated per batch.
void audit_trail(const Layout& layout, Needs& needs) {
    if (layout.audit) {
        needs.on(*layout.audit, {"SELECT", "INSERT", "UPDATE"});
    }
}

// A state change: an UPDATE of rows locked FOR UPDATE in their table, or, between the outbox
// and its dead-letter table, a DELETE from one and an INSERT ... RETURNING into the other.
// Every statement that changes rows also reads them (WHERE, RETURNING), and SELECT ... FOR
// UPDATE, which the changes lock their rows with, needs UPDATE as well.
CommandPrivileges change(const Layout& layout, Command command, const std::vector<Status>& from,
                         Status to) {
    const auto& outbox = *layout.outbox;
    Needs needs(command);
    const auto& target = table_of(outbox, to);
    for (auto status : from) {
        if (outbox.state(status) == nullptr) {
            continue;
        }
        const auto& source = table_of(outbox, status);
        needs.on(source, {"SELECT", "UPDATE"});
        if (source.name != target.name || source.schema != target.schema) {
            needs.on(source, {"DELETE"});
            needs.on(target, {"SELECT", "INSERT"});
        }
    }
    audit_trail(layout, needs);
    return needs.done();
}

// The consumers are locked FOR UPDATE and updated; --create inserts ON CONFLICT DO NOTHING
// (which reads the conflict column); the audit record is one INSERT ... RETURNING id.
CommandPrivileges seek(const Layout& layout, Command command, bool create) {
    const auto& log = *layout.log;
    Needs needs(command);
    needs.on(log.table, {"SELECT"});
    needs.on(log.consumers->table, {"SELECT", "UPDATE"});
    if (create) {
        needs.on(log.consumers->table, {"INSERT"});
    }
    if (layout.audit) {
        needs.on(*layout.audit, {"SELECT", "INSERT"});
    }
    return needs.done();
}

} // namespace

CommandPrivileges privileges_to_read_outbox(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(layout.outbox->table, {"SELECT"});
    if (layout.outbox->dead_letters) {
        needs.on(layout.outbox->dead_letters->table, {"SELECT"});
    }
    return needs.done();
}

CommandPrivileges privileges_to_retry(const Layout& layout, Command command) {
    return change(layout, command, {Status::failed, Status::dead}, Status::pending);
}

CommandPrivileges privileges_to_republish(const Layout& layout, Command command) {
    return change(layout, command, {Status::failed, Status::dead, Status::completed},
                  Status::pending);
}

CommandPrivileges privileges_to_mark_dead(const Layout& layout, Command command) {
    return change(layout, command, {Status::pending, Status::failed}, Status::dead);
}

CommandPrivileges privileges_to_unlock_stale(const Layout& layout, Command command) {
    return change(layout, command, {Status::processing}, Status::pending);
}

// Rows locked FOR UPDATE, then deleted, in every table that holds a state purge may delete.
CommandPrivileges privileges_to_purge(const Layout& layout, Command command) {
    Needs needs(command);
    for (auto status : {Status::completed, Status::failed, Status::dead}) {
        if (layout.outbox->state(status) != nullptr) {
            needs.on(table_of(*layout.outbox, status), {"SELECT", "UPDATE", "DELETE"});
        }
    }
    audit_trail(layout, needs);
    return needs.done();
}

CommandPrivileges privileges_to_read_consumers(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(layout.log->table, {"SELECT"});
    needs.on(layout.log->consumers->table, {"SELECT"});
    return needs.done();
}

CommandPrivileges privileges_to_seek(const Layout& layout, Command command) {
    return seek(layout, command, false);
}

CommandPrivileges privileges_to_seek_and_create(const Layout& layout, Command command) {
    return seek(layout, command, true);
}

CommandPrivileges privileges_to_read_log(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(layout.log->table, {"SELECT"});
    return needs.done();
}

CommandPrivileges privileges_to_replay_into_outbox(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(layout.log->table, {"SELECT"});
    needs.on(layout.outbox->table, {"SELECT", "INSERT"});
    audit_trail(layout, needs);
    return needs.done();
}

// Events deleted by seq_no range (DELETE reads them); the consumers' positions read for the
// floor; the audit trail.
CommandPrivileges privileges_to_purge_log(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(layout.log->table, {"SELECT", "DELETE"});
    if (layout.log->consumers) {
        needs.on(layout.log->consumers->table, {"SELECT"});
    }
    audit_trail(layout, needs);
    return needs.done();
}

// The audit records are only read.
CommandPrivileges privileges_to_read_audit(const Layout& layout, Command command) {
    Needs needs(command);
    needs.on(*layout.audit, {"SELECT"});
    return needs.done();
}

// metrics and check read the outbox and the consumers, as much of them as the layout has.
CommandPrivileges privileges_to_monitor(const Layout& layout, Command command) {
    Needs needs(command);
    if (layout.outbox) {
        needs.on(layout.outbox->table, {"SELECT"});
        if (layout.outbox->dead_letters) {
            needs.on(layout.outbox->dead_letters->table, {"SELECT"});
        }
    }
    if (layout.log && layout.log->consumers) {
        needs.on(layout.log->table, {"SELECT"});
        needs.on(layout.log->consumers->table, {"SELECT"});
    }
    return needs.done();
}

} // namespace eventctl
