#include "option_values.h"

#include "eventctl/render/terminal_text.h"
#include "eventctl/suggest.h"

#include <algorithm>
#include <map>

namespace eventctl::cli {

namespace {

// The root keeps the sources, so they live and die with the options they describe; CLI11 has no
// slot for them on the options themselves.
class CommandTree : public CLI::App {
  public:
    using CLI::App::App;
    std::map<const CLI::Option*, ValueSource> sources;
};

CLI::Option* declare(CLI::App& command, CLI::Option* option, ValueSource source) {
    CLI::App* root = &command;
    while (root->get_parent() != nullptr) {
        root = root->get_parent();
    }
    dynamic_cast<CommandTree&>(*root).sources[option] = std::move(source);
    return option;
}

} // namespace

std::unique_ptr<CLI::App> make_command_tree(const std::string& description,
                                            const std::string& name) {
    return std::make_unique<CommandTree>(description, name);
}

CLI::Option* accept_only(CLI::App& command, CLI::Option* option, std::vector<std::string> words) {
    std::string listed;
    std::string set;
    for (std::size_t i = 0; i < words.size(); ++i) {
        listed += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
        set += (i == 0 ? "{" : ",") + words[i];
    }
    set += "}";
    // CLI11 puts the option's name in front: "--status: "faild" is not ...".
    option->check(CLI::Validator(
        [words, listed](std::string& value) -> std::string {
            if (std::find(words.begin(), words.end(), value) != words.end()) {
                return {};
            }
            auto match = closest_match(value, words);
            return in_quotes(value) + " is not " + listed +
                   (match ? "; did you mean " + *match + "?" : std::string());
        },
        set, "accepted values"));
    return declare(command, option, {std::move(words)});
}

CLI::Option* complete_files(CLI::App& command, CLI::Option* option,
                            std::vector<std::string> words) {
    return declare(command, option, {std::move(words), true});
}

CLI::Option* complete_consumers(CLI::App& command, CLI::Option* option) {
    return declare(command, option, {{}, false, true});
}

const ValueSource* declared_values(const CLI::App& root, const CLI::Option& option) {
    const auto& sources = dynamic_cast<const CommandTree&>(root).sources;
    auto found = sources.find(&option);
    return found == sources.end() ? nullptr : &found->second;
}

} // namespace eventctl::cli
