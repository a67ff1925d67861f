#ifndef CHDF5SHIM_H
#define CHDF5SHIM_H
#include <hdf5.h>
/* HDF5 publishes its predefined type and property identifiers as macros that expand to
   library globals (and call H5open). Swift cannot import such macros, so each is a function here. */
hid_t hmf_h5t_native_double(void);
hid_t hmf_h5t_native_float(void);
hid_t hmf_h5t_native_int64(void);
hid_t hmf_h5t_c_s1(void);
hid_t hmf_h5p_dataset_create(void);
hid_t hmf_h5p_default(void);
hid_t hmf_h5s_all(void);
#endif
