// The Apache Flink side of scripts/bench-peers: the same recorded JSON Lines file that featide
// replays, read and decoded by Flink (FileSource + Jackson), in event time at parallelism 1:
//   (a) the 3-step relaxed pattern  page_enter on page A -> click with params.price > 50 ->
//       purchase, within 60 s, AfterMatchSkipStrategy.skipPastLastEvent; matches counted;
//   (b) a sliding window over clicks (size and slide given, offset so that one window ends just
//       after the file's last event): count and sum of params.price per window.
// Late events follow featide's rule (SPEC §2) before anything else: an event older than the
// newest so far minus the allowed lateness is dropped; the rest are put in time order by
// Flink's watermarks (bounded out-of-orderness of the same lateness).
//
// usage: java -cp CLASSES:FLINK_JARS FlinkPeerBench EVENTS.jsonl LATENESS_MS SIZE_MS SLIDE_MS LAST_WINDOW_END [both|pattern|window]
// (the last argument runs one of the two jobs alone, to see what each costs).
// Prints one JSON object: matches, the window ending at LAST_WINDOW_END, windows fired, timings.
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

public class FlinkPeerBench {
    /** Public fields and a no-argument constructor: Flink serialises it as a POJO. */
    public static class Event implements Serializable {
        public long ts;
        public String type;
        public String page;
        public double price;
        public boolean hasPrice;
        public Event() {}
    }

    /** JSON text to an event, one line at a time (the decode featide's `run` also pays). */
    public static class Decode implements MapFunction<String, Event> {
        private transient ObjectMapper json;

        @Override
        public Event map(String line) throws Exception {
            if (json == null) json = new ObjectMapper();
            JsonNode node = json.readTree(line);
            Event e = new Event();
            e.ts = node.get("ts").asLong();
            e.type = node.get("type").asText();
            JsonNode page = node.get("page");
            e.page = page == null || page.isNull() ? null : page.asText();
            JsonNode params = node.get("params");
            JsonNode price = params == null ? null : params.get("price");
            if (price != null && price.isNumber()) {
                e.price = price.asDouble();
                e.hasPrice = true;
            }
            return e;
        }
    }

    /** featide's lateness rule; parallelism 1, so one field is the whole state. */
    public static class DropLate implements FlatMapFunction<Event, Event> {
        private final long lateness;
        private long newest = Long.MIN_VALUE;

        public DropLate(long lateness) { this.lateness = lateness; }

        @Override
        public void flatMap(Event e, Collector<Event> out) {
            if (newest != Long.MIN_VALUE && e.ts < newest - lateness) {
                LATE.incrementAndGet();
                return;
            }
            newest = Math.max(newest, e.ts);
            out.collect(e);
        }
    }

    // The local MiniCluster runs in this JVM: results come back through statics.
    static final AtomicLong MATCHES = new AtomicLong();
    static final AtomicLong LATE = new AtomicLong();
    static final AtomicLong WINDOWS = new AtomicLong();
    static final ConcurrentHashMap<Long, double[]> WINDOW_RESULTS = new ConcurrentHashMap<>();

    public static class CountMatches extends PatternProcessFunction<Event, String> {
        @Override
        public void processMatch(java.util.Map<String, java.util.List<Event>> match, Context ctx, Collector<String> out) {
            MATCHES.incrementAndGet();
        }
    }

    /** Count and sum of click prices: {count, sum}. */
    public static class CountAndSum implements AggregateFunction<Event, double[], double[]> {
        public double[] createAccumulator() { return new double[2]; }
        public double[] add(Event e, double[] acc) { acc[0] += 1; acc[1] += e.price; return acc; }
        public double[] getResult(double[] acc) { return acc; }
        public double[] merge(double[] a, double[] b) { a[0] += b[0]; a[1] += b[1]; return a; }
    }

    public static class KeepWindow extends ProcessAllWindowFunction<double[], String, TimeWindow> {
        private final long wanted;

        public KeepWindow(long wanted) { this.wanted = wanted; }

        @Override
        public void process(Context ctx, Iterable<double[]> results, Collector<String> out) {
            WINDOWS.incrementAndGet();
            if (ctx.window().getEnd() == wanted) WINDOW_RESULTS.put(wanted, results.iterator().next());
        }
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainStart = System.currentTimeMillis();
        String file = args[0];
        long lateness = Long.parseLong(args[1]);
        long size = Long.parseLong(args[2]);
        long slide = Long.parseLong(args[3]);
        long lastEnd = Long.parseLong(args[4]);
        String only = args.length > 5 ? args[5] : "both";

        Configuration conf = new Configuration();
        conf.setString("rest.bind-port", "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.setParallelism(1);

        FileSource<String> source = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(file)).build();
        DataStream<Event> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "recording")
            .map(new Decode(), TypeInformation.of(Event.class))
            .flatMap(new DropLate(lateness), TypeInformation.of(Event.class))
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(lateness))
                .withTimestampAssigner((e, t) -> e.ts));

        Pattern<Event, Event> pattern = Pattern.<Event>begin("a", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(SimpleCondition.of(e -> "page_enter".equals(e.type) && "A".equals(e.page)))
            .followedBy("b")
            .where(SimpleCondition.of(e -> "click".equals(e.type) && e.hasPrice && e.price > 50))
            .followedBy("c")
            .where(SimpleCondition.of(e -> "purchase".equals(e.type)))
            .within(Duration.ofSeconds(60));
        if (!only.equals("window")) {
            CEP.pattern(events, pattern).inEventTime().process(new CountMatches(), Types.STRING)
                .sinkTo(new DiscardingSink<>());
        }

        // Windows start at multiples of the slide plus this offset, so one ends at lastEnd.
        long offset = Math.floorMod(lastEnd, slide);
        if (!only.equals("pattern")) {
            events.filter(e -> "click".equals(e.type))
                .windowAll(SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide), Duration.ofMillis(offset)))
                .aggregate(new CountAndSum(), new KeepWindow(lastEnd), TypeInformation.of(double[].class),
                    TypeInformation.of(double[].class), Types.STRING)
                .sinkTo(new DiscardingSink<>());
        }

        long submitted = System.currentTimeMillis();
        JobExecutionResult result = env.execute("featide-peer-bench");
        long finished = System.currentTimeMillis();
        double[] last = WINDOW_RESULTS.getOrDefault(lastEnd, new double[2]);
        System.out.println("{\"matches\":" + MATCHES.get() + ",\"late\":" + LATE.get()
            + ",\"windows\":" + WINDOWS.get() + ",\"last_window\":{\"end\":" + lastEnd
            + ",\"count\":" + (long) last[0] + ",\"sum\":" + last[1] + "}"
            + ",\"jvm_start_to_main_ms\":" + (mainStart - jvmStart)
            + ",\"main_to_submit_ms\":" + (submitted - mainStart)
            + ",\"execute_ms\":" + (finished - submitted)
            + ",\"job_net_runtime_ms\":" + result.getNetRuntime() + "}");
        System.exit(0);
    }
}
