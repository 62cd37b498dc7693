import DeployModel

/// `declarations.builder-size`: one builder block holds at most `BuilderBlock.serviceLimit` services.
public struct DeclarationsBuilderSizeRule: Rule {
    public static let id = "declarations.builder-size"
    public var summary: String {
        "one builder block (a getter's body) holds at most \(BuilderBlock.serviceLimit) services, so it type-checks quickly"
    }
    public var documentation: String {
        """
        Swift type-checks a result-builder body as a whole, in a time that grows about \
        quadratically with its statements: \(BuilderBlock.measurement) (docs/PERFORMANCE.md). \
        A block with more than \(BuilderBlock.serviceLimit) services still compiles and \
        generates the same files, but every build of `Deployments/` pays for it. This is a \
        warning at the block's first service. Fix: split the block into `StackGroup` getters of \
        at most \(BuilderBlock.serviceLimit) services, one per concern. A `for` loop's body is its \
        own block and is not counted. Complexity: O(b) for b large blocks.
        """
    }

    public func check(_ context: RuleContext, into diagnostics: inout DiagnosticCollector) {
        for block in context.test.largeBuilderBlocks {
            let names = block.value
            diagnostics.warning(
                Self.id,
                "this builder block holds \(names.count) services ('\(names[0])' … '\(names[names.count - 1])'), more than the \(BuilderBlock.serviceLimit) that type-check quickly: \(BuilderBlock.measurement)",
                at: block.location,
                help: "split it into StackGroup getters of at most \(BuilderBlock.serviceLimit) services each (see README, \"Adding a service\")")
        }
    }
}
