print("kefu-metrics")
