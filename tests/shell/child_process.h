#pragma once

// Running shells and other programs for the shell tests: plain processes and terminals.

#include "process.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::test {

// What a finished program left: its exit code and everything it wrote.
using ChildResult = ProcessResult;

// The environment the shells run in: this process's (already scrubbed of PG* variables), the
// built eventctl first on PATH, a colour terminal, UTF-8, and the overrides on top.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides);

// Runs argv (searched on the child's PATH) with stdin from /dev/null and waits for it.
ChildResult run_child(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env_overrides = {});

// Whether a program is on PATH.
bool have_program(const std::string& name);

// The directory holding the built eventctl.
std::string eventctl_directory();

} // namespace eventctl::test
