package io.absencegroups.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watch stream under load, for {@code bench/watch.sh}: against a running service (bench
 * profile, empty store), it measures
 * <ol>
 *     <li>ingest without watchers: signed deliveries of new versions, closed loop, for a fixed time;</li>
 *     <li>the service's RSS before and after {@code watchers} streams open: the RSS per 1,000;</li>
 *     <li>latency: one delivery at a time, paced, while every watcher reads; for each event, the time
 *     from the delivery's 200 at this client to the event at each watcher (an event that came before
 *     the 200 counts as 0), and from the request's start;</li>
 *     <li>ingest with the watchers attached, the same way as 1.</li>
 * </ol>
 * A watcher that gets {@code overflow} or whose stream ends reconnects from the current cursor (it
 * is a load, not a consumer: the property and HTTP tests check that nothing is lost). Every loop is
 * bounded by a count or a deadline. Prints one {@code RESULT key=value ...} line.
 * <p>
 * Usage: {@code WatchBenchmark <port> <service-pid> <webhook-key> <watchers> <ingest-seconds> <latency-deliveries> [<stream-port>]}.
 * With a stream port (another replica on the same Redis, {@code bench/redis.sh}), the deliveries go to {@code port}
 * and the watchers read from the other pod: the latency is then the replication lag, a 200 on one pod to the
 * change's event on another.
 * <p>
 * {@code -Dbench.phases=ingest} runs only 1 (after the warm-up), {@code -Dbench.phases=watch} only 2 and 3 (after
 * the warm-up, which then also warms the other pod's replica), so a script can measure ingest on one pod alone and
 * start the other pod only for the latency. {@code -Dbench.warmup-seconds} (3) is the unmeasured load before.
 */
public final class WatchBenchmark {

    private static final String PATH = "/webhooks/absence-groups";
    private static final byte[] VERSION_FIELD = "\"changeVersion\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CONCURRENCY = 32;
    private static final int IDS = 500;
    private static final String PHASES = System.getProperty("bench.phases", "all");
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup-seconds", 3);

    private final int port;
    private final long pid;
    private final Mac mac;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient posts;
    private final HttpClient streams;
    /**
     * Versions from the wall clock in microseconds, so a client started after another against the same pod
     * (bench/redis.sh runs the ingest and the latency as two) sends newer versions, not stale ones.
     */
    private final AtomicLong version = new AtomicLong(System.currentTimeMillis() * 1000);
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicLong events = new AtomicLong();
    /** Deliveries answered with anything but 200 (a 503 from a store that could not take them, say). */
    private final AtomicLong failed = new AtomicLong();

    /** While measuring latency: per delivery (index = version - firstLatencyVersion) the times, else null. */
    private volatile long[] sentAt;
    private volatile long[] answeredAt;
    private volatile long[][] seenAt; // [watcher][delivery]
    private volatile long firstLatencyVersion = Long.MAX_VALUE;

    private WatchBenchmark(int port, long pid, String key, int streamPort) throws Exception {
        this.port = port;
        this.pid = pid;
        this.mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        HttpClientOptions options = new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true);
        posts = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        streams = vertx.createHttpClient(new HttpClientOptions(options).setDefaultPort(streamPort), new PoolOptions().setHttp1MaxSize(100_000));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        WatchBenchmark bench = new WatchBenchmark(port, Long.parseLong(args[1]), args[2],
                args.length > 6 ? Integer.parseInt(args[6]) : port);
        try {
            bench.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void run(int watchers, int seconds, int latencyDeliveries) throws Exception {
        if (!Set.of("all", "ingest", "watch").contains(PHASES)) {
            throw new IllegalArgumentException("bench.phases is all, ingest or watch, not " + PHASES);
        }
        ingest(WARM_UP_SECONDS); // warm-up of the receiver and the store
        failed.set(0);
        double without = PHASES.equals("watch") ? Double.NaN : ingest(seconds);
        if (PHASES.equals("ingest")) {
            System.out.printf("RESULT ingest_without_rps=%.0f failed_deliveries=%d%n", without, failed.get());
            return;
        }
        long rssBefore = rssKb();
        Watcher[] all = new Watcher[watchers];
        for (int i = 0; i < watchers; i++) {
            all[i] = new Watcher(i);
        }
        CompletableFuture.allOf(Arrays.stream(all).map(w -> w.open(cursor())).toArray(CompletableFuture[]::new))
                .get(120, TimeUnit.SECONDS);
        Thread.sleep(2000);
        long rssWith = rssKb();

        // latency: one delivery at a time, 20 ms apart, every watcher reading
        sentAt = new long[latencyDeliveries];
        answeredAt = new long[latencyDeliveries];
        long[][] seen = new long[watchers][latencyDeliveries];
        for (long[] row : seen) {
            Arrays.fill(row, -1);
        }
        seenAt = seen;
        firstLatencyVersion = version.get() + 1;
        for (int i = 0; i < latencyDeliveries; i++) {
            long v = version.incrementAndGet();
            int index = (int) (v - firstLatencyVersion);
            sentAt[index] = System.nanoTime();
            post(v).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            answeredAt[index] = System.nanoTime();
            Thread.sleep(20);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!allSeen(seen) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        firstLatencyVersion = Long.MAX_VALUE;
        long[] fromAnswer = new long[watchers * latencyDeliveries];
        long[] fromSend = new long[watchers * latencyDeliveries];
        int n = 0;
        int beforeAnswer = 0;
        int missing = 0;
        for (long[] row : seen) {
            for (int d = 0; d < latencyDeliveries; d++) {
                if (row[d] < 0) {
                    missing++;
                    continue;
                }
                long afterAnswer = row[d] - answeredAt[d];
                beforeAnswer += afterAnswer < 0 ? 1 : 0;
                fromAnswer[n] = Math.max(0, afterAnswer);
                fromSend[n] = row[d] - sentAt[d];
                n++;
            }
        }
        Arrays.sort(fromAnswer, 0, n);
        Arrays.sort(fromSend, 0, n);

        int reconnectsBefore = reconnects.get();
        long eventsBefore = events.get();
        double with = PHASES.equals("watch") ? Double.NaN : ingest(seconds);
        long fannedOut = events.get() - eventsBefore;
        System.out.printf("RESULT watchers=%d ingest_without_rps=%.0f ingest_with_rps=%.0f ingest_ratio=%.3f"
                        + " latency_events=%d latency_missing=%d before_200=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                        + " p50_from_send_ms=%.2f p99_from_send_ms=%.2f rss_before_kb=%d rss_with_kb=%d rss_per_1000_kb=%d"
                        + " events_during_ingest=%d events_per_s=%.0f reconnects_during_ingest=%d failed_deliveries=%d%n",
                watchers, without, with, with / without, n, missing, beforeAnswer,
                ms(fromAnswer, n, 0.50), ms(fromAnswer, n, 0.99), n == 0 ? 0 : fromAnswer[n - 1] / 1e6,
                ms(fromSend, n, 0.50), ms(fromSend, n, 0.99), rssBefore, rssWith, (rssWith - rssBefore) * 1000 / watchers,
                fannedOut, fannedOut / (double) seconds, reconnects.get() - reconnectsBefore, failed.get());
    }

    private static double ms(long[] sorted, int n, double quantile) {
        return n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)] / 1e6;
    }

    private static boolean allSeen(long[][] seen) {
        for (long[] row : seen) {
            for (long t : row) {
                if (t < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Closed loop: CONCURRENCY requests in flight for {@code seconds}; the rate of 200s. */
    private double ingest(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong ok = new AtomicLong();
        CountDownLatch done = new CountDownLatch(CONCURRENCY);
        long start = System.nanoTime();
        for (int i = 0; i < CONCURRENCY; i++) {
            vertx.runOnContext(ignored -> loop(end, ok, done));
        }
        if (!done.await(seconds + 30L, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the ingest loop did not finish");
        }
        return ok.get() / ((System.nanoTime() - start) / 1e9);
    }

    private void loop(long end, AtomicLong ok, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        post(version.incrementAndGet()).onComplete(result -> {
            if (result.succeeded()) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(end, ok, done);
        });
    }

    private Future<Void> post(long v) {
        long id = v % IDS + 1;
        byte[] body = ("[{\"changeType\":\"InsertOrUpdate\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + String.format("%020X", v)
                + "\",\"name\":{\"default\":\"Group " + id + "\",\"translations\":{\"nl\":\"Groep " + id + "\"}},\"type\":\"Absence\"}}]")
                .getBytes(StandardCharsets.UTF_8);
        String signature;
        synchronized (mac) {
            signature = HexFormat.of().formatHex(mac.doFinal(body));
        }
        return posts.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(PATH)
                        .putHeader("Content-Type", "application/json").putHeader("X-Protime-Signature", signature))
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.statusCode() == 200 ? response.body().mapEmpty()
                        : Future.failedFuture("the delivery got " + response.statusCode()));
    }

    private String cursor() {
        try {
            String list = streams.request(HttpMethod.GET, "/absence-groups?type=NoGroupHasThisType")
                    .compose(request -> request.send()).compose(HttpClientResponse::body)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
            int at = list.indexOf("\"cursor\":\"") + 10;
            return list.substring(at, list.indexOf('"', at));
        } catch (Exception e) {
            throw new IllegalStateException("no cursor from the service", e);
        }
    }

    private long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** One stream; records when each latency delivery's event arrives. */
    private final class Watcher {
        private final int index;
        private final byte[] carry = new byte[64];
        private int carried;

        Watcher(int index) {
            this.index = index;
        }

        CompletableFuture<Void> open(String after) {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            streams.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/absence-groups/changes?after=" + after)
                            .putHeader("Accept", "text/event-stream"))
                    .compose(request -> request.send())
                    .onSuccess(response -> {
                        if (response.statusCode() != 200) {
                            opened.completeExceptionally(new IllegalStateException("stream answered " + response.statusCode()));
                            return;
                        }
                        opened.complete(null);
                        response.handler(this::chunk);
                        response.endHandler(ignored -> reopen());
                        response.exceptionHandler(ignored -> { });
                    })
                    .onFailure(opened::completeExceptionally);
            return opened;
        }

        private void reopen() {
            reconnects.incrementAndGet();
            vertx.setTimer(100, ignored -> vertx.executeBlocking(() -> cursor()).onSuccess(this::open));
        }

        private void chunk(Buffer buffer) {
            long now = System.nanoTime();
            byte[] bytes = buffer.getBytes();
            byte[] text = bytes;
            if (carried > 0) {
                text = new byte[carried + bytes.length];
                System.arraycopy(carry, 0, text, 0, carried);
                System.arraycopy(bytes, 0, text, carried, bytes.length);
            }
            int last = 0;
            for (int at = indexOf(text, 0); at >= 0; at = indexOf(text, at + 1)) {
                int start = at + VERSION_FIELD.length;
                if (start + 20 > text.length) {
                    break;
                }
                events.incrementAndGet();
                record(Long.parseLong(new String(text, start, 20, StandardCharsets.US_ASCII), 16), now);
                last = start + 20;
            }
            carried = Math.min(carry.length, text.length - last);
            System.arraycopy(text, text.length - carried, carry, 0, carried);
        }

        private void record(long v, long now) {
            long first = firstLatencyVersion;
            long[][] seen = seenAt;
            if (v >= first && seen != null && v - first < seen[index].length && seen[index][(int) (v - first)] < 0) {
                seen[index][(int) (v - first)] = now;
            }
        }

        private int indexOf(byte[] text, int from) {
            outer:
            for (int i = from; i <= text.length - VERSION_FIELD.length; i++) {
                for (int j = 0; j < VERSION_FIELD.length; j++) {
                    if (text[i + j] != VERSION_FIELD[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
