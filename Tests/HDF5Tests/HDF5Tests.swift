import Testing

// Tests of the HDF5 module live beside this file, one suite per concept.
