import Testing

// Tests of the CLI module live beside this file, one suite per concept.
