#include "eventctl/doctor/grant_hint.h"

#include "command/command_table.h"
#include "eventctl/sql/sql.h"

namespace eventctl {

namespace {

// The object a permission error names: "permission denied for table outbox" gives table,
// outbox (unqualified, as the server words it).
std::optional<std::pair<std::string, std::string>> denied_object(const std::string& message) {
    const std::string marker = "permission denied for ";
    auto at = message.find(marker);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    auto rest = message.substr(at + marker.size());
    auto space = rest.find(' ');
    if (space == std::string::npos) {
        return std::nullopt;
    }
    auto kind = rest.substr(0, space);
    auto name = rest.substr(space + 1);
    name = name.substr(0, name.find_first_of(" ;,"));
    if (kind == "relation") {
        kind = "table";
    }
    return std::make_pair(kind, name);
}

} // namespace

std::optional<std::string> grant_hint(const Layout& layout, Command command,
                                      const std::string& message, const std::string& role) {
    auto denied = denied_object(message);
    const auto& row = command_row(command);
    if (!denied || row.privileges == nullptr || row.lacking == nullptr ||
        !row.lacking(layout).empty()) {
        return std::nullopt;
    }
    auto needs = row.privileges(layout, command);
    std::optional<QualifiedName> object;
    std::string privileges;
    for (const auto& check : needs.privileges) {
        bool same = check.object_kind == denied->first &&
                    (check.object_kind == "schema" ? check.object.schema == denied->second
                                                   : check.object.name == denied->second);
        if (!same) {
            continue;
        }
        object = check.object;
        privileges += (privileges.empty() ? "" : ", ") + check.privilege;
    }
    if (!object) {
        return std::nullopt;
    }
    bool schema = denied->first == "schema";
    auto shown = schema ? object->schema : object->display();
    auto target = schema ? quote_identifier(object->schema) : object->sql();
    return std::string(command_name(command)) + " needs " + privileges + " on " + denied->first +
           " " + shown + ": GRANT " + privileges + " ON " + (schema ? "SCHEMA " : "TABLE ") +
           target + " TO " + quote_identifier(role.empty() ? "ROLE" : role) +
           "; 'eventctl doctor' lists what every command needs";
}

} // namespace eventctl
