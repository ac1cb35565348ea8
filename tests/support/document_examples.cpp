#include "document_examples.h"

#include "cli_tree.h"
#include "process.h"
#include "roff_text.h"
#include "shell_words.h"
#include "text_lines.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <system_error>
#include <unistd.h>

namespace eventctl::test {

std::filesystem::path man_source_dir() {
    return std::filesystem::path(EVENTCTL_SOURCE_DIR) / "man";
}

namespace {

// A line of an example, or the rest of the one before when that ended in a backslash.
void add_line(std::vector<ExampleLine>& lines, std::size_t number, const std::string& text) {
    if (!lines.empty() && !lines.back().text.empty() && lines.back().text.back() == '\\') {
        lines.back().text.pop_back();
        lines.back().text += " " + text;
    } else {
        lines.push_back({number, text});
    }
}

} // namespace

std::vector<ExampleBlock> example_blocks(const std::filesystem::path& page) {
    std::ifstream in(page);
    std::vector<ExampleBlock> blocks;
    std::string section;
    bool inside = false;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.rfind(".SH ", 0) == 0) {
            section = roff_text(line.substr(4));
        } else if (line.rfind(".EX", 0) == 0) {
            inside = true;
            blocks.push_back({section, {}});
        } else if (line.rfind(".EE", 0) == 0) {
            inside = false;
        } else if (inside) {
            add_line(blocks.back().lines, number, roff_text(line));
        }
    }
    return blocks;
}

std::vector<ExampleBlock> markdown_shell_blocks(const std::filesystem::path& document) {
    std::ifstream in(document);
    std::vector<ExampleBlock> blocks;
    bool inside = false;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!inside && (line == "```sh" || line == "```bash" || line == "```crontab")) {
            inside = true;
            blocks.push_back({document.filename().string(), {}});
        } else if (inside && line == "```") {
            inside = false;
        } else if (inside) {
            add_line(blocks.back().lines, number, line);
        }
    }
    return blocks;
}

std::vector<ExampleBlock> help_example_blocks() {
    std::vector<ExampleBlock> blocks;
    CliTree tree;
    for (const auto& command : tree.commands) {
        if (!command.path.empty() && !visible(*command.app)) {
            continue;
        }
        auto args = shell_words(command.path);
        args.push_back("--help");
        auto help = run_eventctl(args);
        ExampleBlock block{command.path, {}};
        bool in_examples = false;
        for (const auto& line : lines_of(help.out)) {
            if (line == "Examples:") {
                in_examples = true;
            } else if (in_examples && line.rfind("  ", 0) == 0) {
                block.lines.push_back({0, line.substr(2)});
            } else {
                in_examples = false;
            }
        }
        if (!block.lines.empty()) {
            blocks.push_back(block);
        }
    }
    return blocks;
}

namespace {

// Whether a line runs eventctl check (not layouts check), wherever the global options put it.
bool is_check(const std::string& line) {
    for (const auto& command : eventctl_commands(line)) {
        const auto& words = command.words;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i] == "check" && (i == 0 || words[i - 1] != "layouts")) {
                return true;
            }
        }
    }
    return false;
}

bool shows_refusal(const ExampleBlock& block) {
    for (const auto& line : block.lines) {
        if (line.text.rfind("eventctl: ", 0) == 0 || line.text.rfind("HINT: ", 0) == 0 ||
            line.text.rfind("$ ", 0) == 0) {
            return true;
        }
    }
    return false;
}

