import Testing

// Tests of the OFA module live beside this file, one suite per concept.
