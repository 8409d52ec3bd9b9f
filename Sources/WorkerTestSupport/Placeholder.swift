// WorkerTestSupport
