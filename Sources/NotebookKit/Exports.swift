// Notebook cells import NotebookKit alone; it re-exports the engine, the file formats, the plotting library
// and the toy data generators.
@_exported import Foundation
@_exported import RHMF
@_exported import DataIO
@_exported import Plotting
@_exported import Datasets
