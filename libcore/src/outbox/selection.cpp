#include "eventctl/outbox/selection.h"

#include "eventctl/error.h"
#include "eventctl/outbox/show.h"

namespace eventctl {

void validate_selection(const OutboxSelection& selection, const std::string& id_type) {
    for (const auto& id : selection.ids) {
        validate_entry_id(id, id_type);
    }
    if (!selection.names_ids() && selection.filter.empty() && !selection.all) {
        throw RefusedError("no ids and no filter: this would select every entry",
                           "name ids, add filters, or pass --all if every entry is meant");
    }
}

nlohmann::json selection_json(const OutboxSelection& selection) {
    auto json = selection_json(selection.filter);
    if (selection.names_ids()) {
        json["ids"] = selection.ids.size();
    }
    if (selection.all) {
        json["all"] = true;
    }
    return json;
}

} // namespace eventctl
