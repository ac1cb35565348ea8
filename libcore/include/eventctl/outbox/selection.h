#pragma once

#include "eventctl/outbox/filter.h"

#include <istream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

// Which entries a mutation acts on: explicit ids, filters, or both (ids narrowed by filters).
struct OutboxSelection {
    std::vector<std::string> ids;
    OutboxFilter filter;
    bool all = false; // the caller said --all: an empty selection means the whole table

    // True when the selection names entries by id only, so no confirmation is needed.
    bool by_ids_only() const { return !ids.empty() && filter.empty(); }
};

// Checks a selection before anything runs: every id must parse as the layout's id type
// (DataError, exit 65) and an empty selection needs --all (RefusedError, exit 3).
void validate_selection(const OutboxSelection& selection, const std::string& id_type);

// Reads ids one per line (blank lines and surrounding spaces ignored), as from
// `eventctl outbox list -o ndjson | jq -r .id`.
std::vector<std::string> read_ids(std::istream& in);

// The selection echoed back: set filters, and the number of ids given.
nlohmann::json selection_json(const OutboxSelection& selection);

} // namespace eventctl
