#ifndef CMPISHIM_H
#define CMPISHIM_H
#include <mpi.h>
/* Open MPI publishes its handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, ...) as macros over globals, which
   Swift cannot import; these functions return them. */
MPI_Comm hmf_mpi_comm_world(void);
MPI_Datatype hmf_mpi_double(void);
MPI_Datatype hmf_mpi_int(void);
MPI_Op hmf_mpi_sum(void);
MPI_Op hmf_mpi_max(void);
MPI_Errhandler hmf_mpi_errors_return(void);
int hmf_mpi_success(void);
#endif
