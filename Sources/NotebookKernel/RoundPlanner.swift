/// Decides which units a round runs, and why.
///
/// A unit must run when it has no kept result for its state key (new, edited, or a unit it depends on changed:
/// the keys chain), and so must everything that depends on it. Two rules keep values right when a unit that
/// uses another's value runs again:
/// - a value holding references (a figure, an object) may have been changed by any unit that used it, so the
///   unit that made it and every unit after it that uses it run again;
/// - a variable changed in place by other units (`x += 1` in a later cell) is put back from the copy taken
///   before the unit last ran, so the unit that made it need not run, as long as the units using it are the same
///   as last time; otherwise the unit that made it runs again.
/// Units whose values a running unit needs but the kernel does not hold (a fresh process, a restart) run too,
/// only to restore them.
struct RoundPlanner {
    /// Why a unit runs.
    enum Reason: Equatable {
        /// Its code, options or parameters changed, or it has no kept result (or `--force`).
        case changed
        /// A unit it depends on runs.
        case dependsOn(Int)
        /// It made a value holding references that a running unit uses (`name`).
        case madeSharedValue(String)
        /// It made a variable whose users changed.
        case madeVariable(String)
        /// A unit that runs needs its values, which the kernel does not hold.
        case restores
    }

    let dependents: [[Int]]  // transitive dependents per unit
    let ancestors: [[Int]]  // transitive dependencies per unit
    let uses: [[(unit: Int, name: String)]]
    /// Units with a kept, valid result for their current state key.
    let kept: [Bool]
    /// Units whose values the kernel holds.
    let live: [Bool]
    /// Per unit: its values that hold references (from its last run).
    let references: [Set<String>]
    /// Per unit: its exported variables.
    let variables: [Set<String>]
    /// Per unit: variables whose users are not the same as in the kernel's last round (`unit.name`).
    let changedUsers: Set<String>

    /// Units to run in order, each with its reason; with `restoringAll`, every unit whose values the kernel does
    /// not hold runs too.
    func plan(restoringAll: Bool = false) -> [(unit: Int, reason: Reason)] {
        var reasons: [Int: Reason] = [:]
        for u in kept.indices where !kept[u] { reasons[u] = .changed }
        var grew = true
        while grew {
            grew = false
            for u in reasons.keys.sorted() {
                for d in dependents[u] where reasons[d] == nil {
                    reasons[d] = .dependsOn(u)
                    grew = true
                }
            }
            for u in reasons.keys.sorted() {
                for use in uses[u] where reasons[use.unit] == nil {
                    if references[use.unit].contains(use.name) {
                        reasons[use.unit] = .madeSharedValue(use.name)
                        grew = true
                    } else if variables[use.unit].contains(use.name)
                        && changedUsers.contains("\(use.unit).\(use.name)")
                    {
                        reasons[use.unit] = .madeVariable(use.name)
                        grew = true
                    }
                }
            }
        }
        for u in Array(reasons.keys) {
            for a in ancestors[u] where reasons[a] == nil && !live[a] { reasons[a] = .restores }
        }
        if restoringAll {
            for u in live.indices where reasons[u] == nil && !live[u] { reasons[u] = .restores }
        }
        // invariant: keys of the dictionary
        return reasons.keys.sorted().map { ($0, reasons[$0]!) }
    }
}
