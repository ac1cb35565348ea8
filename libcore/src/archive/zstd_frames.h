#pragma once

// The zstd side of a .zst archive: each batch is one complete frame, and concatenated frames are
// one stream to `zstd -dc`, so a file that ends with a whole frame holds every batch whole.

#include <cstddef>
#include <string>
#include <string_view>

namespace eventctl {

// Compresses text into one zstd frame, with its content checksum.
std::string zstd_frame(std::string_view text);

// The size of the longest prefix of data made of whole zstd frames: data.size() when it ends
// with a whole frame, less when a write was cut off inside the last one.
std::size_t whole_zstd_frames(std::string_view data);

} // namespace eventctl
