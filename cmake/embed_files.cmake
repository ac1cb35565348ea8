# Writes OUTPUT, a C++ source holding every file GLOB matches as a string, so data files in the
# repository (the built-in layouts, the completion scripts) are compiled into the binary as they
# are. Each entry is {name, text}: the name is the file's NAME (its whole name) or NAME_WE (without
# extension), in file-name order; VARIABLE is declared in HEADER as a vector of such entries.
file(GLOB files "${GLOB}")
list(SORT files)
set(entries "")
foreach(path IN LISTS files)
  get_filename_component(name "${path}" ${NAME})
  file(READ "${path}" text)
  string(APPEND entries "    {\"${name}\", R\"eventctl_file(${text})eventctl_file\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${GLOB}; edit those files.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace eventctl {\n\n"
  "const std::vector<${TYPE}> ${VARIABLE} = {\n${entries}};\n\n"
  "} // namespace eventctl\n")
# Unchanged files leave the source untouched, so nothing recompiles.
configure_file("${OUTPUT}.tmp" "${OUTPUT}" COPYONLY)
file(REMOVE "${OUTPUT}.tmp")
