#include "shell_completion.h"

#include "child_process.h"
#include "pty_session.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace eventctl::test {

namespace {

const std::filesystem::path source_dir = EVENTCTL_SOURCE_DIR;
const std::filesystem::path shell_dir = source_dir / "tests" / "shell";

void require_shell(Shell shell) {
    INFO("the shell tests need " << shell_name(shell)
                                 << " (scripts/install-deps.sh installs bash, zsh and fish)");
    REQUIRE(have_program(shell_name(shell)));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Splits output holding each line's candidates, then a terminator line.
std::vector<std::set<std::string>> split_answers(const std::string& output,
                                                 const std::string& terminator) {
    std::vector<std::set<std::string>> answers(1);
    std::stringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        if (line == terminator) {
            answers.emplace_back();
        } else {
            answers.back().insert(line.substr(0, line.find('\t'))); // fish: "value\tdescription"
        }
    }
    answers.pop_back();
    return answers;
}

std::vector<std::set<std::string>> bash_candidates(const std::vector<std::string>& lines,
                                                   const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv{"bash", "--norc", "--noprofile",
                                  (shell_dir / "bash_candidates.bash").string(),
                                  completion_file(Shell::bash)};
    argv.insert(argv.end(), lines.begin(), lines.end());
    auto result = run_child(argv, env);
    INFO("bash: " << result.err);
    REQUIRE(result.exit_code == 0);
    return split_answers(result.out, "--end--");
}

std::vector<std::set<std::string>> fish_candidates(const std::vector<std::string>& lines,
                                                   const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv{"fish", "--no-config", "-c",
                                  "source $argv[1]; or exit 1; for line in $argv[2..-1]; complete "
                                  "-C $line; echo --end--; end",
                                  completion_file(Shell::fish)};
    argv.insert(argv.end(), lines.begin(), lines.end());
    auto result = run_child(argv, env);
    INFO("fish: " << result.err);
    REQUIRE(result.exit_code == 0);
    return split_answers(result.out, "--end--");
}

const std::string prompt = "eventctl-test$ ";

// An interactive bash or zsh on a terminal, with the committed completions loaded. Keys are
// typed only while the shell waits at its prompt: typed ahead, the terminal itself would take
// ^U and the like as line editing before the shell saw them.
class InteractiveShell {
  public:
    InteractiveShell(Shell shell, const std::map<std::string, std::string>& env)
        : m_session(command(shell), with_home(env)) {
        auto completions = (source_dir / "completions").string();
        std::string setup;
        if (shell == Shell::zsh) {
            setup = "bindkey -e; fpath=('" + completions +
                    "' $fpath); autoload -U compinit; compinit -u -D";
        } else {
            setup = "source '" + completion_file(Shell::bash) + "'";
        }
        type_command("PS1='" + prompt + "'; " + setup);
    }

    // Types keys that end in a command, and waits until the command ran and the shell is back
    // at its prompt.
    void type_command(const std::string& keys) {
        auto from = m_session.transcript().size();
        auto done = "DONE-" + std::to_string(1000 + ++m_commands);
        // The echo computes its text, so the typed line (shown by the terminal) never holds it.
        m_session.send(keys + "; echo DONE-$((1000 + " + std::to_string(m_commands) + "))\r");
        bool ran = m_session.wait_for(done + "\r\n", from) &&
                   m_session.wait_for(prompt, m_session.transcript().find(done, from));
        INFO("the shell did not run: " << keys << "\n"
                                       << without_escapes(m_session.transcript().substr(from)));
        REQUIRE(ran);
    }

    PtySession& session() { return m_session; }

  private:
    static std::vector<std::string> command(Shell shell) {
        if (shell == Shell::zsh) {
            return {"zsh", "-f", "-i"};
        }
        return {"bash", "--norc", "--noprofile", "-i"};
    }

    std::map<std::string, std::string> with_home(std::map<std::string, std::string> env) {
        env["HOME"] = m_home.path();
        env["ZDOTDIR"] = m_home.path();
        env["INPUTRC"] = "/dev/null"; // emacs keys whatever the machine's inputrc says
        env["HISTFILE"] = m_home.path() + "/history";
        return env;
    }

    TempDirectory m_home; // declared first: the session's environment points into it
    PtySession m_session;
    int m_commands = 0;
};

std::vector<std::set<std::string>> zsh_candidates(const std::vector<std::string>& lines,
                                                  const std::map<std::string, std::string>& env) {
    TempDirectory capture_dir;
    auto capture = capture_dir.path() + "/capture";
    auto overrides = env;
    overrides["EVENTCTL_CAPTURE"] = capture;
    InteractiveShell zsh(Shell::zsh, overrides);
    zsh.type_command("source '" + (shell_dir / "zsh_capture.zsh").string() + "'");
    for (const auto& line : lines) {
        // Tab, then ^U to clear the line, then a command that ends this line's candidates.
        zsh.type_command(line + "\t\x15" + "print -r -- --end-- >>\"$EVENTCTL_CAPTURE\"");
    }
    return split_answers(read_file(capture), "--end--");
}

} // namespace

std::string shell_name(Shell shell) {
    switch (shell) {
    case Shell::bash:
        return "bash";
    case Shell::zsh:
        return "zsh";
    case Shell::fish:
        return "fish";
    }
    return "";
}

std::string completion_file(Shell shell) {
    auto dir = source_dir / "completions";
    switch (shell) {
    case Shell::bash:
        return (dir / "eventctl.bash").string();
    case Shell::zsh:
        return (dir / "_eventctl").string();
    case Shell::fish:
        return (dir / "eventctl.fish").string();
    }
    return "";
}

std::vector<std::set<std::string>> candidates(Shell shell, const std::vector<std::string>& lines,
                                              const std::map<std::string, std::string>& env) {
    require_shell(shell);
    std::vector<std::set<std::string>> answers;
    switch (shell) {
    case Shell::bash:
        answers = bash_candidates(lines, env);
        break;
    case Shell::zsh:
        answers = zsh_candidates(lines, env);
        break;
    case Shell::fish:
        answers = fish_candidates(lines, env);
        break;
    }
    REQUIRE(answers.size() == lines.size());
    return answers;
}

std::vector<std::string> lines_after_tab(Shell shell, const std::vector<std::string>& lines) {
    require_shell(shell);
    InteractiveShell interactive(shell, {});
    auto& session = interactive.session();
    std::vector<std::string> results;
    for (const auto& line : lines) {
        auto from = session.transcript().size();
        // Tab and a sentinel, %%%, right after what it inserted; then, with ^A, the line becomes
        // an echo between marks the echo of the typed text cannot hold (it shows @"@"@).
        session.send(line + "\t%%%\x01" + "echo @\"@\"@ \r");
        bool ran = session.wait_for("@@@ ", from) &&
                   session.wait_for("%%%", session.transcript().find("@@@ ", from)) &&
                   session.wait_for(prompt, session.transcript().find("@@@ ", from));
        INFO(shell_name(shell) << " did not run the line: "
                               << without_escapes(session.transcript().substr(from)));
        REQUIRE(ran);
        // The echo's output is plain text: no escapes between the marks.
        auto begin = session.transcript().find("@@@ ", from) + 4;
        auto end = session.transcript().find("%%%", begin);
        results.push_back(session.transcript().substr(begin, end - begin));
    }
    return results;
}

} // namespace eventctl::test
