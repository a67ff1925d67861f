#include "CHDF5Shim.h"
hid_t hmf_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
hid_t hmf_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
hid_t hmf_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
hid_t hmf_h5t_c_s1(void) { return H5T_C_S1; }
hid_t hmf_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
hid_t hmf_h5p_default(void) { return H5P_DEFAULT; }
hid_t hmf_h5s_all(void) { return H5S_ALL; }
