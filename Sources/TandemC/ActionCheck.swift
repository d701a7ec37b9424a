/// Checks `rows` actions of `nvec.count` components each against `0 ..< nvec[k]` before anything is stepped, so
/// a bad action changes no state and never reaches an array index in Swift (which would trap and kill the caller).
enum ActionCheck {
    /// nil when every component is in range, else a message naming the first bad one.
    static func problem(_ actions: UnsafePointer<Int32>, rows: Int, nvec: [Int]) -> String? {
        let width = nvec.count
        for row in 0..<rows {
            for k in 0..<width {
                let value = Int(actions[row * width + k])
                if value < 0 || value >= nvec[k] {
                    let position = rows == 1 ? "action[\(k)]" : "actions[\(row)][\(k)]"
                    return "\(position) = \(value) is outside 0..<\(nvec[k]) (action nvec \(nvec))"
                }
            }
        }
        return nil
    }
}
