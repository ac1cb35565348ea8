#include "prometheus_text.h"

#include "process.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace eventctl::test {

nlohmann::json parse_prometheus(const std::string& text) {
    char path[] = "/tmp/eventctl-prom-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        throw std::runtime_error("cannot make a temporary file");
    }
    close(fd);
    {
        std::ofstream file(path, std::ios::binary);
        file << text;
    }
    // Debian's interpreter, where python3-prometheus-client installs the parser; a python3
    // earlier on PATH (pyenv, a virtualenv) would not have it.
    BackgroundProcess parser(
        "/usr/bin/python3",
        {std::string(EVENTCTL_SOURCE_DIR) + "/tests/support/parse_prometheus.py", path});
    auto result = parser.wait();
    unlink(path);
    if (result.exit_code != 0) {
        throw std::runtime_error("the Prometheus parser refused the page (exit " +
                                 std::to_string(result.exit_code) + "): " + result.err +
                                 "\npage:\n" + text);
    }
    return nlohmann::json::parse(result.out);
}

double sample_value(const nlohmann::json& page, const std::string& name,
                    const nlohmann::json& labels) {
    const auto& families = page.at("families");
    if (!families.contains(name)) {
        throw std::runtime_error("no metric " + name + " in the page");
    }
    for (const auto& sample : families.at(name).at("samples")) {
        bool matches = true;
        for (const auto& [key, value] : labels.items()) {
            if (!sample["labels"].contains(key) || sample["labels"][key] != value) {
                matches = false;
            }
        }
        if (matches) {
            return sample["value"].get<double>();
        }
    }
    throw std::runtime_error("no sample of " + name + " with labels " + labels.dump());
}

} // namespace eventctl::test
