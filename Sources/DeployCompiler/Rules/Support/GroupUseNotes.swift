import DeployModel

/// Where a diagnostic's declaration was expanded: a declaration of a `ServiceGroup` is written once and
/// used by many services, so a diagnostic at it says which use caused it, as compilers do for macros.
enum GroupUseNotes {
    /// `diagnostic` with a note `in service 'x'` at each use site of the `ServiceGroup`s around its declaration.
    static func attach(to diagnostic: Diagnostic, in deployments: PerMode<ResolvedDeployment>) -> Diagnostic {
        guard let service = diagnostic.service else { return diagnostic }
        var notes = diagnostic.notes
        let modes = diagnostic.modes.isEmpty ? Modes.both : diagnostic.modes
        for mode in modes.modes {
            let deployment = deployments[mode]
            guard deployment.service(named: service) != nil else { continue }
            for block in deployment.origin(of: diagnostic.location, in: service).blocks where block.value == .serviceGroup {
                let note = DiagnosticNote("in service '\(service)'", at: block.location)
                if !notes.contains(note) { notes.append(note) }
            }
        }
        var result = diagnostic
        result.notes = notes
        return result
    }
}
