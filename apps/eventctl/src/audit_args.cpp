#include "audit_args.h"

#include "eventctl/error.h"

namespace eventctl::cli {

namespace {

std::optional<TimePoint> time_option(const std::string& option,
                                     const std::optional<std::string>& text, TimePoint now) {
    if (!text) {
        return std::nullopt;
    }
    try {
        return parse_time(*text, now);
    } catch (const UsageError& e) {
        throw UsageError(option + ": " + e.what());
    }
}

} // namespace

AuditQuery to_audit_query(const AuditArgs& args, TimePoint now) {
    AuditQuery query;
    query.command = args.command;
    query.since = time_option("--since", args.since, now);
    query.until = time_option("--until", args.until, now);
    query.limit = args.limit;
    return query;
}

} // namespace eventctl::cli
