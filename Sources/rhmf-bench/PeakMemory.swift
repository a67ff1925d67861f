import Foundation

/// The process's peak resident set size (VmHWM in /proc/self/status).
enum PeakMemory {
    static var gigabytes: Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kb / 1e6
    }
}
