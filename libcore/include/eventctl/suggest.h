#pragma once

// "Did you mean ...?": the known words closest to one mistyped, for options, commands, layouts
// and schemas.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventctl {

// The number of single-character insertions, deletions, substitutions and swaps of neighbours
// that turn a into b (optimal string alignment distance).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to word, when it is close enough to be a typo of it: within a third of
// the word's length (at least 1, at most 3 edits), or word a prefix of exactly one candidate.
// Empty when none is, or when two candidates are equally close.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

} // namespace eventctl
