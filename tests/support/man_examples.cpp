#include "man_examples.h"

#include "roff_text.h"
#include "shell_words.h"

#include <cstdlib>
#include <fstream>
#include <regex>

namespace eventctl::test {

std::filesystem::path man_source_dir() {
    return std::filesystem::path(EVENTCTL_SOURCE_DIR) / "man";
}

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
            auto text = roff_text(line);
            auto& lines = blocks.back().lines;
            if (!lines.empty() && !lines.back().text.empty() && lines.back().text.back() == '\\') {
                lines.back().text.pop_back();
                lines.back().text += " " + text;
            } else {
                lines.push_back({number, text});
            }
        }
    }
    return blocks;
}

namespace {

bool is_check(const std::string& line) {
    for (const auto& command : eventctl_commands(line)) {
        for (const auto& word : command.words) {
            if (word.rfind("-", 0) != 0) {
                if (word == "check") {
                    return true;
                }
                break;
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
// it.
std::string as_run_here(std::string line) {
    static const std::regex database(R"((^|\s)-d\s+("[^"]*"|'[^']*'|\S+))");
    static const std::regex read_database(R"((^|\s)--read-db\s+("[^"]*"|'[^']*'|\S+))");
    line = std::regex_replace(line, database, "$1-d \"$EVENTCTL_DB\"");
    line = std::regex_replace(line, read_database, "$1--read-db \"$EVENTCTL_READ_DB\"");
    if (line.find("--watch") != std::string::npos) {
        line = std::regex_replace(line, std::regex(R"(\beventctl )"),
                                  "timeout --preserve-status -s INT 3 eventctl ",
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
    static const std::regex names_database(R"(^\s*(export\s+)?EVENTCTL_(READ_)?DB=)");
    static const std::regex installed(R"(/usr/bin/eventctl\b)");
    static const std::regex under_var(R"((^|[\s=])/var/)");
    bool shows_command = false;
    bool defines = false;
    for (const auto& line : block.lines) {
        shows_command = shows_command || !eventctl_commands(line.text).empty();
        defines = defines || std::regex_search(line.text, definition);
    }
    if (!shows_command || shows_refusal(block)) {
        return std::nullopt;
    }
    std::vector<std::string> script;
    for (const auto& shown : block.lines) {
        auto line = shown.text;
        if (line == "^C" && !script.empty()) {
            script.back() =
                "timeout --preserve-status -s INT 2 " + script.back() + " || [ $? -eq 75 ]";
            continue;
        }
        // The environment names the database already.
        if (std::regex_search(line, names_database)) {
            continue;
        }
        if (defines) {
            if (!std::regex_search(line, definition)) {
                continue;
            }
            line = std::regex_replace(line, definition, "");
        }
        if (std::regex_search(line, crontab)) {
            line = std::regex_replace(std::regex_replace(line, crontab, ""), std::regex(R"(\\%)"),
                                      "%");
        }
        line = std::regex_replace(line, installed, "eventctl");
        line = std::regex_replace(line, under_var, "$1$SCRATCH/var/");
        if (!eventctl_commands(line).empty()) {
            line = as_run_here(line);
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

std::map<std::string, std::string> example_environment(const std::string& eventctl_dir,
                                                       const std::string& conninfo,
                                                       const std::filesystem::path& scratch) {
    for (const char* dir : {"home", "var/backups", "var/log", "var/lib/prometheus/node-exporter"}) {
        std::filesystem::create_directories(scratch / dir);
    }
    static const std::map<std::string, std::string> libpq_names = {
        {"host", "PGHOST"}, {"port", "PGPORT"}, {"dbname", "PGDATABASE"}, {"user", "PGUSER"}};
    std::map<std::string, std::string> environment;
    for (const auto& word : shell_words(conninfo)) {
        auto equals = word.find('=');
        auto name = libpq_names.find(word.substr(0, equals));
        if (equals != std::string::npos && name != libpq_names.end()) {
            environment[name->second] = word.substr(equals + 1);
        }
    }
    environment.insert({{"PATH", eventctl_dir + ":" + std::getenv("PATH")},
                        {"HOME", (scratch / "home").string()},
                        {"SCRATCH", scratch.string()},
                        {"EDITOR", "true"},
                        {"EVENTCTL_DB", conninfo},
                        {"DATABASE_URL", conninfo},
                        {"MONITOR_DB", conninfo}});
    return environment;
}

} // namespace eventctl::test
