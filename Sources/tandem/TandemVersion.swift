/// The version written into every file Tandem produces and printed by `tandem --version`.
enum TandemVersion {
    static let string = "0.1.0"
}
