import Foundation
import Logging

/// How long each phase of one report took, summed over its targets: wall time, and the CPU time of the whole
/// process meanwhile (the worker does nothing else during a report run alone, and CPU time stays comparable on a
/// busy machine). The ARM plan, made beside validation, counts its own thread's CPU time; the phase around both
/// counts both. Logged at debug level (`--log-level debug`); `bench/report` reads the line.
struct ReportPhases {
  private var order: [String] = []
  private var totals: [String: (wall: Duration, cpu: Duration)] = [:]
  private let clock = ContinuousClock()
  private let started: (wall: ContinuousClock.Instant, cpu: Duration)

  /// Starts the clocks.
  init() {
    started = (clock.now, Self.processTime())
  }

  /// Runs `work` and adds its time to `phase`.
  mutating func measure<T, Failure: Error>(_ phase: String, _ work: () throws(Failure) -> T) throws(Failure) -> T {
    let (wall, cpu) = (clock.now, Self.processTime())
    defer { add(phase, wall: clock.now - wall, cpu: Self.processTime() - cpu) }
    return try work()
  }

  /// Adds `wall` and `cpu` to `phase`.
  mutating func add(_ phase: String, wall: Duration, cpu: Duration) {
    if totals[phase] == nil { order.append(phase) }
    let sum = totals[phase] ?? (.zero, .zero)
    totals[phase] = (sum.wall + wall, sum.cpu + cpu)
  }

  /// `phase=wall/cpu` seconds for each phase in first-seen order, then the whole run's, e.g.
  /// `load=0.301/0.298 validation=0.412/0.790 total=1.020/1.480`.
  var summary: String {
    let phases = order.map { phase in
      let sum = totals[phase] ?? (.zero, .zero)
      return "\(phase)=\(Self.seconds(sum.wall))/\(Self.seconds(sum.cpu))"
    }
    let total = "total=\(Self.seconds(clock.now - started.wall))/\(Self.seconds(Self.processTime() - started.cpu))"
    return (phases + [total]).joined(separator: " ")
  }

  /// A duration as seconds with three decimals.
  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.3f", Double(seconds) + Double(attoseconds) / 1e18)
  }

  /// Runs `work`, which does not suspend, and returns its value with its wall time and its thread's CPU time.
  static func onThisThread<T>(_ work: () -> T) -> (value: T, wall: Duration, cpu: Duration) {
    let (wall, cpu) = (ContinuousClock.now, threadTime())
    let value = work()
    return (value, ContinuousClock.now - wall, threadTime() - cpu)
  }

  /// The CPU time of the calling thread so far.
  static func threadTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
  }

  /// The CPU time of the process so far, every thread included.
  static func processTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
  }

  /// Logs the phases at debug level.
  func log(to logger: Logger) {
    logger.debug("report phases (wall/CPU seconds): \(summary)")
  }
}
