// The engine's API speaks HMFCore's Matrix, FloatMatrix and Mask, so importing RHMF brings them along.
@_exported public import HMFCore
