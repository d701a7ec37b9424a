import Testing

// Tests of the Evaluation module live beside this file, one suite per concept.
