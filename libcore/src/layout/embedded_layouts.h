#pragma once

// The built-in layout documents, generated at build time from libcore/layouts/*.json.

#include <string>
#include <vector>

namespace eventctl {

struct EmbeddedLayout {
    std::string name; // the file's name without .json: the preset's name
    std::string document;
};

// In file-name order.
extern const std::vector<EmbeddedLayout> embedded_layouts;

} // namespace eventctl
