#pragma once

// The rows of the command table: each command's names, and the rules that say what it needs of
// a layout and which privileges it needs on the layout's tables.

#include "doctor/privilege_rules.h"
#include "eventctl/command.h"
#include "layout/capability_rules.h"

#include <vector>

namespace eventctl {

struct CommandRow {
    Command command;
    const char* name;    // as listed: "outbox retry --include-completed"
    const char* invoked; // as run: "outbox retry"
    const char* audit;   // the audit record's command
    bool writes;
    LayoutNeed lacking;       // null: needs no layout
    PrivilegeRule privileges; // null: needs no privilege on the layout's tables
};

// The row of a command.
const CommandRow& command_row(Command command);

// Every row, in manual order.
const std::vector<CommandRow>& command_rows();

} // namespace eventctl
