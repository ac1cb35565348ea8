#pragma once

// The examples of the manual pages (their .EX blocks), of the Markdown documents' shell blocks
// and of each command's help, as their reader sees them and as the tests run them.

#include "process.h"

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::test {

// The pages' source directory, man/ of the source tree.
std::filesystem::path man_source_dir();

// One line of an example as it prints, a line ending in a backslash joined to the next.
struct ExampleLine {
    std::size_t number = 0; // in the page's source
    std::string text;
};

// One .EX block and the section (.SH) it is in.
struct ExampleBlock {
    std::string section;
    std::vector<ExampleLine> lines;
};

std::vector<ExampleBlock> example_blocks(const std::filesystem::path& page);

// The ```sh, ```bash and ```crontab blocks of a Markdown document (its ```console blocks, whose
// outputs are compared, are the docs test's own), section the document's file name.
std::vector<ExampleBlock> markdown_shell_blocks(const std::filesystem::path& document);

// The examples each command's --help ends with, one block a command, its section the command's
// path ("outbox purge"; "" for eventctl itself), as the built binary prints them.
std::vector<ExampleBlock> help_example_blocks();

// A block that shows eventctl at work as one bash script (-e, pipefail) that runs it on a test's
// machine; nothing for a block that shows no eventctl command, or a refusal (those are compared,
// not run). A page shows commands as an operator runs them on a server; the script runs them
// on the test's, in the environment example_environment makes:
// - the database an example names (-d, an EVENTCTL_DB line or assignment) is $EVENTCTL_DB, a
//   --read-db $EVENTCTL_READ_DB, and the libpq services it names are the test's database too;
// - a line that runs scripts/sandbox.sh is left out: the test's database is the sandbox;
// - /usr/bin/eventctl is the eventctl on PATH, paths under /var/ are under $SCRATCH/var;
// - a crontab line runs its command, a monitoring definition its command_line;
// - a line whose comment names zsh or fish runs in that shell (zsh after compinit);
// - `check` exits with its verdict, and OK, WARNING and CRITICAL (0 to 2) are each a run;
// - a --watch gets SIGINT after 3 s, as the operator stops it, and then exits 0;
// - a command followed by a line "^C" gets SIGINT after 2 s, and exits 0 (done by then) or 75.
std::optional<std::string> example_script(const ExampleBlock& block);

// Whether a script reads from a standby (--read-db).
bool reads_a_standby(const std::string& script);

// Where example scripts run, as on a reader's machine: a scratch directory of their own,
// removed with this, and the environment they run in: eventctl first on PATH, EVENTCTL_DB and
// $DATABASE_URL naming conninfo (and libpq's PG* variables and a service file too, for psql and
// service=NAME), HOME and $SCRATCH in the scratch directory with what a Debian machine has under
// /var, and an $EDITOR that leaves a file as it is.
class ExampleShell {
  public:
    // name tells the scratch directory from those of other tests running beside this one.
    ExampleShell(const std::string& name, const std::string& conninfo);
    ~ExampleShell();
    ExampleShell(const ExampleShell&) = delete;
    ExampleShell& operator=(const ExampleShell&) = delete;

    // Sets one more variable, such as EVENTCTL_READ_DB for the examples that read a standby.
    void set_variable(const std::string& name, const std::string& value);
    // Runs script with bash in the scratch directory's work/.
    ProcessResult run(const std::string& script) const;

  private:
    std::filesystem::path m_scratch;
    std::map<std::string, std::string> m_environment;
};

} // namespace eventctl::test
