#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A recorded file read and decoded on a thread of its own, ahead of its consumer, through
/// a `BatchRing`: the consumer gets exactly what `RecordedEventReader.next()` gives, in the
/// same order (the same lines, events and errors), while the pipeline runs on the other
/// core. At most `slotCount` batches wait in the ring (plus the one being filled and the
/// one being consumed), so memory stays bounded however far the decoder could run ahead.
public final class DecodeAheadReader {
    public typealias DecodedLine = (line: Int, result: Result<Event, EventDecodeError>)

    public static let batchSize = 512
    public static let slotCount = 4

    /// Whether decoding ahead pays: when there is a core to spare, unless
    /// `FEATIDE_DECODE_AHEAD=0` (to measure the difference).
    public static let isWorthwhile: Bool = {
        if let setting = getenv("FEATIDE_DECODE_AHEAD"), String(cString: setting) == "0" { return false }
        return sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
    }()

    /// A reader for a recorded file: decoding ahead when `ahead`, else on demand; nil when
    /// the file cannot be opened. Either gives the same lines in the same order.
    public static func open(path: String, ahead: Bool = isWorthwhile) -> (any RecordedLineSource)? {
        ahead ? DecodeAheadReader(path: path) : RecordedEventReader(path: path)
    }

    private let ring: BatchRing<DecodedLine>
    /// Events the consumer is done with, on their way back to the decoding thread to be
    /// freed there: that thread's allocator made them, and the consumer's core has the
    /// pipeline to run.
    private let retired: BatchRing<Event>
    private var thread: pthread_t?
    /// Set only when no thread could be started: the file is then decoded on demand here.
    private var inline: RecordedEventReader?
    /// The batch being consumed, reversed, so each line moves out with `popLast`.
    private var batch: [DecodedLine] = []

    /// Opens a file and starts decoding it; nil when it cannot be opened.
    public init?(path: String, chunkSize: Int = RecordedEventReader.chunkSize,
                 batchSize: Int = DecodeAheadReader.batchSize, slotCount: Int = DecodeAheadReader.slotCount) {
        guard let reader = RecordedEventReader(path: path, chunkSize: chunkSize) else { return nil }
        ring = BatchRing(slotCount: slotCount)
        retired = BatchRing(slotCount: slotCount)
        let producer = Producer(reader: reader, ring: ring, retired: retired, batchSize: max(batchSize, 1))
        var thread = pthread_t()
        let context = Unmanaged.passRetained(producer).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<Producer>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        if status != 0 {
            // No thread to spare: decode on demand instead, as the plain reader would.
            Unmanaged<Producer>.fromOpaque(context).release()
            inline = reader
            return
        }
        self.thread = thread
    }

    deinit {
        ring.cancel()
        if let thread { pthread_join(thread, nil) }
    }

    /// The next non-blank line's event or error with its 1-based line number; nil at the end.
    public func next() -> DecodedLine? {
        if let inline { return inline.next() }
        if batch.isEmpty {
            guard let next = ring.pop() else { return nil }
            batch = next
        }
        return batch.popLast()
    }

    /// Takes events the consumer is done with, to be freed on the decoding thread while it
    /// is ahead (half its batches or more wait), so the slower side never takes more work;
    /// otherwise, or when that thread has no room for them yet, they are freed here.
    public func retire(_ events: consuming [Event]) {
        guard thread != nil, ring.filled * 2 >= ring.slotCount, retired.tryPush(events) else { return }
        batchesHandedBack += 1
    }

    /// Batches of retired events handed to the decoding thread so far.
    private(set) var batchesHandedBack = 0
    /// Decoded batches waiting for the consumer now.
    var batchesWaiting: Int { ring.filled }

    /// The most batches that ever waited in the ring at once (at most `slotCount`).
    public var mostBatchesWaiting: Int { ring.mostFilled }

    /// The decoding side: owns the reader, which only its thread touches once started.
    private final class Producer: @unchecked Sendable {
        private let reader: RecordedEventReader
        private let ring: BatchRing<DecodedLine>
        private let retired: BatchRing<Event>
        private let batchSize: Int

        init(reader: RecordedEventReader, ring: BatchRing<DecodedLine>, retired: BatchRing<Event>, batchSize: Int) {
            self.reader = reader
            self.ring = ring
            self.retired = retired
            self.batchSize = batchSize
        }

        func run() {
            var batch: [DecodedLine] = []
            batch.reserveCapacity(batchSize)
            while reader.appendNext(to: &batch) {
                if batch.count == batchSize {
                    batch.reverse()  // here, off the consumer's thread
                    guard ring.push(batch) else { return }
                    // The consumer took a batch: free what it has handed back meanwhile.
                    while retired.tryPop() != nil {}
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            }
            if !batch.isEmpty {
                batch.reverse()
                _ = ring.push(batch)
            }
            ring.close()
        }
    }
}
