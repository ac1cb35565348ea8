#pragma once

#include "eventctl/change/change.h"

#include <nlohmann/json.hpp>

namespace eventctl {

// Adds a change's record to its JSON result: started_at, finished_at, duration_seconds,
// database, complete and, when cut short, stopped_by (DESIGN 7).
void add_run_record(nlohmann::json& result, const RunRecord& record);

} // namespace eventctl
