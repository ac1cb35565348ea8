#include "cli.h"

#include "commands.h"
#include "completion_candidates.h"
#include "error_output.h"
#include "eventctl/doctor/grant_hint.h"
#include "eventctl/error.h"
#include "eventctl/error_report.h"
#include "eventctl/render/check.h"
#include "eventctl/session/secrets.h"
#include "eventctl/version.h"
#include "global_scope.h"
#include "option_values.h"
#include "pager.h"
#include "parse_failure.h"
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
    add_audit_commands(*app, state);
    add_schema_commands(*app, state);
    add_layouts_commands(*app, state);
    add_monitor_commands(*app, state);
    add_doctor_command(*app, state);
    add_completion_command(*app, state);
    add_global_option_notes(*app);
    return app;
}

namespace {

// CLI11 stops on --help and --version by throwing; those are successes printed to stdout. Any
// other refusal says what was wrong and names the command's own help; a bare group ("eventctl
// outbox") prints its help too, on stderr, as a command line that did nothing.
// format is where the error goes on stdout as well (-o json, ndjson); none for a command that
// prints its own record of the failure there.
int handle_parse_error(const CLI::ParseError& error, CLI::App& app,
                       std::optional<OutputFormat> format, std::ostream& out, std::ostream& err) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        app.exit(error, out, err);
        return to_int(ExitCode::ok);
    }
    auto report = describe_parse_error(error, app);
    const auto& command = chosen_command(app);
    if (is_bare_group(command) && app.remaining(true).empty()) {
        err << app.help();
    }
    report_error(report, format, out, err);
    return to_int(report.code);
}

// `eventctl help [COMMAND...]`: the help of that command, as --help prints it, exit 0.
int print_help(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    CliState state;
    auto app = build_cli(state);
    // Each word must name a command: CLI11 would print the help of the last one it knew.
    const CLI::App* command = app.get();
    for (const auto& word : words) {
        const CLI::App* next = nullptr;
        for (const auto* sub : command->get_subcommands({})) {
            if (sub->get_name() == word && !sub->get_group().empty()) {
                next = sub;
            }
        }
        if (next == nullptr) {
            report_error(unknown_command(word, *command), std::nullopt, out, err);
            return to_int(ExitCode::usage);
        }
        command = next;
    }
    std::vector<std::string> args = {"eventctl"};
    args.insert(args.end(), words.begin(), words.end());
    args.emplace_back("--help");
    std::vector<const char*> argv;
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    try {
        app->parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& error) {
        return handle_parse_error(error, *app, format_in_args(args), out, err);
    }
    return to_int(ExitCode::ok);
}

