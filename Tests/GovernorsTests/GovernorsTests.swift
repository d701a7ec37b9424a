import Testing

// Tests of the Governors module live beside this file, one suite per concept.
