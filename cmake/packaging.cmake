# Install rules and the two Debian packages (cpack -G DEB in a configured build directory):
#   hymy-kiosk  the tablet: hymy-kiosk, hymy-sync and its unit, /usr/share/hymy assets and
#               example configs, /etc/hymy/tablet.toml (a conffile)
#   hymy-hq     the server: hymy-hq and its unit, /etc/default/hymy-hq (a conffile)
# The units name /usr/bin and /etc: these rules are for the packages (prefix /usr), where the
# configuration goes to /etc whatever the prefix. Maintainer scripts and conffile lists are in
# assets/debian/<package>/; tests/packaging checks the packages and their units.
include(GNUInstallDirs)
set(HYMY_DEBIAN_DIR ${PROJECT_SOURCE_DIR}/assets/debian)
# /usr/lib/systemd/system (not the multiarch CMAKE_INSTALL_LIBDIR); on Debian 12 /lib is the same
# folder.
set(HYMY_UNIT_DIR lib/systemd/system)

install(TARGETS hymy-kiosk hymy-sync RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
install(DIRECTORY assets/i18n assets/question-sets DESTINATION ${CMAKE_INSTALL_DATADIR}/hymy
        COMPONENT kiosk)
install(DIRECTORY assets/config/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hymy/config COMPONENT kiosk
        FILES_MATCHING PATTERN "*.toml")
# postinst makes it root:hymy 0640 (its PIN line); shipped 0644 as Debian expects of conffiles.
install(FILES assets/config/tablet.example.toml DESTINATION /etc/hymy RENAME tablet.toml
        COMPONENT kiosk)
install(FILES assets/systemd/hymy-sync.service assets/systemd/hymy-kiosk.service
        DESTINATION ${HYMY_UNIT_DIR} COMPONENT kiosk)
install(FILES ${HYMY_DEBIAN_DIR}/hymy-kiosk/hymy-kiosk.pam DESTINATION /etc/pam.d RENAME hymy-kiosk
        COMPONENT kiosk)
install(FILES README.md sync/PROTOCOL.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hymy-kiosk
        COMPONENT kiosk)

install(TARGETS hymy-hq RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hq)
install(FILES ${HYMY_DEBIAN_DIR}/hymy-hq/hymy-hq.default DESTINATION /etc/default RENAME hymy-hq
        COMPONENT hq)
install(FILES assets/systemd/hymy-hq.service DESTINATION ${HYMY_UNIT_DIR} COMPONENT hq)
install(FILES README.md sync/PROTOCOL.md sync/hq/SCALING.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hymy-hq COMPONENT hq)
install(FILES sync/hq/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hymy-hq
        RENAME README.hq.md COMPONENT hq)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk hq)
set(CPACK_PACKAGE_CONTACT "Hymy maintainers <hymy@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends gets the libraries' packages from dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_STRIP_FILES ON)
# Maintainer scripts 0755, conffiles 0644, as Debian policy asks.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME hymy-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_SECTION x11)
# Debian wraps nothing: extended description lines stay under 80 columns.
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "on-site feedback kiosk and sync daemon for tablets
Hymy asks visitors of a unit (a ward, a reception) how their visit went
on a touch screen and keeps the answers in a local SQLite database;
hymy-sync uploads them to Hymy HQ.
This package installs the full-screen kiosk (hymy-kiosk), the sync
daemon (hymy-sync) and its systemd service, the question sets and
translations, /etc/hymy/tablet.toml (the configuration both read),
and hymy-kiosk.service, which runs the kiosk full screen in cage on
tty1 (enable it on the tablet).")
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "fonts-dejavu-core, tzdata, adduser")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cage, xwayland")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${HYMY_DEBIAN_DIR}/hymy-kiosk/postinst ${HYMY_DEBIAN_DIR}/hymy-kiosk/prerm
    ${HYMY_DEBIAN_DIR}/hymy-kiosk/postrm ${HYMY_DEBIAN_DIR}/hymy-kiosk/conffiles)

set(CPACK_DEBIAN_HQ_PACKAGE_NAME hymy-hq)
set(CPACK_DEBIAN_HQ_PACKAGE_SECTION net)
set(CPACK_DEBIAN_HQ_DESCRIPTION "Hymy headquarters server for on-site feedback tablets
Hymy HQ receives the answers Hymy tablets upload, serves each unit its
question set and figures, and offers a dashboard with CSV and FHIR
exports. It stores its data in SQLite or PostgreSQL.
This package installs hymy-hq and its systemd service.")
# libcrack2 comes from shlibdeps; its dictionary (cracklib-runtime) is data, so named here.
set(CPACK_DEBIAN_HQ_PACKAGE_DEPENDS "tzdata, adduser, cracklib-runtime")
set(CPACK_DEBIAN_HQ_PACKAGE_CONTROL_EXTRA
    ${HYMY_DEBIAN_DIR}/hymy-hq/postinst ${HYMY_DEBIAN_DIR}/hymy-hq/prerm
    ${HYMY_DEBIAN_DIR}/hymy-hq/postrm ${HYMY_DEBIAN_DIR}/hymy-hq/conffiles)
include(CPack)
