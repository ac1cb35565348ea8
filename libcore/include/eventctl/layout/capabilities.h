#pragma once

// What each command needs of a layout, checked from the layout alone, before any connection:
// a command that needs a state, a column or a table the layout lacks is refused with exit 64
// and a message naming the layout and what it lacks (DESIGN 3).

#include "eventctl/command.h"
#include "eventctl/layout/layout.h"

#include <string>
#include <vector>

namespace eventctl {

// Whether the layout supports one command, and if not, what it lacks.
struct Capability {
    Command command = Command::outbox_stats;
    bool supported = false;
    std::string lacking; // e.g. "a failed or dead state"; empty when supported
};

// Every command of the command table that works on a layout, as this one supports it, in
// manual order.
std::vector<Capability> layout_capabilities(const Layout& layout);

// Throws UsageError (exit 64) unless the layout supports the command.
void require_capability(const Layout& layout, Command command);

// The outbox half, or UsageError naming the command that needs it.
const OutboxLayout& require_outbox(const Layout& layout, const std::string& what);

// UsageError unless the outbox maps the field; what says who needs it ("--tenant").
void require_outbox_field(const Layout& layout, OutboxField field, const std::string& what);

// UsageError unless the outbox keeps error messages (last_error in its table or in its
// dead-letter table); what says who needs them ("--error-group").
void require_error_messages(const Layout& layout, const std::string& what);

// UsageError unless the outbox has the state; what says who needs it ("--status failed").
void require_outbox_state(const Layout& layout, Status status, const std::string& what);

} // namespace eventctl