// An eventctl command line with the test's database, and stopped where an operator would stop
// it. timeout runs in the foreground so that it sends its SIGINT once, to eventctl, as a terminal
// does; otherwise it sends it to its process group too, and a second SIGINT ends eventctl at once.
std::string as_run_here(std::string line) {
    static const std::regex database(R"((^|\s)-d\s+("[^"]*"|'[^']*'|\S+))");
    static const std::regex read_database(R"((^|\s)--read-db\s+("[^"]*"|'[^']*'|\S+))");
    line = std::regex_replace(line, database, "$1-d \"$EVENTCTL_DB\"");
    line = std::regex_replace(line, read_database, "$1--read-db \"$EVENTCTL_READ_DB\"");
    if (line.find("--watch") != std::string::npos) {
        line = std::regex_replace(line, std::regex(R"(\beventctl )"),
                                  "timeout --foreground --preserve-status -s INT 3 eventctl ",
                                  std::regex_constants::format_first_only);
    }
    if (is_check(line) && line.find("||") == std::string::npos) {
        line += " || [ $? -le 2 ]";
    }
    return line;
}

} // namespace

std::optional<std::string> example_script(const ExampleBlock& block) {
    static const std::regex crontab(R"(^([0-9*/,\-]+\s+){5})");
    static const std::regex definition(R"(^\s*command_line\s+)");
    static const std::regex monitoring_syntax(R"(^\s*(define\s+\w+\s*\{|command_name\s|\}\s*$))");
    static const std::regex names_database(
        R"(^\s*(export\s+)?EVENTCTL_(READ_)?DB=("[^"]*"|'[^']*'|\S+)\s*)");
    static const std::regex sandbox_set_up(R"(scripts/sandbox\.sh)");
    static const std::regex other_shell(R"(#\s*(zsh|fish)\b)");
    static const std::regex installed(R"(/usr/bin/eventctl\b)");
    static const std::regex under_var(R"((^|[\s=])/var/)");
    bool shows_command = false;
    for (const auto& line : block.lines) {
        shows_command = shows_command || !eventctl_commands(line.text).empty();
    }
    if (!shows_command || shows_refusal(block)) {
        return std::nullopt;
    }
    std::vector<std::string> script;
    for (const auto& shown : block.lines) {
        auto line = shown.text;
        // One SIGINT, as as_run_here sends it.
        if (line == "^C" && !script.empty()) {
            script.back() = "timeout --foreground --preserve-status -s INT 2 " + script.back() +
                            " || [ $? -eq 75 ]";
            continue;
        }
        // The reader's set-up: here the test's database is the sandbox.
        if (std::regex_search(line, sandbox_set_up) || std::regex_search(line, monitoring_syntax)) {
            continue;
        }
        // The environment names the database already; a command after the assignment runs.
        if (std::regex_search(line, names_database)) {
            line = std::regex_replace(line, names_database, "");
            if (eventctl_commands(line).empty()) {
                continue;
            }
        }
        line = std::regex_replace(line, definition, "");
        if (std::regex_search(line, crontab)) {
            line = std::regex_replace(std::regex_replace(line, crontab, ""), std::regex(R"(\\%)"),
                                      "%");
        }
        line = std::regex_replace(line, installed, "eventctl");
        line = std::regex_replace(line, under_var, "$1$SCRATCH/var/");
        if (!eventctl_commands(line).empty()) {
            line = as_run_here(line);
        }
        // A line for another shell runs in it, quoted for bash.
        std::smatch shell;
        if (std::regex_search(line, shell, other_shell)) {
            std::string quoted;
            for (char c : line.substr(0, static_cast<std::size_t>(shell.position(0)))) {
                quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
            }
            // zsh completes once compinit has run, as the line's comment says.
            auto before = shell[1] == "zsh" ? std::string("autoload -Uz compinit; compinit -u; ")
                                            : std::string();
            line = shell[1].str() + " -c '" + before + quoted + "'";
        }
        script.push_back(line);
    }
    std::string text = "set -e -o pipefail\n";
    for (const auto& line : script) {
        text += line + "\n";
    }
    return text;
}

bool reads_a_standby(const std::string& script) {
    return script.find("--read-db") != std::string::npos;
}

ExampleShell::ExampleShell(const std::string& name, const std::string& conninfo)
    : m_scratch(std::filesystem::temp_directory_path() /
                ("eventctl-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(m_scratch);
    for (const char* dir :
         {"work", "home", "var/backups", "var/log", "var/lib/prometheus/node-exporter"}) {
        std::filesystem::create_directories(m_scratch / dir);
    }
    static const std::map<std::string, std::string> libpq_names = {
        {"host", "PGHOST"}, {"port", "PGPORT"}, {"dbname", "PGDATABASE"}, {"user", "PGUSER"}};
    for (const auto& word : shell_words(conninfo)) {
        auto equals = word.find('=');
        auto libpq_name = libpq_names.find(word.substr(0, equals));
        if (equals != std::string::npos && libpq_name != libpq_names.end()) {
            m_environment[libpq_name->second] = word.substr(equals + 1);
        }
    }
    // The libpq services the examples name, all of them the test's database.
    std::ofstream services(m_scratch / "pg_service.conf");
    for (const char* service : {"shop-prod", "app-outbox"}) {
        services << "[" << service << "]\n";
        for (const auto& [key, variable] : libpq_names) {
            if (auto value = m_environment.find(variable); value != m_environment.end()) {
                services << key << "=" << value->second << "\n";
            }
        }
    }
    auto eventctl_dir = std::filesystem::path(EVENTCTL_BINARY).parent_path().string();
    m_environment.insert({{"PATH", eventctl_dir + ":" + std::getenv("PATH")},
                          {"PGSERVICEFILE", (m_scratch / "pg_service.conf").string()},
                          {"HOME", (m_scratch / "home").string()},
                          {"SCRATCH", m_scratch.string()},
                          {"EDITOR", "true"},
                          {"EVENTCTL_DB", conninfo},
                          {"DATABASE_URL", conninfo},
                          {"MONITOR_DB", conninfo}});
}

ExampleShell::~ExampleShell() {
    std::error_code ignored; // a directory left behind must not end the test run
    std::filesystem::remove_all(m_scratch, ignored);
}

void ExampleShell::set_variable(const std::string& name, const std::string& value) {
    m_environment[name] = value;
}

ProcessResult ExampleShell::run(const std::string& script) const {
    return run_program({"bash", "-c", "cd " + (m_scratch / "work").string() + " && " + script},
                       m_environment);
}

} // namespace eventctl::test
