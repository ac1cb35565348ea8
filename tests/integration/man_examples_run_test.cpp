// Every example in the manual pages that shows eventctl at work runs. The .EX blocks of a page's
// section (.SH) that show an eventctl command run in order, each block as one bash script,
// against a database of that section's own loaded as scripts/sandbox.sh loads the sandbox; each
// must exit 0. How a page's command becomes one that runs on the test's machine is in
// document_examples.h; a block that reads from a standby runs in tests/shell/standby_test.cpp. That
// the commands parse, and that the refusals the pages show are what eventctl says, is
// tests/unit/man_examples_test.cpp's; outputs are compared for the README and docs/
// (docs_examples_test.cpp), the pages' outputs being illustrations.

#include "document_examples.h"
#include "sandbox_data.h"
#include "seed_schemas.h"
#include "test_database.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

using namespace eventctl::test;

namespace {

// What a section's examples take as already there beyond the sandbox: the table a layout
// example edits a preset for, the changes an audit example looks back on.
void prepare(const std::string& page, const TestDatabase& db) {
    if (page == "eventctl-layout.5") {
        db.exec(openctem_ddl);
    }
    if (page == "eventctl-audit.1") {
        add_audit_history(db);
    }
}

} // namespace

TEST_CASE("man: every example that shows eventctl at work runs against a sandbox database") {
    std::vector<std::filesystem::path> pages;
    for (const auto& entry : std::filesystem::directory_iterator(man_source_dir())) {
        pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end());
    std::size_t ran = 0;
    for (const auto& page : pages) {
        auto name = page.filename().string();
        std::vector<std::string> sections;
        std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> scripts;
        for (const auto& block : example_blocks(page)) {
            auto script = example_script(block);
            if (!script || reads_a_standby(*script)) {
                continue;
            }
            if (scripts.count(block.section) == 0) {
                sections.push_back(block.section);
            }
            scripts[block.section].emplace_back(block.lines.front().number, *script);
        }
        for (const auto& section : sections) {
            TestDatabase db;
            load_sandbox_data(db);
            prepare(name, db);
            ExampleShell shell("man", db.conninfo());
            for (const auto& [line, script] : scripts[section]) {
                INFO(name << ":" << line << " (" << section << "):\n" << script);
                auto result = shell.run(script);
                INFO("printed:\n" << result.out << result.err);
                CHECK(result.exit_code == 0);
                ++ran;
            }
        }
    }
    // The pages show some sixty such blocks; a reader that found none would pass them all.
    CHECK(ran >= 50);
}
