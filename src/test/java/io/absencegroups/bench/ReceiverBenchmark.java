package io.absencegroups.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.cache.Change;
import io.absencegroups.json.GroupJsonModule;
import io.absencegroups.subscription.KeyRing;
import io.absencegroups.receiver.DeliveryParser;
import io.absencegroups.receiver.MalformedDeliveryException;
import io.absencegroups.receiver.SignatureVerifier;
import io.absencegroups.receiver.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's own work on one delivery, without HTTP, in ns/op: the signature check and the
 * parse of a single-item delivery of the shape {@code bench/run.sh} sends (about 200 bytes). Set
 * against the time per delivery over the no-op, it says how much of that is the receiver's code
 * and how much the HTTP work around it. (The store's part is {@link StoreBenchmark}.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReceiverBenchmark {

    private static final byte[] KEY = "bench-webhook-key-not-a-secret".getBytes(StandardCharsets.UTF_8);
    private static final String BODY = "{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":100001,\"changeVersion\":"
            + "\"00000000000000000201\",\"name\":{\"default\":\"Group 100001\",\"translations\":{\"nl\":\"Groep 100001\","
            + "\"fr\":\"Groupe 100001\"}},\"type\":\"Absence\"}}";

    private byte[] body;
    private List<Map.Entry<String, String>> headers;
    private SignatureVerifier verifier;
    private DeliveryParser parser;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        body = BODY.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body));
        // headers as wrk sends them, the signature last
        headers = List.of(Map.entry("Host", "127.0.0.1:18080"), Map.entry("Content-Length", String.valueOf(body.length)),
                Map.entry("Content-Type", "application/json"), Map.entry("X-Protime-Signature", signature));
        KeyRing ring = new KeyRing(Clock.systemUTC());
        ring.add("static", KEY);
        verifier = new SignatureVerifier(ring, "X-Protime-Signature");
        parser = new DeliveryParser(new ObjectMapper().registerModule(new GroupJsonModule()));
        if (!verify().valid() || parse().size() != 1) {
            throw new IllegalStateException("the bench delivery must verify and parse");
        }
    }

    @Benchmark
    public Verdict verify() {
        return verifier.verify(headers, body, 0, body.length);
    }

    @Benchmark
    public List<Change> parse() throws MalformedDeliveryException {
        return parser.parse(body, 0, body.length);
    }
}
