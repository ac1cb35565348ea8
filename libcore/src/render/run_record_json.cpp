#include "eventctl/render/run_record.h"

namespace eventctl {

void add_run_record(nlohmann::json& result, const RunRecord& record) {
    result["started_at"] = format_rfc3339(record.started_at);
    result["finished_at"] = format_rfc3339(record.finished_at);
    result["duration_seconds"] =
        std::chrono::duration<double>(record.finished_at - record.started_at).count();
    result["database"] = record.database;
    result["complete"] = record.complete;
    if (record.stopped_by) {
        result["stopped_by"] = *record.stopped_by;
    }
}

} // namespace eventctl
