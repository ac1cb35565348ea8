#pragma once

#include <string>

namespace eventctl {

// The directory an archive's path names, which must exist and is synced after the file is made:
// "." for a bare file name, "/" for a file in the root.
inline std::string parent_directory(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace eventctl
