import Foundation

/// Timing for the kernel benchmarks (`bench gemm`, `bench depthwise`): warm up, then time each run on the monotonic
/// clock and keep the best and the median, which on a shared machine are the stable figures.
struct KernelBenchTiming {
    let bestSeconds: Double
    let medianSeconds: Double

    /// Runs `body` `warmUp` times untimed, then `repeats` times timed.
    static func measure(repeats: Int, warmUp: Int = 3, _ body: () -> Void) -> KernelBenchTiming {
        for _ in 0..<warmUp { body() }
        var seconds: [Double] = []
        seconds.reserveCapacity(repeats)
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        seconds.sort()
        return KernelBenchTiming(bestSeconds: seconds[0], medianSeconds: seconds[seconds.count / 2])
    }

    /// One JSON object on standard output, keys sorted.
    static func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
