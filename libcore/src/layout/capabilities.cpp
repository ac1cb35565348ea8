#include "eventctl/layout/capabilities.h"

#include "command/command_table.h"
#include "eventctl/error.h"

namespace eventctl {

namespace {

[[noreturn]] void refuse(const Layout& layout, const std::string& lacking,
                         const std::string& what) {
    throw UsageError("layout " + layout.name + " lacks " + lacking + ", which " + what + " needs",
                     "see what the layout supports with 'eventctl doctor', or describe the table "
                     "in a layout file (eventctl-layout(5))");
}

} // namespace

std::vector<Capability> layout_capabilities(const Layout& layout) {
    std::vector<Capability> capabilities;
    for (const auto& row : command_rows()) {
        if (row.lacking != nullptr) {
            auto lacking = row.lacking(layout);
            capabilities.push_back({row.command, lacking.empty(), lacking});
        }
    }
    return capabilities;
}

void require_capability(const Layout& layout, Command command) {
    const auto& row = command_row(command);
    if (row.lacking == nullptr) {
        return;
    }
    if (auto lacking = row.lacking(layout); !lacking.empty()) {
        refuse(layout, lacking, row.name);
    }
}

const OutboxLayout& require_outbox(const Layout& layout, const std::string& what) {
    if (!layout.outbox) {
        refuse(layout, "an outbox table", what);
    }
    return *layout.outbox;
}

void require_outbox_field(const Layout& layout, OutboxField field, const std::string& what) {
    const auto& outbox = require_outbox(layout, what);
    if (!outbox.has(field)) {
        refuse(layout, "a " + std::string(to_string(field)) + " column", what);
    }
}

void require_error_messages(const Layout& layout, const std::string& what) {
    const auto& outbox = require_outbox(layout, what);
    bool in_dead_letters =
        outbox.dead_letters && outbox.dead_letters->columns.count(OutboxField::last_error) != 0;
    if (!outbox.has(OutboxField::last_error) && !in_dead_letters) {
        refuse(layout, "a last_error column", what);
    }
}

void require_outbox_state(const Layout& layout, Status status, const std::string& what) {
    const auto& outbox = require_outbox(layout, what);
    if (!outbox.state(status)) {
        refuse(layout, "a " + std::string(to_string(status)) + " state", what);
    }
}

} // namespace eventctl
