#pragma once

// Which global options each command honours, said in its --help and held to: a database or a
// table named to a command that does not use it, or an output format given to one that prints no
// formats (schema print, layouts show, completion), is refused rather than ignored.

#include "context.h"

#include <CLI/CLI.hpp>

namespace eventctl::cli {

// Appends to every command's help the global options it honours and the output formats it
// prints. root is the whole tree, built.
void add_global_option_notes(CLI::App& root);

// Throws UsageError (exit 64) for a database or a table (--db, --read-db, --layout, --schema, a
// table name) given to a command that does not use it, and for -o, --output or --json given to a
// command that prints one fixed form: each would otherwise be silently ignored.
void refuse_unhonoured_globals(const CLI::App& root);

} // namespace eventctl::cli
