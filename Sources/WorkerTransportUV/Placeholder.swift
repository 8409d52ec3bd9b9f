// WorkerTransportUV
