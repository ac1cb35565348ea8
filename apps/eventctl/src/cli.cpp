#include "cli.h"

#include "commands.h"
#include "completion_candidates.h"
#include "eventctl/error.h"
#include "eventctl/error_report.h"
#include "eventctl/session/secrets.h"
#include "eventctl/version.h"
#include "option_values.h"
#include "standard_output.h"
#include "terminal.h"

#include <cstdlib>
#include <iostream>

namespace eventctl::cli {

std::unique_ptr<CLI::App> build_cli(CliState& state) {
    auto app = make_command_tree(
        "Administer the PostgreSQL tables of event-driven services: the transactional outbox and "
        "the event log.",
        "eventctl");
    // Global options may follow the command name too: unmatched options fall through to here.
    app->fallthrough();
    app->require_subcommand(1);
    app->set_version_flag("--version", std::string("eventctl ") + version,
                          "Print the version and exit");
    app->footer("Examples:\n"
                "  eventctl outbox stats -d postgresql://ops@db.internal:5432/shop\n"
                "  eventctl outbox list --status failed,dead --created-after 24h\n"
                "  eventctl log consumers --json\n\n"
                "Run 'eventctl COMMAND --help' for a command's options and examples; "
                "'man eventctl' for the whole manual.");
    add_global_options(*app, state.global);
    add_outbox_commands(*app, state);
    add_log_commands(*app, state);
    add_schema_commands(*app, state);
    add_layouts_commands(*app, state);
    add_doctor_command(*app, state);
    add_completion_command(*app, state);
    return app;
}

namespace {

void report(std::ostream& err, const ErrorReport& report) {
    err << "eventctl: " << report.message << '\n';
    if (!report.hint.empty()) {
        err << "HINT: " << report.hint << '\n';
    }
}

// CLI11 stops on --help and --version by throwing; those are successes printed to stdout.
int handle_parse_error(const CLI::ParseError& error, CLI::App& app, std::ostream& out,
                       std::ostream& err) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        app.exit(error, out, err);
        return to_int(ExitCode::ok);
    }
    std::string message = error.what();
    // CLI11 checks for a missing subcommand before it complains about arguments it did not
    // know, so "eventctl --bogus" would say "A subcommand is required": name the argument.
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        if (auto unexpected = app.remaining(true); !unexpected.empty()) {
            message = CLI::ExtrasError(unexpected).what();
        }
    }
    report(err, {ExitCode::usage, message, "run 'eventctl --help' for usage"});
    return to_int(ExitCode::usage);
}

// The end of a run that printed to out: a success whose output could not be written is not one.
int flushed(int code, std::ostream& out, std::ostream& err) {
    try {
        flush_written(out);
    } catch (const Error& error) {
        report(err, {error.code(), error.what(), error.hint()});
        return code == to_int(ExitCode::ok) ? to_int(error.code()) : code;
    }
    return code;
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    // Not a command of the tree: its arguments are an unfinished command line, which CLI11 would
    // parse (and refuse) rather than pass on.
    if (argc > 1 && std::string(argv[1]) == "__complete") {
        print_completion(std::vector<std::string>(argv + 2, argv + argc), out);
        return flushed(to_int(ExitCode::ok), out, err);
    }
    CliState state;
    auto app = build_cli(state);
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return flushed(handle_parse_error(error, *app, out, err), out, err);
    }

    EnvLookup env = [](const char* name) { return std::getenv(name); };
    const auto& global = state.global;
    ConnectionSettings connection;
    connection.db = global.db;
    auto secrets = settings_secrets(connection, env);
    try {
        auto format = global.json ? OutputFormat::json : parse_output_format(global.output);
        auto now = std::chrono::time_point_cast<Microseconds>(Clock::now());
        auto command_line =
            masked_command_line(std::vector<std::string>(argv, argv + argc), secrets);
        Context context{global,   out,
                        err,      env,
                        format,   detect_terminal(global.color, env),
                        now,      command_line,
                        std::cin, stdin_and_stderr_are_terminals(),
                        {},       {}};
        state.action(context);
        // Also after a change: it stands, and the line says so, if its result was lost.
        flush_written(out, context.applied_change);
        return to_int(ExitCode::ok);
    } catch (...) {
        auto described = describe_error(std::current_exception(), secrets);
        report(err, described);
        return to_int(described.code);
    }
}

} // namespace eventctl::cli
