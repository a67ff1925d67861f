@_exported import DataIO
@_exported import Datasets
// Notebook cells import NotebookKit alone; it re-exports the foundation, the engine, the file formats, the
// plotting library, the data generators, the notebook protocol and the engine's numerics version.
@_exported import Foundation
@_exported import GaiaAnalysis
@_exported import HMFCore
@_exported import NotebookProtocol
@_exported import NumericsVersion
@_exported import Plotting
@_exported import RHMF
