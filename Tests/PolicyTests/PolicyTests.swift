import Testing

// Tests of the Policy module live beside this file, one suite per concept.
