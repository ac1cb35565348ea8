#include "eventctl/suggest.h"

#include <algorithm>

namespace eventctl {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the dynamic programme are enough for the swap of neighbours.
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
    if (word.empty()) {
        return std::nullopt;
    }
    auto allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    bool tied = false;
    for (const auto& candidate : candidates) {
        auto distance = edit_distance(word, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
            tied = false;
        } else if (distance == best_distance && best != candidate) {
            tied = true;
        }
    }
    if (best && !tied) {
        return best;
    }
    // A word cut short ("--stat" for "--status") is a typo too, when only one word starts so.
    std::optional<std::string> extended;
    for (const auto& candidate : candidates) {
        if (candidate.size() > word.size() && candidate.compare(0, word.size(), word) == 0) {
            if (extended && *extended != candidate) {
                return std::nullopt;
            }
            extended = candidate;
        }
    }
    return extended;
}

} // namespace eventctl
