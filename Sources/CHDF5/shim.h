// libhdf5 (Debian: libhdf5-dev, found through pkg-config "hdf5").
//
// Many HDF5 constants are macros that expand to run-time globals (after H5open()) or to casts,
// which Swift cannot import. Each one Tandem needs is exposed here as a static inline getter.
#include <hdf5.h>

static inline hid_t tandem_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t tandem_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t tandem_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t tandem_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t tandem_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t tandem_H5E_DEFAULT(void) { return H5E_DEFAULT; }

static inline hid_t tandem_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t tandem_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t tandem_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t tandem_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t tandem_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t tandem_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t tandem_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t tandem_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t tandem_H5T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t tandem_H5T_C_S1(void) { return H5T_C_S1; }

static inline unsigned tandem_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned tandem_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned tandem_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned tandem_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline size_t tandem_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline hid_t tandem_H5P_ATTRIBUTE_CREATE(void) { return H5P_ATTRIBUTE_CREATE; }
static inline hid_t tandem_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
