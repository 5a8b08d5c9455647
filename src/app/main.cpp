#include "plotcluster/app/app.hpp"

int main(int argc, char** argv) { return plotcluster::run_app(argc, argv); }
