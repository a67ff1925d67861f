// `numericsVersion` is generated into this module at build time by NumericsVersionPlugin (see Package.swift): a
// digest of RHMF's sources. It has a module of its own so that an engine edit rebuilds only what records the
// version (model files, run folders, the command-line tools), not the foundation or the notebook host.
