print("csmigrate")
