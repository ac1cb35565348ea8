#pragma once

#include "eventctl/outbox/filter.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

// Which entries a mutation acts on: explicit ids, filters, or both (ids narrowed by filters).
struct OutboxSelection {
    std::vector<std::string> ids;
    // Ids were asked for (--ids-from), even if the list held none: then nothing is selected,
    // never everything.
    bool ids_listed = false;
    OutboxFilter filter;
    bool all = false; // the caller said --all: an empty selection means the whole table

    // True when the selection names entries by id (arguments or a list).
    bool names_ids() const { return !ids.empty() || ids_listed; }
    // True when the selection names entries by id only, so no confirmation is needed.
    bool by_ids_only() const { return names_ids() && filter.empty(); }
};

// Checks a selection before anything runs: every id must parse as the layout's id type
// (DataError, exit 65) and an empty selection needs --all (RefusedError, exit 3).
void validate_selection(const OutboxSelection& selection, const std::string& id_type);

// The selection echoed back: set filters, and the number of ids given.
nlohmann::json selection_json(const OutboxSelection& selection);

} // namespace eventctl