// The end of a run that printed to out: a success whose output could not be written is not one.
int flushed(int code, std::ostream& out, std::ostream& err) {
    try {
        flush_written(out);
    } catch (const Error& error) {
        // Standard output is what failed: the error goes to stderr alone.
        report_error({error.code(), error.what(), error.hint()}, std::nullopt, out, err);
        return code == to_int(ExitCode::ok) ? to_int(error.code()) : code;
    }
    return code;
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    std::vector<std::string> args(argv, argv + argc);
    // Not commands of the tree: __complete's arguments are an unfinished command line, which
    // CLI11 would parse (and refuse) rather than pass on; help's are a command's name.
    if (argc > 1 && args[1] == "__complete") {
        print_completion(std::vector<std::string>(args.begin() + 2, args.end()), out);
        return flushed(to_int(ExitCode::ok), out, err);
    }
    if (argc > 1 && args[1] == "help") {
        return print_help(std::vector<std::string>(args.begin() + 2, args.end()), out, err);
    }
    CliState state;
    auto app = build_cli(state);
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // check is read by monitoring systems, for which a command line they cannot run is
        // UNKNOWN (3), said on stdout.
        if (error.get_exit_code() != static_cast<int>(CLI::ExitCodes::Success) &&
            app->got_subcommand("check")) {
            // Its plugin line is the one record on stdout.
            int code = handle_parse_error(error, *app, std::nullopt, out, err);
            render_check_error(out, {ExitCode::usage, error.what(), {}}, OutputFormat::table);
            return flushed(code == to_int(ExitCode::ok) ? code
                                                        : static_cast<int>(CheckState::unknown),
                           out, err);
        }
        return flushed(handle_parse_error(error, *app, format_in_args(args), out, err), out, err);
    }

    EnvLookup env = [](const char* name) { return std::getenv(name); };
    const auto& global = state.global;
    ConnectionSettings connection;
    connection.db = global.db;
    auto secrets = settings_secrets(connection, env);
    ConnectionSettings standby;
    standby.db = global.read_db;
    if (const char* read_db = env("EVENTCTL_READ_DB"); !standby.db && read_db != nullptr) {
        standby.db = read_db;
    }
    if (standby.db) {
        auto more = settings_secrets(standby, env);
        secrets.insert(secrets.end(), more.begin(), more.end());
    }
    auto format = format_in_args(args);
    std::unique_ptr<Context> context;
    try {
        refuse_unhonoured_globals(*app);
        if (global.json && app->get_option("--output")->count() > 0 && global.output != "json") {
            throw UsageError("--json is -o json, and -o asks for " + global.output +
                                 ": one of them would be ignored",
                             "give one of them");
        }
        bool wide = global.output == "wide" && !global.json;
        format = global.json ? OutputFormat::json
                 : wide      ? OutputFormat::table
                             : parse_output_format(global.output);
        if (global.no_headers && format != OutputFormat::table) {
            // A CSV header names the columns a reader picks by: part of the format, not of the
            // table's decoration.
            auto name = std::string(to_string(*format));
            throw UsageError("--no-headers is for tables (-o table or wide): -o " + name +
                                 (format == OutputFormat::csv ? " keeps its header line"
                                                              : " has no heading to leave out"),
                             format == OutputFormat::csv
                                 ? "leave --no-headers out, and the header with tail -n +2"
                                 : "leave --no-headers out");
        }
        if (format == OutputFormat::prometheus && !state.accepts_prometheus) {
            throw UsageError("-o prometheus is printed by outbox stats, log consumers and "
                             "metrics only",
                             "eventctl metrics prints both halves in one page");
        }
        auto terminal = detect_terminal(global.color, env);
        terminal.table.wide = wide;
        terminal.table.headers = !global.no_headers;
        auto now = std::chrono::time_point_cast<Microseconds>(Clock::now());
        auto command_line = masked_command_line(args, secrets);
        context.reset(new Context{global,
                                  out,
                                  err,
                                  env,
                                  *format,
                                  terminal,
                                  now,
                                  command_line,
                                  std::cin,
                                  stdin_and_stderr_are_terminals(),
                                  {},
                                  {},
                                  {},
                                  {},
                                  {},
                                  0,
                                  false});
        state.action(*context);
        // Also after a change: it stands, and the line says so, if its result was lost.
        flush_written(out, context->applied_change);
        return context->exit_code;
    } catch (const ReaderGone&) {
        // The person quit the pager: they have seen what they wanted.
        return to_int(ExitCode::ok);
    } catch (...) {
        auto described = describe_error(std::current_exception(), secrets,
                                        resolve_conninfo(connection, env).source);
        if (described.code == ExitCode::no_permission && context && context->session_command &&
            context->loaded_layout) {
            if (auto grant = grant_hint(*context->loaded_layout, *context->session_command,
                                        described.message, context->session_role)) {
                described.hint = *grant;
            }
        }
        if (state.check_command) {
            report_error(described, std::nullopt, out, err);
            render_check_error(out, described, format.value_or(OutputFormat::table));
            out.flush();
            return static_cast<int>(CheckState::unknown);
        }
        report_error(described, context && context->result_written ? std::nullopt : format, out,
                     err);
        return to_int(described.code);
    }
}

} // namespace eventctl::cli
