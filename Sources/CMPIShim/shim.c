#include "CMPIShim.h"
MPI_Comm hmf_mpi_comm_world(void) { return MPI_COMM_WORLD; }
MPI_Datatype hmf_mpi_double(void) { return MPI_DOUBLE; }
MPI_Datatype hmf_mpi_int(void) { return MPI_INT; }
MPI_Op hmf_mpi_sum(void) { return MPI_SUM; }
MPI_Op hmf_mpi_max(void) { return MPI_MAX; }
MPI_Errhandler hmf_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
int hmf_mpi_success(void) { return MPI_SUCCESS; }
