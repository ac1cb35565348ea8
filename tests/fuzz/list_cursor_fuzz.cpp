// List cursors (outbox list --after): text from a user's clipboard or a script. A decoded
// cursor encodes back to text that decodes to the same key.
#include "eventctl/outbox/list_cursor.h"
#include "fuzz_support.h"

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = fuzz::as_text(data, size);
    ListCursor cursor;
    if (!fuzz::accepts([&] { cursor = decode_cursor(text); })) {
        return 0;
    }
    ListCursor again;
    fuzz::require(fuzz::accepts([&] { again = decode_cursor(encode_cursor(cursor)); }),
                  "an encoded cursor decodes");
    fuzz::require(again.order == cursor.order &&
                      again.created_at_micros == cursor.created_at_micros && again.id == cursor.id,
                  "encode_cursor round-trips through decode_cursor");
    return 0;
}
