/// What a rule's judgement says of each entry of a table of distinct entries (`EnvironmentValues`,
/// `EmittedFields`): nil where there is nothing to report.
struct Judgements<Judgement> {
    /// Per distinct entry, in the table's order.
    let byEntry: [Judgement?]
    /// Whether no entry got a judgement: then nothing needs visiting.
    let isEmpty: Bool

    init(_ byEntry: [Judgement?]) {
        self.byEntry = byEntry
        isEmpty = !byEntry.contains { $0 != nil }
    }
}
