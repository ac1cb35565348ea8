#pragma once

// What to GRANT when the server says "permission denied for table outbox" in the middle of a
// command: the privileges the command needs on that table (the same rules doctor checks), and
// the statement that gives them to the role.

#include "eventctl/command.h"
#include "eventctl/layout/layout.h"

#include <optional>
#include <string>

namespace eventctl {

// The hint for the server's permission error message while command ran on layout's tables as
// role: "outbox retry needs SELECT, UPDATE on table public.outbox: GRANT ...". Empty when the
// message names none of the command's tables or schemas.
std::optional<std::string> grant_hint(const Layout& layout, Command command,
                                      const std::string& message, const std::string& role);

} // namespace eventctl
