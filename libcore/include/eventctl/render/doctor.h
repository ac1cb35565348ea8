#pragma once

#include "eventctl/doctor/doctor.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl {

// The doctor document of -o json, as eventctl-doctor(1) describes it.
nlohmann::json doctor_json(const DoctorReport& report);

// One line of the flat list that ndjson and csv print: what was checked and how it went.
struct DoctorFinding {
    std::string section;  // connection, layout, command, index, privilege, partitions, vacuum
                          // or summary
    std::string subject;  // a table, a command, an index's table and columns, a setting
    std::string severity; // ok, info, warning or error
    std::string message;
    std::optional<std::string> statement; // the CREATE INDEX to run, for a missing index
};

// A partitioned table in one line: how, how many leaves, what --drop-partitions can do.
std::string partitions_text(const PartitionReport& table);

// A table's vacuum state in one line: dead tuples, last (auto)vacuum, what holds space back.
std::string vacuum_text(const VacuumHorizon& table);

// Everything the report says, finding by finding, in the order of the table output.
std::vector<DoctorFinding> doctor_findings(const DoctorReport& report);

// Writes the report in the chosen format.
void render_doctor(std::ostream& out, const DoctorReport& report, OutputFormat format,
                   const Terminal& terminal);

} // namespace eventctl
