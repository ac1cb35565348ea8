// The man pages are kept in step with the CLI tree, the one declaration of the command surface
// (STYLE.md items 3 and 4): every command and option the tree declares is documented in the page
// of its group, every option documented there exists, and every page renders without warnings.

#include "cli_tree.h"
#include "context.h"
#include "eventctl/version.h"
#include "option_values.h"
#include "roff_text.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

const std::filesystem::path man_dir = std::filesystem::path(EVENTCTL_SOURCE_DIR) / "man";

// ---- The CLI tree ----

using Command = eventctl::test::TreeCommand;
using Tree = eventctl::test::CliTree;
using eventctl::test::typed_names;

std::vector<const CLI::Option*> options_of(const CLI::App* app) {
    return app->get_options([](const CLI::Option*) { return true; });
}

// The values an option accepts by name, as declared with it (and offered by completion).
std::vector<std::string> enumerated_values(const Tree& tree, const CLI::Option* option) {
    const auto* values = eventctl::cli::declared_values(*tree.root, *option);
    return values == nullptr ? std::vector<std::string>() : values->words;
}

// The page documenting a command: eventctl.1 for eventctl itself, eventctl-GROUP.1 for a group
// and everything under it, so a new group fails these tests until its page exists.
std::string page_name(const Command& command) {
    if (command.path.empty()) {
        return "eventctl.1";
    }
    return "eventctl-" + command.path.substr(0, command.path.find(' ')) + ".1";
}

// ---- Reading roff ----

// A request's arguments: separated by spaces, double-quoted when they hold spaces.
std::vector<std::string> split_arguments(const std::string& line) {
    std::vector<std::string> arguments;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        if (i == line.size()) {
            break;
        }
        std::string argument;
        if (line[i] == '"') {
            for (++i; i < line.size(); ++i) {
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                    argument.push_back('"');
                    ++i;
                } else if (line[i] == '"') {
                    ++i;
                    break;
                } else {
                    argument.push_back(line[i]);
                }
            }
        } else {
            for (; i < line.size() && line[i] != ' '; ++i) {
                argument.push_back(line[i]);
                if (line[i] == '\\' && i + 1 < line.size()) {
                    argument.push_back(line[++i]);
                }
            }
        }
        arguments.push_back(argument);
    }
    return arguments;
}

// One input line: the macro it calls (empty for text) and what it prints.
struct RoffLine {
    std::string macro;
    std::vector<std::string> arguments; // unescaped
    std::string text;                   // unescaped
};

std::string strip_comment(const std::string& line) {
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        if (line[i] == '\\' && line[i + 1] == '"') {
            return line.substr(0, i);
        }
        if (line[i] == '\\') {
            ++i;
        }
    }
    return line;
}

RoffLine parse_line(const std::string& raw) {
    RoffLine line;
    auto source = strip_comment(raw);
    if (source.empty() || (source[0] != '.' && source[0] != '\'')) {
        line.text = eventctl::test::roff_text(source);
        return line;
    }
    auto space = source.find(' ');
    line.macro = source.substr(1, space == std::string::npos ? std::string::npos : space - 1);
    for (const auto& argument :
         split_arguments(space == std::string::npos ? "" : source.substr(space + 1))) {
        line.arguments.push_back(eventctl::test::roff_text(argument));
    }
    // The alternating-font macros print their arguments without spaces between them.
    static const std::set<std::string> alternating = {"BR", "RB", "BI", "IB", "IR", "RI"};
    std::string separator = alternating.count(line.macro) != 0 ? "" : " ";
    for (std::size_t i = 0; i < line.arguments.size(); ++i) {
        line.text += (i == 0 ? "" : separator) + line.arguments[i];
    }
    return line;
}

// A tagged paragraph (.TP, or .IP with a tag): the tag and the text under it.
struct Entry {
    std::string tag;
    std::string body;
};

// What a page says, as the tests look at it.
struct Page {
    std::string name;
    std::vector<std::string> title;    // the .TH arguments
    std::vector<std::string> headings; // .SH and .SS
    std::vector<Entry> entries;
    std::string text; // every printed word, one line
};

std::optional<Page> read_page(const std::string& name) {
    std::ifstream file(man_dir / name);
    if (!file) {
        return std::nullopt;
    }
    Page page{name, {}, {}, {}, {}};
    std::vector<RoffLine> lines;
    std::string raw;
    while (std::getline(file, raw)) {
        lines.push_back(parse_line(raw));
    }
    static const std::set<std::string> paragraph_breaks = {"TP", "SH", "SS", "PP", "P", "LP"};
    bool in_entry = false; // whether text lines still belong to the last entry
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        page.text += line.text + " ";
        if (line.macro == "TH") {
            page.title = line.arguments;
        }
        if (line.macro == "SH" || line.macro == "SS") {
            page.headings.push_back(line.text);
        }
        bool tagged_ip = line.macro == "IP" && !line.arguments.empty();
        if (paragraph_breaks.count(line.macro) != 0 || tagged_ip) {
            in_entry = false;
        }
        if (line.macro == "TP" && i + 1 < lines.size()) {
            page.entries.push_back({lines[++i].text, {}});
            page.text += lines[i].text + " ";
            in_entry = true;
        } else if (tagged_ip) {
            page.entries.push_back({line.arguments[0], {}});
            in_entry = true;
        } else if (in_entry) {
            page.entries.back().body += line.text + " ";
        }
    }
    return page;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

