print("hmfbook: under construction")
