import Testing

// Tests of the Controller module live beside this file, one suite per concept.
