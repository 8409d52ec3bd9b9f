// WorkerCore
