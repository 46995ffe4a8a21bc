import Engine
import Foundation

/// The events of a `generate:` entry (SPEC §8): `rate` events per second for `for`, evenly
/// spaced from the scenario start (the first at the start), params drawn from a generator
/// seeded by `seed` alone — the same scenario gives the same events on every run.
enum GeneratedEvents {
    /// Offsets from the scenario start, with the events, in time order.
    static func events(of generator: EventGenerator) -> [(offset: Int64, event: Event)] {
        var random = SeededRandom(seed: generator.seed)
        let interval = 1000 / generator.ratePerSecond
        var result: [(offset: Int64, event: Event)] = []
        result.reserveCapacity(generator.eventCount)
        for index in 0..<generator.eventCount {
            let offset = Int64((Double(index) * interval).rounded(.down))
            var params = CELMap()
            for (name, distribution) in generator.params {
                params[.string(name)] = draw(distribution, index: index, &random)
            }
            let context = generator.context
            result.append((offset, Event(ts: 0, type: generator.type, session: context["session"], app: context["app"],
                                         scene: context["scene"], page: context["page"], params: params)))
        }
        return result
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
