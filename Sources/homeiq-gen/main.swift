print("homeiq-gen: not built yet")
