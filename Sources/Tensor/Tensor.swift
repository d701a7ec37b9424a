// Module Tensor: see ../shared/ARCHITECTURE.md for what it owns. Filled in by its issue.
