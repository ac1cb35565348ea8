#include "cli.h"
#include "standard_output.h"

#include <iostream>

int main(int argc, char** argv) {
    eventctl::cli::StandardOutput out;
    return eventctl::cli::run(argc, argv, out.stream(), std::cerr);
}
