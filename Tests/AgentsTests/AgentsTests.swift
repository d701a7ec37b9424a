import Testing

// Tests of the Agents module live beside this file, one suite per concept.
