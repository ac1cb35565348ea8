#include "mutation_audit.h"

#include "eventctl/render/mutation.h"

namespace eventctl {

AuditTrail open_audit(Session& session, const Layout& layout, const MutationResult& result,
                      const std::string& command_line) {
    AuditRecord record;
    record.command = result.command;
    record.command_line = command_line;
    record.selection = result.selection;
    return AuditTrail(session, layout.audit, record);
}

nlohmann::json audit_result(const MutationResult& result) {
    nlohmann::json json = {{"skipped_locked", result.skipped_locked}, {"batches", result.batches}};
    if (result.archived) {
        json["archived"] = *result.archived;
    }
    // The ids a retry or mark-dead changed, so the record says which entries it touched, not
    // only how many.
    if (result.ids) {
        json["ids"] = *result.ids;
    }
    if (result.canary) {
        json["canary"] = canary_json(*result.canary);
    }
    return json;
}

} // namespace eventctl
