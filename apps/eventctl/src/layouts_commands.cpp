#include "commands.h"
#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/render/layouts.h"
#include "option_values.h"
#include "pager.h"

#include <fstream>
#include <sstream>

namespace eventctl::cli {

void add_layouts_commands(CLI::App& app, CliState& state) {
    auto* layouts = app.add_subcommand(
        "layouts", "List the built-in table layouts, or print one to start a layout file from");
    layouts->footer("Examples:\n"
                    "  eventctl layouts\n"
                    "  eventctl layouts -o json | jq '.layouts[] | {name, unsupported}'\n"
                    "  eventctl layouts show oxide-outbox > my-outbox.json");
    layouts->callback([&state, layouts] {
        if (layouts->get_subcommands().empty()) {
            state.action = [](Context& context) {
                Pager pager(context);
                render_layouts(context.out, summarize_presets(), context.format, context.terminal);
            };
        }
    });

    auto* show = layouts->add_subcommand(
        "show", "Print a built-in layout's document, or check a layout file and print it");
    auto* layout =
        show->add_option("layout", state.layout_name, "A built-in layout's name or a layout file");
    complete_files(*show, layout, preset_names())->option_text("NAME|FILE")->required();
    show->footer("Examples:\n"
                 "  eventctl layouts show canonical\n"
                 "  eventctl layouts show klauthed > my-outbox.json\n"
                 "  eventctl layouts show ./my-outbox.json");
    on_run(*show, state, [&state](Context& context) {
        auto names = preset_names();
        if (std::find(names.begin(), names.end(), state.layout_name) != names.end()) {
            context.out << preset_document(state.layout_name);
            return;
        }
        // A file is checked as every command would read it, then echoed as it is.
        load_layout(state.layout_name);
        std::ifstream file(state.layout_name, std::ios::binary);
        std::ostringstream text;
        text << file.rdbuf();
        context.out << text.str();
    });

    auto* check = layouts->add_subcommand(
        "check", "Check a layout file without a database and list what it supports");
    auto* file = check->add_option("file", state.layout_name, "A layout file");
    complete_files(*check, file, {})->option_text("FILE")->required();
    check->footer(
        "Examples:\n"
        "  eventctl layouts show oxide-outbox > my-outbox.json\n"
        "  eventctl layouts check ./my-outbox.json\n"
        "  eventctl layouts check ./my-outbox.json -o json | jq '.layouts[0].unsupported'\n"
        "  eventctl --layout ./my-outbox.json doctor   # then against the tables");
    on_run(*check, state, [&state](Context& context) {
        auto names = preset_names();
        if (std::find(names.begin(), names.end(), state.layout_name) != names.end()) {
            throw UsageError("layouts check reads a file; " + state.layout_name +
                                 " is a built-in layout",
                             "see it with 'eventctl layouts show " + state.layout_name + "'");
        }
        // The file is read as every command reads it: the first problem is refused with
        // its place in the file; a layout that reads is listed with what it supports.
        render_layouts(context.out, {summarize_layout(load_layout(state.layout_name))},
                       context.format, context.terminal);
    });
}

} // namespace eventctl::cli
