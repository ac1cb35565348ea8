#pragma once

// The shell completion scripts, generated at build time from completions/*.

#include <string>
#include <vector>

namespace eventctl {

struct EmbeddedCompletion {
    std::string file; // its name in completions/
    std::string script;
};

// In file-name order.
extern const std::vector<EmbeddedCompletion> embedded_completions;

} // namespace eventctl
