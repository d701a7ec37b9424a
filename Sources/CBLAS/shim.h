// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, found through pkg-config "openblas").
#include <cblas.h>

// Declared by OpenBLAS; repeated here so Swift sees them even where cblas.h leaves them out.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
