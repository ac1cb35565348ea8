#include "json_documents.h"

namespace eventctl::test {

nlohmann::json without_run_record(nlohmann::json document) {
    for (const char* field :
         {"started_at", "finished_at", "duration_seconds", "database", "complete", "stopped_by"}) {
        document.erase(field);
    }
    return document;
}

} // namespace eventctl::test
