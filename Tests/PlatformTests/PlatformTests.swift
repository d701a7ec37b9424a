import Testing

// Tests of the Platform module live beside this file, one suite per concept.
