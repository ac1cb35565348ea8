#pragma once

#include "eventctl/layout/layout.h"

#include <string>
#include <vector>

namespace eventctl {

// Reads a layout document (eventctl-layout(5)); origin names it in messages. Throws UsageError
// (exit 64) saying where and what for anything it cannot use: a key it does not know, a missing
// table or column, a state it cannot test, a condition on nothing.
Layout parse_layout(const std::string& text, const std::string& origin);

// The names of the built-in layouts, canonical first.
std::vector<std::string> preset_names();

// A built-in layout's document, as compiled in: the starting point for a file of one's own.
// Throws UsageError for a name that is not a preset.
const std::string& preset_document(const std::string& name);

// A built-in layout by name, or a layout file by path (anything that is not a preset name);
// throws UsageError for a name that is neither, or a file that cannot be read or used.
Layout load_layout(const std::string& name_or_path);

} // namespace eventctl
