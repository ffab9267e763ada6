// CBLAS from Debian's OpenBLAS (libopenblas-dev). The library calls cblas_dgemm for its heavy
// products and openblas_set_num_threads to keep small products on one thread.
#include <cblas.h>
