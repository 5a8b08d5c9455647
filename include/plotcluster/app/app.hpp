#pragma once

namespace plotcluster {

// The whole program: `plotcluster [options] CONFIG`. Returns the process exit code.
int run_app(int argc, char** argv);

}  // namespace plotcluster
