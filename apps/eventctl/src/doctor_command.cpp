#include "commands.h"
#include "error_output.h"
#include "eventctl/doctor/doctor.h"
#include "eventctl/error.h"
#include "eventctl/render/doctor.h"
#include "pager.h"

namespace eventctl::cli {

void add_doctor_command(CLI::App& app, CliState& state) {
    auto* doctor = app.add_subcommand(
        "doctor", "Check the connection, the layout against the tables, the indexes and the "
                  "privileges each command needs");
    doctor->add_flag("--count", state.doctor.count_states,
                     "Also count how the outbox rows fall into the layout's states, to find "
                     "overlapping states and rows in none (reads every row)");
    doctor->footer("Exit status: 0 all fits (missing indexes are warnings), 64 the layout does "
                   "not fit the tables, 77 the role lacks privileges.\n\n"
                   "Examples:\n"
                   "  eventctl doctor\n"
                   "  eventctl doctor --layout oxide-outbox --count\n"
                   "  eventctl doctor --json | jq -r '.indexes[] | select(.statement) | "
                   ".statement'");
    on_run(*doctor, state, [&state](Context& context) {
        const auto& layout = context.layout();
        auto session = context.open_session(Command::doctor);
        auto report = run_doctor(session, layout, state.doctor);
        {
            Pager pager(context);
            render_doctor(context.out, report, context.format, context.terminal);
        }
        context.result_written = true;
        // The report is the output, and says its own verdict: the exit status and one line
        // on stderr say it too, never a second document on stdout.
        auto code = report.exit_code();
        if (code == ExitCode::ok) {
            return;
        }
        std::string hint =
            code != ExitCode::usage
                ? "the privileges section of the report lists what is missing; GRANT it, or "
                  "run those commands as a role that has it"
            : layout.name == "canonical"
                ? "the report lists every problem; 'eventctl schema init' creates the "
                  "canonical tables, --schema and the table options point at others"
                : "the report lists every problem; --schema and the table options point at "
                  "other tables";
        report_error({code, report.summary(), hint}, std::nullopt, context.out, context.err);
        context.exit_code = to_int(code);
    });
}

} // namespace eventctl::cli
