# The Debian package: `cpack -G DEB` in the build directory (or `cmake --build build --target
# package`) makes eventctl_VERSION_ARCH.deb holding what `cmake --install` installs, under /usr:
# the binary (stripped), the man pages (compressed), the shell completions and the copyright
# file Debian expects in /usr/share/doc/eventctl (machine-readable, DEP-5).
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
set(EVENTCTL_PACKAGE_MAINTAINER
  "eventctl maintainers <maintainers@users.noreply.b-seed-8463ff2b.example>"
  CACHE STRING "The Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME eventctl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${EVENTCTL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "administer the PostgreSQL outbox and event-log tables of event-driven services")
set(CPACK_PACKAGE_DESCRIPTION
  "eventctl inspects and repairs the transactional outbox and the event log that event-driven\n\
services keep in PostgreSQL: outbox statistics, listing, retry, mark-dead, unlocking stale\n\
claims and purging, consumer positions, seeks and replays, each a one-shot command with\n\
table, JSON, NDJSON or CSV output and safe defaults for live systems.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${EVENTCTL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# What the binary links against on Debian 12, by package name.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libc6, libgcc-s1, libstdc++6, libpq5, libpqxx-6.4, libzstd1, libssl3")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, postgresql-client")

include(CPack)
