/// DataIO: HDF5, NumPy (.npy/.npz) and CSV files, and model state files.
public enum DataIOModule {}
