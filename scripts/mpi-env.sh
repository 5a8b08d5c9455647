# Sourced by the scripts: lets Open MPI run as root (containers, CI) and on more ranks
# than cores, which a laptop or a 2-core CI machine needs.
if [ "$(id -u)" = 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI's mpirun prints "Primary job terminated normally, but 1 process returned a
# non-zero exit code. Per user-direction, the job has been aborted." whenever a rank
# returns non-zero, also when every rank finished and returns plotcluster's exit code 1
# (some plots failed). Quiet drops that banner and keeps the exit code; it also drops
# mpirun's note of a rank killed by a signal, which the exit code (128 + signal) still
# tells. (orte_abort_on_non_zero_status=0 drops the banner too, but Open MPI 4.1's
# mpirun then exits 0.)
export OMPI_MCA_orte_execute_quiet=1
