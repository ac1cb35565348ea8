#pragma once

#include "eventctl/layout/capabilities.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/render/output.h"

#include <ostream>
#include <vector>

namespace eventctl {

// One built-in layout as 'eventctl layouts' lists it: what it describes and what it supports.
struct LayoutSummary {
    std::string name;
    std::string description;
    bool outbox = false;
    bool log = false;
    bool audit = false;
    std::vector<Capability> capabilities;
};

// What one layout describes and supports, read from the layout alone.
LayoutSummary summarize_layout(const Layout& layout);

// The summaries of the built-in layouts, canonical first.
std::vector<LayoutSummary> summarize_presets();

// Writes the summaries in the chosen format.
void render_layouts(std::ostream& out, const std::vector<LayoutSummary>& layouts,
                    OutputFormat format, const Terminal& terminal);

} // namespace eventctl
