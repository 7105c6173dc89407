// Filled in by the gradient-boosting engine issue; this release exports nothing yet.
export {};
