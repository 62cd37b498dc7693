import DeployModel

extension HomeIQ {
    /// An example cluster: HomeIQ grown to two NUCs, the AI services on the larger one.
    ///
    /// Not part of `HomeIQ.stack`, so the compose output stays as it is; CI compiles `twoNUCStack`
    /// with `--target swarm`. To run on it, add `twoNUCs` to the body of `HomeIQ.stack`: then
    /// `swift run homeiq-gen` also writes `generated/docker-stack.{test,prod}.yml` and proves, per
    /// node and per mode, that what may land there fits (see docs/DEPLOYMENT_GUIDE.md, "Growing to two NUCs").
    public static var twoNUCs: Cluster {
        Cluster {
            // The first NUC keeps the data. Swarm volumes and bind mounts are node-local, so every
            // service that mounts one is pinned here (rule swarm.stateful).
            Node("nuc-a", .nuc8gb)
            // The second NUC: 16 GB and a GPU, labelled so that placement can ask for it.
            Node("nuc-b", .nuc16gb, labels: ["accelerator": "gpu"])

            // Every AI service goes to the GPU node...
            Place(role: .ai, on: .label("accelerator", "gpu"))
            // ...except those that open the SQLite database: they stay next to the file, with the
            // other stateful services. A `Place` naming a service wins over the `Place` of its role.
            Place(
                "influxdb", "data-api", "admin-api", "ai-automation-service", "automation-miner",
                "mock-data-creator", "test-data-seeder", "home-assistant-test", on: .node("nuc-a"))
            // The rest (stateless ingestion, APIs, external-data services) may run on either node;
            // the budget rule counts each of them on both, the worst case.
        }
    }

    /// `HomeIQ.stack` on the two NUCs of `twoNUCs`: what CI compiles for the Swarm target.
    public static let twoNUCStack = Stack(name: stack.name, elements: stack.elements + twoNUCs.stackElements, location: stack.location)
}
