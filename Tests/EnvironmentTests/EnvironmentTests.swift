import Testing

// Tests of the Environment module live beside this file, one suite per concept.
