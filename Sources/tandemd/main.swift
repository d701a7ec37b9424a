// tandemd: the on-device controller. Built out by issue 7.
import ArgumentParsing
import Controller
print("tandemd: not yet built (issue 7)")
