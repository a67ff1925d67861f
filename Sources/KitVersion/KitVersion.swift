// `kitVersion` is generated into this module at build time by KitVersionPlugin (see Package.swift): a digest
// of the sources of NotebookKit and everything it links. It has a module of its own, which only NotebookKit and
// the notebook host import, so that editing a figure or data-set source rebuilds those two and not the engine.
