#include "eventctl/error.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/render/terminal_text.h"

namespace eventctl {

std::string_view to_string(Status status) {
    switch (status) {
    case Status::pending:
        return "pending";
    case Status::processing:
        return "processing";
    case Status::completed:
        return "completed";
    case Status::failed:
        return "failed";
    case Status::dead:
        return "dead";
    }
    return "unknown";
}

std::vector<std::string> status_names(const std::vector<Status>& statuses) {
    std::vector<std::string> names;
    for (auto status : statuses) {
        names.emplace_back(to_string(status));
    }
    return names;
}

Status parse_status(std::string_view text) {
    for (auto status : all_statuses) {
        if (to_string(status) == text) {
            return status;
        }
    }
    throw UsageError("invalid status " + in_quotes(text) +
                     ": expected pending, processing, completed, failed or dead");
}

} // namespace eventctl
