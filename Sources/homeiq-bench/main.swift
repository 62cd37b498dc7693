print("homeiq-bench: not built yet")
