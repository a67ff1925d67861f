// Notebook cells import NotebookKit alone; it re-exports the foundation, the engine, the file formats, the
// plotting library and the data generators.
@_exported import Foundation
@_exported import HMFCore
@_exported import RHMF
@_exported import DataIO
@_exported import Plotting
@_exported import Datasets
