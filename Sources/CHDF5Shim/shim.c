#include "CHDF5Shim.h"
#include <stdio.h>
#include <string.h>

hid_t hmf_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
hid_t hmf_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
hid_t hmf_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
hid_t hmf_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
hid_t hmf_h5t_c_s1(void) { return H5T_C_S1; }
hid_t hmf_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
hid_t hmf_h5p_link_create(void) { return H5P_LINK_CREATE; }
hid_t hmf_h5p_dataset_access(void) { return H5P_DATASET_ACCESS; }
hid_t hmf_h5p_default(void) { return H5P_DEFAULT; }
hid_t hmf_h5s_all(void) { return H5S_ALL; }
unsigned hmf_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
unsigned hmf_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
unsigned hmf_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
unsigned hmf_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
size_t hmf_h5t_variable(void) { return H5T_VARIABLE; }

static _Thread_local int hmf_silenced = 0;

void hmf_h5_silence_errors(void) {
    if (!hmf_silenced) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        hmf_silenced = 1;
    }
}

struct hmf_error_context { char *buf; size_t len; int found; };

static herr_t hmf_error_walker(unsigned n, const H5E_error2_t *err, void *data) {
    struct hmf_error_context *ctx = (struct hmf_error_context *)data;
    (void)n;
    if (ctx->found || err == NULL) return 0;
    snprintf(ctx->buf, ctx->len, "%s: %s", err->func_name ? err->func_name : "?", err->desc ? err->desc : "unknown error");
    ctx->found = 1;
    return 0;
}

int hmf_h5_last_error(char *buf, size_t len) {
    struct hmf_error_context ctx = { buf, len, 0 };
    if (len > 0) buf[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, hmf_error_walker, &ctx);
    return ctx.found;
}

struct hmf_visit_context { hmf_h5_visit_fn visit; void *context; };

static herr_t hmf_link_visitor(hid_t group, const char *name, const H5L_info_t *info, void *data) {
    struct hmf_visit_context *ctx = (struct hmf_visit_context *)data;
    (void)group;
    if (info != NULL && info->type == H5L_TYPE_HARD) ctx->visit(name, ctx->context);
    return 0;
}

herr_t hmf_h5_visit_links(hid_t file, hmf_h5_visit_fn visit, void *context) {
    struct hmf_visit_context ctx = { visit, context };
    return H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, hmf_link_visitor, &ctx);
}

int hmf_h5_is_dataset(hid_t file, const char *path) {
    hid_t obj = H5Oopen(file, path, H5P_DEFAULT);
    if (obj < 0) return -1;
    H5I_type_t type = H5Iget_type(obj);
    H5Oclose(obj);
    return type == H5I_DATASET ? 1 : 0;
}

herr_t hmf_h5_reclaim(hid_t type, hid_t space, void *buf) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buf);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buf);
#endif
}
