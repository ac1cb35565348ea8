// The .deb that CPack builds from this tree installs where Debian expects, `man eventctl` and the
// three shells' completions work from there, and removing it leaves nothing behind. It installs
// into the real /usr, so dpkg runs as root: directly when the test is root (as CI runs), else
// through `sudo -n`, as scripts/test.sh does for apt-get. It runs alone.

#include "child_process.h"
#include "temp_directory.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace eventctl::test;

namespace {

// argv as root: itself when this process is root, else through sudo without a password prompt.
std::vector<std::string> as_root(std::vector<std::string> argv) {
    if (geteuid() != 0) {
        argv.insert(argv.begin(), {"sudo", "-n"});
    }
    return argv;
}

std::string installed_status() {
    return run_child({"dpkg-query", "-W", "-f", "${db:Status-Status}", "eventctl"}).out;
}

// Removes the package when the test leaves early, so a failure never leaves it installed.
class InstalledPackage {
  public:
    ~InstalledPackage() {
        if (installed_status() == "installed") {
            run_child(as_root({"dpkg", "-r", "eventctl"}));
        }
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace

TEST_CASE("deb: the package installs, works from /usr and removes cleanly", "[deb]") {
    for (const auto* program : {"cpack", "dpkg", "dpkg-deb", "man"}) {
        INFO(program << " is needed (scripts/install-deps.sh installs it)");
        REQUIRE(have_program(program));
    }
    if (geteuid() != 0) {
        auto sudo = have_program("sudo") ? run_child({"sudo", "-n", "true"}) : ChildResult{};
        INFO("this test installs the .deb into /usr with dpkg, as root: run it as root, or as a "
             "user who may run dpkg through sudo without a password prompt (sudo -n); or leave it "
             "out with ctest -E 'deb:'. sudo -n true said: "
             << (have_program("sudo") ? sudo.err : "no sudo on PATH"));
        REQUIRE(sudo.exit_code == 0);
    }
    {
        INFO("an eventctl package is already installed here; the test will not replace it "
             "(dpkg -r eventctl first)");
        REQUIRE(installed_status() != "installed");
    }

    TempDirectory out;
    auto built =
        run_child({"cpack", "-G", "DEB", "--config",
                   std::string(EVENTCTL_BUILD_DIR) + "/CPackConfig.cmake", "-B", out.path()});
    INFO("cpack: " << built.out << built.err);
    REQUIRE(built.exit_code == 0);
    std::string deb;
    for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
        if (entry.path().extension() == ".deb") {
            deb = entry.path().string();
        }
    }
    REQUIRE_FALSE(deb.empty());

    auto fields = run_child({"dpkg-deb", "-f", deb, "Package", "Depends", "Maintainer"});
    CHECK(fields.out.find("Package: eventctl") != std::string::npos);
    CHECK(fields.out.find("libpqxx-6.4") != std::string::npos);
    CHECK(fields.out.find("libpq5") != std::string::npos);
    CHECK(fields.out.find("libzstd1") != std::string::npos); // purge --archive-to FILE.zst
    CHECK(fields.out.find("libssl3") != std::string::npos);  // the archive manifest's sha256
    CHECK(fields.out.find("Maintainer: ") != std::string::npos);

    InstalledPackage guard;
    auto install = run_child(as_root({"dpkg", "-i", deb}));
    INFO("dpkg -i: " << install.out << install.err);
    REQUIRE(install.exit_code == 0);
    auto files = lines_of(run_child({"dpkg", "-L", "eventctl"}).out);

    auto version = run_child({"/usr/bin/eventctl", "--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.rfind("eventctl ", 0) == 0);
    {
        auto where = run_child({"man", "-w", "eventctl"});
        INFO("man -w eventctl: " << where.out << where.err
                                 << " (does /etc/dpkg/dpkg.cfg.d exclude /usr/share/man?)");
        CHECK(where.exit_code == 0);
        CHECK(where.out == "/usr/share/man/man1/eventctl.1.gz\n");
        auto manual = run_child({"man", "-P", "cat", "eventctl"}, {{"MANWIDTH", "80"}});
        CHECK(manual.exit_code == 0);
        CHECK(manual.out.find("EXIT STATUS") != std::string::npos);
        auto page = run_child({"man", "-P", "cat", "eventctl-completion"}, {{"MANWIDTH", "80"}});
        CHECK(page.exit_code == 0);
        CHECK(page.out.find("vendor_completions.d") != std::string::npos);
    }
    // Every page compressed, as gzip -9n makes it: no file name, no time stamp.
    int pages = 0;
    for (const auto& file : files) {
        if (file.rfind("/usr/share/man/", 0) != 0 || std::filesystem::is_directory(file)) {
            continue;
        }
        INFO(file);
        ++pages;
        CHECK(file.size() > 3);
        CHECK(file.compare(file.size() - 3, 3, ".gz") == 0);
        std::ifstream page(file, std::ios::binary);
        std::string header(10, '\0');
        page.read(header.data(), 10);
        CHECK(header.substr(0, 3) == std::string("\x1f\x8b\x08", 3));
        CHECK(header[3] == '\0');                           // no name, no comment
        CHECK(header.substr(4, 4) == std::string(4, '\0')); // no time stamp
    }
    CHECK(pages >= 5);
    {
        std::ifstream copyright("/usr/share/doc/eventctl/copyright");
        std::string first_line;
        INFO("/usr/share/doc/eventctl/copyright");
        REQUIRE(std::getline(copyright, first_line));
        CHECK(first_line ==
              "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/");
    }
    for (const auto* path : {"/usr/share/bash-completion/completions/eventctl",
                             "/usr/share/zsh/vendor-completions/_eventctl",
                             "/usr/share/fish/vendor_completions.d/eventctl.fish"}) {
        INFO(path);
        CHECK(std::filesystem::is_regular_file(path));
    }
    // Each shell finds the script where it was installed, by itself.
    TempDirectory home;
    std::map<std::string, std::string> env{{"HOME", home.path()}, {"ZDOTDIR", home.path()}};
    auto bash = run_child({"bash", "--norc", "-c",
                           "source /usr/share/bash-completion/bash_completion && "
                           "__load_completion eventctl && complete -p eventctl"},
                          env);
    INFO("bash-completion: " << bash.out << bash.err);
    CHECK(bash.out.find("-F _eventctl eventctl") != std::string::npos);
    auto zsh =
        run_child({"zsh", "-f", "-c",
                   "autoload -U compinit && compinit -u -D && print -r -- $_comps[eventctl]"},
                  env);
    INFO("zsh: " << zsh.out << zsh.err);
    CHECK(zsh.out == "_eventctl\n");
    auto fish = run_child({"fish", "-c", "complete -C 'eventctl ou'"}, env);
    INFO("fish: " << fish.out << fish.err);
    CHECK(fish.out.rfind("outbox\t", 0) == 0);

    auto remove = run_child(as_root({"dpkg", "-r", "eventctl"}));
    INFO("dpkg -r: " << remove.out << remove.err);
    REQUIRE(remove.exit_code == 0);
    CHECK(installed_status() != "installed");
    // Every file the package brought is gone; directories others share may stay.
    for (const auto& file : files) {
        if (!std::filesystem::is_directory(file)) {
            INFO("left behind: " << file);
            CHECK_FALSE(std::filesystem::exists(file));
        }
    }
    CHECK_FALSE(std::filesystem::exists("/usr/share/zsh/vendor-completions/_eventctl"));
}
