#include "child_process.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace eventctl::test {

std::string eventctl_directory() {
    return std::filesystem::path(EVENTCTL_BINARY).parent_path().string();
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string text(*entry);
        auto equals = text.find('=');
        env[text.substr(0, equals)] = equals == std::string::npos ? "" : text.substr(equals + 1);
    }
    env["PATH"] = eventctl_directory() + ":" + env["PATH"];
    env["TERM"] = "xterm-256color";
    env["LANG"] = "C.UTF-8";
    env.erase("NO_COLOR");
    env.erase("COLUMNS");
    env.erase("LINES");
    for (const auto& [name, value] : overrides) {
        env[name] = value;
    }
    std::vector<std::string> entries;
    for (const auto& [name, value] : env) {
        entries.push_back(name + "=" + value);
    }
    return entries;
}

ChildResult run_child(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env_overrides) {
    return run_program(argv, {}, std::nullopt, child_environment(env_overrides));
}

bool have_program(const std::string& name) {
    return run_child({"sh", "-c", "command -v \"$0\" >/dev/null", name}).exit_code == 0;
}

} // namespace eventctl::test
