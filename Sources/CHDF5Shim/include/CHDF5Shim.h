#ifndef CHDF5SHIM_H
#define CHDF5SHIM_H
#include <hdf5.h>
#include <stddef.h>
/* HDF5 publishes its predefined type and property identifiers as macros that expand to
   library globals (and call H5open). Swift cannot import such macros, so each is a function here.
   Calls whose names or signatures differ between HDF5 1.10, 1.12 and 1.14 are wrapped too. */
hid_t hmf_h5t_native_double(void);
hid_t hmf_h5t_native_float(void);
hid_t hmf_h5t_native_int64(void);
hid_t hmf_h5t_native_int32(void);
hid_t hmf_h5t_c_s1(void);
hid_t hmf_h5p_dataset_create(void);
hid_t hmf_h5p_link_create(void);
hid_t hmf_h5p_dataset_access(void);
hid_t hmf_h5p_default(void);
hid_t hmf_h5s_all(void);
unsigned hmf_h5f_acc_rdonly(void);
unsigned hmf_h5f_acc_rdwr(void);
unsigned hmf_h5f_acc_trunc(void);
unsigned hmf_h5f_acc_excl(void);
size_t hmf_h5t_variable(void);

/* Turns off HDF5's automatic printing of its error stack for the calling thread
   (the stack is per thread in thread-safe builds); cheap after the first call on a thread. */
void hmf_h5_silence_errors(void);
/* Copies the most specific message on the calling thread's HDF5 error stack into `buf`
   ("function: description"); returns 0 when the stack is empty. */
int hmf_h5_last_error(char *buf, size_t len);

/* Calls `visit(path, context)` for every hard link below the root of `file` (recursively),
   with paths relative to the root. Returns a negative value on failure. */
typedef void (*hmf_h5_visit_fn)(const char *path, void *context);
herr_t hmf_h5_visit_links(hid_t file, hmf_h5_visit_fn visit, void *context);
/* 1 if `path` names a dataset in `file`, 0 if it names something else, negative on failure. */
int hmf_h5_is_dataset(hid_t file, const char *path);
/* Frees the memory HDF5 allocated while reading variable-length data into `buf`. */
herr_t hmf_h5_reclaim(hid_t type, hid_t space, void *buf);
#endif
