#pragma once

// The commands the fault tests cut off: purge, retry, log seek and log replay --into-outbox.
// Each scenario knows its data, how to run the command, how to catch it in the middle, and what
// must hold after it was cut off (consistent) and after a rerun (complete).

#include "test_database.h"

#include <memory>
#include <string>
#include <vector>

namespace eventctl::test {

class FaultScenario {
  public:
    virtual ~FaultScenario() = default;

    // The command, as in application_name eventctl/<command>.
    virtual std::string command() const = 0;
    // Empties the tables and writes the scenario's data.
    virtual void setup(const TestDatabase& db) = 0;
    // The command line. paced: slow enough that a fault lands between its batches.
    virtual std::vector<std::string> args(const TestDatabase& db, bool paced) const = 0;
    // For a command that is one transaction: another session takes a lock it will need, so it
    // stops in the middle; midway() then says it waits there. Others need no help.
    virtual void block_midway(const TestDatabase&) {}
    // Whether the command has done part of its work (or waits in the middle of it).
    virtual bool midway(const TestDatabase& db) const = 0;
    // Lets go of what block_midway took (the session may have been cut already).
    virtual void unblock() {}
    // What is wrong with the state a cut-off run left; empty when it is consistent.
    virtual std::string inconsistency(const TestDatabase& db) const = 0;
    // What is left undone after a rerun; empty when the work is complete.
    virtual std::string incompleteness(const TestDatabase& db) const = 0;
};

// One of each, fresh.
std::vector<std::unique_ptr<FaultScenario>> fault_scenarios();

} // namespace eventctl::test
