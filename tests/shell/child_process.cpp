#include "child_process.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace eventctl::test {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

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
    TempDirectory files;
    auto out_path = files.path() + "/out";
    auto err_path = files.path() + "/err";
    auto env_storage = child_environment(env_overrides);
    std::vector<char*> env;
    for (auto& entry : env_storage) {
        env.push_back(entry.data());
    }
    env.push_back(nullptr);
    std::vector<std::string> argv_storage = argv;
    std::vector<char*> args;
    for (auto& arg : argv_storage) {
        args.push_back(arg.data());
    }
    args.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        execvpe(args[0], args.data(), env.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ChildResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

bool have_program(const std::string& name) {
    return run_child({"sh", "-c", "command -v \"$0\" >/dev/null", name}).exit_code == 0;
}

TempDirectory::TempDirectory() {
    char path[] = "/tmp/eventctl-shell-XXXXXX";
    if (mkdtemp(path) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = path;
}

TempDirectory::~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

} // namespace eventctl::test
