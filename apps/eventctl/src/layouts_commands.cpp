#include "commands.h"
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
    show->callback([&state] {
        state.action = [&state](Context& context) {
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
        };
    });
}

} // namespace eventctl::cli
