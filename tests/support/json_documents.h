#pragma once

#include <nlohmann/json.hpp>

namespace eventctl::test {

// A change's JSON result without its run record (started_at, finished_at, duration_seconds,
// database, complete, stopped_by), which differs on every run: what is left is what the change
// did, for comparing whole documents.
nlohmann::json without_run_record(nlohmann::json document);

} // namespace eventctl::test
