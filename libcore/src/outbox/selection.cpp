#include "eventctl/outbox/selection.h"

#include "eventctl/error.h"
#include "eventctl/outbox/show.h"

namespace eventctl {

void validate_selection(const OutboxSelection& selection, const std::string& id_type) {
    for (const auto& id : selection.ids) {
        validate_entry_id(id, id_type);
    }
    if (selection.ids.empty() && selection.filter.empty() && !selection.all) {
        throw RefusedError("no ids and no filter: this would select every entry",
                           "name ids, add filters, or pass --all if every entry is meant");
    }
}

std::vector<std::string> read_ids(std::istream& in) {
    std::vector<std::string> ids;
    for (std::string line; std::getline(in, line);) {
        auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) {
            continue;
        }
        auto last = line.find_last_not_of(" \t\r");
        ids.push_back(line.substr(first, last - first + 1));
    }
    return ids;
}

nlohmann::json selection_json(const OutboxSelection& selection) {
    auto json = selection_json(selection.filter);
    if (!selection.ids.empty()) {
        json["ids"] = selection.ids.size();
    }
    if (selection.all) {
        json["all"] = true;
    }
    return json;
}

} // namespace eventctl
