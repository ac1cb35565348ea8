# Writes OUTPUT, a C++ source holding every layout document in LAYOUT_DIR as a string, so the
# presets are data files in the repository and compiled into the binary as they are.
file(GLOB documents "${LAYOUT_DIR}/*.json")
list(SORT documents)
set(entries "")
foreach(document IN LISTS documents)
  get_filename_component(name "${document}" NAME_WE)
  file(READ "${document}" text)
  string(APPEND entries "    {\"${name}\", R\"eventctl_layout(${text})eventctl_layout\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from libcore/layouts/*.json; edit those.\n"
  "#include \"embedded_layouts.h\"\n\n"
  "namespace eventctl {\n\n"
  "const std::vector<EmbeddedLayout> embedded_layouts = {\n${entries}};\n\n"
  "} // namespace eventctl\n")
# Unchanged documents leave the source untouched, so nothing recompiles.
configure_file("${OUTPUT}.tmp" "${OUTPUT}" COPYONLY)
file(REMOVE "${OUTPUT}.tmp")
