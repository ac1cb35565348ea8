#include "audit_args.h"

#include "eventctl/error.h"
#include "typed_options.h"

namespace eventctl::cli {

AuditQuery to_audit_query(const AuditArgs& args, TimePoint now) {
    AuditQuery query;
    query.command = args.command;
    query.since = time_option("--since", args.since, now);
    query.until = time_option("--until", args.until, now);
    query.limit = args.limit;
    return query;
}

} // namespace eventctl::cli
