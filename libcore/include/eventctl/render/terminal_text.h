#pragma once

// Text that came from data or from a command line, made safe to show on a terminal. A value in a
// table, in `outbox show`, in a prompt or quoted in an error message may hold anything a remote
// system wrote: an ESC sequence that recolours or clears the screen, a carriage return that
// overwrites the line, a NUL that ends a C string early, bytes that are not UTF-8. Every such
// character is shown as a visible escape instead, and widths are measured on what is shown.

#include <cstddef>
#include <string>
#include <string_view>

namespace eventctl {

// text with every character a terminal would act on shown as an escape: \n, \r and \t; \xNN for
// the other C0 controls, DEL and each byte that is not part of valid UTF-8 (lone surrogates and
// overlong forms included); \uNNNN for the C1 controls and the invisible characters that reorder
// or split lines (bidirectional overrides and isolates, U+2028, U+2029). Everything else,
// backslashes included, is kept as it is.
std::string terminal_safe(std::string_view text);

// terminal_safe(text) cut to at most width columns, ending in an ellipsis when it was cut; an
// escape is shown whole or not at all, never cut in the middle.
std::string terminal_safe_cut(std::string_view text, std::size_t width);

// The columns text takes on a terminal: wide (East Asian, emoji) characters count two,
// combining marks none. text should already be terminal_safe.
std::size_t display_width(std::string_view text);

// text in double quotes for an error message: terminal_safe, with " and \ escaped as well so
// the quoted value ends where it seems to, and cut after max_chars characters, ending in "..."
// inside the quotes.
std::string in_quotes(std::string_view text, std::size_t max_chars = 100);

} // namespace eventctl
