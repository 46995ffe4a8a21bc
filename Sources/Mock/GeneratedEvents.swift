import Engine
import Foundation

/// The events of a `generate:` entry (SPEC §8): `rate` events per second for `for`, evenly
/// spaced from the scenario start (the first at the start), params drawn from a generator
/// seeded by `seed` alone — the same scenario gives the same events on every run.
struct GeneratedEvents: IteratorProtocol {
    private let generator: EventGenerator
    private let interval: Double
    private var random: SeededRandom
    private var index = 0

    init(_ generator: EventGenerator) {
        self.generator = generator
        interval = 1000 / generator.ratePerSecond
        random = SeededRandom(seed: generator.seed)
    }

    /// The next event with its offset from the scenario start, in time order; drawn only
    /// when asked for, so a long generator holds no events.
    mutating func next() -> (offset: Int64, event: Event)? {
        guard index < generator.eventCount else { return nil }
        defer { index += 1 }
        let offset = Int64((Double(index) * interval).rounded(.down))
        var params = CELMap()
        for (name, distribution) in generator.params {
            params[.string(name)] = Self.draw(distribution, index: index, &random)
        }
        let context = generator.context
        return (offset, Event(ts: 0, type: generator.type, session: context["session"], app: context["app"],
                              scene: context["scene"], page: context["page"], params: params))
    }

    static func draw(_ distribution: ParamDistribution, index: Int, _ random: inout SeededRandom) -> CELValue {
        switch distribution {
        case .constant(let value): value
        case .uniform(let low, let high): .double(low == high ? low : Double.random(in: low...high, using: &random))
        case .normal(let mean, let deviation): .double(mean + deviation * standardNormal(&random))
        case .choice(let values): values[Int(random.next() % UInt64(values.count))]
        case .sequence(let values): values[index % values.count]
        }
    }

    /// Box–Muller: two uniform draws give one standard normal value.
    private static func standardNormal(_ random: inout SeededRandom) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let u2 = Double.random(in: 0..<1, using: &random)
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
