import Testing

// Tests of the Tensor module live beside this file, one suite per concept.
