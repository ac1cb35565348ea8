#pragma once

// What each command needs of a layout: a rule per command of the command table, returning what
// the layout lacks for it, or nothing when it has everything.

#include "eventctl/layout/layout.h"

#include <string>

namespace eventctl {

// What a command lacks in a layout ("a dead state"); empty when it lacks nothing.
using LayoutNeed = std::string (*)(const Layout&);

std::string needs_outbox(const Layout& layout);
std::string needs_to_retry(const Layout& layout);
std::string needs_to_republish(const Layout& layout);
std::string needs_to_mark_dead(const Layout& layout);
std::string needs_to_unlock_stale(const Layout& layout);
std::string needs_to_purge(const Layout& layout);
std::string needs_error_groups(const Layout& layout);
std::string needs_aggregates(const Layout& layout);
std::string needs_audit_table(const Layout& layout);
std::string needs_consumers(const Layout& layout);
std::string needs_to_create_consumers(const Layout& layout);
std::string needs_global_position(const Layout& layout);
std::string needs_streams(const Layout& layout);
std::string needs_to_replay_into_outbox(const Layout& layout);
std::string needs_to_purge_log(const Layout& layout);
// metrics and check: whatever of the two the layout has, but one of them.
std::string needs_outbox_or_consumers(const Layout& layout);

} // namespace eventctl
