#include "embedded_layouts.h"
#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/terminal_text.h"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace eventctl {

namespace {

// canonical first: it is the default, and the one the others are read against.
std::vector<const EmbeddedLayout*> ordered_presets() {
    std::vector<const EmbeddedLayout*> presets;
    for (const auto& preset : embedded_layouts) {
        if (preset.name == "canonical") {
            presets.insert(presets.begin(), &preset);
        } else {
            presets.push_back(&preset);
        }
    }
    return presets;
}

const EmbeddedLayout* find_preset(const std::string& name) {
    for (const auto& preset : embedded_layouts) {
        if (preset.name == name) {
            return &preset;
        }
    }
    return nullptr;
}

// Layout files are small; anything this large is not one, and reading it would only hurt.
constexpr std::streamoff max_layout_bytes = 1 << 20;

std::string read_layout_file(const std::string& path) {
    struct stat info {};
    if (stat(path.c_str(), &info) != 0) {
        throw UsageError("unknown layout " + in_quotes(path) + ": not a built-in layout (" +
                             joined(preset_names()) + ") and no such file",
                         "list the built-in layouts with 'eventctl layouts'");
    }
    if (!S_ISREG(info.st_mode)) {
        throw UsageError("layout " + in_quotes(path) + " is not a regular file");
    }
    if (info.st_size > max_layout_bytes) {
        throw UsageError("layout " + in_quotes(path) + " is larger than 1 MiB: not a layout file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError("cannot read layout " + in_quotes(path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::vector<std::string> preset_names() {
    std::vector<std::string> names;
    for (const auto* preset : ordered_presets()) {
        names.push_back(preset->name);
    }
    return names;
}

const std::string& preset_document(const std::string& name) {
    const auto* preset = find_preset(name);
    if (preset == nullptr) {
        throw UsageError("no built-in layout named " + in_quotes(name) +
                         "; the built-in layouts are " + joined(preset_names()));
    }
    return preset->document;
}

Layout load_layout(const std::string& name_or_path) {
    if (const auto* preset = find_preset(name_or_path)) {
        auto layout = parse_layout(preset->document, "built-in " + preset->name);
        layout.origin = "built-in";
        return layout;
    }
    auto layout = parse_layout(read_layout_file(name_or_path), name_or_path);
    return layout;
}

} // namespace eventctl
