/// A frequency governor driven by how busy its device was: the common face of the emulated Linux cpufreq and
/// devfreq governors.
///
/// Time model. The caller reports, at increasing times `nowUs`, the fraction of the interval since the previous
/// update that the device (the busiest CPU of a cpufreq policy, or the GPU) spent running. Within an interval the busy
/// part comes first and the idle part last, as an inference frame runs and then waits for the next one. Each update
/// is a scheduler event at which the governor may re-evaluate (governors that sample on their own period, such as
/// ondemand or the devfreq ones, act only once their period has elapsed). The governor's last request is taken to be in
/// effect immediately (`policy->cur`). `update` does not allocate, so a simulator can call it every frame.
public protocol Governor: Sendable {
    /// The kernel's name for this governor (`schedutil`, `ondemand`, `nvhost_podgov`, ...).
    var name: String { get }
    /// The operating points the governor chooses from.
    var table: FrequencyTable { get }
    /// The frequency the governor currently requests, in kHz.
    var requestedFrequencyKHz: Int { get }
    /// The governor's own view of the load as a fraction of capacity in [0, 1]: PELT util/capacity for schedutil,
    /// the last sampled load for ondemand and conservative, the last busy fraction for the devfreq governors,
    /// 0 for those that do not look at the load.
    var utilization: Double { get }

    /// Forgets all history and restarts at `frequencyKHz` (rounded up to the table) at time `nowUs`.
    mutating func reset(nowUs: Int64, frequencyKHz: Int)

    /// Reports that the device was busy for `busyFraction` (clamped to [0, 1]) of the time since the previous update,
    /// and returns the frequency requested at `nowUs`, in kHz. A time not after the previous one changes nothing.
    @discardableResult
    mutating func update(nowUs: Int64, busyFraction: Double) -> Int
}

/// The busy fraction clamped to [0, 1]; NaN counts as idle.
@inline(__always)
func clampedBusyFraction(_ value: Double) -> Double {
    value >= 1 ? 1 : (value > 0 ? value : 0)
}