// Whether text holds word as a whole word: "--by" is not in "--bypass", nor "-d" in "--db".
bool mentions(const std::string& text, const std::string& word) {
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        bool starts = at == 0 || !is_word_char(text[at - 1]);
        bool ends = at + word.size() == text.size() || !is_word_char(text[at + word.size()]);
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

// The entries whose tag names an option, such as "-o, --output FORMAT".
std::vector<const Entry*> entries_for(const Page& page, const std::string& option_name) {
    std::vector<const Entry*> found;
    for (const auto& entry : page.entries) {
        if (mentions(entry.tag, option_name)) {
            found.push_back(&entry);
        }
    }
    return found;
}

// Every "--name" in a text.
std::set<std::string> long_options_in(const std::string& text) {
    std::set<std::string> names;
    for (auto at = text.find("--"); at != std::string::npos; at = text.find("--", at + 2)) {
        if (at > 0 && is_word_char(text[at - 1])) {
            continue;
        }
        auto end = at + 2;
        while (end < text.size() && is_word_char(text[end])) {
            ++end;
        }
        if (end > at + 2) {
            names.insert(text.substr(at, end - at));
        }
    }
    return names;
}

Page require_page(const std::string& name) {
    auto page = read_page(name);
    INFO("expected the man page " << (man_dir / name).string());
    REQUIRE(page.has_value());
    return *page;
}

std::string read_all(const std::string& path) {
    std::ifstream file(path);
    std::stringstream content;
    content << file.rdbuf();
    return content.str();
}

// Runs a shell command with its stderr captured; returns the exit status and the stderr text.
std::pair<int, std::string> run_capturing_stderr(const std::string& command) {
    std::string err_path = (std::filesystem::temp_directory_path() / "man_pages_test.XXXXXX");
    int fd = mkstemp(err_path.data());
    REQUIRE(fd >= 0);
    close(fd);
    int status = std::system((command + " 2>'" + err_path + "'").c_str());
    auto err = read_all(err_path);
    std::remove(err_path.c_str());
    return {status, err};
}

std::vector<std::string> page_files() {
    std::vector<std::string> names;
    for (const auto& file : std::filesystem::directory_iterator(man_dir)) {
        auto extension = file.path().extension().string();
        if (extension.size() == 2 && std::isdigit(static_cast<unsigned char>(extension[1]))) {
            names.push_back(file.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST_CASE("man: every command has a page, a line in eventctl(1) and a section in its page") {
    Tree tree;
    auto main_page = require_page("eventctl.1");
    for (const auto& command : tree.commands) {
        if (command.path.empty()) {
            continue;
        }
        INFO("command: eventctl " << command.path);
        auto page = require_page(page_name(command));
        std::string invocation = "eventctl " + command.path;

        bool listed =
            std::any_of(main_page.entries.begin(), main_page.entries.end(),
                        [&](const Entry& entry) { return mentions(entry.tag, invocation); });
        INFO("eventctl.1 needs it in a .TP tag of COMMANDS");
        CHECK(listed);

        if (command.ancestors.size() < 2) {
            continue; // a group: its page is its section
        }
        auto heading = std::find_if(page.headings.begin(), page.headings.end(),
                                    [&](const auto& text) { return mentions(text, invocation); });
        INFO(page.name << " needs a .SS heading naming it");
        REQUIRE(heading != page.headings.end());
        for (const auto* positional :
             command.app->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
            INFO("its positional argument " << positional->get_option_text()
                                            << " belongs in that heading: " << *heading);
            CHECK(mentions(*heading, positional->get_option_text()));
        }
    }
}

TEST_CASE("man: every option is documented in the page of its group") {
    Tree tree;
    for (const auto& command : tree.commands) {
        auto page = require_page(page_name(command));
        for (const auto* option : options_of(command.app)) {
            // A command's own -h/--help is the global one, documented once in eventctl(1).
            if (option->get_positional() ||
                (option == command.app->get_help_ptr() && !command.path.empty())) {
                continue;
            }
            auto names = typed_names(*option);
            INFO("eventctl " << command.path << " " << option->get_name() << ": " << page.name
                             << " needs a .TP entry whose tag names " << names.front());
            auto entries = entries_for(page, names.front());
            REQUIRE_FALSE(entries.empty());
            std::string documented;
            for (const auto* entry : entries) {
                documented += entry->tag + " " + entry->body + " ";
            }
            for (const auto& name : names) {
                INFO("the tag should name " << name << " too: " << entries.front()->tag);
                CHECK(mentions(entries.front()->tag, name));
            }
            for (const auto& value : enumerated_values(tree, option)) {
                INFO("the entry should name the accepted value " << value << ": " << documented);
                CHECK(mentions(documented, value));
            }
        }
    }
}

TEST_CASE("man: every option a page documents exists") {
    Tree tree;
    std::map<std::string, std::set<std::string>> known; // page -> options its commands have
    std::set<std::string> global;
    for (const auto* option : options_of(tree.root.get())) {
        for (const auto& name : option->get_lnames()) {
            global.insert("--" + name);
        }
    }
    for (const auto& command : tree.commands) {
        auto& names = known[page_name(command)];
        names.insert(global.begin(), global.end());
        for (const auto* option : options_of(command.app)) {
            for (const auto& name : option->get_lnames()) {
                names.insert("--" + name);
            }
        }
    }
    for (const auto& [name, options] : known) {
        auto page = require_page(name);
        for (const auto& entry : page.entries) {
            for (const auto& documented : long_options_in(entry.tag)) {
                INFO(name << " documents " << documented << " (tag: " << entry.tag
                          << "), which no command of its group has");
                CHECK(options.count(documented) == 1);
            }
        }
    }
}

TEST_CASE("man: every command and option has a description") {
    Tree tree;
    for (const auto& command : tree.commands) {
        INFO("eventctl " << command.path);
        CHECK_FALSE(command.app->get_description().empty());
        for (const auto* option : options_of(command.app)) {
            INFO("option " << option->get_name());
            CHECK_FALSE(option->get_description().empty());
        }
    }
}

TEST_CASE("man: every option taking a value names it") {
    Tree tree;
    for (const auto& command : tree.commands) {
        for (const auto* option : options_of(command.app)) {
            if (option->get_items_expected_max() == 0) {
                continue; // a flag
            }
            INFO("eventctl " << command.path << " " << option->get_name()
                             << " takes a value but has no option_text (such as FILE or N)");
            CHECK_FALSE(option->get_option_text().empty());
        }
    }
}

TEST_CASE("man: no option name is taken twice in a command, global options included") {
    Tree tree;
    for (const auto& command : tree.commands) {
        // Names the command itself declares, and those it reaches by falling through to its
        // ancestors, nearest first, while each one passes unmatched options up.
        std::map<std::string, std::string> owner;
        auto claim = [&](const CLI::App* app, const std::string& where) {
            for (const auto* option : options_of(app)) {
                if (option == app->get_help_ptr() || option->get_positional()) {
                    continue; // each command has its own --help
                }
                for (const auto& name : typed_names(*option)) {
                    auto taken = owner.find(name);
                    INFO("eventctl " << command.path << ": " << name << " is declared by " << where
                                     << " and by " << (taken == owner.end() ? "" : taken->second));
                    CHECK(taken == owner.end());
                    owner.emplace(name, where);
                }
            }
        };
        claim(command.app, "the command");
        const CLI::App* child = command.app;
        for (auto ancestor = command.ancestors.rbegin(); ancestor != command.ancestors.rend();
             ++ancestor) {
            if (!child->get_fallthrough()) {
                break;
            }
            claim(*ancestor, "'" + (*ancestor)->get_name() + "'");
            child = *ancestor;
        }
    }
}

TEST_CASE("man: every page renders without warnings") {
    auto pages = page_files();
    REQUIRE_FALSE(pages.empty());
    auto [groff_status, groff_err] = run_capturing_stderr("groff --version >/dev/null");
    INFO("groff is needed to check the man pages: apt-get install groff-base (" << groff_err
                                                                                << ")");
    REQUIRE(groff_status == 0);
    for (const auto& name : pages) {
        auto path = (man_dir / name).string();
        auto [status, warnings] =
            run_capturing_stderr("groff -man -ww -z -Tutf8 '" + path + "' </dev/null");
        INFO("groff -man -ww -z -Tutf8 " << path);
        CHECK(status == 0);
        CHECK(warnings == "");
    }
}

TEST_CASE("man: every page's header names this release") {
    auto expected = std::string("eventctl ") + eventctl::version;
    for (const auto& name : page_files()) {
        auto page = require_page(name);
        INFO(name << ": .TH NAME SECTION DATE \"" << expected << "\" MANUAL");
        REQUIRE(page.title.size() >= 4);
        CHECK(page.title[3] == expected);
    }
}
