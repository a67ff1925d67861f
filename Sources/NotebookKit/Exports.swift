// Notebook cells import NotebookKit alone; it re-exports the engine, the file formats and the plotting library.
@_exported import Foundation
@_exported import RHMF
@_exported import DataIO
@_exported import Plotting
