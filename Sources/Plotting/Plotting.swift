/// Plotting: publication figures drawn with Cairo.
public enum PlottingModule {}
