#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/outbox/filter.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/session/session.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace eventctl {

// What outbox list was asked.
struct ListOptions {
    OutboxFilter filter;
    std::int64_t limit = 50;         // 0: every matching entry
    std::optional<ListCursor> after; // where the previous page ended
    SortOrder order = SortOrder::ascending;
    bool with_payload = false;
};

// What a listing ended with, once every entry went to the sink.
struct ListResult {
    std::int64_t count = 0;
    std::optional<std::string> next_cursor; // set when more entries follow the last one
    std::string table = {};                 // the outbox, as its footer names it
    std::string database = {};              // database@host:port
};

// Receives each entry as it is read, so a listing of any size holds one page in memory.
using EntrySink = std::function<void(const OutboxEntry&)>;

// The key a cursor carries of the filters of the listing that printed it (ListCursor::filter).
std::string filter_key(const OutboxFilter& filter);

// Checks, before anything connects, that the options make sense (limit, cursor direction) and
// the layout has what the filters name; throws UsageError otherwise.
void validate_list(const Layout& layout, const ListOptions& options);

// Lists entries matching the filter in created_at order by keyset pages, one read-only snapshot.
ListResult list_entries(Session& session, const Layout& layout, const ListOptions& options,
                        const EntrySink& sink);

} // namespace eventctl
