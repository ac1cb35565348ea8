#pragma once

// Which privileges each command needs on a layout's tables: a rule per command of the command
// table, as PostgreSQL checks the statements the command runs.

#include "eventctl/doctor/doctor.h"

namespace eventctl {

// The privileges a command's statements need on the layout's tables; granted left empty.
using PrivilegeRule = CommandPrivileges (*)(const Layout&, Command);

CommandPrivileges privileges_to_read_outbox(const Layout& layout, Command command);
CommandPrivileges privileges_to_retry(const Layout& layout, Command command);
CommandPrivileges privileges_to_republish(const Layout& layout, Command command);
CommandPrivileges privileges_to_mark_dead(const Layout& layout, Command command);
CommandPrivileges privileges_to_unlock_stale(const Layout& layout, Command command);
CommandPrivileges privileges_to_purge(const Layout& layout, Command command);
CommandPrivileges privileges_to_read_consumers(const Layout& layout, Command command);
CommandPrivileges privileges_to_seek(const Layout& layout, Command command);
CommandPrivileges privileges_to_seek_and_create(const Layout& layout, Command command);
CommandPrivileges privileges_to_read_log(const Layout& layout, Command command);
CommandPrivileges privileges_to_replay_into_outbox(const Layout& layout, Command command);
CommandPrivileges privileges_to_purge_log(const Layout& layout, Command command);
CommandPrivileges privileges_to_read_audit(const Layout& layout, Command command);
// metrics and check read the outbox and the consumers, as much of them as the layout has.
CommandPrivileges privileges_to_monitor(const Layout& layout, Command command);

} // namespace eventctl
